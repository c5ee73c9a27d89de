"""Static images rendered on the server with matplotlib (no browser, no network)."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from coverage_map import wording
from coverage_map.classify import STATEMENT_STYLES, statement_legend
from coverage_map.coverage import data_years, drawn_as, metric_label, target_side
from coverage_map.i18n import fmt_value, t


def _pyplot():
    """matplotlib, imported on first export (it costs memory every server process would pay)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType: text stays selectable and searchable
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    import matplotlib.pyplot as plt

    return plt

PPU_COLOUR = "#e6550d"
IKN_COLOUR = "#a50f15"


def locator_png(provinces: gpd.GeoDataFrame, kabkota: gpd.GeoDataFrame, ikn: gpd.GeoDataFrame,
                highlight: str = "64.09", labels: tuple[str, str] = ("PPU", "IKN"),
                dpi: int = 160) -> bytes:
    """A small map of Kalimantan with one regency and the IKN delineation highlighted."""
    from matplotlib.patches import Rectangle

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(3.0, 3.0), dpi=dpi)
    provinces.plot(ax=ax, color="#ececec", edgecolor="#7a7a7a", linewidth=0.6)
    region = kabkota[kabkota["kode"] == highlight]
    region.plot(ax=ax, color=PPU_COLOUR, edgecolor="#7f2704", linewidth=0.6)
    ikn.plot(ax=ax, color=IKN_COLOUR, edgecolor=IKN_COLOUR, linewidth=0.8, alpha=0.85)
    minx, miny, maxx, maxy = region.total_bounds
    pad = 0.35
    ax.add_patch(Rectangle((minx - pad, miny - pad), maxx - minx + 2 * pad, maxy - miny + 2 * pad,
                           fill=False, edgecolor="#111111", linewidth=1.2))
    ax.annotate(labels[0], (maxx + pad, miny), xytext=(maxx + 1.6, miny - 1.1),
                fontsize=9, fontweight="bold", color="#7f2704",
                arrowprops=dict(arrowstyle="-", color="#7f2704", lw=0.8))
    ax.annotate(labels[1], (maxx + pad, maxy), xytext=(maxx + 1.6, maxy + 0.9),
                fontsize=9, fontweight="bold", color=IKN_COLOUR,
                arrowprops=dict(arrowstyle="-", color=IKN_COLOUR, lw=0.8))
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.tight_layout(pad=0.1)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


# --- slide-ready exports --------------------------------------------------------------------

FORMATS = {
    # name: (figure size in inches, dots per inch, file format)
    "png_16x9": ((19.2, 10.8), 100, "png"),  # 1920 x 1080 px
    "png_a4": ((11.69, 8.27), 200, "png"),  # A4 landscape, 2338 x 1654 px
    "pdf_a4": ((11.69, 8.27), 100, "pdf"),  # A4 landscape, vector
}
NO_DATA_FACE = "#e6e6e6"
NO_DATA_EDGE = "#8a8a8a"
CHECK = "✓"


@dataclass(frozen=True)
class ExportText:
    """Every text of an exported map, already in the user's language."""

    title: str
    subtitle: str
    legend_title: str
    legend_labels: tuple[str, ...]
    no_data_label: str
    notes: tuple[str, ...]  # below the legend: target, check mark, dates
    source_line: str
    link: str
    alt: str  # the text alternative (also the PDF's subject)


def short_name(nama: str) -> str:
    return nama.removeprefix("Kabupaten ")


def static_map(regencies: gpd.GeoDataFrame, table: pd.DataFrame, classes, provinces,
               text: ExportText, fmt: str = "png_16x9", value_labels: list[str] | None = None,
               meets_target: list[bool] | None = None, target: float | None = None) -> bytes:
    """The view as a PNG or PDF: same classes, colours and statement patterns as the
    interactive map.

    ``table`` is the view table (``kode``, ``nama``, ``value``, ``status``) in the order of
    ``classes.yb``; ``value_labels`` are the formatted values; ``meets_target`` marks the
    regencies that reach the target (labelled with a check mark, not only by colour);
    ``target`` (coverage only) places bands and group statements on its sides.
    """
    if fmt not in FORMATS:
        raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {list(FORMATS)}")
    from matplotlib.patches import Patch

    plt = _pyplot()
    size, dpi, kind = FORMATS[fmt]
    drawn = drawn_as(table, classes, target) if "status" in table else \
        [("value", i) if i >= 0 else ("none", -1) for i in classes.yb]
    shapes = regencies[["kode", "geometry"]].merge(
        table[["kode", "nama"]].assign(
            cls=list(classes.yb),
            how=[h for h, _ in drawn], idx=[i for _, i in drawn],
            label=value_labels or [""] * len(table),
            ok=meets_target or [False] * len(table)),
        on="kode")
    fig = plt.figure(figsize=size, dpi=dpi)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes((0.015, 0.10, 0.70, 0.74))
    side = fig.add_axes((0.73, 0.10, 0.26, 0.74))
    side.set_axis_off()
    present = shapes[shapes["how"] == "value"]
    missing = shapes[shapes["how"] == "none"]
    if len(present):
        present.plot(ax=ax, color=[classes.colours[i] for i in present["idx"]],
                     edgecolor="white", linewidth=0.5)
    for how, part in shapes[shapes["how"].isin(["class", "below", "above"])].groupby("how"):
        for idx, one in part.groupby("idx"):
            ground, line = (classes.colours[idx], "#ffffff") if how == "class" \
                else STATEMENT_STYLES[how]
            one.plot(ax=ax, facecolor=ground, edgecolor=line, hatch="///", linewidth=0.0)
            one.boundary.plot(ax=ax, color="white", linewidth=0.5)
    if len(missing):
        missing.plot(ax=ax, facecolor=NO_DATA_FACE, edgecolor=NO_DATA_EDGE, hatch="///",
                     linewidth=0.0)
        missing.boundary.plot(ax=ax, color="white", linewidth=0.5)
    provinces.boundary.plot(ax=ax, color="#303030", linewidth=1.3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    minx, miny, maxx, maxy = shapes.total_bounds
    pad = 0.03 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    fig.canvas.draw()
    _label_regencies(fig, ax, shapes)

    f = min(1.0, size[0] / 16.0)  # font scale: 1 on the 16:9 slide, smaller on A4
    fig.text(0.015, 0.96, text.title, fontsize=26 * f, fontweight="bold", va="top",
             parse_math=False)
    fig.text(0.015, 0.905, textwrap.fill(text.subtitle, int(150 / f)), fontsize=14 * f, va="top",
             color="#222222", parse_math=False)
    handles = [Patch(facecolor=c, edgecolor="#777777", label=label)
               for c, label in zip(classes.colours, text.legend_labels)]
    handles += [Patch(facecolor=ground, edgecolor=line, hatch="///",
                      label=textwrap.fill(label, 30))
                for (ground, line), label in statement_legend(drawn, classes, target)]
    handles.append(Patch(facecolor=NO_DATA_FACE, edgecolor=NO_DATA_EDGE, hatch="///",
                         label=textwrap.fill(text.no_data_label, 30)))
    legend = side.legend(handles=handles, title=text.legend_title, loc="upper left",
                         fontsize=15 * f, title_fontsize=16 * f, frameon=False, handlelength=2.4,
                         handleheight=1.5, alignment="left")
    legend.get_title().set_fontweight("bold")
    for label in [legend.get_title(), *legend.get_texts()]:
        label.set_parse_math(False)
    fig.canvas.draw()
    bottom = legend.get_window_extent().transformed(side.transAxes.inverted()).y0
    side.text(0.0, bottom - 0.04, "\n\n".join(textwrap.fill(n, 36) for n in text.notes),
              fontsize=13 * f, va="top", transform=side.transAxes, linespacing=1.3,
              parse_math=False)
    fig.text(0.015, 0.065, textwrap.fill(text.source_line, int(200 / f)), fontsize=10.5 * f,
             va="top", color="#333333", parse_math=False)
    fig.text(0.015, 0.025, text.link, fontsize=10.5 * f, va="top", color="#1f4e99",
             parse_math=False)
    buf = io.BytesIO()
    metadata = ({"Title": text.title, "Subject": text.alt} if kind == "pdf"
                else {"Title": text.title, "Description": text.alt})
    fig.savefig(buf, format=kind, dpi=dpi, metadata=metadata)
    plt.close(fig)
    return buf.getvalue()


def _label_regencies(fig, ax, shapes: gpd.GeoDataFrame) -> None:
    """Name and value on each regency big enough to hold them legibly, without overlaps.

    Regencies with a value are labelled first, then the larger ones; a label that would
    overlap one already placed is left out.
    """
    from matplotlib import patheffects

    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    scale = fig.get_size_inches()[0] / 19.2  # font sizes relative to the 16:9 slide
    order = shapes.assign(_has=shapes["label"].ne(""),
                          _area=shapes.geometry.to_crs(6933).area.to_numpy())
    order = order.sort_values(["_has", "_area"], ascending=[False, False])
    placed = []
    for _, row in order.iterrows():
        minx, miny, maxx, maxy = row["geometry"].bounds
        (x0, y0), (x1, y1) = to_px([(minx, miny), (maxx, maxy)])
        if (x1 - x0) / fig.dpi < 0.7 * scale or (y1 - y0) / fig.dpi < 0.35 * scale:
            continue
        point = row["geometry"].representative_point()
        name = short_name(row["nama"]) + (f" {CHECK}" if row["ok"] else "")
        label = name + (f"\n{row['label']}" if row["label"] else "")
        style = dict(ha="center", va="center", fontsize=10.5 * scale + 1, linespacing=1.1,
                     parse_math=False)
        text = ax.text(point.x, point.y, label, color="#111111", zorder=6, **style)
        box = text.get_window_extent(renderer).expanded(1.05, 1.1)
        if any(box.overlaps(other) for other in placed):
            text.remove()
            continue
        placed.append(box)
        # a white halo drawn beneath as a path; the label itself stays text (searchable in PDFs)
        ax.text(point.x, point.y, label, color="white", zorder=5, **style,
                path_effects=[patheffects.withStroke(linewidth=3, foreground="white")])


def sources_line(table: pd.DataFrame, limit: int = 6) -> str:
    """Publishers of the figures on the map, most used first."""
    publishers = table["source_publisher"].dropna().value_counts().index.tolist()
    shown = ", ".join(publishers[:limit])
    more = len(publishers) - limit
    return shown + (f" {t('export_and_more', n=more)}" if more > 0 else "")


def on_map(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a view table drawn with a figure or a statement."""
    if "status" not in table:
        return table[table["value"].notna()]
    return table[table["status"].isin(["measured", "statement"])]


def dates_span(table: pd.DataFrame) -> str:
    """The reference dates of the figures on the map, as a sentence."""
    years = data_years(on_map(table))
    if not years:
        return t("export_no_dates")
    span = f"{years[0]}–{years[-1]}" if years[0] != years[-1] else str(years[0])
    return t("export_dates_note", span=span)


def file_stem(title: str) -> str:
    """A file name from a title: lower case, ASCII, dashes."""
    import re
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80] or "peta"


def view_texts(view, table: pd.DataFrame, classes, area: str, summary: str, link: str
               ) -> ExportText:
    """All texts of an export of one map view, in the current language."""
    present = on_map(table)
    notes = []
    if view.metric == "coverage_pct":
        notes.append(t("legend_target", target=fmt_value(view.target, "pct")))
        notes.append(t("export_check_note"))
    notes.append(dates_span(table))
    notes.append(t("export_detail_note"))
    title = t("export_title", metric=metric_label(view.metric), area=area)
    source = t("export_sources", sources=sources_line(present)) + " " + t("export_boundaries")
    return ExportText(
        title=title, subtitle=summary, legend_title=metric_label(view.metric),
        legend_labels=classes.labels, no_data_label=t("legend_no_data"), notes=tuple(notes),
        source_line=source, link=link, alt=f"{title}. {summary}")


def value_labels(table: pd.DataFrame) -> list[str]:
    """What each region's label says: its value, or its band or group statement in short
    (``kurang dari 50 %``, ``sekitar 60 %*``: the star marks a statement about a group)."""
    out = []
    for r in table.to_dict("records"):
        status = r.get("status", "measured" if pd.notna(r["value"]) else "none")
        if status == "measured":
            out.append(wording.value_text(r))
        elif status == "statement":
            text = wording.value_text({**r, "value": r["stated"]})
            out.append(text + ("*" if r["kind"] == "group" else ""))
        else:
            out.append("")
    return out


def meets_target(table: pd.DataFrame, view) -> list[bool]:
    if view.metric != "coverage_pct":
        return [False] * len(table)
    if "status" not in table:
        return [bool(pd.notna(v) and v >= view.target) for v in table["value"]]
    return [target_side(r, view.target) == "met" for r in table.to_dict("records")]


# --- tables ----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def table_csv(df: pd.DataFrame, header: list[str]) -> bytes:
    """CSV (UTF-8 with BOM, for Excel) with a header block stating source and date."""
    buf = io.StringIO()
    for line in header:
        buf.write(_csv_cell(neutralise(line)) + "\n")
    if header:
        buf.write("\n")
    _safe(df).to_csv(buf, index=False, lineterminator="\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def table_xlsx(df: pd.DataFrame, header: list[str], sheet: str = "Data") -> bytes:
    """XLSX with the header block above the table; every text cell stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for line in header:
        ws.append([neutralise(line)])
    if header:
        ws["A1"].font = Font(bold=True)
        ws.append([])
    safe = _safe(df)
    ws.append(list(safe.columns))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in safe.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and pd.isna(v)) or v is pd.NA else v
                   for v in row])
    for cell in ws.iter_rows():
        for c in cell:
            if isinstance(c.value, str):
                c.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
