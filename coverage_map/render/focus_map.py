"""The IKN focus map: kecamatan by how much of each lies inside IKN's delineation, the IKN and
Penajam Paser Utara outlines, and labels (folium, plain Leaflet, no Streamlit)."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from coverage_map.language.i18n import fmt_number, fmt_value, t
from coverage_map.render.maps import (
    MAP_CSS, feature_collection, html_text, legend_box, local_map, map_extras, swatch)


STATUS_FILL = {"seluruh": "#6a51a3", "sebagian": "#bcbddc", "di luar": "#fbfbfb"}
IKN_LINE = "#a50f15"
PPU_LINE = "#e6550d"


def focus_map(kecamatan: gpd.GeoDataFrame, overlay_table: pd.DataFrame,
              regencies: gpd.GeoDataFrame, ikn: gpd.GeoDataFrame, notes: dict[str, str],
              bounds: tuple[float, float, float, float], height: int = 600) -> folium.Map:
    """Kecamatan around IKN coloured by how much of them the 2022 delineation takes.

    ``overlay_table`` comes from ``ikn.overlay``; ``regencies`` are outlines dissolved from the
    kecamatan (``kode_kab`` key); ``notes`` are reference notes by kecamatan code; the map opens
    on ``bounds`` (minx, miny, maxx, maxy).
    """
    e = html_text
    rows = overlay_table.set_index("kode")
    shapes = kecamatan[["kode", "nama", "nama_kab", "geometry"]].copy()

    def tooltip(r) -> str:
        o = rows.loc[r["kode"]]
        share = t("ikn_share", pct=fmt_value(round(o["pct_kecamatan"], 1), "pct"),
                  km2=fmt_number(o["luas_dalam_ikn_km2"], 1)) if o["pct_kecamatan"] > 0 \
            else t("ikn_outside")
        note = notes.get(r["kode"], "")
        return ('<div style="width:280px;white-space:normal;font:12px/1.35 sans-serif">'
                f'<div style="font-weight:700;font-size:14px">{e(t("kecamatan_prefix"))} '
                f'{e(r["nama"])}</div><div style="color:#555">{e(r["nama_kab"])}</div>'
                f'<div style="margin-top:4px"><b>{e(share)}</b></div>'
                + (f'<div style="color:#333">{e(note)}</div>' if note else "") + "</div>")

    shapes["fill"] = [STATUS_FILL[rows.loc[k, "status"]] for k in shapes["kode"]]
    shapes["tooltip"] = [tooltip(r) for _, r in shapes.iterrows()]
    m = local_map(height, min_zoom=7, max_zoom=13)
    folium.GeoJson(
        feature_collection(shapes[["kode", "fill", "tooltip", "geometry"]]),
        name="kecamatan",
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#8c8c8c",
                                  "weight": 0.8, "fillOpacity": 0.9},
        highlight_function=lambda f: {"weight": 2.5, "color": "#111111"},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
    ).add_to(m)
    outlines = regencies.assign(line=[PPU_LINE if k == "64.09" else "#404040"
                                      for k in regencies["kode_kab"]])
    folium.GeoJson(
        feature_collection(outlines[["kode_kab", "line", "geometry"]]),
        name="kabkota",
        style_function=lambda f: {"fill": False, "color": f["properties"]["line"],
                                  "weight": 3.2 if f["properties"]["kode_kab"] == "64.09" else 1.8},
        interactive=False,
    ).add_to(m)
    folium.GeoJson(
        feature_collection(ikn[["geometry"]]),
        name="ikn",
        style_function=lambda f: {"fill": False, "color": IKN_LINE, "weight": 3.5,
                                  "dashArray": "8 5"},
        interactive=False,
    ).add_to(m)
    for _, r in shapes.iterrows():
        o = rows.loc[r["kode"]]
        if o["pct_kecamatan"] <= 0 and not r["kode"].startswith("64.09."):
            continue
        point = r["geometry"].representative_point()
        folium.Marker(
            [point.y, point.x],
            icon=folium.DivIcon(
                html=(f'<div class="cm-label">{e(r["nama"])}</div>'),
                icon_size=(0, 0), icon_anchor=(0, 0), class_name="cm-label-icon"),
            interactive=False,
        ).add_to(m)
    ikn_point = ikn.geometry.union_all().representative_point()
    # on two lines, over the middle of the delineation: whole on a phone's narrow map too
    name, _, rest = t("label_ikn").partition(" (")
    lines = e(name) + (f"<br>({e(rest)}" if rest else "")
    folium.Marker(
        [ikn_point.y + 0.05, ikn_point.x + 0.02],
        icon=folium.DivIcon(html=f'<div class="cm-label cm-label-ikn" '
                                 f'style="width:max-content;text-align:center;line-height:1.1">{lines}</div>',
                            icon_size=(0, 0), icon_anchor=(0, 0)),
        interactive=False,
    ).add_to(m)
    map_extras(focus_legend_html(), extra_css=MAP_CSS).add_to(m)
    minx, miny, maxx, maxy = bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(5, 5))
    return m


def focus_legend_html() -> str:
    rows = [swatch(f"background:{STATUS_FILL[s]};border:1px solid #777",
                    t(f"ikn_status_{s.replace(' ', '_')}"))
            for s in ("seluruh", "sebagian", "di luar")]
    rows.append(swatch(f"border-top:3px dashed {IKN_LINE};height:0", t("legend_ikn")))
    rows.append(swatch(f"border-top:3px solid {PPU_LINE};height:0", t("legend_ppu")))
    return legend_box(t("legend_ikn_title"), rows, width=250)
