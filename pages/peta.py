"""Peta Cakupan: summary and KPIs, the choropleth, downloads, the ranked table, province figures."""

import streamlit as st

from coverage_map import ui
from coverage_map.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
presenting = ui.current_state().presentation
view, scheme, tiles = ui.view_controls(data)
table = ui.view_table(data, view)
if presenting:  # projector: the map first, its title inside the frame
    classes = ui.coverage_map(data, view, scheme, table, tiles, presentation=True)
    ui.summary(data, view, table)
else:
    st.title(t("app_title"))
    st.caption(t("app_subtitle"))
    ui.summary(data, view, table)
    classes = ui.coverage_map(data, view, scheme, table, tiles)
    ui.export_panel(data, view, scheme, table, classes)
    st.page_link("pages/ikn.py", label=t("link_to_focus"), icon=":material/arrow_forward:")
ui.ranked_table(view, table)
ui.province_figures(data, view)
