"""The analyst tables: derived numbers say what they came from, the provinces side by side."""

import math

import pandas as pd
import pytest

from coverage_map.data import io
from coverage_map.figures import analysis
from coverage_map.render import charts
from coverage_map.language.i18n import set_language
from coverage_map.data.schema import COLUMNS


@pytest.fixture(scope="module")
def bundle():
    return io.Bundle()


@pytest.fixture(autouse=True)
def indonesian():
    set_language("id")
    yield
    set_language("id")


def row(table: pd.DataFrame, kode: str) -> dict:
    return table.set_index("kode").loc[kode].to_dict()


@pytest.fixture(scope="module")
def kalbar_kalteng(bundle):
    return analysis.analyst_table(bundle.regions, bundle.figures, ["61", "62"], 80.0)


def test_uncovered_from_coverage_and_workforce_names_both(kalbar_kalteng):
    """Kotawaringin Barat: 31,69 % of angkatan kerja (Oct 2024, Radar Sampit, F409) with the
    128.218 workers the same article gives (F410): computed, never shown as if it were
    reported, dated by the figures it starts from, both named."""
    kobar = row(kalbar_kalteng, "62.01")
    # (100 − 31,69) % of 128.218 = 87.585,72: the nearest whole worker
    assert kobar["belum_terlindungi"] == round(0.6831 * 128218) == 87586
    assert kobar["belum_terlindungi_min"] == kobar["belum_terlindungi_maks"] == 87586
    assert kobar["belum_terlindungi_cara"] == analysis.COMPUTED
    assert kobar["belum_terlindungi_kualifikasi"] == "angka pasti"
    assert kobar["belum_terlindungi_teks"] == "87.586"
    assert kobar["belum_terlindungi_per"] == "2024-10"
    assert kobar["belum_terlindungi_ket"] == (
        "87.586 pekerja belum terlindungi. Dihitung dari cakupan kepesertaan 31,69 % (Oktober "
        "2024; Radar Sampit; F409) dan tenaga kerja / potensi peserta 128.218 (Oktober 2024; "
        "Radar Sampit; F410) dengan dasar yang sama.")
    # (80 − 31,69) % of 128.218 = 61.942,12: rounded up
    assert kobar["selisih_target"] == math.ceil(0.4831 * 128218) == 61943
    assert kobar["selisih_target_ket"].startswith(
        "61.943 pekerja lagi perlu terlindungi untuk mencapai 80 %. Dihitung dari cakupan "
        "kepesertaan 31,69 %")
    # Sambas: 24 % (Aug 2025), its base not stated, and only BPS workforce figures (Aug 2022):
    # not on the same base, so nothing is computed, and the text says why
    sambas = row(kalbar_kalteng, "61.01")
    for prefix in ("belum_terlindungi", "selisih_target"):
        assert pd.isna(sambas[prefix]) and pd.isna(sambas[f"{prefix}_min"]), prefix
        assert sambas[f"{prefix}_teks"] == sambas[f"{prefix}_kualifikasi"] == "", prefix
        assert sambas[f"{prefix}_ket"].startswith(
            "Tidak bisa dihitung tanpa mencampur dasar: angka terbaru Kabupaten Sambas, "
            "cakupan kepesertaan 24 % (Agustus 2025; Insidepontianak.com; F167)"), prefix
        assert "W001" not in sambas[f"{prefix}_ket"], prefix
    assert sambas["belum_terlindungi_cara"] == ""
    # a date per number: the workforce keeps its own
    assert sambas["tenaga_kerja_per"] == "2022-08" and sambas["cakupan_per"] == "2025-08"
    # the regions without a number are not ranked among those with one: Kotawaringin Timur's
    # 179.730 − 50.891 = 128.839 (see below) is first
    ranked = kalbar_kalteng.sort_values("belum_terlindungi", ascending=False)
    assert ranked.iloc[0]["kode"] == "62.02"


def test_uncovered_from_participants_and_reported_counts(bundle, kalbar_kalteng):
    kapuas_hulu = row(kalbar_kalteng, "61.06")
    # 37.500 participants of "sekitar 95.000" (90.250 to 99.750), one article (Oct 2023); its
    # "sekitar 39 %" gives 57.950 (53.293 to 62.793): they agree, equally wide, and the
    # participants' answer stands
    assert kapuas_hulu["belum_terlindungi"] == 95000 - 37500
    assert (kapuas_hulu["belum_terlindungi_min"], kapuas_hulu["belum_terlindungi_maks"]) == (
        0.95 * 95000 - 37500, 1.05 * 95000 - 37500) == (52750, 62250)
    assert kapuas_hulu["belum_terlindungi_kualifikasi"] == "perkiraan (sekitar)"
    assert kapuas_hulu["belum_terlindungi_teks"] == "sekitar 58 ribu"  # 57.500, two digits
    assert kapuas_hulu["belum_terlindungi_ket"].startswith(
        "Sekitar 58 ribu pekerja belum terlindungi. Dihitung dari tenaga kerja / potensi "
        "peserta sekitar 95.000 (Oktober 2023; Info Kapuas Hulu; F185) dikurangi peserta aktif "
        "37.500 (Oktober 2023; Info Kapuas Hulu; F183).")
    assert kapuas_hulu["selisih_target"] == 0.8 * 95000 - 37500 == 38500
    assert (kapuas_hulu["selisih_target_min"], kapuas_hulu["selisih_target_maks"]) == (
        0.8 * 90250 - 37500, 0.8 * 99750 - 37500) == (34700, 42300)
    # Kotawaringin Timur: the count the source printed (128.839, F237) and its participants
    # and workforce (same article) agree; the computed answer stands, the number is the same
    kotim = row(kalbar_kalteng, "62.02")
    assert kotim["belum_terlindungi"] == 179730 - 50891 == 128839
    assert kotim["belum_terlindungi_cara"] == analysis.COMPUTED
    assert kotim["belum_terlindungi_ket"].startswith(
        "128.839 pekerja belum terlindungi. Dihitung dari tenaga kerja / potensi peserta "
        "179.730 (Juli 2025; Kabar Kalimantan1; F240) dikurangi peserta aktif 50.891")
    # a count the source reported itself, and nothing else at its date: Banjar, 40.000 (May 2025)
    banjar = row(analysis.analyst_table(bundle.regions, bundle.figures, ["63"], 80.0), "63.03")
    assert banjar["belum_terlindungi"] == 40000
    assert banjar["belum_terlindungi_cara"] == analysis.REPORTED
    assert banjar["belum_terlindungi_ket"] == (
        "40.000 pekerja belum terlindungi. Seperti dilaporkan: pekerja belum terlindungi 40.000 "
        "(Mei 2025; Mata Banua; F281).")
    # no number is made up: a region without a workforce has none, and says why
    mempawah = row(kalbar_kalteng, "61.02")
    assert pd.isna(mempawah["belum_terlindungi"]) and mempawah["belum_terlindungi_cara"] == ""
    assert mempawah["belum_terlindungi_ket"].startswith(
        "Tidak bisa dihitung: angka terbaru Kabupaten Mempawah, cakupan kepesertaan 38,54 %")


def _paser(coverage: float, base: str, workforce: float, as_of: str) -> pd.DataFrame:
    """Kabupaten Paser with one coverage figure (2025) and one BPS angkatan kerja figure."""
    common = {**{c: "" for c in COLUMNS}, "level": "kabkota", "kode": "64.01",
              "scope": "wilayah", "source_rank": 1, "lower": None, "upper": None}
    return pd.DataFrame([
        {**common, "figure_id": "X1", "metric": "coverage_pct", "value": coverage,
         "unit": "pct", "kind": "exact", "as_of": "2025", "source_publisher": "A",
         "base": base},
        {**common, "figure_id": "X2", "metric": "bps_angkatan_kerja", "value": workforce,
         "unit": "persons", "kind": "exact", "as_of": as_of, "source_publisher": "BPS"}])


PASER = pd.DataFrame([{"kode": "64.01", "nama": "Kabupaten Paser", "kode_prov": "64",
                       "provinsi": "Kalimantan Timur"}])


def test_a_workforce_too_far_in_time_is_not_used():
    far = row(analysis.analyst_table(PASER, _paser(50.0, "angkatan_kerja", 100000.0, "2020"),
                                     None, 80.0), "64.01")
    assert pd.isna(far["belum_terlindungi"]) and pd.isna(far["selisih_target"])
    assert far["belum_terlindungi_ket"].startswith("Tidak bisa dihitung")
    assert "X2" not in far["belum_terlindungi_ket"]
    for year in ("2023", "2022"):  # 2 and 3 years apart: used
        close = row(analysis.analyst_table(
            PASER, _paser(50.0, "angkatan_kerja", 100000.0, year), None, 80.0), "64.01")
        # (100 − 50) % and (80 − 50) % of 100.000
        assert close["belum_terlindungi"] == 50000 and close["selisih_target"] == 30000, year
        assert "X1" in close["belum_terlindungi_ket"] and "X2" in close["belum_terlindungi_ket"]
    too_far = row(analysis.analyst_table(
        PASER, _paser(50.0, "angkatan_kerja", 100000.0, "2021"), None, 80.0), "64.01")
    assert pd.isna(too_far["belum_terlindungi"])  # 4 years apart
    # a percentage whose base is not stated is not set against BPS angkatan kerja at all
    unstated = row(analysis.analyst_table(
        PASER, _paser(50.0, "tidak_disebut", 100000.0, "2024"), None, 80.0), "64.01")
    assert pd.isna(unstated["belum_terlindungi"]) and pd.isna(unstated["selisih_target"])
    # non-whole: 33,33 % of 1.001 leaves 667,37 uncovered (nearest: 667) and (80 − 33,33) % =
    # 467,17 to the target (rounded up: 468)
    odd = row(analysis.analyst_table(PASER, _paser(33.33, "angkatan_kerja", 1001.0, "2024"),
                                     None, 80.0), "64.01")
    assert odd["belum_terlindungi"] == round(0.6667 * 1001) == 667
    assert odd["selisih_target"] == math.ceil(0.4667 * 1001) == 468
    assert odd["belum_terlindungi_kualifikasi"] == odd["selisih_target_kualifikasi"] == \
        "angka pasti"


def test_english_labels(bundle):
    set_language("en")
    table = analysis.analyst_table(bundle.regions, bundle.figures, ["61", "62"], 80.0, "en")
    kobar = row(table, "62.01")
    assert kobar["belum_terlindungi_ket"] == (
        "87,586 workers are not yet protected. Computed from membership coverage 31.69 % "
        "(October 2024; Radar Sampit; F409) and workforce / potential participants 128,218 "
        "(October 2024; Radar Sampit; F410) on the same base.")
    assert kobar["belum_terlindungi_kualifikasi"] == "exact"
    assert kobar["belum_terlindungi_teks"] == "87,586"
    assert row(table, "61.06")["belum_terlindungi_kualifikasi"] == "approximate (about)"
    assert row(table, "61.06")["belum_terlindungi_teks"] == "about 58 thousand"
    assert row(table, "61.01")["belum_terlindungi_ket"].startswith(
        "Cannot be computed without mixing bases: the latest figure for Kabupaten Sambas, "
        "membership coverage 24 % (August 2025; Insidepontianak.com; F167)")


def test_province_comparison(bundle):
    table = analysis.province_table(bundle.regions, bundle.figures, bundle.table.provinces, 80.0)
    assert list(table["kode"]) == ["61", "62", "63", "64", "65", ""]
    kaltim = row(table, "64")
    assert kaltim["cakupan_tertulis"] == "58,53 %" and kaltim["cakupan_tertulis_per"] == \
        "2025-12-01"
    assert kaltim["dasar"] == "penduduk bekerja (BPS)"
    assert (kaltim["kabkota_dengan_angka"], kaltim["kabkota_jumlah"]) == (5, 10)
    # 58,53 % of penduduk bekerja, and no BPS penduduk bekerja figure for Kaltim: its
    # workforce figures (1.350.000, March 2023) are another percentage's base, not used
    assert pd.isna(kaltim["belum_terlindungi"]) and pd.isna(kaltim["selisih_target"])
    assert kaltim["selisih_target_ket"].startswith(
        "Tidak bisa dihitung tanpa mencampur dasar: angka terbaru Kalimantan Timur")
    assert "289.845" not in kaltim["selisih_target_ket"]  # ceil(21,47 % of 1.350.000)
    kalimantan = row(table, "")
    assert kalimantan["nama"] == "Seluruh Kalimantan" and kalimantan["kabkota_jumlah"] == 56
    # Borneotrend (2025): 3.302.762 participants of 7.996.826 workers, and 4.694.064
    # uncovered as it printed them (F050): the same number
    assert kalimantan["belum_terlindungi"] == 7996826 - 3302762 == 4694064
    assert kalimantan["belum_terlindungi_cara"] == analysis.COMPUTED
    assert kalimantan["selisih_target"] == math.ceil(0.8 * 7996826 - 3302762) == 3094699
    assert kalimantan["selisih_target_ket"].startswith(
        "3.094.699 pekerja lagi perlu terlindungi untuk mencapai 80 %. Dihitung dari 80 % × "
        "tenaga kerja / potensi peserta 7.996.826 (2025; Borneotrend; F057) dikurangi peserta aktif "
        "3.302.762 (2025; Borneotrend; F007).")
    # every number says where it came from; every missing one says why
    for r in table.to_dict("records"):
        for prefix in ("belum_terlindungi", "selisih_target"):
            ket = r[f"{prefix}_ket"]
            if pd.notna(r[prefix]):
                assert any(x in ket for x in ("Dihitung dari", "Seperti dilaporkan", "Menurut")), \
                    (r["kode"], prefix)
            else:
                assert ket.startswith("Tidak bisa dihitung"), (r["kode"], prefix)


def test_sources_of_lists_every_figure_used(bundle):
    table = analysis.analyst_table(bundle.regions, bundle.figures, ["61"], 80.0)
    used = analysis.sources_of(bundle.figures, table)
    assert {"W001", "F167"} <= set(used["figure_id"])
    assert set(used["figure_id"]) == {i for text in table["id_angka"] for i in text.split(", ")
                                      if i}


def test_a_reported_count_and_a_computed_one_that_differ_are_marked_so_and_ranked_by_the_least(
        bundle):
    table = analysis.analyst_table(bundle.regions, bundle.figures, ["63"], 80.0)
    # Balangan: the two readings of its article's coverage and its reported count (F294,
    # "terdaftar") do not agree: no middle value, the range of all of them, "berbeda"
    balangan = row(table, "63.11")
    assert balangan["belum_terlindungi_cara"] == analysis.DIFFER
    assert math.isnan(balangan["belum_terlindungi"])
    assert balangan["belum_terlindungi_min"] == 0 and balangan["belum_terlindungi_maks"] > 8400
    ranked = charts.largest_first(table[table["belum_terlindungi_min"].notna()],
                                  "belum_terlindungi_min", "belum_terlindungi_maks")
    # Banjar's certain 40.000 is above Balangan, whose least is 0 though its range reaches
    # more than Banjar's half
    assert list(ranked["kode"]).index("63.03") < list(ranked["kode"]).index("63.11")


def test_a_range_is_ranked_by_what_is_certain_not_by_its_middle():
    table = pd.DataFrame({"nama": ["A", "B", "C"], "lo": [10.0, 40.0, 40.0],
                          "hi": [100.0, 40.0, 45.0]})
    assert list(charts.largest_first(table, "lo", "hi")["nama"]) == ["C", "B", "A"]
