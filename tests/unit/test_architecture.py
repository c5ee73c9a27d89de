"""Streamlit stays at the edges; pages stay thin; nothing reads ../shared at run time."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_MODULES = {"ui.py", "cache.py", "component.py"}  # the edges


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
    for path in (ROOT / "coverage_map").glob("*.py"):
        if path.name not in UI_MODULES:
            assert not imports(path) & {"streamlit", "streamlit_folium"}, path.name


def test_pages_do_not_use_pandas_or_geopandas():
    for path in [ROOT / "streamlit_app.py", *(ROOT / "pages").glob("*.py")]:
        assert not imports(path) & {"pandas", "geopandas", "folium", "shapely"}, path.name


def test_app_never_reads_shared():
    for path in [*(ROOT / "coverage_map").rglob("*.py"), *(ROOT / "pages").glob("*.py"),
                 ROOT / "streamlit_app.py"]:
        text = path.read_text()
        assert "../shared" not in text and "/shared/" not in text and '"shared"' not in text, path
