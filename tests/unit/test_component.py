"""A map rendered once and shown by ``component.show`` reaches streamlit-folium's component with
exactly what ``st_folium`` would have sent for it (guards the pinned streamlit-folium)."""

import re

import pytest
import streamlit_folium as sf

from coverage_map.figures import classify, coverage, ikn
from coverage_map.render import focus_map as focus, maps
from coverage_map.ui import component
from coverage_map.render.assets import LEAFLET_CSS_URL, LEAFLET_JS_URL
from coverage_map.figures.coverage import View

FOLIUM_ID = re.compile(r"[0-9a-f]{32}")  # folium names every element with a random hex id


def coverage_map(bundle, view):
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric, "tetap", view.target)
    return maps.coverage_map(bundle.kabkota, table, classes, view.metric, "Legenda",
                             target=view.target, topology=bundle.topology)


def focus_map(bundle):
    shown = ikn.focus_area(bundle.kecamatan, bundle.ikn)
    return focus.focus_map(shown, ikn.overlay(bundle.kecamatan, bundle.ikn),
                           ikn.regencies_from_kecamatan(shown), bundle.ikn, {},
                           ikn.focus_bounds(bundle.kecamatan, bundle.ikn))


def sent(monkeypatch, show) -> dict:
    calls = []
    monkeypatch.setattr(sf, "_component_func", lambda **kwargs: calls.append(kwargs))
    show()
    assert len(calls) == 1
    args = {k: v for k, v in calls[0].items() if k != "on_change"}  # st_folium's own callback
    return {k: FOLIUM_ID.sub("ID", v) if isinstance(v, str) else v for k, v in args.items()}


@pytest.mark.parametrize("make", [lambda b: coverage_map(b, View()),
                                  lambda b: coverage_map(b, View(province="64")),
                                  focus_map], ids=["kalimantan", "kaltim", "ikn"])
def test_show_sends_what_st_folium_sends(bundle, monkeypatch, make):
    ours = sent(monkeypatch, lambda: component.show(component.rendered(make(bundle)), 620, "k"))
    theirs = sent(monkeypatch, lambda: sf.st_folium(make(bundle), height=620, key="k",
                                                    use_container_width=True,
                                                    returned_objects=[]))
    assert ours == theirs
    assert "map_div" in ours["script"] and len(ours["script"]) > 10_000  # a real map


def test_a_rendered_map_can_be_shown_again(bundle, monkeypatch):
    """One rendering serves every session: showing it does not change it."""
    rendered = component.rendered(coverage_map(bundle, View()))
    first = sent(monkeypatch, lambda: component.show(rendered, 620, "k"))
    assert sent(monkeypatch, lambda: component.show(rendered, 620, "k")) == first
    assert first["js_links"] == [LEAFLET_JS_URL] and first["css_links"] == [LEAFLET_CSS_URL]
