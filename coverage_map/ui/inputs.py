"""A number the reader types, written as the language writes numbers (``16.800``, ``62,5``; a
number widget would show ``16800`` or ``62.5`` to an Indonesian reader): what cannot be used
gets a notice in the reader's words and the page keeps the last good value."""

from __future__ import annotations

import streamlit as st

from coverage_map.figures import plan_inputs
from coverage_map.language.i18n import fmt_plain, t
from coverage_map.ui.text import reading_words, shown_value

_SHOWN = "_tertulis_"  # (value, language) the box was last written for
_WRONG = "_salah_"  # (code, text, readings) of the last number that could not be used


def text_key(key: str) -> str:
    return key + "_teks"


def number_box(key: str, label: str, what: str, lang: str, upper: float, example: str,
               help: str | None = None, zero_ok: bool = False, lower: float = 0.0,
               unit: str = "", whole: bool = False) -> float | None:
    """A text box for the number kept in ``st.session_state[key]`` (None: none yet); returns
    that number. ``what`` names it in a notice, ``example`` shows how to write one; a number
    outside ``lower``..``upper`` (or not ``whole``, for people) is refused with that range,
    one with two readings (``16,800`` in Indonesian) with both."""
    ss = st.session_state
    box = text_key(key)
    if box not in ss or ss.get(_SHOWN + key) != (ss.get(key), lang):
        ss[box] = "" if ss.get(key) is None else fmt_plain(ss[key], lang)
        ss[_SHOWN + key] = (ss.get(key), lang)
    st.text_input(label, key=box, on_change=_typed,
                  args=(key, lang, upper, zero_ok, lower, whole), help=help)
    wrong = ss.get(_WRONG + key)
    if wrong:
        code, text, readings = wrong
        kept = t("plan_kept_none", lang) if ss.get(key) is None else \
            t("plan_kept", lang, kept=f"{unit}{fmt_plain(ss[key], lang)}")
        words = reading_words(readings, lang) if readings else {}
        st.error(t(f"plan_bad_{code}", lang, text=shown_value(text), what=what,
                   example=example, max=unit + fmt_plain(upper, lang),
                   min=unit + fmt_plain(0 if zero_ok else lower, lang), **words) + " " + kept)
    return ss.get(key)


def _typed(key: str, lang: str, upper: float, zero_ok: bool, lower: float,
           whole: bool = False) -> None:
    ss = st.session_state
    text = str(ss.get(text_key(key), ""))
    try:
        value = plan_inputs.read_amount(text, lang, upper, lower_ok=lower, zero_ok=zero_ok,
                                 whole=whole)
    except plan_inputs.InputError as exc:
        ss[_WRONG + key] = (exc.code, exc.text or "–", exc.readings)
        return
    ss[_WRONG + key] = None
    ss[key] = value
    ss[_SHOWN + key] = (value, lang)
