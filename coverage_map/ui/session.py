"""This session's figures: the bundled data shared by all, with this session's upload if any."""

from __future__ import annotations

import uuid

import pandas as pd
import streamlit as st

from coverage_map.data import upload
from coverage_map.figures import coverage
from coverage_map.ui import cache, published
from coverage_map.language.i18n import current_language


UPLOAD_KEY = "_unggahan"


def uploaded_data() -> dict | None:
    """This session's uploaded data, if any: ``name`` (the file), ``figures`` (the file's),
    ``mode`` (``upload.ADD`` or ``upload.REPLACE``) and ``active`` (what the views use: joined
    again with the data of the published version this run shows, when that changed)."""
    state = st.session_state.get(UPLOAD_KEY)
    if state and state.get("version") != published.shown():
        _join(state, cache.bundle())
    return state


def use_upload(data, name: str, figures: pd.DataFrame, mode: str) -> None:
    """From now on this session's views use the file's figures, joined with the bundled
    (and published) ones (``upload.ADD``) or alone (``upload.REPLACE``)."""
    st.session_state[UPLOAD_KEY] = _join({"name": name, "figures": figures, "mode": mode}, data)


def _join(state: dict, data) -> dict:
    state.update(active=upload.combine(data.figures, state["figures"], state["mode"]),
                 version=published.shown(),
                 id=uuid.uuid4().hex)  # these figures, never others (caches key on it)
    return state


def data_version() -> tuple:
    """What this session's figures are (the published version, and which upload), for telling
    whether a file made earlier still holds what the page shows."""
    upload_state = uploaded_data()
    return (published.shown(),) + ((upload_state["name"], upload_state["id"]) if upload_state
                                   else ())


def active_figures(data) -> pd.DataFrame:
    """The figures the views use: the bundled data, with the session's upload if any."""
    return bundled_or_uploaded(lambda: data.figures, lambda figures: figures)


def bundled_or_uploaded(cached, compute):
    """``compute(figures)`` on this session's upload (never cached across sessions), or else
    ``cached()``: the result for the bundled data, shared by every session."""
    upload_state = uploaded_data()
    return compute(upload_state["active"]) if upload_state else cached()


def view_table(data, view: coverage.View) -> pd.DataFrame:
    return bundled_or_uploaded(lambda: cache.view_table(view, current_language()),
                               lambda figures: coverage.view_table(data.regions, figures, view))


def area_figure(view: coverage.View):
    """The latest figure for the view's whole area (the province, or Kalimantan)."""
    return bundled_or_uploaded(lambda: cache.area_figure(view),
                               lambda figures: coverage.area_figure(figures, view))
