"""The map in another site's page (a pemda's, a newsroom's): ``?sematkan=1`` added to a view's
link shows that view's map alone, filling the frame, with its sources and a link to the same
view in the full app; "Sematkan peta" on the map page gives the code to paste. The link and the
snippet are ``render.embed_code``'s; who may frame the app is the server's (``--embed-origins``).
"""

from __future__ import annotations

import streamlit as st

from coverage_map.figures import coverage
from coverage_map.language.i18n import t
from coverage_map.render import embed_code, export
from coverage_map.ui.frame import area_name, load_data_or_stop, view_from_state
from coverage_map.ui.link_state import current_state, share_url
from coverage_map.ui.map_page import coverage_map
from coverage_map.ui.session import uploaded_data, view_table
from coverage_map.ui.text import safe

FOOT_KEY = "sematkan_sumber"  # the source line and the link under the map


def embed_requested() -> bool:
    """Whether the link asks for the embed (``?sematkan=1``): the map alone, on any page."""
    return st.query_params.get(embed_code.EMBED_PARAM) == embed_code.EMBED_VALUE


def embed_view() -> None:
    """The view's map alone, filling the frame (no sidebar, navigation or Streamlit's
    toolbar), the sources of its figures and a link that opens the same view in the full app
    (a new tab: the embedding page stays)."""
    data = load_data_or_stop()
    view, scheme, tiles = view_from_state()
    table = view_table(data, view)
    st.html(EMBED_CSS)
    coverage_map(data, view, scheme, table, tiles, embedded=True)
    with st.container(key=FOOT_KEY):
        st.markdown(f"{safe(source_line(table))} [{safe(t('embed_open_full'))} ↗]"
                    f"({share_url('', current_state())})")


def source_line(table) -> str:
    """Where the figures on the map come from and their dates, in one line."""
    on_map = export.on_map(table)
    years = coverage.data_years(on_map)
    span = "" if not years else str(years[0]) if years[0] == years[-1] else \
        f"{years[0]}–{years[-1]}"
    return t("embed_source", sources=export.sources_line(on_map, 3), span=span)


def embed_control(data, view: coverage.View) -> None:
    """"Sematkan peta": the code that shows this view's map in another site's page, ready to
    copy, and what it does (in a popover: its code block is loaded only when opened)."""
    title = t("export_title", metric=coverage.metric_label(view.metric),
              area=area_name(data, view.province))
    with st.popover(t("embed_button"), icon=":material/code:"):
        if uploaded_data():  # the embed shows the bundled figures
            st.warning(t("share_upload_note"), icon=":material/info:")
        st.caption(t("embed_help"))
        st.code(embed_code.iframe_snippet(share_url(""), title), language=None,
                wrap_lines=True)


# The map fills the frame: Streamlit's chrome hidden, no padding, the map's element taking the
# height the source line leaves (the column is a flex box of the frame's height).
EMBED_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], section[data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"], footer
{display: none !important;}
.stMainBlockContainer, .block-container {padding: 0 !important; max-width: 100% !important;}
.stMainBlockContainer {height: 100vh;}
.stMainBlockContainer > [data-testid="stVerticalBlock"] {height: 100%; gap: .3rem;}
[data-testid="stElementContainer"]:has(iframe[title="streamlit_folium.st_folium"]),
[data-testid="stElementContainer"]:has(iframe[title="streamlit_folium.st_folium"]) > div
{flex: 1 1 0; min-height: 220px; display: flex; flex-direction: column;}
iframe[title="streamlit_folium.st_folium"] {flex: 1 1 0; height: auto !important;}
div:has(> .st-key-sematkan_sumber) {flex: 0 0 auto;}
.st-key-sematkan_sumber {padding: 0 .5rem .35rem;}
.st-key-sematkan_sumber p {font-size: .78rem; line-height: 1.3; color: #444;}
.st-key-sematkan_sumber a {white-space: nowrap; font-weight: 600;}
</style>"""
