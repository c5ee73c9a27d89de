"""A browser session's first view of the map, drawn light: the title, the summary and the map
first, the rest of the page once the map is drawn (or at the latest after a while)."""

from __future__ import annotations

import streamlit as st

from coverage_map.ui import component

FULL_PAGE = "_halaman_lengkap"  # session flag: whole pages from now on


MAP_DRAWN = "_peta_tergambar"  # the first view's component: true once the map is drawn


_REST_ASKED = "_sisa_diminta"


REST_AT_THE_LATEST_S = 15.0


def light_first_view(page_is_map: bool) -> bool:
    """Whether this run is a browser session's first view of the map, drawn light.

    Streamlit's browser client loads the code of each kind of element the first time it shows
    one. On a session's first page that code (sidebar widgets, metrics, data grids: about 2 MB)
    would compete with the map for the visitor's CPU and, on a slow network, for the bandwidth.
    So the first run of a session on the map page sends the title, the summary sentence and
    the map; ``rest_of_page_soon`` brings the whole page once the map is drawn (the map keeps
    its iframe: nothing is drawn twice). Other pages, every later run, and clients that are not
    browsers (no request headers: scripts, AppTest) get whole pages.
    """
    ss = st.session_state
    if not page_is_map or not st.context.headers or ss.get(MAP_DRAWN):
        ss[FULL_PAGE] = True
    return not ss.get(FULL_PAGE, False)


def rest_of_page_soon() -> None:
    """After a light first view: the whole page as soon as the browser says the map is drawn
    (``component.map_drawn``: its answer reruns the app), and at the latest
    ``REST_AT_THE_LATEST_S`` later, should that answer never come."""
    ss = st.session_state
    component.map_drawn(MAP_DRAWN)

    @st.fragment(run_every=REST_AT_THE_LATEST_S)
    def at_the_latest():
        if ss.get(FULL_PAGE):  # already whole: a late tick does nothing
            return
        if ss.get(_REST_ASKED):  # the timer fired
            ss[FULL_PAGE] = True
            st.rerun(scope="app")
        ss[_REST_ASKED] = True

    at_the_latest()
