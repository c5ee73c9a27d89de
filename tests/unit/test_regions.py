"""The join: Kemendagri codes, BPS codes, ambiguous 4-digit codes, name variants, near misses."""

import pytest


@pytest.mark.parametrize("name, kode", [
    ("Kab. Kutai Kartanegara", "64.02"),
    ("KABUPATEN PASER", "64.01"),
    ("Kota Samarinda", "64.72"),
    ("Kukar", "64.02"),
    ("PPU", "64.09"),
    ("Kab. Mahakam Hulu", "64.11"),
    ("  kota   balikpapan ", "64.71"),
    ("Kota Palangka Raya", "62.71"),
    ("Kabupaten Pontianak", "61.02"),  # the old name of Mempawah, not Kota Pontianak
    ("Kota Pontianak", "61.71"),
    ("Kab Tanah Bumbu", "63.10"),
])
def test_name_variants(table, name, kode):
    assert table.match_name(name).kode == kode


def test_near_miss_is_reported_with_candidates(table):
    m = table.match_name("Kutai Kartanegra")
    assert m.kode is None and m.reason == "nama tidak dikenal"
    assert m.candidates[0] == "64.02"


def test_dotted_kemendagri_code(table):
    assert table.match_code("64.09").kode == "64.09"
    assert table.match_code("64.99").kode is None


def test_bps_code_by_header(table):
    # BPS 6403 is Kutai Kartanegara (Kemendagri 64.02); BPS 6402 is Kutai Barat (64.07)
    assert table.match_code("6403", header="kode_bps").kode == "64.02"
    assert table.match_code("6402", header="Kode BPS").kode == "64.07"
    assert table.match_code("6402", header="kode_kemendagri").kode == "64.02"


def test_ambiguous_four_digits_without_help_is_not_guessed(table):
    m = table.match_code("6402", header="kode")
    assert m.kode is None and "ambigu" in m.reason
    assert set(m.candidates) == {"64.02", "64.07"}


def test_ambiguous_four_digits_decided_by_name(table):
    assert table.match_code("6402", header="kode", name="Kutai Barat").kode == "64.07"
    assert table.match_code("6402", header="kode", name="Kab. Kukar").kode == "64.02"


def test_code_and_name_disagree_is_reported(table):
    m = table.match_code("6402", header="kode", name="Kota Samarinda")
    assert m.kode is None and m.reason == "kode dan nama tidak cocok"
    m = table.match_code("64.09", name="Kota Samarinda")
    assert m.kode is None and set(m.candidates) == {"64.09", "64.72"}


def test_four_digits_equal_in_both_systems(table):
    assert table.match_code("6409", header="kode").kode == "64.09"  # PPU: same in BPS and Kemendagri


def test_spreadsheet_float_code(table):
    assert table.match_code("6471.0", header="kode_bps").kode == "64.71"


def test_codes_of_a_region_for_downloads(table):
    assert table.codes_of("64.02") == ("64.02", "6403")  # Kutai Kartanegara: BPS differs
    assert table.codes_of("64.09") == ("64.09", "6409")  # PPU: the same digits
    assert table.codes_of("64") == ("64", "64")  # a province: two digits in both
    assert table.codes_of("") == ("–", "–")  # Kalimantan as a whole


def test_regions_reference_has_56_rows_and_23_differing_bps_codes(regions):
    assert len(regions) == 56 and regions["kode"].is_unique
    differs = regions["kode"].str.replace(".", "", regex=False) != regions["kode_bps"]
    assert differs.sum() == 23
