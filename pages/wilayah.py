"""Profil Wilayah: one region's figures over time, its gap to the target, its fact sheet."""

import streamlit as st

from coverage_map import ui
from coverage_map.language.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
st.title(t("profile_title"))
st.markdown(t("profile_intro"))
kode = ui.region_choice(data)
if kode:
    ui.region_profile(data, kode)
else:
    st.info(t("profile_pick_first"))
