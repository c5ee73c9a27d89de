"""Files drawn on the server (map images, fact sheets, plan briefs), made when the visitor
asks: the request waits for one of the machine's export slots and shows its place in line,
counts pages as they are made, and ends with a download button, or with a message that says
the file could not be made and a button to try again. Each runs in a fragment of its own, so
asking for a file reruns only that part of the page."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException

from coverage_map.data import slots
from coverage_map.language.i18n import current_language, fmt_plain, set_language, t

EXPORTS = slots.Slots("ekspor", slots.machine_slots("CM_EXPORT_SLOTS"))
PER_SESSION = slots.RateLimit(limit=10, window=300.0)  # files one visitor may have made
TIMES_KEY = "_ekspor_waktu"  # the times this session had files made (session state)
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileSpec:
    """What a file is called on its button and on disk."""

    key: str  # the widget key; the made file is kept in the session under it
    label: str
    file_name: str
    mime: str
    icon: str | None = None
    pages: int = 1  # more than one: the progress bar counts pages


def file_size(n_bytes: int, lang: str | None = None) -> str:
    """``52 KB``, ``1,4 MB`` (as the language writes numbers)."""
    if n_bytes >= 1_000_000:
        return f"{fmt_plain(round(n_bytes / 1_000_000, 1), lang)} MB"
    return f"{fmt_plain(max(1, round(n_bytes / 1000)), lang)} KB"


def made_file(spec: FileSpec, make: Callable[[Callable[[int], None]], bytes],
              version: tuple) -> None:
    """A button that makes the file with ``make(on_page)`` and then offers it for download.

    ``version`` names what the file would hold (the view, the language, the uploaded data):
    a file made for another version is not offered."""
    _made_file(spec, make, version, current_language())


@st.fragment
def _made_file(spec: FileSpec, make, version: tuple, lang: str) -> None:
    set_language(lang)  # a fragment's own rerun does not pass through the frame
    ss = st.session_state
    kept = ss.get(spec.key)
    if kept is not None and kept["version"] != version:
        ss.pop(spec.key)
        kept = None
    if kept is not None and "data" in kept:
        st.download_button(t("export_ready", label=spec.label,
                             size=file_size(len(kept["data"]))),
                           kept["data"], spec.file_name, spec.mime, on_click="ignore",
                           key=spec.key + "_unduh", icon=":material/download:",
                           type="primary", width="stretch")
        return
    failed = kept is not None
    clicked = st.button(t("export_retry", label=spec.label) if failed else spec.label,
                        key=spec.key + "_buat", icon=spec.icon, width="stretch",
                        help=t("export_made_help"))
    if not clicked:
        if failed:
            st.error(t("export_failed", label=spec.label))
        return
    if not _counted():
        return
    try:
        data = _make_in_turn(spec, make)
    except Exception:  # noqa: BLE001 - the visitor gets a message, the log the details
        _LOG.exception("export %s failed", spec.file_name)
        ss[spec.key] = {"version": version}
    else:
        ss[spec.key] = {"version": version, "data": data}
    try:  # shown as made: the fragment again (or the page, when the click came in a full run)
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


def _counted() -> bool:
    """Whether this visitor may have one more file made now (then it is counted); if not, a
    notice says when."""
    ss = st.session_state
    now = time.time()
    wait = PER_SESSION.wait_s(ss.get(TIMES_KEY, []), now)
    if wait > 0:
        st.warning(t("export_too_many", n=PER_SESSION.limit,
                     minutes=round(PER_SESSION.window / 60), seconds=math.ceil(wait)))
        return False
    ss[TIMES_KEY] = PER_SESSION.use(ss.get(TIMES_KEY, []), now)
    return True


def _make_in_turn(spec: FileSpec, make) -> bytes:
    """``make`` once a slot is free, with its progress on the page."""
    bar = st.progress(0.0, text=t("export_making", label=spec.label))

    def on_wait(place: int) -> None:
        bar.progress(0.0, text=t("export_in_line", place=place))

    def on_page(done: int) -> None:
        if spec.pages > 1:
            bar.progress(min(1.0, done / spec.pages),
                         text=t("export_page", done=done, total=spec.pages))

    with EXPORTS.held(on_wait):
        bar.progress(0.0, text=t("export_page", done=0, total=spec.pages) if spec.pages > 1
                     else t("export_making", label=spec.label))
        return make(on_page)


def preview(key: str, make: Callable[[], bytes], version: tuple) -> bytes | None:
    """A drawn file shown on the page (made once per ``version`` and kept in the session,
    counted like a file asked for); None when this visitor must wait (a notice says so)."""
    ss = st.session_state
    kept = ss.get(key)
    if kept is not None and kept["version"] == version:
        return kept["data"]
    if not _counted():
        return None
    with st.spinner(t("export_preview_making")):
        with EXPORTS.held():
            data = make()
    ss[key] = {"version": version, "data": data}
    return data
