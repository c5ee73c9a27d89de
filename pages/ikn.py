"""Fokus IKN & PPU: kecamatan map with the IKN outline, locator, shares, and sourced figures."""

import streamlit as st

from coverage_map.ui import cache
from coverage_map import ui
from coverage_map.language.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
overlay = cache.ikn_overlay()
st.title(t("ikn_title"))
ui.ikn_protection_facts(data)
st.markdown(t("ikn_intro"))
map_col, side_col = st.columns([3, 1])
with map_col:
    ui.ikn_map(data, overlay)
with side_col:
    ui.ikn_key_facts(data, overlay)
st.info(t("ikn_legal_note"))
ui.ikn_kecamatan_table(data, overlay)
ui.ikn_known_figures(data)
