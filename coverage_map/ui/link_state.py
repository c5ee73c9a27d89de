"""The view in the link and in the session: the widgets' state restored from a link on a
session's first run and kept across pages (Streamlit forgets a widget a page does not draw),
what a page adds to the link, and the link to share."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from coverage_map.figures import coverage
from coverage_map.language.i18n import set_language
from coverage_map.ui import cache, published, shared_upload, urlstate

# widget key -> ViewState field
STATE_KEYS = {"provinsi": "province", "indikator": "metric", "kelas": "scheme",
              "target": "target", "tahun": "year", "bahasa": "lang",
              "presentasi": "presentation", "peta_dasar": "tiles", "nama_wilayah": "labels"}


KEEP = "_simpan_"


LATEST = 0  # widget value for "the latest figures" (a selectbox shows None as empty)


def from_widget(value):
    """Widget sentinels ("semua", 0) to the view's None."""
    return None if value in (urlstate.ALL, LATEST) else value


def _widget_value(key: str, value):
    if key == "provinsi" and value is None:
        return urlstate.ALL
    if key == "tahun" and value is None:
        return LATEST
    return value


def restore_state() -> urlstate.ViewState:
    """Fill the widgets' state from the link on a session's first run; keep it across pages.

    Streamlit forgets a widget's value on a page that does not draw it; a copy under another
    key brings it back. Sets the language of this run.
    """
    ss = st.session_state
    published.settle()  # which published version this run shows (the link's ?versi=)
    if "_dari_tautan" not in ss:
        try:
            data = cache.bundle()
            provinces, years = data.table.provinces, coverage.data_years(data.figures)
        except Exception:  # the page then shows the clear error page (load_data_or_stop)
            provinces, years = {}, []
        given, repeated = link_values()
        state, rejected = urlstate.parse(given, provinces, years)
        for key, field in STATE_KEYS.items():
            ss[KEEP + key] = _widget_value(key, getattr(state, field))
        ss["_tautan_ditolak"] = repeated + rejected  # every page's parameters given twice
        ss["_dari_tautan"] = True
    for key in STATE_KEYS:
        if key not in ss:
            ss[key] = ss[KEEP + key]
    set_language(ss["bahasa"])
    return current_state()


def current_state() -> urlstate.ViewState:
    """The view as the widgets (or, on pages without them, their kept copies) say."""
    ss = st.session_state

    def value(key: str):
        raw = ss.get(key, ss.get(KEEP + key))
        return from_widget(raw) if key in ("provinsi", "tahun") else raw

    return urlstate.ViewState(**{field: value(key) for key, field in STATE_KEYS.items()})


PAGE_PARAMS = "_param_halaman"


def page_params(**params: str) -> None:
    """What this page adds to the link besides the view (``/wilayah?kode=64.74``): written
    to the address bar with the view after the page ran, for this run only."""
    st.session_state[PAGE_PARAMS] = {k: v for k, v in params.items() if v}


def remember_and_write_url(share: Callable[[], None] | None = None) -> None:
    """After the page ran: the share link (``frame_controls``), remember the widget values
    and put the view (and what the page itself adds, ``page_params``) in the address bar."""
    ss = st.session_state
    if share is not None:
        share()
    for key in STATE_KEYS:
        if key in ss:
            ss[KEEP + key] = ss[key]
    extra = ss.pop(PAGE_PARAMS, {})
    st.query_params.from_dict({**urlstate.to_params(current_state()), **extra,
                               **published.link_params(), **shared_upload.link_params()})


def link_values() -> tuple[dict[str, str], list[urlstate.LinkNotice]]:
    """The link's parameters, one value each (the last), and a notice for each that the link
    gives more than once with different values."""
    qp = st.query_params
    return urlstate.single_values({name: qp.get_all(name) for name in qp})


PROFILE_KEY = "wilayah_kode"  # the region a profile shows (its selectbox)


def share_url(page_path: str, state: urlstate.ViewState | None = None) -> str:
    """The link to this view on ``page_path``, with what the page adds (``page_params``)."""
    return urlstate.link(st.context.url or "http://localhost:8501/", page_path,
                         state or current_state(), {**st.session_state.get(PAGE_PARAMS, {}),
                                                    **published.share_params(),
                                                    **shared_upload.link_params()})
