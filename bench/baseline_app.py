"""The naive baseline the benchmark compares against (not part of the app).

folium.Choropleth on the unsimplified source geometry, read from ../shared on every run, no
caching, st_folium with its default returned objects (every pan or zoom reruns the script).
Two concessions so it can run offline like the app: no base tiles, and Leaflet from the local
copy (folium's CDN scripts and the colour legend, which would pull d3 from a CDN, are dropped).
"""

import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline_app_map import build_map  # noqa: E402

province = st.selectbox("Provinsi", [None, "61", "62", "63", "64", "65"], key="provinsi")
st_folium(build_map(province), height=620, use_container_width=True)
