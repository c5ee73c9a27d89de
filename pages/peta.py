"""Peta Cakupan: summary and KPIs, the choropleth, the ranked table and province figures."""

import streamlit as st

from coverage_map import cache, ui
from coverage_map.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
st.title(t("app_title"))
st.caption(t("app_subtitle"))
view, scheme, tiles = ui.view_controls(data)
table = cache.view_table(view.province, view.metric, view.target)
ui.summary(data, view, table)
ui.coverage_map(data, view, scheme, table, tiles)
st.page_link("pages/ikn.py", label=t("link_to_focus"), icon=":material/arrow_forward:")
ui.ranked_table(view, table)
ui.province_figures(data, view)
