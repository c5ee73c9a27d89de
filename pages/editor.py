"""Masuk untuk editor: sign in; signed in, publish a table and manage its versions."""

import streamlit as st

from coverage_map import ui
from coverage_map.language.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
st.title(t("page_editor"))
ui.editor_page(data)
