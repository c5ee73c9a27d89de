"""Folium maps from GeoDataFrames and a view table. No Streamlit import.

The map carries nothing from a CDN: Leaflet's JS/CSS are the files of the ``xstatic-leaflet``
package served by the app (see ``coverage_map.render.assets``), folium's other default assets
(jQuery, Bootstrap, awesome-markers) are dropped, base tiles are off unless asked for, and the legend and
the no-data hatch are drawn with Leaflet and inline SVG written here.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from coverage_map.data import topo
from coverage_map.render import label_place
from coverage_map.render.assets import LEAFLET_CSS_URL, LEAFLET_JS_URL, leaflet_text
from coverage_map.figures import wording
from coverage_map.figures.classify import STATEMENT_STYLES, Classes, statement_legend
from coverage_map.figures.coverage import drawn_as, metric_label, target_side
from coverage_map.language.i18n import fmt_value, t

NO_DATA_FILL = "url(#tanpa-data)"
SEA = "#f2f6f9"


NO_DATA_STRIPES = ("#e6e6e6", "#8a8a8a")  # (ground, stripe) of the hatch for no public figure


# --- the map's JavaScript and CSS: real files in map_assets/, read once at start --------------

ASSETS = Path(__file__).with_name("map_assets")


def _asset(name: str) -> str:
    """A file of ``map_assets``; it goes into every map, so it must be inert as a Jinja
    template (see ``JINJA_OPEN``). A script goes without its indentation and its comment lines
    (lines that begin with ``//``): they are for the reader of the file, not for every map's
    bytes."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    if JINJA_OPEN.search(text):
        raise RuntimeError(f"{name}: '{{{{', '{{%' or '{{#' would be read as a template")
    if name.endswith(".js"):
        lines = (line.strip() for line in text.splitlines())
        text = "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"
    return text


class MapScript(MacroElement):
    """One function of the map's JavaScript (``map_assets/<file>.js``), called with the map
    and ``args`` as JSON (``script_json``: safe inside a script, inert as a template)."""

    _template = Template("{% macro script(this, kwargs) %}\n{{ this.code }}\n"
                         "{{ this.function }}({{ this._parent.get_name() }}{{ this.args }});\n"
                         "{% endmacro %}")

    def __init__(self, file: str, function: str, *args):
        super().__init__()
        self._name = "MapScript"
        self.code = SCRIPTS[file]
        self.function = function
        self.args = "".join("," + script_json(a) for a in args)


def map_extras(legend: str, extra_css: str = "", title: str = "", patterns: str = ""
               ) -> MapScript:
    """The frame of a map: sea colour, attribution, legend and title panels, its CSS and the
    SVG hatch patterns (the no-data hatch and ``patterns``)."""
    return MapScript("extras", "cmMapExtras", {
        "sea": SEA, "attribution": html_text(t("map_attribution")), "legend_html": legend,
        "legend_show": t("map_legend_show"), "legend_hide": t("map_legend_hide"),
        "title_html": title, "extra_css": extra_css,
        "pattern": _stripes("tanpa-data", *NO_DATA_STRIPES) + patterns})


def _stripes(pattern_id: str, ground: str, line: str, width: float = 2.2) -> str:
    """An SVG pattern of diagonal stripes: ``line`` on ``ground``."""
    return (f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="7" height="7" '
            f'patternTransform="rotate(45)"><rect width="7" height="7" fill="{ground}"/>'
            f'<line x1="0" y1="0" x2="0" y2="7" stroke="{line}" stroke-width="{width}"/>'
            '</pattern>')


def stripes_css(ground: str, line: str, width: float = 2.0) -> str:
    return (f"background: repeating-linear-gradient(45deg, {line} 0 {width:g}px, {ground} "
            f"{width:g}px 6px);")


HATCH_CSS = stripes_css(*NO_DATA_STRIPES)

# A statement in a class: its colour, thin white stripes (the colour still reads); on one side
# of the target: broad stripes of that side's colour on white.
STRIPE_WIDTH = {"class": 1.4, "side": 3.6}


def region_fills(drawn: list[tuple[str, int]], classes: Classes) -> tuple[list[str], str]:
    """Fill of each region and the SVG patterns they use."""
    fills, patterns = [], {}
    for how, i in drawn:
        if how == "value":
            fills.append(classes.colours[i])
        elif how == "class":
            patterns[f"rentang-{i}"] = _stripes(f"rentang-{i}", classes.colours[i], "#ffffff",
                                                STRIPE_WIDTH["class"])
            fills.append(f"url(#rentang-{i})")
        elif how in STATEMENT_STYLES:
            patterns[f"rentang-{how}"] = _stripes(f"rentang-{how}", *STATEMENT_STYLES[how],
                                                  STRIPE_WIDTH["side"])
            fills.append(f"url(#rentang-{how})")
        else:
            fills.append(NO_DATA_FILL)
    return fills, "".join(patterns.values())


def swatch(style: str, label: str, scale: float = 1.0) -> str:
    """One legend row: a swatch drawn with ``style`` and its (escaped) label."""
    return ('<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
            f'<span style="display:inline-block;width:{22 * scale:.0f}px;'
            f'height:{14 * scale:.0f}px;{style}"></span><span>{html_text(label)}</span></div>')


def legend_box(title: str, rows: list[str], note: str = "", scale: float = 1.0,
                width: int = 230) -> str:
    """The white legend panel around ``rows``, with an optional note below them."""
    note_html = f'<div style="margin-top:4px;color:#444">{html_text(note)}</div>' if note else ""
    return ('<div style="background:rgba(255,255,255,.93);padding:8px 10px;border-radius:4px;'
            f'box-shadow:0 1px 4px rgba(0,0,0,.3);font:{13 * scale:.0f}px/1.35 sans-serif;'
            f'color:#111;max-width:{width * scale:.0f}px"><div style="font-weight:600;'
            f'margin-bottom:4px">{html_text(title)}</div>{"".join(rows)}{note_html}</div>')


def legend_html(classes: Classes, title: str, note: str = "", scale: float = 1.0,
                drawn: list[tuple[str, int]] | None = None, target: float | None = None) -> str:
    """The legend as HTML: one swatch per class, the statement patterns in use, then the
    hatched no-data entry."""
    rows = [swatch(f"border:1px solid #777;background:{c}", label, scale)
            for c, label in zip(classes.colours, classes.labels)]
    for (ground, line), label in statement_legend(drawn or [], classes, target):
        width = STRIPE_WIDTH["class" if line == "#ffffff" else "side"]
        rows.append(swatch(f"border:1px solid #777;{stripes_css(ground, line, width)}", label,
                            scale))
    rows.append(swatch(f"border:1px solid #777;{HATCH_CSS}", t("legend_no_data"), scale))
    return legend_box(title, rows, note, scale)


def title_html(title: str, subtitle: str) -> str:
    """Title, date of the figures and source, drawn inside the map frame (presentation)."""
    return ('<div style="background:rgba(255,255,255,.93);padding:10px 14px;border-radius:4px;'
            'box-shadow:0 1px 4px rgba(0,0,0,.3);font:16px/1.35 sans-serif;color:#111;'
            f'max-width:620px"><div style="font-weight:700;font-size:24px">{html_text(title)}'
            f'</div><div style="color:#333">{html_text(subtitle)}</div></div>')


def tooltip_parts(row: pd.Series, metric: str, target: float | None = None
                  ) -> list[tuple[str, str]]:
    """Tooltip lines for one regency as (style class, plain text) pairs.

    What is known, in words (a measured value, or a band or group statement said to be one),
    with its date, source, base, caveats and figure ID; where nothing is known, that is said,
    with the way to bring the region's own data in. The browser builds the tooltip from these
    with ``textContent``, so no text from the data can ever become HTML; the classes are styled
    once per map by ``map_assets/map.css``.
    """
    parts = [("n", row["nama"]), ("p", row["provinsi"])]
    label = metric_label(metric)
    status = row["status"]
    if status in ("measured", "statement"):
        fig = row.to_dict() if hasattr(row, "to_dict") else dict(row)
        if status == "statement":
            parts.append(("v", f"{label}: {row['statement']}"))
            parts.append(("c", t("tooltip_statement_only")))
        else:
            parts.append(("v", f"{label}: {wording.value_text(fig)}"))
        if target is not None and metric == "coverage_pct":
            side = target_side(row, target)
            if side:
                key = "tooltip_target_met" if side == "met" else "tooltip_target_not_met"
                parts.append(("", t(key, target=fmt_value(target, "pct"))))
        provenance = wording.with_provenance(fig)
        parts.append(("", provenance[0]))
        parts.extend(("d", line) for line in provenance[1:])
        if row["also_cited"]:
            parts.append(("d", f"{t('tooltip_also_cited')}: {row['also_cited']}"))
        if row["conflicts"]:
            parts.append(("c", f"{t('tooltip_conflicts')}: {row['conflicts']}"))
        if row["other_figures"]:
            parts.append(("", f"{t('tooltip_other_figures')}:"))
            parts.extend(("i", f"• {text}") for text in row["other_figures"][:3])
    else:
        if metric == "coverage_pct":
            parts.append(("v", t("tooltip_no_public" if status == "none"
                                 else "tooltip_no_public_other")))
        else:
            parts.append(("v", t("tooltip_no_value", metric=label)))
        if row["other_figures"]:
            parts.append(("", f"{t('tooltip_other_figures')}:"))
            parts.extend(("i", f"• {text}") for text in row["other_figures"])
        if row["province_figure"]:
            parts.append(("d", row["province_figure"]))
        parts.append(("d", t("tooltip_upload_hint")))
    return parts


def pack_tips(tips: dict[str, list[tuple[str, str]]]) -> dict:
    """Tooltips with each distinct line sent once (province figures, sources, definitions
    repeat across regencies): ``lines`` and, per regency, [style class, line index] pairs."""
    index: dict[str, int] = {}
    regions = {k: [[cls, index.setdefault(text, len(index))] for cls, text in parts]
               for k, parts in tips.items()}
    return {"lines": list(index), "regions": regions}


def unpack_tips(packed: dict) -> dict[str, list[tuple[str, str]]]:
    """Python twin of the browser's reading of ``pack_tips`` (for tests)."""
    return {k: [(cls, packed["lines"][i]) for cls, i in parts]
            for k, parts in packed["regions"].items()}


def script_json(value) -> str:
    """Compact JSON that is safe inside a <script> element (no "<", ">", "&" or line
    separators left unescaped) and inert as a Jinja template (see ``JINJA_OPEN``), smaller
    than Jinja's ``tojson``."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    # compact JSON never has "{" before "{", "%" or "#" outside a string: such a "{" is text
    return JINJA_OPEN.sub(r"\\u007b", text)


# branca renders each map element and then parses the result once more as a Jinja template:
# "{{ ... }}", "{% ... %}" or "{# ... #}" in a name, source or note would run on the server.
# Every text from the data that reaches a map goes through ``script_json`` or ``html_text``.
JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def html_text(value: object) -> str:
    """Text for the map's HTML: escaped, braces as character references (see ``JINJA_OPEN``)."""
    return html.escape(str(value)).replace("{", "&#123;").replace("}", "&#125;")


def coverage_map(regencies: gpd.GeoDataFrame, table: pd.DataFrame, classes: Classes,
                 metric: str, legend_title: str, legend_note: str = "", height: int = 620,
                 tiles: bool = False, target: float | None = None,
                 frame_title: tuple[str, str] | None = None, legend_scale: float = 1.0,
                 topology: topo.Topology | None = None, labels: list[str] | None = None,
                 presentation: bool = False) -> folium.Map:
    """The choropleth of one view.

    ``table`` has one row per regency of the view (``coverage.view_table``), in the same order
    as ``classes.yb``; ``regencies`` are the boundaries (``kode`` key), sent to the browser as
    the TopoJSON-style ``topology`` (built from them when not given), with the province outlines
    taken from the same arcs. ``tiles`` adds the OpenStreetMap base layer (off by default: it
    needs the internet). With a coverage ``target``, regencies that reach it carry a check mark
    (colour is never the only carrier of meaning). ``labels`` (a value text per row, "" for
    none) names every region on the map with its value (``map_assets/labels.js``); ``presentation``
    drops the zoom buttons and keeps a km scale. ``frame_title`` (title, subtitle) is drawn
    inside the map, for projectors and screenshots.
    """
    missing = set(table["kode"]) - set(regencies["kode"])
    if missing:
        raise ValueError(f"no boundary for region code(s) {sorted(missing)}")
    topology = topology or topo.build(regencies)
    kodes = list(table["kode"])
    drawn = drawn_as(table, classes, target if metric == "coverage_pct" else None)
    fill_list, patterns = region_fills(drawn, classes)
    fills = dict(zip(kodes, fill_list))
    tips = {row["kode"]: tooltip_parts(row, metric, target) for _, row in table.iterrows()}
    subset = topology.subset(kodes, dict(zip(table["kode"], table["kode_prov"])))
    m = local_map(height, zoom_start=6, min_zoom=5, max_zoom=10,
                   zoom_control=not presentation)
    if tiles:
        folium.TileLayer("OpenStreetMap").add_to(m)
    # the figure shown, by its ID: the sheet opens it on Sumber & Metode (with its source)
    sources = {r["kode"]: r["figure_id"] for r in table.to_dict("records")
               if r.get("figure_id")}
    MapScript("topo_layer", "cmTopoLayer", subset, fills, pack_tips(tips), {
        "sources": sources, "source_label": t("sheet_source"),
        # texts the browser sets with textContent or setAttribute: plain, never HTML
        "opacity": 0.7 if tiles else 0.9, "close_label": t("sheet_close"),
        "open_label": t("map_open_profile"), "plan_label": t("map_open_plan"),
        "compare_label": t("map_compare"),
        "open_hint": t("map_open_profile_hint")}).add_to(m)
    if not (presentation or frame_title):  # a reader's map (not a projector's or a file's)
        MapScript("search", "cmRegionSearch", {"label": t("map_search"),
                                               "none": t("map_search_none")}).add_to(m)
    shapes = regencies[regencies["kode"].isin(kodes)]
    met = {r["kode"] for r in table.to_dict("records")
           if target is not None and metric == "coverage_pct" and target_side(r, target) == "met"}
    if labels is not None:  # the check mark goes into the label
        MapScript("labels", "cmRegionLabels", region_labels(table, shapes, labels, met),
                  label_place.RULE).add_to(m)
        if any(text.endswith(wording.GROUP_MARK) for text in labels):  # the mark said in the legend
            legend_note = " ".join(x for x in (legend_note, t("legend_group_mark",
                                                              mark=wording.GROUP_MARK)) if x)
    elif met:
        _check_marks(m, shapes, met)
    map_extras(legend_html(classes, legend_title, legend_note, legend_scale, drawn,
                           target if metric == "coverage_pct" else None),
               extra_css=MAP_CSS + (PRESENTATION_CSS if presentation else ""),
               title=title_html(*frame_title) if frame_title else "",
               patterns=patterns).add_to(m)
    minx, miny, maxx, maxy = shapes.total_bounds
    bounds = [[round(miny, 3), round(minx, 3)], [round(maxy, 3), round(maxx, 3)]]
    # keep the regions clear of the title (top right), the legend and the list of numbered
    # labels (bottom left): on a projector no region lies under them
    padding = ([LIST_WIDTH if labels is not None else 10, 140], [340, 10]) if frame_title \
        else ([10, 10], [10, 10])
    MapScript("controls", "cmTouchAndHome", {"bounds": bounds, "padding": padding,
                                             "label": html_text(t("map_home"))}).add_to(m)
    m.fit_bounds(bounds, padding_top_left=padding[0], padding_bottom_right=padding[1])
    return m


LIST_WIDTH = 400  # px: the list of numbered labels on a projector (presentation.css) and room


def local_map(height: int, **options) -> folium.Map:
    """A folium map with no tiles whose only assets are the locally served Leaflet files."""
    m = folium.Map(location=None, tiles=None, zoom_snap=0.25, control_scale=False, height=height,
                   **options)
    MapScript("controls", "cmKmScale").add_to(m)
    m.default_js = [("leaflet", LEAFLET_JS_URL)]
    m.default_css = [("leaflet_css", LEAFLET_CSS_URL)]
    MapScript("controls", "cmNoImageMarkers").add_to(m)
    return m


def _check_marks(m: folium.Map, regencies: gpd.GeoDataFrame, met: set[str]) -> None:
    """A check mark on each regency that reaches the target."""
    for _, r in regencies[regencies["kode"].isin(met)].iterrows():
        point = r["geometry"].representative_point()
        folium.Marker(
            [round(point.y, 3), round(point.x, 3)],
            icon=folium.DivIcon(html='<div class="cm-label cm-check">✓</div>',
                                icon_size=(0, 0), icon_anchor=(0, 0)),
            interactive=False,
        ).add_to(m)


def region_labels(table: pd.DataFrame, regencies: gpd.GeoDataFrame, value_texts: list[str],
                  met: set[str]) -> list[list]:
    """The labels of ``cmRegionLabels`` (``map_assets/labels.js``): [lat, lng, full, short,
    number, list line], in ``label_place.priority`` order (regions with a figure or statement
    first, numbered as they come, larger regions first)."""
    shapes = regencies.set_index("kode")
    area = shapes.geometry.to_crs(6933).area
    rows = table.assign(_text=value_texts).to_dict("records")
    order = label_place.priority([bool(r["_text"]) for r in rows],
                                 [area.get(r["kode"], 0) for r in rows])
    out, number = [], 0
    for r in (rows[i] for i in order):
        point = shapes.loc[r["kode"], "geometry"].representative_point()
        name = short_label(r["nama"]) + (" ✓" if r["kode"] in met else "")
        if r["_text"]:
            number += 1
            out.append([round(point.y, 3), round(point.x, 3), f"{name}\n{r['_text']}",
                        r["_text"], number, f"{short_label(r['nama'])}: {r['_text']}"])
        else:
            out.append([round(point.y, 3), round(point.x, 3), name, "", 0, ""])
    return out


def short_label(nama: str) -> str:
    return nama.removeprefix("Kabupaten ")


def feature_collection(gdf: gpd.GeoDataFrame) -> dict:
    """Compact GeoJSON dict (no ids, no bbox) for folium."""
    return json.loads(gdf.to_json(drop_id=True))



def portable_html(fmap: folium.Map, title: str, lang: str) -> str:
    """The map as one self-contained HTML file: Leaflet, data, legend, labels and tooltips
    inside, no server and no internet needed (for a USB stick, an email, a Pemda website).
    It fills the browser window."""
    page = fmap.get_root().render()
    js = leaflet_text("leaflet.js").replace("</script", "<\\/script")
    css = leaflet_text("leaflet.css").replace("</style", "<\\/style")
    page = page.replace(f'<script src="{LEAFLET_JS_URL}"></script>', f"<script>{js}</script>")
    page = page.replace(f'<link rel="stylesheet" href="{LEAFLET_CSS_URL}"/>',
                        f"<style>{css}</style>")
    if LEAFLET_JS_URL in page or LEAFLET_CSS_URL in page:  # folium changed how it links them
        raise RuntimeError("Leaflet could not be put inside the map file")
    head = (f"<head>\n<title>{html_text(title)}</title>\n"
            "<style>html,body{margin:0;height:100%}.folium-map{height:100% !important}</style>")
    page = page.replace("<html>", f'<html lang="{html_text(lang)}">', 1)
    return page.replace("<head>", head, 1)


SCRIPTS = {name: _asset(f"{name}.js")
           for name in ("extras", "topo_layer", "controls", "labels", "search")}
MAP_CSS = _asset("map.css")  # labels, callouts, home control, tooltips, phone sheet
PRESENTATION_CSS = _asset("presentation.css")  # on a projector: labels read from the back
