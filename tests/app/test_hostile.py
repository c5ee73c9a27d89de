"""Hostile uploads and links: everything shown is escaped, nothing is lost, no traceback."""

import re
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
from make_hostile import HOSTILE_CSV, HOSTILE_NAME  # noqa: E402

TIMEOUT = 120


def live(text: str) -> bool:
    """True if markdown in ``text`` could make a link, an image, HTML or a formula."""
    return bool(re.search(r"(?<!\\)\]\(javascript|(?<!\\)<(img|script|b)\b", text))


def shown_markdown(at) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "success", "error", "warning", "info")
            for e in getattr(at, kind)]


def test_hostile_upload_is_escaped_everywhere():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/unggah.py").run()
    at.file_uploader(key="berkas").set_value((HOSTILE_NAME, HOSTILE_CSV.encode(), "text/csv"))
    at.run()
    assert not at.exception
    texts = shown_markdown(at)
    assert any("\\*\\*tebal\\*\\*\\[x\\]\\(javascript\\:alert\\(1\\)\\)\\<b\\>" in x
               for x in texts)
    assert texts and not any(live(text) for text in texts)  # nothing live reaches markdown
    at.switch_page("pages/peta.py").run()
    assert not at.exception
    assert not any(live(text) for text in shown_markdown(at))
    ranked = at.dataframe[0].value  # the table holds the text as text
    assert ranked["Sumber"].str.contains("<img src=x", regex=False).any()


def test_hostile_link_values_are_escaped():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"provinsi": "[x](javascript:alert(1))", "bahasa": "<img src=x>"})
    at.run()
    assert not at.exception
    warning = at.warning[0].value
    assert not live(warning) and "provinsi" in warning and "\\<img" in warning


def test_one_bad_bundled_row_is_reported_and_the_rest_loads(tmp_path, run_app_with):
    from coverage_map import io

    rows = io.FIGURES_FILE.read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace(",region,", ",kota_hantu,", 1)  # level not allowed
    broken = tmp_path / "coverage_figures.csv"
    broken.write_text("\n".join(rows) + "\n", encoding="utf-8")
    at = run_app_with(FIGURES_FILE=broken)
    assert not at.exception and not at.error
    at.switch_page("pages/sumber.py").run()
    assert any("1 baris data tidak lolos validasi" in w.value for w in at.warning)
    assert any("baris 1" in w.value and "level" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 626


def test_corrupt_boundary_file_gives_a_clear_page(tmp_path, run_app_with):
    broken_dir = tmp_path / "geodata"
    broken_dir.mkdir()
    (broken_dir / "kabkota.geojson").write_text('{"type": "FeatureCollection", "feat')
    at = run_app_with(GEODATA=broken_dir)
    assert not at.exception
    message = at.error[0].value
    assert "kabkota.geojson" in message and "berkas rusak" in message
    assert "build_geodata.py" in message
