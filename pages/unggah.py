"""Unggah Data: template, upload, validation report; usable figures go on the map."""

import streamlit as st

from coverage_map import ui
from coverage_map.language.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
st.title(t("page_upload"))
ui.upload_section(data)
ui.share_section()
