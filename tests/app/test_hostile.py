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
    # (a word joiner after ":" keeps "javascript:alert" from being read as a link or emoji)
    assert any("\\*\\*tebal\\*\\*\\[x\\]\\(javascript\\:\u2060alert\\(1\\)\\)\\<b\\>"
               in x for x in texts)
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
    from coverage_map.data import io

    rows = io.FIGURES_FILE.read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace(",region,", ",kota_hantu,", 1)  # level not allowed
    broken = tmp_path / "coverage_figures.csv"
    broken.write_text("\n".join(rows) + "\n", encoding="utf-8")
    at = run_app_with(FIGURES_FILE=broken)
    assert not at.exception and not at.error
    at.switch_page("pages/sumber.py").run()
    assert any("1 baris data tidak lolos validasi" in w.value for w in at.warning)
    assert any("baris 1" in w.value and "level" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 662  # 663 figures, one left out


def test_corrupt_boundary_file_gives_a_clear_page(tmp_path, run_app_with):
    broken_dir = tmp_path / "geodata"
    broken_dir.mkdir()
    (broken_dir / "kabkota.geojson").write_text('{"type": "FeatureCollection", "feat')
    at = run_app_with(GEODATA=broken_dir)
    assert not at.exception
    message = at.error[0].value
    assert "kabkota.geojson" in message and "berkas rusak" in message
    assert "build_geodata.py" in message


def _copy_geodata(tmp_path):
    import shutil

    from coverage_map.data import io
    target = tmp_path / "geodata"
    shutil.copytree(io.GEODATA, target)
    return target


def test_damaged_sidecar_gives_a_clear_page(tmp_path, run_app_with):
    geodata = _copy_geodata(tmp_path)
    (geodata / "kabkota.geojson.meta.json").write_text('{"source": "cahyadsn", "commit": ')
    at = run_app_with(GEODATA=geodata)
    assert not at.exception
    message = at.error[0].value
    assert "kabkota.geojson.meta.json" in message and "berkas rusak" in message


def test_non_number_in_a_reference_table_gives_a_clear_page(tmp_path, run_app_with):
    geodata = _copy_geodata(tmp_path)
    table = geodata / "ikn_kecamatan.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("luas_kecamatan_km2")] = "banyak"
    table.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    at = run_app_with(GEODATA=geodata, IKN_REFERENCE_FILE=table)
    assert not at.exception
    message = at.error[0].value
    assert "ikn_kecamatan.csv" in message and "bukan angka" in message


def test_an_unexpected_failure_while_loading_gives_a_clear_page(monkeypatch, run_app_with):
    from coverage_map.data import topo

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path boom")

    monkeypatch.setattr(topo, "build", broken)
    at = run_app_with()
    assert not at.exception
    message = at.error[0].value
    assert "Data bawaan tidak bisa dimuat" in message and "log server" in message
    assert "/srv/secret" not in message and "boom" not in message


def test_error_details_are_hidden_from_visitors():
    import tomllib
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] * 1_000_000 == __import__(
        "coverage_map.data.reading", fromlist=["MAX_BYTES"]).MAX_BYTES


def test_uploaded_file_name_is_text_in_headings_and_badge():
    from coverage_map.ui import safe
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    at.switch_page("pages/unggah.py").run()
    at.file_uploader(key="berkas").set_value(
        (HOSTILE_NAME, b"Kabupaten/Kota;Peserta Aktif\nKab. Paser;81.436\n", "text/csv")).run()
    at.switch_page("pages/sumber.py").run()
    assert not at.exception
    heading = next(h.value for h in at.subheader if "Angka unggahan" in h.value)
    assert not live(heading) and "\\*\\*tebal\\*\\*" in heading
    assert any(c.value.startswith(safe(HOSTILE_NAME) + " · ") for c in at.caption)  # badge


def test_link_notice_stays_until_read():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"provinsi": "99"})
    at.run()
    assert "provinsi='99'" in at.warning[0].value
    at.run()  # another run (the whole page after a light first view, a filter change)
    assert any("provinsi='99'" in w.value for w in at.warning)
    at.button(key="tautan_dibaca").click().run()
    assert not any("provinsi='99'" in w.value for w in at.warning)


def test_share_popover_says_the_link_does_not_carry_an_upload():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    note = "Tautan ini tidak membawa data itu"
    assert not any(note in w.value for w in at.warning)
    at.switch_page("pages/unggah.py").run()
    at.file_uploader(key="berkas").set_value(
        ("kaltim.csv", b"Kabupaten/Kota;Peserta Aktif\nKab. Paser;81.436\n", "text/csv")).run()
    at.switch_page("pages/peta.py").run()
    assert any(note in w.value for w in at.warning)


# --- values from links and file names: shown as written, on one line, short (issue 24, item 7)

WORD_JOINER = "\u2060"


def _read(markdown: str) -> str:
    """Markdown as the reader sees it: escapes read, the invisible word joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def test_a_newline_in_a_region_code_cannot_make_a_heading_or_a_code_block():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.switch_page("pages/wilayah.py")
    at.query_params["kode"] = "64.74\n# Judul palsu\n\n    kode blok\n==="
    at.run()
    assert not at.exception
    (notice,) = [w.value for w in at.warning if "Judul palsu" in w.value]
    assert "\n" not in notice and "\\# Judul palsu" in notice
    assert "64.74 # Judul palsu kode blok ===" in " ".join(_read(notice).split())


def test_a_long_link_value_is_cut_in_the_notice():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"provinsi": "x" * 200_000, "indikator": "y\n" * 4_000})
    at.run()
    assert not at.exception
    notice = at.warning[0].value
    assert len(notice) < 600 and "…" in notice and "\n" not in notice
    assert "provinsi='" + "x" * 60 + "…'" in notice


def test_a_repeated_link_parameter_is_reported_with_the_value_used():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["provinsi"] = ["63", "64"]
    at.run()
    assert not at.exception
    assert at.session_state["provinsi"] == "64"
    notice = _read(" ".join(w.value for w in at.warning))
    assert "provinsi ada 2 kali di tautan ('63', '64'); yang dipakai hanya provinsi=64." \
        in notice


def _upload(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/unggah.py").run()
    at.file_uploader(key="berkas").set_value(
        (name, b"Kabupaten/Kota;Peserta Aktif\nKab. Paser;81.436\n", "text/csv")).run()
    assert not at.exception
    return at


def _texts_naming(at, fragment: str) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "success", "error", "warning", "info",
                                 "subheader") for e in getattr(at, kind)
            if fragment in _read(e.value)]


def test_html_entities_in_a_file_name_are_shown_as_written():
    name = "&lt;b&gt;tebal&lt;/b&gt; &amp; &#60;i&#62;.csv"
    at = _upload(name)
    for page in ("pages/unggah.py", "pages/analisis.py", "pages/sumber.py"):
        at.switch_page(page).run()
        shown = _texts_naming(at, name)
        assert shown, page  # the badge (every page), the report, the heading on Sumber
        for text in shown:  # every & escaped: markdown keeps "&lt;" as those four characters
            assert not re.search(r"(?<!\\)&", text), text


def test_a_url_in_a_file_name_is_not_made_a_link():
    name = "lihat https://contoh.example/x www.contoh.example a@contoh.example :smile:.csv"
    at = _upload(name)
    for page in ("pages/unggah.py", "pages/analisis.py", "pages/sumber.py"):
        at.switch_page(page).run()
        shown = _texts_naming(at, name)
        assert shown, page
        for text in shown:
            read = re.sub(r"\\(.)", r"\1", text)  # as GFM's autolink finder sees the text
            assert not re.search(r"https?://|www(?=\.)|@[\w-]|:[\w+-]+:", read), text
