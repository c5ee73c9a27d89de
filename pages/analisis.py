"""Analisis: the regions' numbers side by side, a ranking of uncovered workers, the provinces
compared, their trends, downloads."""

import streamlit as st

from coverage_map import ui
from coverage_map.language.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
st.title(t("analysis_title"))
st.markdown(t("analysis_intro"))
ui.analyst_view(data)
ui.province_comparison(data)
ui.province_trends(data)
