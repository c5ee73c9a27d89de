"""Numbers in links and boxes read one way (issue 24, item 6): a value with two readings is
refused with both, never read as the other number."""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from test_pages import metric_values, plan_from_link

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def test_plan_link_with_16_800_and_250_000_is_refused_not_read_as_16_8_and_250():
    # Kotawaringin Timur: 80 % of 179.730 - 50.891 = 92.893 workers to reach 80 % (July 2025)
    at = plan_from_link({"kode": "62.02", "dasar": "ketik", "tk": "250.000", "tarif": "16.800"})
    notice = plain(" ".join(w.value for w in at.warning))
    assert "tarif=16.800 bisa dibaca 16.800 atau 16,8" in notice
    assert "tulis tarif=16800 atau tarif=16.8" in notice.replace("dengan titik desimal: ",
                                                                   "tulis ")
    assert "tk=250.000 bisa dibaca 250.000 atau 250" in notice
    # the rate stays the regulation's Rp16.800 (not Rp16,8: "juta" instead of "miliar")
    assert at.session_state["rencana_tarif"] == 16800
    assert at.text_input(key="rencana_tarif_teks").value == "16.800"
    assert at.session_state["rencana_tk"] is None  # no workforce of 250 workers: the default
    assert 92893 * 16800 * 12 == 18_727_228_800
    assert metric_values(at) == {"Pekerja yang perlu terlindungi lagi": "92.893 pekerja",
                                 "Iuran JKK + JKM per tahun": "Rp18,73 miliar"}


def test_plan_link_in_the_one_form_the_app_writes():
    at = plan_from_link({"kode": "64.72", "dasar": "ketik", "tk": "250000", "tarif": "16800"})
    assert not at.warning
    assert at.session_state["rencana_tk"] == 250000
    assert at.text_input(key="rencana_tk_teks").value == "250.000"
    assert metric_values(at)["Iuran JKK + JKM per tahun"].endswith("miliar")


def test_a_rate_under_rp1_in_the_link_is_refused():
    at = plan_from_link({"kode": "64.72", "tarif": "0.0001"})
    assert "tarif='0.0001'" in plain(at.warning[0].value)
    assert at.session_state["rencana_tarif"] == 16800


def test_typed_numbers_with_two_readings_are_refused_with_both():
    at = plan_from_link({"kode": "64.72"})
    at.text_input(key="rencana_tarif_teks").input("16,800").run()
    (error,) = [plain(e.value) for e in at.error]
    assert error.startswith('"16,800" bisa dibaca 16,8 atau 16.800, jadi tidak dipakai')
    assert "tulis 16,8 atau 16800" in error and "Rencana tetap memakai Rp16.800" in error
    at.text_input(key="rencana_tarif_teks").input("0,5").run()
    (error,) = [plain(e.value) for e in at.error]
    assert "antara Rp1.000 dan Rp10.000.000" in error
    at.text_input(key="rencana_tarif_teks").input("+-5").run()
    assert at.error and at.session_state["rencana_tarif"] == 16800
    at.text_input(key="rencana_tarif_teks").input("20.000").run()
    assert not at.error and at.session_state["rencana_tarif"] == 20000


def test_62_5_typed_as_a_target_in_indonesian_names_both_readings():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    at.text_input(key="target_teks").input("62.5").run()
    (error,) = [plain(e.value) for e in at.error]
    assert error.startswith('"62.5" bisa dibaca 62,5 atau 625, jadi tidak dipakai: '
                            'tulis 62,5 atau 625')
    assert "terlalu besar" not in error and at.session_state["target"] == 80
    at.text_input(key="target_teks").input("62,5").run()
    assert not at.error and at.session_state["target"] == 62.5


def test_english_2_5_is_not_read_as_25():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["bahasa"] = "en"
    at.run()
    at.text_input(key="target_teks").input("2,5").run()
    (error,) = [plain(e.value) for e in at.error]
    assert error.startswith('"2,5" could be read as 2.5 or 25')
    assert at.session_state["target"] == 80


def test_a_target_with_two_readings_in_the_link_is_refused():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["target"] = "62.500"
    at.run()
    notice = plain(at.warning[0].value)
    assert "target=62.500 bisa dibaca 62.500 atau 62,5" in notice
    assert at.session_state["target"] == 80
