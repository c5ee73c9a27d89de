"""Streamlit stays at the edges; pages stay thin; nothing reads ../shared at run time."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EDGES = {"cache.py", "component.py"}  # with the ui/ package, the only modules that import streamlit


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_streamlit_only_in_ui_and_cache():
    package = ROOT / "coverage_map"
    checked = 0
    for path in package.rglob("*.py"):
        if path.name in EDGES and path.parent == package or path.parent == package / "ui":
            continue
        checked += 1
        assert not imports(path) & {"streamlit", "streamlit_folium"}, path.name
    assert checked > 15  # the logic: every other module of the package


def test_ui_is_split_by_page():
    """Each page's behaviour in one module; none of them grows into the old 850-line ui.py."""
    modules = {p.stem: len(p.read_text().splitlines())
               for p in (ROOT / "coverage_map" / "ui").glob("*.py")}
    assert {"frame", "session", "widgets", "map_page", "focus_page", "analysis_page",
            "upload_page", "sources_page"} <= set(modules)
    assert max(modules.values()) < 400, modules


def test_pages_do_not_use_pandas_or_geopandas():
    for path in [ROOT / "streamlit_app.py", *(ROOT / "pages").glob("*.py")]:
        assert not imports(path) & {"pandas", "geopandas", "folium", "shapely"}, path.name


def test_app_never_reads_shared():
    for path in [*(ROOT / "coverage_map").rglob("*.py"), *(ROOT / "pages").glob("*.py"),
                 ROOT / "streamlit_app.py"]:
        text = path.read_text()
        assert "../shared" not in text and "/shared/" not in text and '"shared"' not in text, path
