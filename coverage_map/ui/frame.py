"""The frame around every page: the shared controls (view, target, language, presentation,
sharing), the title, presentation and phone styles, the data bundle or a clear error page.
The view in the link is ``link_state``; the light first view is ``first_view``."""

from __future__ import annotations

import logging
import runpy
import time
from collections.abc import Callable

import streamlit as st

from coverage_map.language import numbers
from coverage_map.figures import classify, coverage
from coverage_map.ui import cache, shared_upload, urlstate
from coverage_map.language.i18n import LANG_NAMES, LANGS, current_language, fmt_plain, t
from coverage_map.data.io import DataFileError, ROOT
from coverage_map.data.schema import MAP_METRICS
from coverage_map.ui.link_state import LATEST, current_state, from_widget, share_url
from coverage_map.ui.session import active_figures, uploaded_data
from coverage_map.ui.text import link_notice, reading_words, shown_value


def ensure_frame() -> None:
    """Run the app's frame when Streamlit ran this page without it.

    With a ``pages/`` folder beside the entry file, Streamlit starts in its legacy multipage mode
    until the frame first calls ``st.navigation``: on a cold start through a shared deep link
    (``/ikn``) it would run the page file alone, with the wrong navigation and layout. Running
    the frame instead ends that mode (the frame then runs this page itself).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        runpy.run_path(str(ROOT / "streamlit_app.py"), run_name="__main__")
        st.stop()


def load_data_or_stop():
    """The shared data bundle; a clear error page (never a traceback) when a file is broken."""
    try:
        cache.leaflet_ready()
        cache.memory_janitor()
        return cache.bundle()
    except DataFileError as exc:
        st.error(f"**{t('data_error_title')}**\n\n" + t(
            "data_error_body", file=exc.path.name, problem=exc.problem,
            path=exc.path.relative_to(ROOT) if exc.path.is_relative_to(ROOT) else exc.path))
        st.stop()
    except Exception:  # anything else: a clear page for the visitor, the details in the log
        logging.getLogger(__name__).exception("the bundled data could not be loaded")
        st.error(f"**{t('data_error_title')}**\n\n{t('data_error_unknown')}")
        st.stop()


def page_title(data, view: coverage.View) -> str:
    """The map page's title names the area shown ("… Kalimantan: Kalimantan Timur")."""
    if view.province is None:
        return t("app_title")
    return t("app_title_area", area=area_name(data, view.province))


def area_name(data, province: str | None, lang: str | None = None) -> str:
    """"Seluruh Kalimantan" or the province's name."""
    return t("all_kalimantan", lang) if province is None else data.table.provinces[province]


def view_from_state() -> tuple[coverage.View, str, bool]:
    """The view the filters (or, before they are drawn, the link) ask for."""
    state = current_state()
    return (coverage.View(province=state.province, metric=state.metric, target=float(state.target),
                          year=state.year), state.scheme, bool(state.tiles))


def view_controls(data) -> tuple[coverage.View, str, bool]:
    """Sidebar filters: province, indicator, date, classes, target, optional base tiles.

    The widgets take their values from the session state that ``restore_state`` filled from
    the link, so no default is passed here.
    """
    lang = current_language()  # labels are formatted with it, whichever thread asks
    with st.sidebar:
        provinces = [urlstate.ALL, *sorted(data.table.provinces)]
        st.selectbox(t("filter_province"), provinces, key="provinsi",
                     format_func=lambda k: area_name(data, from_widget(k), lang))
        metric = st.selectbox(t("filter_metric"), MAP_METRICS, key="indikator",
                              format_func=lambda m: coverage.metric_label(m, lang))
        # the years with figures of this indicator (an upload's own dates too)
        years = coverage.data_years(active_figures(data), metric)
        year_control(years, lang)
        scheme = st.radio(t("filter_scheme"), classify.SCHEMES, key="kelas",
                          format_func=lambda s: t(f"scheme_{s}", lang))
        if scheme == "tetap" and metric != "coverage_pct":
            st.caption(t("scheme_counts_note"))
        target_box(lang)
        st.toggle(t("filter_labels"), key="nama_wilayah", help=t("labels_help"))
        st.toggle(t("filter_tiles"), key="peta_dasar", help=t("tiles_help"))
    return view_from_state()


_PLAYING = "_tahun_diputar"  # the time of the last step while the years play, or absent
PLAY_EVERY_S = 2.0  # a frame of the years played: long enough to read the map


def year_control(years: list[int], lang: str) -> None:
    """A slider over the years that have figures (then the latest), and a button that plays
    them from the first: a step every PLAY_EVERY_S, each year's map showing the figures up to
    that year (regions without one by then stay hatched), stopping at the latest."""
    ss = st.session_state
    if _step_due():
        _next_year(years)  # before the slider is drawn: its value may still change
    if ss.get("tahun") not in (LATEST, *years):
        ss["tahun"] = LATEST
    st.select_slider(t("filter_year"), [*years, LATEST], key="tahun", help=t("year_help"),
                     format_func=lambda y: t("year_latest", lang) if y == LATEST else str(y))
    playing = _PLAYING in ss
    st.button(t("year_stop" if playing else "year_play", lang), key="tahun_putar",
              on_click=_play_or_stop, args=(years,), disabled=not years)
    if playing:
        _tick()


def _play_or_stop(years: list[int]) -> None:
    ss = st.session_state
    if ss.pop(_PLAYING, None) is None and years:
        ss["tahun"] = years[0]
        ss[_PLAYING] = time.monotonic()


def _step_due() -> bool:
    """While the years play: whether the year shown has been shown its time."""
    started = st.session_state.get(_PLAYING)
    return started is not None and time.monotonic() - started >= PLAY_EVERY_S * 0.9


def _next_year(years: list[int]) -> None:
    """The next year, or the end of the playing after the latest."""
    ss = st.session_state
    order = [*years, LATEST]
    now = ss.get("tahun")
    step = order.index(now) + 1 if now in order else len(order)
    if step >= len(order):  # the latest was shown: done
        ss.pop(_PLAYING, None)
    else:
        ss["tahun"] = order[step]
        ss[_PLAYING] = time.monotonic()


@st.fragment(run_every=PLAY_EVERY_S)
def _tick() -> None:
    """While the years play: the page again once a year has been shown its time (it moves
    on before drawing its controls)."""
    if _step_due():
        st.rerun(scope="app")


TARGET_TEXT = "target_teks"  # the target as typed
_TARGET_SHOWN = "_target_tertulis"  # (target, language) the box was last written for
_TARGET_WRONG = "_target_salah"


def target_box(lang: str) -> None:
    """The target in a text box, written as the language writes numbers (``62,5``; a number
    box would show ``62.5`` to an Indonesian reader); what cannot be a target gets a notice
    and the map keeps the last good one."""
    ss = st.session_state
    if TARGET_TEXT not in ss or ss.get(_TARGET_SHOWN) != (ss["target"], lang):
        ss[TARGET_TEXT] = fmt_plain(ss["target"], lang)
        ss[_TARGET_SHOWN] = (ss["target"], lang)
    st.text_input(t("filter_target"), key=TARGET_TEXT, on_change=_target_typed, args=(lang,),
                  help=t("target_help"))
    wrong = ss.get(_TARGET_WRONG)
    if wrong:
        text, readings = wrong if isinstance(wrong, tuple) else (wrong, ())
        target = fmt_plain(ss["target"], lang)
        if readings:
            st.error(t("target_ambiguous", text=shown_value(text), target=target,
                       **reading_words(readings, lang)))
        else:
            st.error(t("target_invalid", text=shown_value(text), target=target))


def _target_typed(lang: str) -> None:
    """(A callback: it runs before the frame sets the run's language, so it is given it.)"""
    ss = st.session_state
    text = str(ss.get(TARGET_TEXT, "")).strip()
    low, high = urlstate.TARGET_RANGE
    try:
        value = numbers.check(numbers.read_typed(text, lang), text, low, high)
    except numbers.NumberError as exc:
        ss[_TARGET_WRONG] = (text or "–", exc.readings if exc.code == "ambiguous" else ())
        return
    ss[_TARGET_WRONG] = ""
    ss["target"] = value
    ss[_TARGET_SHOWN] = (ss["target"], lang)


def frame_controls(page_path: str, light: bool = False) -> Callable[[], None] | None:
    """Language, presentation and the shareable link, in the sidebar of every page; a notice
    when the link asked for something unknown (on a light first view the controls come with
    the rest of the page). Returns what draws the share link after the page ran."""
    state = current_state()
    slot = None
    if not light:
        with st.sidebar:
            st.html(STREAMLIT_WORDS_CSS)
            st.selectbox(t("language"), LANGS, key="bahasa", format_func=LANG_NAMES.get)
            st.toggle(t("presentation_toggle"), key="presentasi", help=t("presentation_help"))
            slot = st.empty()  # the share link, once the page has said what it adds
    rejected = st.session_state.get("_tautan_ditolak")
    if rejected:  # stays until read: the same elements on the first view and the whole page
        st.warning(link_notice(rejected, current_language()))
        st.button(t("link_rejected_ok"), key="tautan_dibaca", on_click=_link_notice_read)
    if state.presentation:
        presentation_style(exit_button=not light)
    return None if slot is None else lambda: _share_popover(slot, page_path)


def _link_notice_read() -> None:
    st.session_state["_tautan_ditolak"] = []


def _share_popover(slot, page_path: str) -> None:
    # in a popover: the code block (its copy button) brings 1.6 MB of highlighter and font to
    # the browser, only for those who open it
    with slot.container(), st.popover(t("share_button"), icon=":material/link:",
                                      width="stretch"):
        if shared_upload.shared():  # the link carries the shared upload's token
            st.info(t("shareup_link_note"), icon=":material/info:")
        elif uploaded_data():  # the link carries the view, not the uploaded figures
            st.warning(t("share_upload_note"), icon=":material/info:")
        st.caption(t("share_link"))
        st.code(share_url(page_path), language=None, wrap_lines=True)


def presentation_style(exit_button: bool = True) -> None:
    """Projector view: no sidebar, large type, the map filling the screen."""
    st.html(PRESENTATION_CSS)
    if exit_button:
        st.button(t("presentation_exit"), key="keluar_presentasi",
                  on_click=_leave_presentation, icon=":material/close_fullscreen:")
    else:  # its place, so that the map below keeps its own (and is not drawn again)
        st.empty()


def _leave_presentation() -> None:
    st.session_state["presentasi"] = False


PRESENTATION_MAP_HEIGHT = 820  # a 1080-line projector: the map and the summary on one screen


PRESENTATION_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"] {display: none;}
.block-container, .stMainBlockContainer {padding: 0.6rem 1.2rem 1rem; max-width: 100%;}
h1 {font-size: 3rem !important;}
[data-testid="stMarkdownContainer"] p {font-size: 1.55rem; line-height: 1.4;}
[data-testid="stMetricValue"] div {font-size: 3rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem;}
/* the way out: a small control in the corner, out of the picture */
.st-key-keluar_presentasi {position: fixed; left: 6px; top: 6px; z-index: 1000;
  opacity: .45; width: auto !important;}
.st-key-keluar_presentasi:hover, .st-key-keluar_presentasi:focus-within {opacity: 1;}
.st-key-keluar_presentasi button {min-height: 0; padding: 2px 8px; font-size: .8rem;}
/* its words small too (not the 1.55rem of the page's text): it stays clear of the map's ⌂ */
.st-key-keluar_presentasi button p {font-size: .8rem !important; line-height: 1.2;}
</style>"""


# Streamlit's own controls that speak English whatever the app's language: a table's and a
# chart's toolbar ("Download as CSV", "Search", "Fullscreen"; its CSV beside the app's own
# download, which says what the file holds), the multiselect's "Clear all" (each choice keeps
# its own remove button) and the uploaded file's size ("143.0B"; the report names the file)
STREAMLIT_WORDS_CSS = """<style>
[data-testid="stElementToolbar"], [aria-label="Clear all"], [data-testid="InputInstructions"],
[data-testid="stFileChip"] [data-testid="stFileChipName"] + div {display: none !important;}
</style>"""

PHONE_CSS = """<style>
@media (max-width: 640px) {
  h1 {font-size: 1.7rem !important; line-height: 1.2 !important;}
  .block-container, .stMainBlockContainer {padding-top: 2.2rem;}
}
</style>"""


def phone_style() -> None:
    """On a phone the title does not fill the first screen."""
    st.html(PHONE_CSS)
