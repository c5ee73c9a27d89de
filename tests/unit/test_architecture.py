"""The layout shows the architecture: one folder per layer, imports only downward, Streamlit
only at the edge, pages thin, modules small with one job, private names kept private, and
nothing read from ../shared at run time."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "coverage_map"
# the layers, lowest first: a module may import its own layer and those before it
LAYERS = ["language", "data", "store", "figures", "render", "ui"]
MAX_LINES = 450


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "frontend" not in p.parts)


def layer_of(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def imported(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names imported from it, line) of every import in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names], node.lineno))
    return found


def targets(module: str, names: list[str]) -> list[str]:
    """The coverage_map modules an import reaches (``from coverage_map.figures import plan``
    reaches ``coverage_map.figures.plan``)."""
    if not module.startswith("coverage_map"):
        return []
    subs = [f"{module}.{n}" for n in names
            if (PACKAGE.parent / f"{module}.{n}".replace(".", "/")).with_suffix(".py").exists()]
    return subs or [module]


def test_the_package_is_one_folder_per_layer():
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "__main__.py"}, top
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == \
        set(LAYERS)
    for layer in LAYERS:
        assert (PACKAGE / layer / "__init__.py").read_text().startswith('"""'), layer


def upward(path: Path, layer: str) -> list[str]:
    """The imports of ``path`` (a module of ``layer``) that reach a higher layer."""
    return [f"{path.name}:{line} imports {target}" for module, names, line in imported(path)
            for target in targets(module, names)
            if len(parts := target.split(".")) > 1 and parts[1] in LAYERS
            and LAYERS.index(parts[1]) > LAYERS.index(layer)]


def test_imports_go_only_downward():
    wrong = [w for path in modules() if (layer := layer_of(path)) for w in upward(path, layer)]
    assert not wrong, "\n".join(wrong)


def test_the_direction_check_finds_an_upward_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from coverage_map.figures import derived\n"
                      "from coverage_map.language import numbers\n"
                      "import coverage_map.render.maps\n")
    assert upward(sample, "data") == ["sample.py:1 imports coverage_map.figures.derived",
                                      "sample.py:3 imports coverage_map.render.maps"]
    assert upward(sample, "ui") == []


def test_streamlit_only_in_ui():
    checked = 0
    for path in modules():
        if layer_of(path) == "ui":
            continue
        checked += 1
        names = {m.split(".")[0] for m, _, _ in imported(path)}
        assert not names & {"streamlit", "streamlit_folium"}, path.name
    assert checked > 25


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_small(path):
    lines = len(path.read_text().splitlines())
    assert lines < MAX_LINES, f"{lines} lines"


def private_uses(path: Path) -> list[str]:
    """Private names (``_name``) of another coverage_map module that ``path`` imports or
    reads (``from coverage_map.x import _y``, ``module._y``)."""
    tree = ast.parse(path.read_text())
    wrong, aliases = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("coverage_map"):
            wrong += [f"{path.name}:{node.lineno} imports {node.module}.{a.name}"
                      for a in node.names if a.name.startswith("_")]
            aliases |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            aliases |= {(a.asname or a.name).split(".")[0] for a in node.names
                        if a.name.startswith("coverage_map")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                node.value.id in aliases and node.attr.startswith("_") and \
                not node.attr.startswith("__"):
            wrong.append(f"{path.name}:{node.lineno} uses {node.value.id}.{node.attr}")
    return wrong


def test_no_private_name_is_used_outside_its_module():
    wrong = [w for path in [*modules(), ROOT / "streamlit_app.py", *(ROOT / "pages").glob("*.py")]
             for w in private_uses(path)]
    assert not wrong, "\n".join(wrong)


def test_the_private_name_check_finds_both_forms(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from coverage_map.ui.frame import _KEEP, safe\n"
                      "from coverage_map.figures import plan\n"
                      "plan._newest_first(x)\nplan.money(1)\nx._private\n")
    assert private_uses(sample) == ["sample.py:1 imports coverage_map.ui.frame._KEEP",
                                    "sample.py:3 uses plan._newest_first"]


def test_pages_never_import_pages():
    pages = {p.stem for p in (PACKAGE / "ui").glob("*_page.py")}
    assert len(pages) >= 7
    for name in pages:
        path = PACKAGE / "ui" / f"{name}.py"
        reached = {t.split(".")[-1] for m, n, _ in imported(path) for t in targets(m, n)}
        assert not reached & (pages - {name}), name


def test_pages_do_not_use_pandas_or_geopandas():
    for path in [ROOT / "streamlit_app.py", *(ROOT / "pages").glob("*.py")]:
        names = {m.split(".")[0] for m, _, _ in imported(path)}
        assert not names & {"pandas", "geopandas", "folium", "shapely"}, path.name


def test_app_never_reads_shared():
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "pages").glob("*.py"),
                 ROOT / "streamlit_app.py"]:
        text = path.read_text()
        assert "../shared" not in text and "/shared/" not in text and '"shared"' not in text, path
