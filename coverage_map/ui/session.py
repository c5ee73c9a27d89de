"""This session's figures: its upload, if any, or the bundled data shared by all."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map import cache, coverage
from coverage_map.i18n import current_language


UPLOAD_KEY = "_unggahan"


def uploaded_data() -> dict | None:
    """This session's uploaded data ({"name", "figures"}), if any."""
    return st.session_state.get(UPLOAD_KEY)


def active_figures(data) -> pd.DataFrame:
    """The figures the views use: the session's upload, or the bundled data."""
    return bundled_or_uploaded(lambda: data.figures, lambda figures: figures)


def bundled_or_uploaded(cached, compute):
    """``compute(figures)`` on this session's upload (never cached across sessions), or else
    ``cached()``: the result for the bundled data, shared by every session."""
    upload_state = uploaded_data()
    return compute(upload_state["figures"]) if upload_state else cached()


def view_table(data, view: coverage.View) -> pd.DataFrame:
    return bundled_or_uploaded(lambda: cache.view_table(view, current_language()),
                               lambda figures: coverage.view_table(data.regions, figures, view))


def area_figure(view: coverage.View):
    """The latest figure for the view's whole area (the province, or Kalimantan)."""
    return bundled_or_uploaded(lambda: cache.area_figure(view),
                               lambda figures: coverage.area_figure(figures, view))
