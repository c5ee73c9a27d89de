"""IKN x kecamatan overlay: computed shares against the reference table, focus figures."""

import pandas as pd
import pytest

from coverage_map.figures import ikn
from coverage_map.render import focus_map


@pytest.fixture(scope="module")
def overlay(bundle):
    return ikn.overlay(bundle.kecamatan, bundle.ikn)


def test_kecamatan_in_ikn_are_the_reference_seven(overlay):
    inside = ikn.inside(overlay)
    assert set(inside["nama"]) == {"Samboja", "Samboja Barat", "Sepaku", "Muara Jawa",
                                   "Loa Janan", "Loa Kulu", "Sanga Sanga"}
    assert set(inside.loc[inside["kode_kab"] == "64.09", "nama"]) == {"Sepaku"}


def test_shares_within_one_point_of_reference(bundle, overlay):
    compared = ikn.compare_with_reference(overlay, bundle.ikn_reference)
    assert len(compared) == 11  # every reference row, bordering ones included
    assert compared["selisih_pp"].max() <= 1.0
    by_name = compared.set_index("nama")
    assert by_name.loc["Sepaku", "pct_kecamatan"] == pytest.approx(71, abs=1)
    assert (by_name.loc[["Samboja", "Samboja Barat"], "status"] == "seluruh").all()
    assert (by_name.loc[["Penajam", "Balikpapan Timur"], "status"] == "di luar").all()


def test_shares_of_ikn_land_add_up(overlay):
    assert ikn.inside(overlay)["pct_ikn"].sum() == pytest.approx(100, abs=1)


def test_focus_figures_say_what_is_missing(figures):
    rows = {(r.area, r.indicator): r.figure for r in ikn.focus_figures(figures)}
    # no coverage figure of their own: the Kaltim group statement is its own row, never theirs
    assert rows[("area_ppu", "coverage_pct")] is None
    assert rows[("area_kukar", "coverage_pct")] is None
    group = rows[(ikn.GROUP_AREA, "coverage_pct")]
    assert group["kind"] == "group" and group["value"] == 60
    assert rows[("area_ppu", "segment_coverage_pct")]["segment"] == "formal"
    assert rows[("area_ikn", "coverage_pct")] is None
    assert rows[("area_kaltim", "coverage_pct")]["value"] == 58.53
    ikn_workers = rows[("area_ikn", "construction_participants")]
    assert ikn_workers["value"] == 134000 and ikn_workers["qualifier"] == "lebih_dari"


def test_regency_answers_are_their_own_statements(figures):
    ppu, kukar = ikn.regency_answers(figures)
    assert (ppu.kode, kukar.kode) == ("64.09", "64.02")
    assert ppu.own is None and kukar.own is None  # only the group statement names them
    assert ppu.group["figure_id"] == "F563" and kukar.group["figure_id"] == "F560"
    assert [p["figure_id"] for p in ppu.partial] == ["F344"] and kukar.partial == ()
    # a statement of a regency's own is taken, the newest first
    own = figures.iloc[[0]].assign(level="kabkota", kode="64.02", metric="coverage_pct",
                                   unit="pct", kind="band", value=50.0, as_of="2026-01",
                                   figure_id="X1", scope="wilayah")
    _, kukar = ikn.regency_answers(pd.concat([figures, own]))
    assert kukar.own["figure_id"] == "X1"


def test_worker_figures_and_same_date_others(figures):
    rows = {r.area: r.figure for r in ikn.worker_figures(figures)}
    assert rows["ikn_fact_jakon_participants"]["figure_id"] == "F403"
    assert rows["ikn_fact_jakon_coverage"] is None  # F492 (Berau's Jakon share) is not IKN's
    assert rows["ikn_fact_apbd_ppu"]["value"] == 20000
    assert rows["ikn_fact_apbd_kukar"]["figure_id"] == "F320"
    others = ikn.same_date_others(figures, rows["ikn_fact_apbd_ppu"])
    assert list(others["figure_id"]) == ["F500"]
    assert ikn.same_date_others(figures, rows["ikn_fact_apbd_kukar"]).empty


def test_focus_map_draws_outline_and_ppu_kecamatan(bundle, overlay):
    shown = ikn.focus_area(bundle.kecamatan, bundle.ikn)
    notes = dict(zip(bundle.ikn_reference["kode"], bundle.ikn_reference["catatan"]))
    fmap = focus_map.focus_map(shown, overlay, ikn.regencies_from_kecamatan(shown), bundle.ikn, notes,
                          ikn.focus_bounds(bundle.kecamatan, bundle.ikn))
    html = fmap.get_root().render()
    ppu = bundle.kecamatan.loc[bundle.kecamatan["kode_kab"] == "64.09", "kode"]
    assert all(f'"kode": "{k}"' in html for k in ppu)
    assert '"dashArray": "8 5"' in html  # the IKN delineation outline
    assert "Delineasi IKN (UU 3/2022)" in html and "71 % wilayah kecamatan" in html
    # the IKN label on two lines, so a phone's narrow map shows it whole
    assert r"IKN\u003cbr\u003e(delineasi 2022)\u003c/div\u003e" in html
