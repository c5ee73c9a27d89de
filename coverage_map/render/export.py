"""The map view as a static image (PNG, PDF, SVG) drawn on the server with matplotlib (no
browser, no network): the same classes, colours and statement patterns as the interactive map, every
region labelled, its texts; and the IKN locator. Text layout is ``page_text``'s."""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from coverage_map.figures import wording
from coverage_map.figures.classify import STATEMENT_STYLES, statement_legend
from coverage_map.figures.coverage import data_years, drawn_as, metric_label, target_side
from coverage_map.language.i18n import fmt_date, fmt_value, t
from coverage_map.render import label_place
from coverage_map.render.page_text import (  # noqa: F401 (overflowing_texts: the tests' check)
    WRAP_SAFETY, fit_inside, new_figure, overflowing_texts, png_bytes, region_list, wrap_to,
    wrapped, wrapped_up)


PPU_COLOUR = "#e6550d"
IKN_COLOUR = "#a50f15"


def locator_png(provinces: gpd.GeoDataFrame, kabkota: gpd.GeoDataFrame, ikn: gpd.GeoDataFrame,
                highlight: str = "64.09", labels: tuple[str, str] = ("PPU", "IKN"),
                dpi: int = 160) -> bytes:
    """A small map of Kalimantan with one regency and the IKN delineation highlighted."""
    from matplotlib.patches import Rectangle

    fig = new_figure((3.0, 3.0), dpi)
    ax = fig.add_subplot()
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
    return png_bytes(fig, dpi)


# --- slide-ready exports --------------------------------------------------------------------

FORMATS = {
    # name: (figure size in inches, dots per inch, file format)
    "png_16x9": ((19.2, 10.8), 100, "png"),  # 1920 x 1080 px
    "png_a4": ((11.69, 8.27), 200, "png"),  # A4 landscape, 2338 x 1654 px
    "pdf_a4": ((11.69, 8.27), 100, "pdf"),  # A4 landscape, vector
    "svg_16x9": ((19.2, 10.8), 100, "svg"),  # the slide's picture as vector, text as text
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
    area_line: str = ""  # the area's own figure (province or Kalimantan), with date and source
    list_title: str = ""
    uploaded: bool = False  # made from this session's uploaded figures
    uploaded_mark: str = ""


def short_name(nama: str) -> str:
    return nama.removeprefix("Kabupaten ")


def static_map(regencies: gpd.GeoDataFrame, table: pd.DataFrame, classes, provinces,
               text: ExportText, fmt: str = "png_16x9", value_labels: list[str] | None = None,
               meets_target: list[bool] | None = None, target: float | None = None) -> bytes:
    """The view as a PNG, PDF or SVG: same classes, colours and statement patterns as the
    interactive map, every region with a figure or statement labelled (name and value, or a
    number that leads to the list beside the map), and every text inside the page.

    ``table`` is the view table (``kode``, ``nama``, ``value``, ``status``) in the order of
    ``classes.yb``; ``value_labels`` are the formatted values; ``meets_target`` marks the
    regencies that reach the target (labelled with a check mark, not only by colour);
    ``target`` (coverage only) places bands and group statements on its sides.
    """
    fig = figure(regencies, table, classes, provinces, text, fmt, value_labels, meets_target,
                 target)
    size, dpi, kind = FORMATS[fmt]
    buf = io.BytesIO()
    metadata = ({"Title": text.title, "Subject": text.alt} if kind == "pdf"
                else {"Title": text.title, "Description": text.alt})
    import matplotlib

    # SVG: text stays text (editable, searchable, read aloud), in the font it was measured
    # with where the viewer has it (DejaVu Sans, else a sans-serif of the same size)
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format=kind, dpi=dpi, metadata=metadata)
    return buf.getvalue()


def figure(regencies, table, classes, provinces, text: ExportText, fmt: str = "png_16x9",
           value_labels=None, meets_target=None, target=None):
    """The matplotlib figure of ``static_map`` (tests measure where its texts lie)."""
    if fmt not in FORMATS:
        raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {list(FORMATS)}")
    from matplotlib.patches import Patch

    size, dpi, _ = FORMATS[fmt]
    drawn = drawn_as(table, classes, target) if "status" in table else \
        [("value", i) if i >= 0 else ("none", -1) for i in classes.yb]
    labels = value_labels or [""] * len(table)
    shapes = regencies[["kode", "geometry"]].merge(
        table[["kode", "nama"]].assign(
            cls=list(classes.yb), how=[h for h, _ in drawn], idx=[i for _, i in drawn],
            label=labels, ok=meets_target or [False] * len(table),
            as_of=table["as_of"] if "as_of" in table else ""),
        on="kode")
    listed = _numbered(table, labels)
    shapes["number"] = shapes["kode"].map({k: n for n, k in listed}).fillna(0).astype(int)
    fig = new_figure(size, dpi)
    fig.patch.set_facecolor("white")
    f = min(1.0, size[0] / 16.0)  # font scale: 1 on the 16:9 slide, smaller on A4
    margin = 0.015
    top = wrapped(fig, margin, 0.975, text.title, 26 * f, 1 - 2 * margin, fontweight="bold")
    if text.uploaded:  # a visible mark: this page rests on uploaded figures
        top = wrapped(fig, margin, top - 0.008, text.uploaded_mark, 13 * f, 1 - 2 * margin,
                      color="#b35806", fontweight="bold")
    top = wrapped(fig, margin, top - 0.008, text.subtitle, 13.5 * f, 1 - 2 * margin,
                  color="#222222")
    bottom = wrapped_up(fig, margin, 0.012, [(text.link, "#1f4e99"),
                                             (text.source_line, "#333333")],
                        10 * f, 1 - 2 * margin)
    body_top, body_bottom = top - 0.015, bottom + 0.015
    height = body_top - body_bottom
    ax = fig.add_axes((0.01, body_bottom, 0.51, height))
    side = fig.add_axes((0.535, body_bottom, 0.20, height))
    side.set_axis_off()
    _draw_regions(ax, shapes, classes, provinces)
    ax.apply_aspect()  # placed as a draw places it: the labels are measured where they lie
    _label_regencies(fig, ax, shapes, (0.005, body_bottom, 0.53, body_top))

    handles = [Patch(facecolor=c, edgecolor="#777777", label=label)
               for c, label in zip(classes.colours, text.legend_labels)]
    handles += [Patch(facecolor=ground, edgecolor=line, hatch="///", label=label)
                for (ground, line), label in statement_legend(drawn, classes, target)]
    handles.append(Patch(facecolor=NO_DATA_FACE, edgecolor=NO_DATA_EDGE, hatch="///",
                         label=text.no_data_label))
    side_px = side.get_window_extent().width
    legend_font = 13 * f
    for h in handles:  # wrap each label to the column (measured, not guessed)
        h.set_label(wrap_to(fig, h.get_label(), legend_font, side_px * 0.78))
    legend = side.legend(handles=handles, title=text.legend_title, loc="upper left",
                         fontsize=legend_font, title_fontsize=14 * f, frameon=False,
                         handlelength=2.2, handleheight=1.4, alignment="left",
                         borderaxespad=0.0)
    legend.get_title().set_fontweight("bold")
    for label in [legend.get_title(), *legend.get_texts()]:
        label.set_parse_math(False)
    below = legend.get_window_extent(fig.canvas.get_renderer()).transformed(
        side.transAxes.inverted()).y0
    notes = [text.area_line, *text.notes] if text.area_line else list(text.notes)
    side.text(0.0, below - 0.03, "\n\n".join(wrap_to(fig, n, 11 * f, side_px * WRAP_SAFETY)
                                             for n in notes),
              fontsize=11 * f, va="top", transform=side.transAxes, linespacing=1.25,
              parse_math=False)
    region_list(fig, (0.75, body_bottom, 0.24, height), text.list_title,
                [f"{n}. {short_name(row['nama'])}: {row['label']} ({fmt_date(row['as_of'])})"
                 for n, row in _listed_rows(shapes, listed)], 11 * f)
    fit_inside(fig)
    return fig


def _numbered(table: pd.DataFrame, labels: list[str]) -> list[tuple[int, str]]:
    """(number, kode) of the regions with a figure or statement, worst first."""
    rows = table.assign(_label=labels)
    if "status" in rows:
        rows = rows[rows["status"].isin(["measured", "statement"])]
        order = {"measured": 0, "statement": 1}
        rows = rows.assign(_o=rows["status"].map(order),
                           _v=rows["value"].fillna(rows.get("stated")))
        rows = rows.sort_values(["_o", "_v", "nama"])
    else:
        rows = rows[rows["value"].notna()].sort_values(["value", "nama"])
    return [(i + 1, k) for i, k in enumerate(rows["kode"])]


def _listed_rows(shapes: gpd.GeoDataFrame, listed: list[tuple[int, str]]):
    by_kode = shapes.set_index("kode")
    return [(n, by_kode.loc[k]) for n, k in listed if k in by_kode.index]


def _draw_regions(ax, shapes, classes, provinces) -> None:
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
    pad = 0.02 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)


def _label_regencies(fig, ax, shapes: gpd.GeoDataFrame, room: tuple[float, ...]) -> None:
    """Every region with a figure or statement is labelled on its own polygon (its number from
    the list beside the map, its name and value) or, where that would touch another label,
    with its number in a circle nearby; regions without a figure get their name where it fits.
    Placed by ``label_place``'s rule, the browser's: each text measured once, in pixels of
    1/100 inch (so that the PNG and the PDF of a page place alike), kept inside ``room`` (the
    map's part of the page, figure fractions: left, bottom, right, top)."""
    from matplotlib import patheffects

    renderer = fig.canvas.get_renderer()
    px = 100.0 / fig.dpi  # a display pixel in the rule's pixels
    page_w, page_h = fig.get_window_extent().width, fig.get_window_extent().height
    scale = fig.get_size_inches()[0] / 19.2  # font sizes relative to the 16:9 slide
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]

    def box(extent) -> label_place.Box:  # display (y up) to the rule's pixels (y down)
        return (float(extent.x0 * px), float((page_h - extent.y1) * px),
                float(extent.x1 * px), float((page_h - extent.y0) * px))

    order = label_place.priority(shapes["number"].gt(0).tolist(),
                                 shapes.geometry.to_crs(6933).area.tolist())
    drawn, regions, circles = [], [], {}
    for i in order:
        row = shapes.iloc[i]
        point = row["geometry"].representative_point()
        name = short_name(row["nama"]) + (f" {CHECK}" if row["ok"] else "")
        text = f"{row['number']}. {name}\n{row['label']}" if row["number"] else name
        label = ax.text(point.x, point.y, text, color="#111111", zorder=6, ha="center",
                        va="center", fontsize=(10.5 if row["number"] else 9.5) * scale + 1,
                        linespacing=1.1, parse_math=False, path_effects=halo)
        at = box(label.get_window_extent(renderer))
        x, y = (at[0] + at[2]) / 2, (at[1] + at[3]) / 2
        callout, size, centre = None, None, None
        if row["number"]:
            callout = ax.annotate(
                str(row["number"]), (point.x, point.y), xytext=(0, 0),
                textcoords="offset points", color="#111111", zorder=7, ha="center",
                va="center", fontsize=9 * scale + 1, fontweight="bold", parse_math=False,
                bbox=dict(boxstyle="circle,pad=0.15", facecolor="white",
                          edgecolor="#333333", linewidth=0.6))
            digits = len(str(row["number"]))  # digits are all as wide: measured once each
            if digits not in circles:
                callout.update_positions(renderer)  # where its offset puts it, its circle
                callout.update_bbox_position_size(renderer)
                c = box(callout.get_bbox_patch().get_window_extent(renderer))
                circles[digits] = (c[2] - c[0], c[3] - c[1])
            size = circles[digits]
            cx, cy = ax.transData.transform((point.x, point.y))
            centre = (cx * px, (page_h - cy) * px)
        drawn.append((label, callout, centre))
        regions.append(label_place.Region(x, y, (at[2] - at[0], at[3] - at[1]), size))
    left, top, right, bottom = (room[0] * page_w * px, (1 - room[3]) * page_h * px,
                                room[2] * page_w * px, (1 - room[1]) * page_h * px)
    wide, tall = page_w * px + 1, page_h * px + 1
    outside = [(-1, -1, wide, top), (-1, bottom, wide, tall),
               (-1, top, left, bottom), (right, top, wide, bottom)]
    at = label_place.place(regions, outside)
    for (label, callout, centre), kept, moved in zip(drawn, at.labels, at.callouts):
        if kept is None:
            label.remove()
        if callout is not None and moved is None:
            callout.remove()
        elif callout is not None:  # moved from its point by the shift the rule chose
            dx = (moved[0] + moved[2]) / 2 - centre[0]
            dy = (moved[1] + moved[3]) / 2 - centre[1]
            callout.xyann = (dx * 0.72, -dy * 0.72)  # 1/100 inch is 0.72 pt


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


def view_texts(view, table: pd.DataFrame, classes, area: str, summary: str, link: str,
               area_figure: pd.Series | None = None, uploaded: str = "") -> ExportText:
    """All texts of an export of one map view, in the current language.

    ``area_figure`` is the area's own figure (printed on the page); ``uploaded`` the name of
    the uploaded file the view rests on: the page then carries a visible mark and no link (the
    link would open the bundled figures)."""
    present = on_map(table)
    notes = []
    if view.metric == "coverage_pct":
        notes.append(t("legend_target", target=fmt_value(view.target, "pct")))
        notes.append(t("export_check_note"))
    notes.append(dates_span(table))
    if any(text.endswith(wording.GROUP_MARK) for text in value_labels(table)):
        notes.append(t("legend_group_mark", mark=wording.GROUP_MARK))
    notes.append(t("export_detail_note"))
    title = t("export_title", metric=metric_label(view.metric), area=area)
    source = t("export_sources", sources=sources_line(present)) + " " + t("export_boundaries")
    area_line = t("export_area_figure", area=area,
                  figure=wording.describe_for_year(area_figure, view.year)) \
        if area_figure is not None else ""
    return ExportText(
        title=title, subtitle=summary, legend_title=metric_label(view.metric),
        legend_labels=classes.labels, no_data_label=t("legend_no_data"), notes=tuple(notes),
        source_line=source, link=t("export_uploaded_no_link") if uploaded else link,
        alt=f"{title}. {summary}", area_line=area_line, list_title=t("export_list_title"),
        uploaded=bool(uploaded),
        uploaded_mark=t("export_uploaded_mark", name=uploaded) if uploaded else "")


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
            out.append(text + (wording.GROUP_MARK if r["kind"] == "group" else ""))
        else:
            out.append("")
    return out


def meets_target(table: pd.DataFrame, view) -> list[bool]:
    if view.metric != "coverage_pct":
        return [False] * len(table)
    if "status" not in table:
        return [bool(pd.notna(v) and v >= view.target) for v in table["value"]]
    return [target_side(r, view.target) == "met" for r in table.to_dict("records")]
