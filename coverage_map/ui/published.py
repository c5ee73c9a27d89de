"""Which published version this run shows, and what the reader is told about it.

The current version is asked of the database at most every ``POLL_SECONDS`` per process
(every process behind nginx sees a new publication within that time). A link with
``?versi=N`` pins version N for its session, so a link sent after a meeting shows the same
numbers later; a share link made while published data is shown carries the version. When the
database cannot be reached, the bundled data is shown with a notice.
"""

from __future__ import annotations

import logging
import re

import streamlit as st

from coverage_map.language.i18n import t
from coverage_map.store import db, versions

POLL_SECONDS = 2
PARAM = "versi"
_PINNED, _SHOWN, _READ = "_versi_tetap", "_versi_tampil", "_versi_dibaca"
_UNREACHABLE = -1

log = logging.getLogger(__name__)


@st.cache_data(ttl=POLL_SECONDS, show_spinner=False)
def _current() -> int:
    """The newest version (0: none published), or ``_UNREACHABLE``; cached per process."""
    try:
        return versions.current()
    except db.Unavailable as exc:
        log.warning("published data unavailable: %s", exc)
        return _UNREACHABLE


def current() -> int | None:
    """The newest version, or None when the database cannot be reached."""
    number = _current()
    return None if number == _UNREACHABLE else number


def settle() -> int:
    """At the start of every run: the version this run shows (0: the bundled data alone).
    The link's ``?versi=`` is read on the session's first run."""
    ss = st.session_state
    if _READ not in ss:
        ss[_READ] = True
        given = st.query_params.get(PARAM, "")
        ss[_PINNED] = int(given) if re.fullmatch(r"[1-9][0-9]{0,8}", given) else None
        ss["_versi_ditolak"] = bool(given) and ss[_PINNED] is None
    newest = current()
    pinned = ss.get(_PINNED)
    if newest is None:
        shown = 0
    elif pinned is not None and pinned <= newest:
        shown = pinned
    else:
        shown = newest
    ss[_SHOWN] = shown
    return shown


def shown() -> int:
    """The version this run shows (set by ``settle``; 0 before it or without published data)."""
    return st.session_state.get(_SHOWN, 0)


def pinned() -> int | None:
    return st.session_state.get(_PINNED)


def unpin() -> None:
    st.session_state[_PINNED] = None


def link_params() -> dict[str, str]:
    """What the address bar keeps: the version the link pinned, if any."""
    number = pinned()
    return {PARAM: str(number)} if number else {}


def share_params() -> dict[str, str]:
    """What a share link carries: the version shown, when published data is shown."""
    number = shown()
    return {PARAM: str(number)} if number else {}


def state() -> str:
    """For the notice above the page: ``unavailable`` (the bundled data shown), ``pinned``
    (an older version, from the link), ``missing`` (the link asks for a version that does not
    exist yet; the newest shown) or ``""``."""
    newest = current()
    number = pinned()
    if newest is None:
        return "unavailable"
    if number is not None and number > newest or st.session_state.get("_versi_ditolak"):
        return "missing"
    if number is not None and number < newest:
        return "pinned"
    return ""


def published_notice() -> None:
    """Above every page: the bundled data shown because the database cannot be read, or an
    earlier version shown because the link asks for it (with the way to the newest)."""
    what = state()
    if what == "unavailable":
        st.warning(t("published_unavailable"), icon=":material/cloud_off:")
    elif what == "pinned":
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.info(t("published_pinned", n=shown(), newest=current()), icon=":material/history:")
        right.button(t("published_to_newest"), key="versi_terbaru", on_click=unpin,
                     icon=":material/update:")
    elif what == "missing":
        st.info(t("published_missing", newest=current()), icon=":material/history:")
