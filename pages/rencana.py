"""Rencana: the workers to protect to reach the target, what their premiums cost, for one region
and its province's regencies, with a brief to take away."""

import streamlit as st

from coverage_map import ui
from coverage_map.language.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
st.title(t("plan_title"))
st.markdown(t("plan_intro"))
ui.plan_view(data)
