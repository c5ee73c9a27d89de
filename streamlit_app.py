"""Frame of the app: the view from the link, page config, navigation, shared controls."""

from pathlib import Path

import streamlit as st

from coverage_map import ui
from coverage_map.i18n import t

ICON = Path(__file__).with_name("assets") / "icon.png"  # local file: no icon fetched from a CDN

state = ui.restore_state()  # language, filters and presentation from the link
st.set_page_config(page_title=t("app_title"), page_icon=str(ICON), layout="wide",
                   initial_sidebar_state="collapsed" if state.presentation else "auto")

MAP = st.Page("pages/peta.py", title=t("page_map"), icon=":material/map:", url_path="peta",
              default=True)
FOCUS = st.Page("pages/ikn.py", title=t("page_ikn"), icon=":material/location_city:",
                url_path="ikn")
SOURCES = st.Page("pages/sumber.py", title=t("page_sources"), icon=":material/menu_book:",
                  url_path="sumber")

page = st.navigation([MAP, FOCUS, SOURCES])
if page is MAP and st.query_params.get("fokus") == "ikn":  # shared links: ?fokus=ikn
    st.switch_page(FOCUS)
ui.frame_controls("" if page is MAP else page.url_path)
page.run()
ui.remember_and_write_url()
