"""Frame of the app: page config and navigation. The pages draw the UI."""

from pathlib import Path

import streamlit as st

from coverage_map.i18n import t

ICON = Path(__file__).with_name("assets") / "icon.png"  # local file: no icon fetched from a CDN

st.set_page_config(page_title=t("app_title"), page_icon=str(ICON), layout="wide")

pages = [
    st.Page("pages/peta.py", title=t("page_map"), icon=":material/map:", url_path="peta", default=True),
    st.Page("pages/sumber.py", title=t("page_sources"), icon=":material/menu_book:", url_path="sumber"),
]
st.navigation(pages).run()
