"""The analyst tables: derived numbers say what they came from, the provinces side by side."""

import pandas as pd
import pytest

from coverage_map import analysis, io
from coverage_map.i18n import set_language
from coverage_map.schema import COLUMNS


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


def test_uncovered_from_coverage_and_workforce_names_both(bundle):
    """Sambas: 24 % (Aug 2025) of 298.061 angkatan kerja (BPS, Aug 2022): computed, never shown
    as if it were reported, dated by the coverage it starts from."""
    table = analysis.analyst_table(bundle.regions, bundle.figures, ["61", "62"], 80.0)
    sambas = row(table, "61.01")
    assert sambas["belum_terlindungi"] == round(298061 * 0.76) == 226526
    assert sambas["belum_terlindungi_cara"] == analysis.COMPUTED
    assert sambas["belum_terlindungi_per"] == "2025-08"
    assert sambas["belum_terlindungi_ket"] == (
        "dihitung: Angkatan kerja (BPS) 298.061 (Agustus 2022) × (100 % − cakupan 24 % "
        "(Agustus 2025))")
    assert sambas["selisih_target"] == 166915  # ceil((80 - 24) % of 298.061)
    assert sambas["selisih_target_ket"].startswith("dihitung: (target 80 % − cakupan 24 %")
    # a date per number: the workforce keeps its own
    assert sambas["tenaga_kerja_per"] == "2022-08" and sambas["cakupan_per"] == "2025-08"
    # it now ranks first in Kalbar + Kalteng
    ranked = table.sort_values("belum_terlindungi", ascending=False)
    assert ranked.iloc[0]["kode"] == "61.01"


def test_uncovered_from_participants_and_reported_counts(bundle):
    table = analysis.analyst_table(bundle.regions, bundle.figures, ["61", "62"], 80.0)
    kapuas_hulu = row(table, "61.06")
    assert kapuas_hulu["belum_terlindungi"] == 95000 - 37500
    assert kapuas_hulu["belum_terlindungi_ket"] == (
        "dihitung: Tenaga kerja / potensi peserta 95.000 (Oktober 2023) − Peserta aktif 37.500 "
        "(Oktober 2023)")
    assert kapuas_hulu["selisih_target"] == 38500  # 80 % of 95.000 − 37.500
    kotim = row(table, "62.02")  # a count the source reported itself
    assert kotim["belum_terlindungi_cara"] == analysis.REPORTED
    assert kotim["belum_terlindungi"] == 128839
    assert kotim["belum_terlindungi_ket"].startswith("dilaporkan: 128.839 (Juli 2025;")
    # no number is made up: a region without inputs has none
    mempawah = row(table, "61.02")
    assert pd.isna(mempawah["belum_terlindungi"]) and mempawah["belum_terlindungi_ket"] == ""


def test_a_workforce_too_far_in_time_is_not_used():
    figures = pd.DataFrame([
        {**{c: "" for c in COLUMNS}, "figure_id": "X1", "level": "kabkota", "kode": "64.01",
         "scope": "wilayah", "metric": "coverage_pct", "value": 50.0, "unit": "pct",
         "kind": "exact", "as_of": "2025", "source_publisher": "A", "source_rank": 1,
         "lower": None, "upper": None},
        {**{c: "" for c in COLUMNS}, "figure_id": "X2", "level": "kabkota", "kode": "64.01",
         "scope": "wilayah", "metric": "bps_angkatan_kerja", "value": 100000.0,
         "unit": "persons", "kind": "exact", "as_of": "2020", "source_publisher": "BPS",
         "source_rank": 1, "lower": None, "upper": None}])
    regions = pd.DataFrame([{"kode": "64.01", "nama": "Kabupaten Paser", "kode_prov": "64",
                             "provinsi": "Kalimantan Timur"}])
    far = row(analysis.analyst_table(regions, figures, None, 80.0), "64.01")
    assert pd.isna(far["belum_terlindungi"]) and pd.isna(far["selisih_target"])
    near = figures.assign(as_of=["2025", "2023"])
    close = row(analysis.analyst_table(regions, near, None, 80.0), "64.01")
    assert close["belum_terlindungi"] == 50000 and close["selisih_target"] == 30000


def test_english_labels(bundle):
    set_language("en")
    table = analysis.analyst_table(bundle.regions, bundle.figures, ["61"], 80.0, "en")
    assert row(table, "61.01")["belum_terlindungi_ket"] == (
        "computed: Labour force (BPS) 298,061 (August 2022) × (100 % − coverage 24 % "
        "(August 2025))")


def test_province_comparison(bundle):
    table = analysis.province_table(bundle.regions, bundle.figures, bundle.table.provinces, 80.0)
    assert list(table["kode"]) == ["61", "62", "63", "64", "65", ""]
    kaltim = row(table, "64")
    assert kaltim["cakupan_tertulis"] == "58,53 %" and kaltim["cakupan_tertulis_per"] == \
        "2025-12-01"
    assert kaltim["dasar"] == "penduduk bekerja (BPS)"
    assert (kaltim["kabkota_dengan_angka"], kaltim["kabkota_jumlah"]) == (5, 10)
    kalimantan = row(table, "")
    assert kalimantan["nama"] == "Seluruh Kalimantan" and kalimantan["kabkota_jumlah"] == 56
    assert kalimantan["belum_terlindungi"] == 4694064
    assert kalimantan["belum_terlindungi_cara"] == analysis.REPORTED
    assert kalimantan["selisih_target_ket"].startswith("dihitung: target 80 % × ")
    # every number says where it came from
    for r in table.to_dict("records"):
        if pd.notna(r["belum_terlindungi"]):
            assert r["belum_terlindungi_ket"].startswith(("dihitung", "dilaporkan"))
        if pd.notna(r["selisih_target"]):
            assert r["selisih_target_ket"].startswith("dihitung")


def test_sources_of_lists_every_figure_used(bundle):
    table = analysis.analyst_table(bundle.regions, bundle.figures, ["61"], 80.0)
    used = analysis.sources_of(bundle.figures, table)
    assert {"W001", "F167"} <= set(used["figure_id"])
    assert set(used["figure_id"]) == {i for text in table["id_angka"] for i in text.split(", ")
                                      if i}
