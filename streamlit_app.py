"""Frame of the app: the view from the link, page config, navigation, shared controls."""

from pathlib import Path

import streamlit as st

from coverage_map import ui
from coverage_map.language.i18n import t

ICON = Path(__file__).with_name("assets") / "icon.png"  # local file: no icon fetched from a CDN

state = ui.restore_state()  # language, filters and presentation from the link
embed = ui.embed_requested()  # ?sematkan=1: the map alone, in another site's page
st.set_page_config(page_title=t("app_title"), page_icon=str(ICON), layout="wide",
                   initial_sidebar_state="collapsed" if state.presentation or embed else "auto")

MAP = st.Page("pages/peta.py", title=t("page_map"), icon=":material/map:", url_path="peta",
              default=True)
FOCUS = st.Page("pages/ikn.py", title=t("page_ikn"), icon=":material/location_city:",
                url_path="ikn")
ANALYSIS = st.Page("pages/analisis.py", title=t("page_analysis"), icon=":material/table_chart:",
                   url_path="analisis")
UPLOAD = st.Page("pages/unggah.py", title=t("page_upload"), icon=":material/upload_file:",
                 url_path="unggah")
PROFILE = st.Page("pages/wilayah.py", title=t("page_profile"), icon=":material/insights:",
                  url_path="wilayah")
PLAN = st.Page("pages/rencana.py", title=t("page_plan"), icon=":material/calculate:",
               url_path="rencana")
EDITOR = st.Page("pages/editor.py", title=t("page_editor"), icon=":material/login:",
                 url_path="editor")
SOURCES = st.Page("pages/sumber.py", title=t("page_sources"), icon=":material/menu_book:",
                  url_path="sumber")

page = st.navigation([MAP, PROFILE, FOCUS, ANALYSIS, PLAN, UPLOAD, SOURCES, EDITOR],
                     position="hidden" if embed else "sidebar")
if embed:  # no controls, nothing else; the link stays as the embedding page wrote it
    ui.embed_view()
    st.stop()
if page is MAP and st.query_params.get("fokus") == "ikn":  # shared links: ?fokus=ikn
    st.switch_page(FOCUS)
light = ui.light_first_view(page is MAP)  # a session's first map: the map first, the rest soon
share = ui.frame_controls("" if page is MAP else page.url_path, light)
ui.published_notice()
ui.upload_badge()
page.run()
ui.remember_and_write_url(share)
