"""Signing in as an editor ("Masuk untuk editor"): the form, the signed-in editor of this
session, and when that session ends.

The editor is kept under a key no widget has, so nothing a browser sends can set it; every use
checks that the account is still open and the session not expired (``IDLE_MINUTES`` without
use, ``MAX_HOURS`` at most).
"""

from __future__ import annotations

import time

import streamlit as st

from coverage_map.language.i18n import current_language, t
from coverage_map.store import accounts, db
from coverage_map.ui.text import safe

IDLE_MINUTES = 30
MAX_HOURS = 8
_EDITOR = "_editor_masuk"  # {"name", "since", "last"}; never a widget key


def organisation_sign_in() -> bool:
    """Whether Streamlit's own sign-in (OpenID Connect, ``[auth]`` in secrets.toml) is set up."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def _from_organisation() -> None:
    """Signed in through the organisation's provider: the account named by the e-mail address
    (made with ``users add``), if there is one."""
    if not organisation_sign_in() or not st.user.get("is_logged_in", False):
        return
    email = str(st.user.get("email") or "").strip().lower()
    try:
        editor = accounts.editor(email) if email else None
    except db.Unavailable:
        editor = None
    if editor is not None:
        now = time.time()
        st.session_state[_EDITOR] = {"name": editor.name, "since": now, "last": now}
    else:
        st.session_state["_editor_tanpa_akun"] = email


def signed_in() -> accounts.Editor | None:
    """This session's editor, if signed in, the session not expired and the account open."""
    ss = st.session_state
    if not ss.get(_EDITOR):
        _from_organisation()
    held = ss.get(_EDITOR)
    if not held:
        return None
    now = time.time()
    if now - held["last"] > IDLE_MINUTES * 60 or now - held["since"] > MAX_HOURS * 3600:
        ss.pop(_EDITOR, None)
        ss["_editor_kedaluwarsa"] = True
        if organisation_sign_in() and st.user.get("is_logged_in", False):
            st.logout()  # else the provider's sign-in would sign the editor straight back in
        return None
    try:
        editor = accounts.editor(held["name"])
    except db.Unavailable:
        return None
    if editor is None:
        ss.pop(_EDITOR, None)
        return None
    held["last"] = now
    return editor


def sign_out() -> None:
    st.session_state.pop(_EDITOR, None)
    if organisation_sign_in() and st.user.get("is_logged_in", False):
        st.logout()


def sign_in_form() -> None:
    """The form; the public never needs it. Says plainly why a sign-in failed."""
    ss = st.session_state
    if ss.pop("_editor_kedaluwarsa", False):
        st.info(t("signin_expired"), icon=":material/timer_off:")
    st.markdown(t("signin_intro"))
    if organisation_sign_in():
        unknown = ss.get("_editor_tanpa_akun")
        if unknown:
            st.warning(t("signin_no_account", email=safe(unknown)))
        st.button(t("signin_organisation"), on_click=st.login, key="masuk_organisasi",
                  icon=":material/badge:")
    with st.form("masuk_editor", enter_to_submit=True):
        name = st.text_input(t("signin_name"), key="masuk_nama", max_chars=80)
        password = st.text_input(t("signin_password"), key="masuk_sandi", type="password",
                                 max_chars=200)
        sent = st.form_submit_button(t("signin_button"), type="primary")
    if not sent:
        return
    try:
        result = accounts.sign_in(name.strip().lower(), password)
    except db.Unavailable:
        st.error(t("publish_unavailable"))
        return
    if result.outcome == accounts.OK:
        now = time.time()
        ss[_EDITOR] = {"name": result.editor.name, "since": now, "last": now}
        ss.pop("masuk_sandi", None)
        st.rerun()
    elif result.outcome == accounts.LOCKED:
        st.error(t("signin_locked", minutes=accounts.LOCK_MINUTES,
                   time=clock(result.locked_until) if result.locked_until else ""))
    else:  # wrong password, unknown or closed account: the same words (names are not told)
        st.error(t("signin_wrong"))


def clock(when) -> str:
    """A time as the language writes it, in WIB: ``14.05`` / ``14:05``."""
    return accounts.local(when).strftime("%H.%M" if current_language() == "id" else "%H:%M")


def editor_line(editor: accounts.Editor, provinces: dict[str, str]) -> str:
    """``Masuk sebagai kalsel, editor Kalimantan Selatan``."""
    where = (t("acc_all_provinces") if editor.admin
             else provinces.get(editor.province, editor.province))
    return t("signin_as", name=editor.name, where=where)
