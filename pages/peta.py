"""Peta Cakupan: summary sentence, the choropleth, KPIs, downloads, the ranked table, province
figures.

A session's first view is light (``ui.light_first_view``): title, summary sentence and map at
once; the filters, KPIs, downloads and tables once the browser says the map is drawn, below the
map so that it does not move.
"""

import streamlit as st

from coverage_map import ui
from coverage_map.language.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
presenting = ui.current_state().presentation
light = ui.light_first_view(page_is_map=True)
view, scheme, tiles = ui.view_from_state() if light else ui.view_controls(data)
table = ui.view_table(data, view)
if presenting:  # projector: the map first, its title inside the frame
    classes = ui.coverage_map(data, view, scheme, table, tiles, presentation=True)
    ui.summary_sentence(data, view, table)
else:
    ui.phone_style()
    st.title(ui.page_title(data, view))
    st.caption(t("app_subtitle"))
    ui.summary_sentence(data, view, table)
    classes = ui.coverage_map(data, view, scheme, table, tiles)
if light:
    ui.compare_in_link(data)
    ui.rest_of_page_soon()
else:
    ui.kpis(data, view, table)
    if not presenting:
        ui.export_panel(data, view, scheme, table, classes)
        ui.embed_control(data, view)
        st.page_link("pages/ikn.py", label=t("link_to_focus"), icon=":material/arrow_forward:")
    ui.ranked_table(view, table)
    if not presenting:
        ui.compare_regions(data, view.target)
    ui.province_figures(data, view)
