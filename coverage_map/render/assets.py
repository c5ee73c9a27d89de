"""Leaflet's files, copied from the ``xstatic-leaflet`` package into ``static/vendor/leaflet``.

Streamlit serves ``static/`` at ``app/static/`` (``server.enableStaticServing``). The files are
third-party code: they are installed with the package and copied at start, never committed.
The map component runs in an iframe under ``component/<name>/``, so the URLs are relative to
it and work behind a path prefix too (Streamlit Community Cloud).
"""

from __future__ import annotations

import shutil
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
LEAFLET_DIR = STATIC / "vendor" / "leaflet"
LEAFLET_JS_URL = "../../app/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS_URL = "../../app/static/vendor/leaflet/leaflet.css"
_FILES = ("leaflet.js", "leaflet.css", "images")


def ensure_leaflet(target: Path = LEAFLET_DIR) -> Path:
    """Copy Leaflet from its pip package into ``target`` unless it is already there."""
    import xstatic.pkg.leaflet as xleaflet

    source = Path(xleaflet.BASE_DIR)
    marker = target / f".version-{xleaflet.VERSION}"
    if marker.exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name, dirs_exist_ok=True)
        else:
            shutil.copyfile(src, target / name)
    marker.touch()
    return target


def leaflet_text(name: str) -> str:
    """The text of ``leaflet.js`` or ``leaflet.css`` from the installed package (for a map
    file that carries Leaflet inside itself)."""
    import xstatic.pkg.leaflet as xleaflet

    if name not in ("leaflet.js", "leaflet.css"):
        raise ValueError(f"`name` was {name!r} but is expected to be leaflet.js or leaflet.css")
    return (Path(xleaflet.BASE_DIR) / name).read_text(encoding="utf-8")
