"""All Streamlit caching in one place."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.app_session import AppSession

from coverage_map.data import io
from coverage_map.figures import analysis, coverage, ikn
from coverage_map.figures.lookup import Lookup
from coverage_map.render import export
from coverage_map.ui import component, memory
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


@st.cache_resource(show_spinner=False)
def bundle() -> io.Bundle:
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


@st.cache_resource(show_spinner=False, max_entries=256)
def view_table(view: coverage.View, lang: str):
    """The view's table, shared by every session showing that view (a resource, not data:
    no copy per call; callers only read it). ``lang`` is part of the key because the table
    holds texts."""
    set_language(lang)
    data = bundle()
    return coverage.view_table(data.regions, data.figures, view)


@st.cache_resource(show_spinner=False, max_entries=256)
def area_figure(view: coverage.View):
    """The latest figure for the view's whole area (bundled data; shared, read only)."""
    return coverage.area_figure(bundle().figures, view)


@st.cache_resource(show_spinner=False, max_entries=256)
def national_figure(view: coverage.View):
    """Indonesia's latest figure for the view's metric (bundled data; shared, read only)."""
    return coverage.national_figure(bundle().figures, view)


@st.cache_resource(show_spinner=False, max_entries=64)
def latest(metric: str, level: str):
    """The latest figure per area for one metric and level (bundled data; shared, read only)."""
    return coverage.latest(bundle().figures, metric, level=level)


@st.cache_resource(show_spinner=False, max_entries=256)
def rendered_map(key: tuple, _build: Callable[[], component.folium.Map]) -> component.Rendered:
    """A map of the bundled data built and rendered once, then shown to every session that
    asks for the same ``key`` (everything the map depends on: view, scheme, tiles, mode,
    language). Building and rendering took about 40 ms of every run, more under load."""
    return component.rendered(_build())


@st.cache_resource(show_spinner=False, max_entries=256)
def view_part(key: tuple, _make: Callable[[], object]):
    """A part of a page made from the bundled data (its tables as the screen shows them),
    made once per ``key`` (everything it depends on, the language included); callers only
    read it."""
    return _make()


@st.cache_resource(show_spinner=False, max_entries=256)
def chart_spec(key: tuple, _chart: Callable[[], object]) -> dict:
    """A chart of the bundled data as its Vega-Lite specification, made and checked against
    Altair's schema once per ``key`` (everything the chart depends on); Altair's check took
    about 0.1 s per chart and run. Shown with ``st.vega_lite_chart``; callers only read it."""
    return _chart().to_dict()


@st.cache_resource(show_spinner=False)
def ikn_overlay():
    """Kecamatan x IKN overlay, computed once per process."""
    data = bundle()
    return ikn.overlay(data.kecamatan, data.ikn)


@st.cache_resource(show_spinner=False)
def locator_png() -> bytes:
    data = bundle()
    return export.locator_png(data.provinsi, data.kabkota, data.ikn)


@st.cache_resource(show_spinner=False, max_entries=256)
def profile(kode: str, target: float, lang: str):
    """A region's profile on the bundled data (shared, read only)."""
    from coverage_map.figures import profile as profiles
    from coverage_map.language.i18n import set_language

    set_language(lang)
    data = bundle()
    return profiles.build(data.regions, data.table.provinces,
                          province_figures(kode.split(".")[0]), kode, target, lang)


def profile_rows(figures, prov: str):
    """The rows a profile of ``prov`` or one of its kab/kota reads: the province's own, its
    regencies' (its rank among them), Kalimantan's and Indonesia's (the context lines). The same
    profile as from the whole table (tests/unit/test_speed_profile.py), from a fraction of it."""
    kode = figures["kode"]
    return figures[(kode == prov) | kode.str.startswith(prov + ".")
                   | figures["level"].isin(("region", "national"))]


@st.cache_resource(show_spinner=False, max_entries=64)
def province_figures(prov: str) -> Lookup:
    """``profile_rows`` of the bundled data, sorted out once (a ``Lookup``: the province's
    ranking is made once for its regencies' profiles; shared, read only)."""
    return Lookup(profile_rows(bundle().figures, prov))


@st.cache_resource(show_spinner=False)
def locators():
    """Kalimantan drawn once for the locator maps (``factsheet.Locators``); shared."""
    from coverage_map.render import factsheet

    data = bundle()
    return factsheet.Locators(data.provinsi, data.kabkota)


@st.cache_resource(show_spinner=False, max_entries=128)
def region_locator(kode: str) -> bytes:
    """A small map of Kalimantan with one region highlighted (boundaries are bundled)."""
    return locators().png(kode)


@st.cache_resource(show_spinner=False)
def plan_lookup():
    """The bundled figures sorted out once for Rencana and Analisis (``lookup.Lookup``: each
    region's rows, the latest statements per level, the targets, what a plan works out once
    per region); shared, read only but for its memo."""
    lookup = Lookup(bundle().figures)
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


@st.cache_resource(show_spinner=False, max_entries=256)
def region_plan(kode: str, choices):
    """One region's plan on the bundled data with the user's choices (``plan_inputs.Choices``:
    every input is in it, so the plan is the same for every session that asks; shared, read
    only)."""
    from coverage_map.figures import plan_compute

    data = bundle()
    return plan_compute.build(data.regions, data.table.provinces, plan_lookup(), kode, choices)


@st.cache_resource(show_spinner=False, max_entries=64)
def province_plans(prov: str, choices):
    """The plan of every kab/kota of ``prov`` on the bundled data (``choices``: what the
    province's table takes, ``plan_inputs.province_choices``; shared, read only)."""
    from coverage_map.figures import plan_compute

    data = bundle()
    return plan_compute.province_rows(data.regions, data.table.provinces, plan_lookup(), prov,
                                      choices)


# --- Analisis on the bundled data (shared, read only) ----------------------------------------

@st.cache_resource(show_spinner=False, max_entries=64)
def analyst_table(provinces: tuple[str, ...], target: float, lang: str):
    """The analyst table of the chosen provinces (all of Kalimantan: ``()``)."""
    set_language(lang)
    return analysis.analyst_table(bundle().regions, plan_lookup(), list(provinces) or None,
                                  target, lang)


@st.cache_resource(show_spinner=False, max_entries=32)
def province_table(target: float, lang: str):
    """The five provinces and Kalimantan compared."""
    set_language(lang)
    data = bundle()
    return analysis.province_table(data.regions, plan_lookup(), data.table.provinces, target,
                                   lang)


@st.cache_resource(show_spinner=False, max_entries=4)
def province_trends(lang: str):
    """The provinces' trend points and why Kalimantan's rate fell (``profile``)."""
    from coverage_map.figures import profile as profiles

    set_language(lang)
    data = bundle()
    return (profiles.province_trends(data.figures, data.table.provinces, lang),
            profiles.trend_explanation(data.figures, lang=lang))
