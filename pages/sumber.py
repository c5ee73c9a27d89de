"""Sumber & Metode: definitions, conflicts between sources, and every figure with its link."""

import streamlit as st

from coverage_map import ui
from coverage_map.language.i18n import t

ui.ensure_frame()
data = ui.load_data_or_stop()
st.title(t("page_sources"))
asked = ui.figure_in_link()
if asked:  # a link to one figure opens on it, above the method
    st.subheader(t("sources_heading_figure", id=ui.shown_value(asked)))
    ui.all_figures(data)
st.markdown(t("sources_intro"))
st.subheader(t("sources_heading_method"))
st.markdown(t("sources_method"))
ui.bases_explained()
st.subheader(t("sources_heading_conflicts"))
st.markdown(t("sources_conflicts"))
uploaded = ui.uploaded_data()
if uploaded:
    st.subheader(t("sources_heading_uploaded", name=ui.file_name(uploaded["name"]),
                   n=len(uploaded["figures"])))
    ui.all_figures(data, uploaded["figures"], key="unggahan")
ui.published_versions()
if not asked:
    st.subheader(t("sources_heading_figures", n=len(data.figures)))
    ui.all_figures(data)
st.subheader(t("sources_heading_boundaries"))
st.markdown(t("sources_boundaries"))
