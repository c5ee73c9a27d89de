"""streamlit-folium's component, fed maps rendered once.

``st_folium`` builds its arguments from a folium map on every call: it renders the map twice and
turns it into a script, about 20 ms for the coverage map, after the map itself took about 20 ms
to build. A map of the bundled data is the same for every session showing the same view, so
``cache.rendered_map`` keeps its ``Rendered`` form and ``show`` hands it to the same component
with the arguments ``st_folium(..., use_container_width=True, returned_objects=[])`` would send
(a unit test compares the two for the pinned streamlit-folium).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import folium
import folium.elements
import streamlit.components.v1 as components
import streamlit_folium as sf

_MAP_DRAWN = components.declare_component(
    "peta_tergambar", path=str(Path(__file__).with_name("frontend") / "map_drawn"))
_PROFILE_LINK = components.declare_component(
    "profil_dari_peta", path=str(Path(__file__).with_name("frontend") / "profile_link"))
_UPLOAD_GUARD = components.declare_component(
    "penjaga_unggahan", path=str(Path(__file__).with_name("frontend") / "upload_guard"))


@dataclass(frozen=True)
class Rendered:
    """A map as streamlit-folium's component receives it."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def rendered(fmap: folium.Map) -> Rendered:
    """Render ``fmap`` the way ``st_folium`` 0.27 does (a unit test compares the two)."""
    fmap.get_root().render()
    fmap.render()
    html_ = sf._get_html(fmap)  # before the map string, which alters the map
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css, js = [], []
    for elem in _elements(fmap):  # the elements that bring their own files: Leaflet's only
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return Rendered(script, header, html_, sf.get_full_id(fmap), tuple(dict.fromkeys(css)),
                    tuple(dict.fromkeys(js)))


def _elements(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _elements(child)


def filling_its_frame(map_: Rendered) -> Rendered:
    """The map as tall as its frame (the component's iframe, sized by the page around it),
    instead of the height it was built with (the embed: ``ui.embed``)."""
    return replace(map_, header=map_.header + FILL_FRAME_CSS)


FILL_FRAME_CSS = ("<style>html, body {margin: 0; height: 100%; overflow: hidden}"
                  " #map_div {height: 100vh !important}</style>")


def show(map_: Rendered, height: int, key: str) -> None:
    """The map in streamlit-folium's component, full width. It returns nothing, so panning
    and zooming never rerun the app."""
    sf._component_func(
        script=map_.script, header=map_.header, html=map_.html, id=map_.map_id,
        key=sf.generate_js_hash(map_.script, key, False), height=height, width=None,
        returned_objects=[], default={}, zoom=None, center=None, feature_group=None,
        return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(map_.css_links), js_links=list(map_.js_links), wrap_longitude=False)


def map_drawn(key: str) -> bool:
    """Whether the page's map has drawn its regions, as told by a component of no height that
    watches it in the browser (``frontend/map_drawn``). Telling it reruns the app."""
    return bool(_MAP_DRAWN(key=key, default=False))


def profile_asked(key: str) -> dict | None:
    """The region whose profile or plan the reader opened from the map, or added to the
    comparison (``{"kode", "at", "page"}``, page ``"profil"``, ``"rencana"`` or ``"banding"``),
    told by a component of no height that offers
    the map that way (``frontend/profile_link``)."""
    value = _PROFILE_LINK(key=key, default=None)
    return value if isinstance(value, dict) and value.get("kode") else None


def upload_guard(key: str, name: str | None, session: str) -> dict | None:
    """While an upload is in use (``name``, its file), leaving or reloading the page asks
    first, for the upload lives only in this browser session (``frontend/upload_guard``).
    Drawn without one (``None``), it answers ``{"lost": file, "at": ms}`` when this browser
    tab had an upload in an earlier session that is gone (its process restarted); else None.
    ``session`` names this session (an upload it dropped itself was not lost)."""
    value = _UPLOAD_GUARD(key=key, default=None, active=name is not None, name=name or "",
                          session=session)
    return value if isinstance(value, dict) and value.get("lost") and name is None else None
