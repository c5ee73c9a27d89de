"""Frame of the app: page config and navigation. The pages draw the UI."""

import streamlit as st

from coverage_map.i18n import t

st.set_page_config(page_title=t("app_title"), page_icon=":material/map:", layout="wide")

pages = [
    st.Page("pages/peta.py", title=t("page_map"), icon=":material/map:", url_path="peta", default=True),
    st.Page("pages/sumber.py", title=t("page_sources"), icon=":material/menu_book:", url_path="sumber"),
]
st.navigation(pages).run()
