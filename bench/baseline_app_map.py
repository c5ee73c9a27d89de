"""The naive baseline's map (see baseline_app.py), importable without Streamlit."""

from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "geodata-src" / "kalimantan_kabkota.geojson"


def build_map(province: str | None) -> folium.Map:
    kab = gpd.read_file(SOURCE)
    figures = pd.read_csv(ROOT / "datasets" / "coverage_figures.csv", dtype=str)
    cov = figures[(figures["metric"] == "coverage_pct") & (figures["level"] == "kabkota")]
    cov = cov.assign(value=cov["value"].astype(float)).sort_values("as_of").groupby("kode").last()
    kab = kab.merge(cov[["value"]], left_on="kode", right_index=True, how="left")
    if province:
        kab = kab[kab["kode_prov"] == province]
    m = folium.Map(location=[0, 114], zoom_start=6, tiles=None)
    m.default_js = [("leaflet", "../../app/static/vendor/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", "../../app/static/vendor/leaflet/leaflet.css")]
    choropleth = folium.Choropleth(kab, data=kab, columns=["kode", "value"],
                                   key_on="feature.properties.kode", fill_color="YlOrRd",
                                   nan_fill_color="#dddddd").add_to(m)
    for key in [k for k in choropleth._children if k.startswith("color_map")]:
        del choropleth._children[key]
    folium.GeoJsonTooltip(["nama", "value"]).add_to(choropleth.geojson)
    return m
