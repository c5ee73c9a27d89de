"""All Streamlit caching in one place."""

from __future__ import annotations

import copy
import functools
import gc
import os
import sys
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.runtime.app_session import AppSession

from coverage_map.data import io
from coverage_map.figures import analysis, coverage, ikn
from coverage_map.figures.lookup import Lookup
from coverage_map.render import export
from coverage_map.store import db, versions
from coverage_map.ui import component, memory, published
from coverage_map.render.assets import ensure_leaflet
from coverage_map.language.i18n import set_language


def _clear_own_session_only(session: AppSession) -> None:
    """What a browser's "clear cache" message does here: it clears that visitor's own
    session state, and nothing every visitor shares.

    Streamlit would clear every cache of the process (the bundled data, every rendered map)
    for every visitor, on a message any browser can send: sent every 0,3 s, it made another
    visitor's map run 20 times slower. The caches here hold only the bundled data and what is
    computed from it, which never changes while the process runs; a restart reloads them."""
    session._session_state.clear()


if not hasattr(AppSession, "_handle_clear_cache_request"):  # an upgrade renamed it: say so
    raise ImportError("streamlit's AppSession._handle_clear_cache_request is gone: check "
                      "that a visitor's clear-cache message still cannot empty the caches")
AppSession._handle_clear_cache_request = _clear_own_session_only


def bundle() -> io.Bundle:
    """The data this run shows: the bundled data with the figures published up to the version
    this run shows (``published.shown``); the bundled data alone when the database cannot be
    read."""
    try:
        return at(published.shown())
    except db.Unavailable:
        return bundled()


@st.cache_resource(show_spinner=False, max_entries=8)
def at(version: int) -> io.Bundle:
    """The bundled data with the figures published up to ``version`` (0: none), made once
    per process and version (a version never changes) and shared; callers only read it."""
    data = bundled()
    if version <= 0:
        return data
    shown = copy.copy(data)
    shown.figures = pd.concat([data.figures, versions.snapshot(version)], ignore_index=True)
    return shown


def per_version(**cache_args):
    """``st.cache_resource`` for what is made from the figures: ``fn(version, ...)`` is kept
    per published version and called as ``fn(...)`` for the version this run shows."""
    def wrap(fn):
        cached = st.cache_resource(show_spinner=False, **cache_args)(fn)

        @functools.wraps(fn)
        def call(*args, **kwargs):
            return cached(published.shown(), *args, **kwargs)
        call.clear = cached.clear
        return call
    return wrap


@st.cache_resource(show_spinner=False)
def bundled() -> io.Bundle:
    """The bundled data, read once per server process and shared by every session.

    Once it is read, everything loaded so far (modules, the data) lives as long as the process,
    so it is moved out of the garbage collector's sight (``gc.freeze``). Streamlit runs a full
    collection after every script run; over those ~190,000 objects it took 100 to 190 ms,
    holding the interpreter while the browser waited for the map's files."""
    data = io.Bundle()
    gc.freeze()
    # one line per process in the server log (how often the data was read is checked by a test)
    sys.stderr.write(f"coverage_map: bundled data read (process {os.getpid()})\n")
    return data


@st.cache_resource(show_spinner=False)
def memory_janitor():
    """Once per process: memory that closed sessions let go of goes back to the system."""
    return memory.start_janitor()


@st.cache_resource(show_spinner=False)
def leaflet_ready() -> str:
    """Copy Leaflet from its package into static/ once per process."""
    return str(ensure_leaflet())


@per_version(max_entries=256)
def view_table(version: int, view: coverage.View, lang: str):
    """The view's table, shared by every session showing that view (a resource, not data:
    no copy per call; callers only read it). ``lang`` is part of the key because the table
    holds texts."""
    set_language(lang)
    data = at(version)
    return coverage.view_table(data.regions, data.figures, view)


@per_version(max_entries=256)
def area_figure(version: int, view: coverage.View):
    """The latest figure for the view's whole area (bundled data; shared, read only)."""
    return coverage.area_figure(at(version).figures, view)


@per_version(max_entries=256)
def national_figure(version: int, view: coverage.View):
    """Indonesia's latest figure for the view's metric (bundled data; shared, read only)."""
    return coverage.national_figure(at(version).figures, view)


@per_version(max_entries=64)
def latest(version: int, metric: str, level: str):
    """The latest figure per area for one metric and level (bundled data; shared, read only)."""
    return coverage.latest(at(version).figures, metric, level=level)


@per_version(max_entries=256)
def rendered_map(version: int, key: tuple, _build: Callable[[], component.folium.Map]) -> component.Rendered:
    """A map of the bundled data built and rendered once, then shown to every session that
    asks for the same ``key`` (everything the map depends on: view, scheme, tiles, mode,
    language). Building and rendering took about 40 ms of every run, more under load."""
    return component.rendered(_build())


@per_version(max_entries=256)
def view_part(version: int, key: tuple, _make: Callable[[], object]):
    """A part of a page made from the bundled data (its tables as the screen shows them),
    made once per ``key`` (everything it depends on, the language included); callers only
    read it."""
    return _make()


@per_version(max_entries=256)
def chart_spec(version: int, key: tuple, _chart: Callable[[], object]) -> dict:
    """A chart of the bundled data as its Vega-Lite specification, made and checked against
    Altair's schema once per ``key`` (everything the chart depends on); Altair's check took
    about 0.1 s per chart and run. Shown with ``st.vega_lite_chart``; callers only read it."""
    return _chart().to_dict()


@st.cache_resource(show_spinner=False)
def ikn_overlay():
    """Kecamatan x IKN overlay, computed once per process."""
    data = bundled()
    return ikn.overlay(data.kecamatan, data.ikn)


@st.cache_resource(show_spinner=False)
def locator_png() -> bytes:
    data = bundled()
    return export.locator_png(data.provinsi, data.kabkota, data.ikn)


@per_version(max_entries=256)
def profile(version: int, kode: str, target: float, lang: str):
    """A region's profile on the bundled data (shared, read only)."""
    from coverage_map.figures import profile as profiles
    from coverage_map.language.i18n import set_language

    set_language(lang)
    data = at(version)
    return profiles.build(data.regions, data.table.provinces,
                          province_figures(kode.split(".")[0]), kode, target, lang)


def profile_rows(figures, prov: str):
    """The rows a profile of ``prov`` or one of its kab/kota reads: the province's own, its
    regencies' (its rank among them), Kalimantan's and Indonesia's (the context lines). The same
    profile as from the whole table (tests/unit/test_speed_profile.py), from a fraction of it."""
    kode = figures["kode"]
    return figures[(kode == prov) | kode.str.startswith(prov + ".")
                   | figures["level"].isin(("region", "national"))]


@per_version(max_entries=64)
def province_figures(version: int, prov: str) -> Lookup:
    """``profile_rows`` of the bundled data, sorted out once (a ``Lookup``: the province's
    ranking is made once for its regencies' profiles; shared, read only)."""
    return Lookup(profile_rows(at(version).figures, prov))


@st.cache_resource(show_spinner=False)
def locators():
    """Kalimantan drawn once for the locator maps (``factsheet.Locators``); shared."""
    from coverage_map.render import factsheet

    data = bundled()
    return factsheet.Locators(data.provinsi, data.kabkota)


@st.cache_resource(show_spinner=False, max_entries=128)
def region_locator(kode: str) -> bytes:
    """A small map of Kalimantan with one region highlighted (boundaries are bundled)."""
    return locators().png(kode)


@per_version()
def plan_lookup(version: int):
    """The bundled figures sorted out once for Rencana and Analisis (``lookup.Lookup``: each
    region's rows, the latest statements per level, the targets, what a plan works out once
    per region); shared, read only but for its memo."""
    lookup = Lookup(at(version).figures)
    for level in ("kabkota", "province"):  # made here, not by the first sessions at once
        lookup.latest("coverage_pct", level)
        lookup.latest("active_participants", level, measured_only=True)
    return lookup


@st.cache_resource(show_spinner=False, max_entries=16)
def upload_lookup(upload_id: str, _figures):
    """An upload's figures sorted out once (``upload_id``: that upload's own random id, which
    only its session knows; ``_figures``: the figures its views use). Its session's reruns read
    it instead of sorting the table out again each time."""
    return Lookup(_figures)


def session_lookup(upload: dict | None) -> Lookup:
    """A session's figures sorted out once: the upload's (``session.uploaded_data()``), else
    the bundled data's."""
    return upload_lookup(upload["id"], upload["active"]) if upload else plan_lookup()


@per_version(max_entries=256)
def region_plan(version: int, kode: str, choices):
    """One region's plan on the bundled data with the user's choices (``plan_inputs.Choices``:
    every input is in it, so the plan is the same for every session that asks; shared, read
    only)."""
    from coverage_map.figures import plan_compute

    data = at(version)
    return plan_compute.build(data.regions, data.table.provinces, plan_lookup(), kode, choices)


@per_version(max_entries=64)
def province_plans(version: int, prov: str, choices):
    """The plan of every kab/kota of ``prov`` on the bundled data (``choices``: what the
    province's table takes, ``plan_inputs.province_choices``; shared, read only)."""
    from coverage_map.figures import plan_compute

    data = at(version)
    return plan_compute.province_rows(data.regions, data.table.provinces, plan_lookup(), prov,
                                      choices)


# --- Analisis on the bundled data (shared, read only) ----------------------------------------

@per_version(max_entries=64)
def analyst_table(version: int, provinces: tuple[str, ...], target: float, lang: str):
    """The analyst table of the chosen provinces (all of Kalimantan: ``()``)."""
    set_language(lang)
    return analysis.analyst_table(at(version).regions, plan_lookup(), list(provinces) or None,
                                  target, lang)


@per_version(max_entries=32)
def province_table(version: int, target: float, lang: str):
    """The five provinces and Kalimantan compared."""
    set_language(lang)
    data = at(version)
    return analysis.province_table(data.regions, plan_lookup(), data.table.provinces, target,
                                   lang)


@per_version(max_entries=4)
def province_trends(version: int, lang: str):
    """The provinces' trend points and why Kalimantan's rate fell (``profile``)."""
    from coverage_map.figures import profile as profiles

    set_language(lang)
    data = at(version)
    return (profiles.province_trends(data.figures, data.table.provinces, lang),
            profiles.trend_explanation(data.figures, lang=lang))
