"""Frame of the app: page config and navigation. The pages draw the UI."""

from pathlib import Path

import streamlit as st

from coverage_map.i18n import t

ICON = Path(__file__).with_name("assets") / "icon.png"  # local file: no icon fetched from a CDN

st.set_page_config(page_title=t("app_title"), page_icon=str(ICON), layout="wide")

MAP = st.Page("pages/peta.py", title=t("page_map"), icon=":material/map:", url_path="peta",
              default=True)
FOCUS = st.Page("pages/ikn.py", title=t("page_ikn"), icon=":material/location_city:",
                url_path="ikn")
SOURCES = st.Page("pages/sumber.py", title=t("page_sources"), icon=":material/menu_book:",
                  url_path="sumber")

page = st.navigation([MAP, FOCUS, SOURCES])
if page is MAP and st.query_params.get("fokus") == "ikn":  # shared links: ?fokus=ikn
    st.switch_page(FOCUS)
page.run()
