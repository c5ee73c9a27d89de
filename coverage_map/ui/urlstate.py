"""The view as URL query parameters, so a copied link reopens exactly the same view.

Pure functions: ``parse`` reads parameters (invalid values fall back to the default and are
reported, never raised), ``to_params`` writes only what differs from the defaults. The page
itself is the URL path (``/peta``, ``/ikn``, ``/sumber``); ``?fokus=ikn`` opens the focus page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Iterable, Mapping
from urllib.parse import urlencode

from coverage_map.language import numbers
from coverage_map.figures.classify import SCHEMES
from coverage_map.figures.coverage import DEFAULT_TARGET
from coverage_map.language.i18n import DEFAULT_LANG, LANGS
from coverage_map.data.schema import MAP_METRICS

PRESENTATION = "presentasi"
TILES = "osm"
ALL = "semua"


@dataclass(frozen=True)
class ViewState:
    """Everything a link carries. Field metadata names the URL parameter."""

    province: str | None = None
    metric: str = "coverage_pct"
    scheme: str = "tetap"
    target: float = DEFAULT_TARGET
    year: int | None = None  # latest figure up to this year; None: the latest of all
    lang: str = DEFAULT_LANG
    presentation: bool = False
    tiles: bool = False
    labels: bool = False  # region names with their values on the map


PARAMS = {
    "province": "provinsi",
    "metric": "indikator",
    "scheme": "kelas",
    "target": "target",
    "year": "tahun",
    "lang": "bahasa",
    "presentation": "tampilan",
    "tiles": "peta_dasar",
    "labels": "nama",
}
LABELS = "ya"
PAGE_PATHS = ("peta", "ikn", "analisis", "unggah", "sumber", "wilayah", "rencana", "editor")
DEFAULTS = ViewState()
TARGET_RANGE = (1.0, 200.0)
UNKNOWN, AMBIGUOUS, REPEATED = "unknown", "ambiguous", "repeated"


@dataclass(frozen=True)
class LinkNotice:
    """What a link asked for that the view could not take as it was: a value it does not
    know (``unknown``: the default is used), a number two conventions read differently
    (``ambiguous``: ``readings``; the default is used), or a parameter given more than once
    (``repeated``: ``values`` in the link's order; ``value``, the last, is used)."""

    param: str
    value: str
    kind: str = UNKNOWN
    readings: tuple = ()
    values: tuple[str, ...] = ()


def single_values(params: Mapping[str, list[str] | str]) -> tuple[dict[str, str],
                                                                  list[LinkNotice]]:
    """One value per parameter (the last, as a browser's own reading of a link does) and a
    notice for each parameter the link gives more than once with different values
    (``?provinsi=63&provinsi=64``)."""
    out: dict[str, str] = {}
    notices: list[LinkNotice] = []
    for name, given in params.items():
        values = [given] if isinstance(given, str) else list(given)
        if not values:
            continue
        out[name] = values[-1]
        if len(set(values)) > 1:
            notices.append(LinkNotice(name, values[-1], REPEATED, values=tuple(values)))
    return out, notices


def read_target(text: str) -> float:
    """The target in a link (``62.5``; ``62,5`` too, which nothing else can mean); raises
    ``numbers.NumberError`` (``62.500`` is ``ambiguous``, ``1e9`` is ``text``)."""
    low, high = TARGET_RANGE
    value = numbers.check(numbers.read_link(text), text, low, high)
    if not math.isfinite(value):
        raise numbers.NumberError("text", text)
    return value


def parse(params: Mapping[str, str], provinces: Iterable[str], years: Iterable[int]
          ) -> tuple[ViewState, list[LinkNotice]]:
    """State from URL parameters, and a notice for each value that was not valid."""
    provinces, years = set(provinces), set(years)
    values: dict[str, object] = {}
    rejected: list[LinkNotice] = []

    def take(field: str, ok, convert=lambda v: v):
        name = PARAMS[field]
        if name not in params:
            return
        raw = str(params[name]).strip()
        try:
            value = convert(raw)
        except numbers.NumberError as exc:
            if exc.code == "ambiguous":
                rejected.append(LinkNotice(name, raw, AMBIGUOUS, exc.readings))
                return
            value = None
        except (TypeError, ValueError):
            value = None
        if value is not None and ok(value):
            values[field] = value
        else:
            rejected.append(LinkNotice(name, raw))

    take("province", lambda v: v == ALL or v in provinces)
    take("metric", lambda v: v in MAP_METRICS)
    take("scheme", lambda v: v in SCHEMES)
    take("target", lambda v: True, read_target)
    take("year", lambda v: v in years, int)
    take("lang", lambda v: v in LANGS)
    take("presentation", lambda v: v == PRESENTATION)
    take("tiles", lambda v: v == TILES)
    take("labels", lambda v: v == LABELS)
    if values.get("province") == ALL:
        values["province"] = None
    if "presentation" in values:
        values["presentation"] = True
    if "tiles" in values:
        values["tiles"] = True
    if "labels" in values:
        values["labels"] = True
    return ViewState(**values), rejected


def to_params(state: ViewState) -> dict[str, str]:
    """Query parameters for ``state``; defaults are left out so links stay short."""
    out: dict[str, str] = {}
    for f in fields(ViewState):
        value = getattr(state, f.name)
        if value == getattr(DEFAULTS, f.name):
            continue
        name = PARAMS[f.name]
        if f.name == "presentation":
            out[name] = PRESENTATION
        elif f.name == "tiles":
            out[name] = TILES
        elif f.name == "labels":
            out[name] = LABELS
        elif f.name == "target":
            out[name] = numbers.canonical(value)
        else:
            out[name] = str(value)
    return out


def link(base_url: str, page_path: str, state: ViewState,
         extra: Mapping[str, str] | None = None) -> str:
    """A shareable URL for ``state`` on ``page_path`` (``""`` for the main page), with what
    the page itself adds (``extra``: ``{"kode": "64.74"}`` on a region's profile)."""
    base = base_url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    head, _, last = base.rpartition("/")
    if last in PAGE_PATHS and "//" in head + "/":  # drop the current page from the app's URL
        base = head
    query = urlencode({**to_params(state), **(extra or {})}, safe=",")
    path = f"/{page_path}" if page_path else "/"
    return f"{base}{path}" + (f"?{query}" if query else "")
