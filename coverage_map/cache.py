"""All Streamlit caching in one place."""

from __future__ import annotations

import gc
from collections.abc import Callable

import streamlit as st

from coverage_map import component, coverage, export, ikn, io, memory
from coverage_map.assets import ensure_leaflet
from coverage_map.i18n import set_language


@st.cache_resource(show_spinner=False)
def bundle() -> io.Bundle:
    """The bundled data, read once per server process and shared by every session.

    Once it is read, everything loaded so far (modules, the data) lives as long as the process,
    so it is moved out of the garbage collector's sight (``gc.freeze``). Streamlit runs a full
    collection after every script run; over those ~190,000 objects it took 100 to 190 ms,
    holding the interpreter while the browser waited for the map's files."""
    data = io.Bundle()
    gc.freeze()
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
    from coverage_map import profile as profiles
    from coverage_map.i18n import set_language

    set_language(lang)
    data = bundle()
    return profiles.build(data.regions, data.table.provinces, data.figures, kode, target, lang)


@st.cache_resource(show_spinner=False, max_entries=128)
def region_locator(kode: str) -> bytes:
    """A small map of Kalimantan with one region highlighted (boundaries are bundled)."""
    from coverage_map import factsheet

    data = bundle()
    return factsheet.locator_png(data.provinsi, data.kabkota, kode)
