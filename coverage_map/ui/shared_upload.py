"""Bagikan unggahan ini: a session's upload given a read-only link (``?bagikan=<token>``) for
seven days, without an account; whoever opens the link sees the map with those figures, marked
as not published and not checked, and may delete the link earlier."""

from __future__ import annotations

import streamlit as st

from coverage_map.data import upload
from coverage_map.language.i18n import fmt_date, t
from coverage_map.store import db, shares
from coverage_map.ui import cache
from coverage_map.ui.session import UPLOAD_KEY, uploaded_data, use_upload

PARAM = "bagikan"
_READ, _GONE, _MADE = "_bagikan_dibaca", "_bagikan_hilang", "_bagikan_dibuat"


def open_from_link() -> None:
    """On a session's first run: the upload a ``?bagikan=`` link shares, if it still exists."""
    ss = st.session_state
    if _READ in ss:
        return
    ss[_READ] = True
    token = st.query_params.get(PARAM, "")
    if not token:
        return
    try:
        share = shares.read(token)
    except db.Unavailable:
        share = None
    if share is None:
        ss[_GONE] = True
        return
    use_upload(cache.bundle(), share.file_name, share.figures, upload.ADD)
    ss[UPLOAD_KEY]["bersama"] = {"token": share.token, "expires": share.expires_at}


def shared() -> dict | None:
    """The share this session's upload came from (or was given), if any."""
    state = uploaded_data()
    return state.get("bersama") if state else None


def link_params() -> dict[str, str]:
    held = shared()
    return {PARAM: held["token"]} if held else {}


def gone_notice() -> None:
    if st.session_state.pop(_GONE, False):
        st.info(t("shareup_gone"), icon=":material/link_off:")


def badge_words() -> str:
    held = shared()
    return t("shareup_badge", date=fmt_date(held["expires"].date().isoformat())) if held else ""


def share_section() -> None:
    """Under an upload in use: make its link, or show it and the way to delete it."""
    state = uploaded_data()
    if not state:
        return
    st.subheader(t("shareup_heading"))
    held = shared()
    if held is None:
        st.markdown(t("shareup_intro", days=shares.DAYS))
        if st.button(t("shareup_button"), key="bagikan_unggahan", icon=":material/share:"):
            _make(state)
            st.rerun()
        message = st.session_state.pop(_MADE, None)
        if message:
            st.error(message)
        return
    st.markdown(t("shareup_made", date=fmt_date(held["expires"].date().isoformat())))
    from coverage_map.ui.link_state import share_url  # (link_state reads this module)

    st.code(share_url(""), language=None, wrap_lines=True)
    st.button(t("shareup_delete"), key="hapus_bagikan", on_click=_delete,
              icon=":material/delete:")


def _visitor() -> str:
    """The visitor's address: nginx's (X-Real-IP, which it sets from the connection, never
    from what the browser sent), else the connection's own (no proxy in front)."""
    return (st.context.headers.get("X-Real-IP", "").strip() or st.context.ip_address
            or "unknown")[:64]


def _make(state: dict) -> None:
    try:
        share = shares.create(_visitor(), state["name"], state["figures"])
    except shares.ShareError as exc:
        st.session_state[_MADE] = t(exc.key, **exc.values)
        return
    except db.Unavailable:
        st.session_state[_MADE] = t("shareup_unavailable")
        return
    state["bersama"] = {"token": share.token, "expires": share.expires_at}


def _delete() -> None:
    held = shared()
    if held:
        try:
            shares.delete(held["token"])
        except db.Unavailable:
            return
        uploaded_data().pop("bersama", None)  # the upload stays in this session, unshared
