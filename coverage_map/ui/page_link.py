"""A page's own filters in its link (``/analisis?prov=61,62&cari=kapuas``): restored from a
shared link, kept while the reader visits other pages, written back to the address bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from coverage_map.language import numbers
from coverage_map.ui import urlstate
from coverage_map.language.i18n import current_language
from coverage_map.ui.link_state import KEEP, PAGE_PARAMS, page_params
from coverage_map.ui.text import link_notice

_SEEN = "_tautan_halaman_"  # what a page's own link parameter last said


@dataclass(frozen=True)
class LinkParam:
    """A page's own widget whose value is in the link (``/analisis?prov=61,62``) and is kept
    while the reader is on other pages."""

    key: str  # the widget's key
    param: str  # the URL parameter
    default: object
    write: Callable[[object], str]  # value -> text in the link
    read: Callable[[str], object]  # text in the link -> value; None (or a
    # numbers.NumberError, which says why: two readings of a number) when not valid


def restore_linked(params: list[LinkParam]) -> None:
    """Before the page draws its widgets (with no value of their own): a link that asks for
    something new sets them; otherwise they keep what they had, on this page or before the
    reader went to another one. A value the page cannot use is named in a notice."""
    ss = st.session_state
    notices: list[urlstate.LinkNotice] = []
    for p in params:
        wanted = st.query_params.get(p.param)  # the last, if given twice (the frame says so)
        if wanted is not None and wanted != ss.get(_SEEN + p.param):
            ss[_SEEN + p.param] = wanted
            value, notice = _read(p, wanted)
            if notice is None:
                ss[p.key] = value
                continue
            notices.append(notice)
        if p.key not in ss:
            ss[p.key] = ss.get(KEEP + p.key, p.default)
    if notices:
        st.warning(link_notice(notices, current_language()))


def _read(p: LinkParam, wanted: str) -> tuple[object, urlstate.LinkNotice | None]:
    """The value the link asks for, or why it cannot be used."""
    try:
        value = p.read(wanted)
    except numbers.NumberError as exc:
        if exc.code == "ambiguous":
            return None, urlstate.LinkNotice(p.param, wanted, urlstate.AMBIGUOUS, exc.readings)
        value = None
    return value, None if value is not None else urlstate.LinkNotice(p.param, wanted)


def write_linked(params: list[LinkParam]) -> None:
    """After the page drew its widgets: their values into the link (defaults left out)."""
    ss = st.session_state
    out = {}
    for p in params:
        ss[KEEP + p.key] = value = ss.get(p.key, p.default)
        out[p.param] = "" if value == p.default else p.write(value)
        ss[_SEEN + p.param] = out[p.param] or None
    page_params(**{**ss.get(PAGE_PARAMS, {}), **out})
