"""The embed under AppTest: "Sematkan peta" gives the snippet of the view on screen, and
``?sematkan=1`` shows the map alone with its sources and the link back."""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def app(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at


def snippet_of(at) -> str:
    codes = [c.value for c in at.code if c.value.startswith("<iframe")]
    assert len(codes) == 1, [c.value[:60] for c in at.code]
    return codes[0]


def test_the_sematkan_control_gives_the_snippet_of_the_view_on_screen():
    at = app(provinsi="64", indikator="active_participants", bahasa="en")
    assert "Embed the map" in [p.proto.popover.label for p in at.get("popover")]
    snippet = snippet_of(at)
    src = re.search(r'src="([^"]+)"', snippet)[1].replace("&amp;", "&")
    query = dict(part.split("=", 1) for part in src.split("?", 1)[1].split("&"))
    assert query == {"provinsi": "64", "indikator": "active_participants", "bahasa": "en",
                     "sematkan": "1"}
    assert 'title="Active participants: Kalimantan Timur"' in snippet
    assert any(c.value.startswith("Paste this code") for c in at.caption)
    # the control follows the view: another province, another snippet
    at.selectbox(key="provinsi").set_value("63").run()
    assert "provinsi=63&amp;" in snippet_of(at) and "provinsi=64" not in snippet_of(at)


def test_the_embed_view_is_the_map_alone_with_its_sources_and_the_way_back():
    at = app(provinsi="64", target="75", sematkan="1")
    assert not at.sidebar.children and not at.title and not at.metric  # nothing but the map
    assert not at.get("popover") and not at.button
    foot = [m.value for m in at.markdown if "Buka peta lengkap" in m.value]
    assert len(foot) == 1 and foot[0].startswith("Sumber angka\\: ")  # markdown-escaped
    link = re.search(r"\]\((http[^)]+)\)", foot[0])[1]
    assert link.endswith("/?provinsi=64&target=75") and "sematkan" not in link
    assert at.query_params["sematkan"] == "1"  # the link stays an embed on every rerun
