"""The rules of the derived numbers (coverage_map/figures/derived.py), one at a time, on figures made
here: what a figure allows, which workforce a number is set against, how each way computes,
how the ways are combined, and what the workers cost. Every expected number is worked out by
hand in the comments. Fast (no bundled data): scripts/mutation.sh runs these for every mutant."""

import math

import pandas as pd
import pytest

from coverage_map.data import measures
from coverage_map.figures import derived, pairing
from coverage_map.figures.derived import GAP, PAIR, REPORTED, SHARE, UNCOVERED, Answer, Cost
from coverage_map.figures.lookup import Lookup
from coverage_map.data.schema import COLUMNS

nan, inf = math.nan, math.inf


def fig(fid, metric="coverage_pct", value=None, kind="exact", as_of="2025", publisher="A",
        base="", lower=None, upper=None, kode="64.01", published=""):
    return {**{c: "" for c in COLUMNS}, "figure_id": fid, "level": "kabkota", "kode": kode,
            "scope": "wilayah", "metric": metric, "value": value, "kind": kind, "as_of": as_of,
            "source_publisher": publisher, "source_rank": 1, "base": base, "lower": lower,
            "upper": upper, "published": published, "area_name": "Kabupaten Paser"}


def bps(fid, metric, value, as_of):
    return fig(fid, metric, value, as_of=as_of, publisher="BPS")


def table(*rows):
    return pd.DataFrame(list(rows), columns=list(COLUMNS) if not rows else None)


def same(a, b) -> bool:
    """Equal numbers, NaN equal to NaN."""
    return len(a) == len(b) and all(
        (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
        or x == y for x, y in zip(a, b))


def numbers_of(way) -> tuple:
    return (way.low, way.best, way.high, way.check_low, way.check_high)


# --- what a figure allows ---------------------------------------------------------------------

@pytest.mark.parametrize("as_of,year", [
    ("2025-08", 2025), ("2025", 2025), (2024, 2024), ("", None), (None, None), ("n.d.", None),
    ("Mei 2025", None)])
def test_the_year_of_a_date(as_of, year):
    assert pairing.year_of(as_of) == year


def test_bounds_of_each_kind():
    assert pairing.bounds(fig("F", value=40.0)) == (40.0, 40.0, 40.0)
    assert pairing.bounds(fig("F", value=40.0, kind="")) == (40.0, 40.0, 40.0)
    # "sekitar 40": 5 % either side, 38 to 42
    lo, best, hi = pairing.bounds(fig("F", value=40.0, kind="approximate"))
    assert (lo, best, hi) == (pytest.approx(38.0), 40.0, pytest.approx(42.0))
    assert pairing.APPROX == 0.05
    # a band: its bounds, no best value; an open side is infinite (None or NaN both mean open)
    assert same(pairing.bounds(fig("F", kind="band", lower=40.0, upper=60.0)), (40.0, nan, 60.0))
    assert same(pairing.bounds(fig("F", kind="band", upper=50.0)), (-inf, nan, 50.0))
    assert same(pairing.bounds(fig("F", kind="band", lower=70.0, upper=nan)), (70.0, nan, inf))
    assert same(pairing.bounds(fig("F", kind="band", lower=nan, upper=0.0)), (-inf, nan, 0.0))
    assert same(pairing.bounds(fig("F", kind="band", lower=0.0)), (0.0, nan, inf))


def test_what_a_printed_percentage_stands_for():
    # 28,32 is 28,315 to 28,325; 12,5 is 12,45 to 12,55; 37 is 36,5 to 37,5
    assert pairing.printed(fig("F", value=28.32)) == (pytest.approx(28.315), pytest.approx(28.325))
    assert pairing.printed(fig("F", value=12.5)) == (pytest.approx(12.45), pytest.approx(12.55))
    assert pairing.printed(fig("F", value=37.0)) == (36.5, 37.5)
    # three decimals or more are given at least the room of two (float digits are no print)
    assert pairing.printed(fig("F", value=33.333)) == (pytest.approx(33.328),
                                                       pytest.approx(33.338))
    # only an exact percentage was rounded when printed
    assert pairing.printed(fig("F", value=40.0, kind="approximate")) == \
        (pytest.approx(38.0), pytest.approx(42.0))
    assert pairing.printed(fig("F", "active_participants", 500.0)) == (500.0, 500.0)
    assert pairing.printed(fig("F", kind="band", upper=50.0)) == (-inf, 50.0)


@pytest.mark.parametrize("kind,ok", [
    ("exact", True), ("approximate", True), ("band", True), ("group", False),
    ("segment", False), ("target", False), ("", False)])
def test_a_figure_a_number_can_be_computed_from(kind, ok):
    assert pairing.usable(fig("F", value=40.0, kind=kind)) is ok
    assert pairing.usable(None) is False


# --- which workforce --------------------------------------------------------------------------

def test_workforce_figures_measured_above_zero_newest_first():
    rows = table(
        fig("W1", "workforce", 1000.0, as_of="2023"),
        bps("W3", "bps_penduduk_bekerja", 900.0, "2025"),
        bps("W2", "bps_angkatan_kerja", 950.0, "2025"),
        fig("W4", "workforce", 1200.0, kind="approximate", as_of="2024"),
        fig("W5", "workforce", 1.0, as_of="2022"),  # one worker is still a workforce
        fig("X1", "workforce", 0.0, as_of="2025"),  # none: a gap in the source
        fig("X2", "workforce", "n/a", as_of="2025"),
        fig("X3", "workforce", None, kind="band", lower=1000.0, as_of="2025"),
        fig("X4", "workforce", 1000.0, kind="group", as_of="2025"),
        fig("X5", "active_participants", 500.0, as_of="2025"),
        fig("X6", "coverage_pct", 50.0, as_of="2025"))
    options = pairing.workforces(rows)
    # the newest date first; on one date by id
    assert list(options["figure_id"]) == ["W2", "W3", "W4", "W1", "W5"]
    assert list(options.columns) == list(rows.columns)


def test_a_share_is_set_against_its_own_source_first_then_the_bps_figure_of_its_base():
    share = fig("C", value=50.0, base="penduduk_bekerja", as_of="2025", publisher="A")
    own = fig("W0", "workforce", 2000.0, as_of="2025", publisher="A")
    other_date = fig("W1", "workforce", 2100.0, as_of="2024", publisher="A")
    other_source = fig("W2", "workforce", 2200.0, as_of="2025", publisher="B")
    pb = bps("W3", "bps_penduduk_bekerja", 900.0, "2024")
    ak = bps("W4", "bps_angkatan_kerja", 1000.0, "2025")
    options = pairing.workforces(table(own, other_date, other_source, pb, ak))
    assert pairing.same_base_workforce(options, share)["figure_id"] == "W0"
    options = pairing.workforces(table(other_date, other_source, pb, ak))
    assert pairing.same_base_workforce(options, share)["figure_id"] == "W3"
    # named angkatan kerja: the BPS angkatan kerja figure
    assert pairing.same_base_workforce(options, dict(share, base="angkatan_kerja"))[
        "figure_id"] == "W4"
    # no base named (or one with no BPS figure): none but its own source's
    for base in ("", None, "tidak_disebut", "potensi_peserta"):
        assert pairing.same_base_workforce(options, dict(share, base=base)) is None


def test_the_nearest_bps_figure_at_most_three_years_away_the_newer_on_a_tie():
    share = fig("C", value=50.0, base="angkatan_kerja", as_of="2025-06")
    for as_of, used in [("2022", True), ("2028-01", True), ("2021", False), ("2029", False),
                        ("", False)]:
        options = pairing.workforces(table(bps("W", "bps_angkatan_kerja", 1000.0, as_of)))
        found = pairing.same_base_workforce(options, share)
        assert (found is not None) is used, as_of
    tie = pairing.workforces(table(bps("W1", "bps_angkatan_kerja", 1000.0, "2023"),
                                   bps("W2", "bps_angkatan_kerja", 1100.0, "2027"),
                                   bps("W3", "bps_angkatan_kerja", 1200.0, "2021")))
    assert pairing.same_base_workforce(tie, share)["figure_id"] == "W2"
    nearer = pairing.workforces(table(bps("W1", "bps_angkatan_kerja", 1000.0, "2024"),
                                      bps("W2", "bps_angkatan_kerja", 1100.0, "2027")))
    assert pairing.same_base_workforce(nearer, share)["figure_id"] == "W1"
    # an undated statement is set against nothing
    assert pairing.same_base_workforce(nearer, dict(share, as_of="")) is None
    assert pairing.same_base_workforce(nearer.iloc[:0], share) is None


def test_participants_are_set_against_their_own_source_then_any_bps_workforce():
    p = fig("P", "active_participants", 500.0, as_of="2025", publisher="A")
    own = fig("W0", "workforce", 2000.0, as_of="2025", publisher="A")
    other_source = fig("W1", "workforce", 2200.0, as_of="2025", publisher="B")
    pb = bps("W2", "bps_penduduk_bekerja", 900.0, "2023")
    ak = bps("W3", "bps_angkatan_kerja", 1000.0, "2024")
    assert pairing.pair_workforce(pairing.workforces(table(own, other_source, pb, ak)), p)[
        "figure_id"] == "W0"
    assert pairing.pair_workforce(pairing.workforces(table(other_source, pb, ak)), p)[
        "figure_id"] == "W3"  # the nearer of the two bases
    assert pairing.pair_workforce(pairing.workforces(table(other_source, pb)), p)[
        "figure_id"] == "W2"
    assert pairing.pair_workforce(pairing.workforces(table(other_source)), p) is None


def test_one_source_is_one_page_or_for_an_upload_one_file():
    """A publisher's two articles of one month are two sources: a percentage of one is not
    set against the denominator of the other."""
    share = dict(fig("C", value=50.0, as_of="2025-05", publisher="A"), source_url="https://a/1")
    same_page = dict(fig("W0", "workforce", 2000.0, as_of="2025-05", publisher="A"),
                     source_url="https://a/1")
    other_page = dict(same_page, figure_id="W1", source_url="https://a/2")
    assert pairing.same_base_workforce(pairing.workforces(table(other_page, same_page)),
                                       share)["figure_id"] == "W0"
    assert pairing.same_base_workforce(pairing.workforces(table(other_page)), share) is None
    assert not pairing.same_base(share, other_page) and pairing.same_base(share, same_page)
    # no page (an upload): the same publisher and title, that is the same file
    row = dict(fig("P", "active_participants", 500.0, as_of="2025-05"), source_title="a.xlsx")
    wf = dict(fig("W", "workforce", 2000.0, as_of="2025-05"), source_title="a.xlsx")
    other_file = dict(wf, figure_id="W2", source_title="b.xlsx")
    assert pairing.pair_workforce(pairing.workforces(table(other_file, wf)), row)[
        "figure_id"] == "W"
    assert pairing.pair_workforce(pairing.workforces(table(other_file)), row) is None


def test_whether_a_workforce_is_on_the_base_of_a_share():
    share = fig("C", value=50.0, base="angkatan_kerja", as_of="2025", publisher="A")
    assert pairing.same_base(share, fig("W", "workforce", 1.0, as_of="2025", publisher="A"))
    assert not pairing.same_base(share, fig("W", "workforce", 1.0, as_of="2024", publisher="A"))
    assert not pairing.same_base(share, fig("W", "workforce", 1.0, as_of="2025", publisher="B"))
    assert pairing.same_base(share, bps("W", "bps_angkatan_kerja", 1.0, "2020"))
    assert not pairing.same_base(share, bps("W", "bps_penduduk_bekerja", 1.0, "2025"))
    unnamed = dict(share, base="")
    assert not pairing.same_base(unnamed, bps("W", "bps_angkatan_kerja", 1.0, "2025"))
    # an unnamed base is no base: not even a figure with no metric matches it
    assert not pairing.same_base(unnamed, dict(bps("W", "", 1.0, "2025"), metric=None))


# --- the arithmetic -----------------------------------------------------------------------------

def test_share_gap_and_people():
    assert measures.share_of(50.0, 200.0) == 25.0
    assert measures.share_of(300.0, 200.0) == 150.0  # above 100 % is real
    # 46,67 % of 1.001 = 467,17 -> 468: a part of a worker is a worker to enrol
    assert derived.gap_workers(46.67, 1001.0) == 468.0
    # 7 % of 100 is 7.000000000000001 in floating point: still 7 workers, not 8
    assert 7 / 100 * 100 > 7 and derived.gap_workers(7.0, 100.0) == 7.0
    assert derived.gap_workers(-20.0, 1000.0) == -200.0  # above the target: unclamped
    assert derived.gap_workers(-inf, 1000.0) == -inf
    assert derived.gap_workers(10.0, inf) == inf and derived.gap_workers(-10.0, inf) == -inf
    # uncovered workers: the nearest whole, half up
    assert [derived._people(x) for x in (877.625, 0.5, 2.4999, 7.0, -0.5)] == \
        [878.0, 1.0, 2.0, 7.0, 0.0]
    assert derived._people(inf) == inf and math.isnan(derived._people(nan))
    assert derived._clamp(-5.0) == 0.0 and derived._clamp(5.0) == 5.0
    assert math.isnan(derived._clamp(nan))


def test_the_extremes_are_at_the_corners():
    assert derived._corners(lambda x, w: x - w, (1.0, 5.0), (2.0, 3.0)) == (-2.0, 3.0)
    assert derived._corners(lambda x, w: x * w, (2.0, 2.0), (3.0, 3.0)) == (6.0, 6.0)


# --- one way -----------------------------------------------------------------------------------

def test_a_share_way_for_the_gap_and_for_uncovered_workers():
    """40 % of 1.000 angkatan kerja (BPS): to 80 %, 40 % of 1.000 = 400; uncovered 60 % =
    600. 40 as printed is 39,5 to 40,5: the check interval is 395 to 405 (gap) and 595 to
    605 (uncovered)."""
    share = fig("C", value=40.0, base="angkatan_kerja")
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2024")
    gap = derived.share_way(GAP, share, w, 80.0)
    assert (gap.how, gap.figure, gap.workforce, gap.typed) == (SHARE, share, w, None)
    assert numbers_of(gap) == (400.0, 400.0, 400.0, 395.0, 405.0)
    assert not gap.approximate and not gap.mixed_base and not gap.met and not gap.is_range
    unc = derived.share_way(UNCOVERED, share, w)
    assert numbers_of(unc) == (600.0, 600.0, 600.0, 595.0, 605.0)
    assert unc.years_apart == 1 and unc.as_of == "2025" and unc.figures() == [share, w]


def test_a_share_way_with_sekitar_on_both_sides():
    """Sekitar 40 % (38 to 42) of sekitar 1.000 (950 to 1.050), to 80 %: from 38 % of 950 =
    361 to 42 % of 1.050 = 441, best 40 % of 1.000 = 400."""
    share = fig("C", value=40.0, kind="approximate", base="angkatan_kerja")
    w = fig("W", "bps_angkatan_kerja", 1000.0, kind="approximate", publisher="BPS")
    way = derived.share_way(GAP, share, w, 80.0)
    assert (way.low, way.best, way.high) == (361.0, 400.0, 441.0)
    assert way.approximate and way.is_range
    # an exact share of an approximate workforce is approximate too: 40 % of 950 to 1.050
    way = derived.share_way(GAP, dict(share, kind="exact"), w, 80.0)
    assert (way.low, way.best, way.high, way.approximate) == (380.0, 400.0, 420.0, True)
    way = derived.share_way(GAP, share, dict(w, kind="exact"), 80.0)
    assert (way.low, way.best, way.high, way.approximate) == (380.0, 400.0, 420.0, True)


def test_a_share_way_from_a_band():
    """At most 50 % of 10.000, to 80 %: from 30 % (3.000) to 80 % (8.000; coverage is never
    below 0 %), no best. At least 70 %: from none to 10 % (1.000)."""
    w = bps("W", "bps_angkatan_kerja", 10000.0, "2025")
    below = fig("C", kind="band", upper=50.0, base="angkatan_kerja")
    way = derived.share_way(GAP, below, w, 80.0)
    assert same(numbers_of(way), (3000.0, nan, 8000.0, 3000.0, 8000.0))
    assert way.is_range and not way.approximate and not way.met
    above = fig("C", kind="band", lower=70.0, base="angkatan_kerja")
    way = derived.share_way(GAP, above, w, 80.0)
    assert same(numbers_of(way), (0.0, nan, 1000.0, -inf, 1000.0))
    way = derived.share_way(UNCOVERED, above, w)  # 0 to 30 % of 10.000
    assert same((way.low, way.best, way.high), (0.0, nan, 3000.0))


def test_a_share_above_the_target_needs_none_but_checks_unclamped():
    """90 % of 1.000, to 80 %: 100 above it, shown as 0; as printed 89,5 to 90,5 %: -105 to
    -95 for checking."""
    way = derived.share_way(GAP, fig("C", value=90.0, base="angkatan_kerja"),
                            bps("W", "bps_angkatan_kerja", 1000.0, "2025"), 80.0)
    assert numbers_of(way) == (0.0, 0.0, 0.0, -105.0, -95.0)
    assert way.met and not way.is_range


def test_a_share_way_with_a_typed_or_another_base_workforce_is_mixed():
    share = fig("C", value=40.0, base="tidak_disebut", publisher="A")
    typed = derived.share_way(GAP, share, None, 80.0, typed=1000.0)
    assert (typed.best, typed.typed, typed.workforce, typed.mixed_base) == \
        (400.0, 1000.0, None, True)
    assert not typed.approximate and not typed.is_range  # a typed number is exact
    assert typed.years_apart == 0 and typed.figures() == [share]
    other = fig("W", "workforce", 1000.0, publisher="B", as_of="2022")
    way = derived.share_way(GAP, share, other, 80.0)
    assert way.mixed_base and way.years_apart == 3
    assert not derived.share_way(GAP, share, dict(other, source_publisher="A", as_of="2025"),
                                 80.0).mixed_base


def test_a_pair_way():
    """500 participants of 1.000: uncovered 500; to 80 %, 800 - 500 = 300."""
    p = fig("P", "active_participants", 500.0)
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2021")
    gap = derived.pair_way(GAP, p, w, 80.0)
    assert (gap.how, gap.figure, gap.workforce, gap.mixed_base) == (PAIR, p, w, False)
    assert numbers_of(gap) == (300.0, 300.0, 300.0, 300.0, 300.0)
    assert not gap.approximate and gap.years_apart == 4
    assert numbers_of(derived.pair_way(UNCOVERED, p, w)) == (500.0,) * 5
    # 7 % of 100 is 7.000000000000001 in floating point: 7 workers, not 8
    assert derived.pair_way(GAP, dict(p, value=0.0), dict(w, value=100.0), 7.0).best == 7.0
    # more participants than the target: unclamped for checking
    over = derived.pair_way(GAP, dict(p, value=900.0), w, 80.0)
    assert numbers_of(over) == (0.0, 0.0, 0.0, -100.0, -100.0) and over.met
    typed = derived.pair_way(GAP, p, None, 80.0, typed=1000.0)
    assert (typed.best, typed.typed, typed.workforce) == (300.0, 1000.0, None)


def test_a_pair_way_with_sekitar_and_bands():
    """Sekitar 1.000 workers (950 to 1.050), 500 participants, to 80 %: 760 - 500 = 260 to
    840 - 500 = 340. More than 200 participants of 1.000: none to 800 - 200 = 600. At most
    300: 800 - 300 = 500 to 800."""
    p = fig("P", "active_participants", 500.0)
    w = fig("W", "workforce", 1000.0, kind="approximate")
    way = derived.pair_way(GAP, p, w, 80.0)
    assert (way.low, way.best, way.high, way.approximate) == (260.0, 300.0, 340.0, True)
    way = derived.pair_way(GAP, dict(p, kind="approximate"), dict(w, kind="exact"), 80.0)
    assert (way.low, way.best, way.high, way.approximate) == (275.0, 300.0, 325.0, True)
    w = dict(w, kind="exact")
    more = derived.pair_way(GAP, fig("P", "active_participants", kind="band", lower=200.0), w,
                            80.0)
    assert same(numbers_of(more), (0.0, nan, 600.0, -inf, 600.0))
    at_most = derived.pair_way(GAP, fig("P", "active_participants", kind="band", upper=300.0),
                               w, 80.0)
    assert same(numbers_of(at_most), (500.0, nan, 800.0, 500.0, 800.0))


def test_a_reported_count():
    count = fig("R", "uncovered_workers", 40000.0)
    way = derived.reported_way(count)
    assert (way.how, way.workforce, way.approximate) == (REPORTED, None, False)
    assert numbers_of(way) == (40000.0,) * 5
    way = derived.reported_way(dict(count, kind="approximate"))
    assert (way.low, way.best, way.high) == (38000.0, 40000.0, 42000.0) and way.approximate
    way = derived.reported_way(fig("R", "uncovered_workers", kind="band", upper=1000.0))
    assert same(numbers_of(way), (0.0, nan, 1000.0, 0.0, 1000.0))


# --- the answer --------------------------------------------------------------------------------

def way_of(how, low, best, high, approximate=False, fid="F", check=None, workforce=None,
           mixed=False):
    return derived.Way(how, {"figure_id": fid, "as_of": "2025-03"}, workforce, low, best, high,
                       *(check or (low, high)), approximate, None, mixed)


def test_an_answer_with_no_way():
    a = Answer(GAP, 80.0, reason="no_base")
    assert not a.known and a.way is None and a.as_of == "" and a.figures() == []
    assert math.isnan(a.low) and math.isnan(a.best) and math.isnan(a.high)
    assert not a.approximate and not a.met and not a.is_range and not a.mixed_base
    assert a.qualifier() == ""


def test_an_answer_states_how_exact_it_is():
    exact = Answer(GAP, 80.0, (way_of(SHARE, 400.0, 400.0, 400.0),))
    assert (exact.low, exact.best, exact.high, exact.qualifier()) == (400, 400, 400, "tepat")
    assert exact.known and exact.way is exact.ways[0] and exact.as_of == "2025-03"
    approx = Answer(GAP, 80.0, (way_of(SHARE, 361.0, 400.0, 441.0, True),))
    assert approx.approximate and not approx.is_range and approx.qualifier() == "sekitar"
    band = Answer(GAP, 80.0, (way_of(SHARE, 3000.0, nan, 8000.0),))
    assert band.is_range and not band.approximate and band.qualifier() == "rentang"
    approx_band = Answer(GAP, 80.0, (way_of(SHARE, 3000.0, nan, 8000.0, True),))
    assert approx_band.qualifier() == "rentang"
    met = Answer(GAP, 80.0, (way_of(SHARE, 0.0, 0.0, 0.0),))
    assert met.met and not met.is_range and met.qualifier() == "tepat"
    # two ways that disagree: both stated, no best, lowest to highest
    two = Answer(GAP, 80.0, (way_of(PAIR, 2000.0, 2000.0, 2000.0, True),
                             way_of(SHARE, 0.0, 0.0, 0.0)), agree=False)
    assert two.way is None and math.isnan(two.best) and (two.low, two.high) == (0.0, 2000.0)
    assert two.is_range and two.approximate and two.qualifier() == "sumber_berbeda"
    assert not Answer(GAP, 80.0, (way_of(SHARE, 0.0, 0.0, 0.0),) * 2, agree=False).met
    assert Answer(GAP, 80.0, (way_of(SHARE, 1.0, 1.0, 1.0, mixed=True),)).mixed_base


def test_an_answer_lists_each_figure_once():
    w = {"figure_id": "W", "as_of": "2025"}
    a = Answer(GAP, 80.0, (way_of(PAIR, 1.0, 1.0, 1.0, fid="P", workforce=w),
                           way_of(SHARE, 1.0, 1.0, 1.0, fid="C", workforce=w)), agree=False)
    assert [f["figure_id"] for f in a.figures()] == ["P", "W", "C"]


def test_ways_meet_allowing_half_a_worker():
    a = way_of(SHARE, 0.0, 5.0, 10.0)
    assert derived._meet([a, way_of(PAIR, 10.5, 10.5, 10.5)])
    assert not derived._meet([a, way_of(PAIR, 10.6, 10.6, 10.6)])
    assert derived._meet([a, way_of(PAIR, -3.0, -3.0, -0.5)])
    assert not derived._meet([a, way_of(PAIR, -3.0, -3.0, -0.6)])


def test_combine_the_narrowest_of_ways_that_agree():
    statement = {"figure_id": "C"}
    wide = way_of(SHARE, 0.0, nan, 100.0)
    narrow = way_of(REPORTED, 40.0, 50.0, 60.0)
    a = derived.combine(UNCOVERED, 95.0, [wide, narrow], statement)
    assert (a.question, a.target, a.agree) == (UNCOVERED, 95.0, True)
    assert a.ways == (narrow,) and a.others == (wide,) and a.statement is statement
    assert a.reason == "" and a.best == 50.0
    # as wide: the one with a best value, then PAIR before SHARE before REPORTED
    banded = way_of(SHARE, 0.0, nan, 100.0)
    pointed = way_of(REPORTED, 0.0, 50.0, 100.0)
    assert derived.combine(UNCOVERED, nan, [banded, pointed], None).ways == (pointed,)
    pair, share, reported = (way_of(h, 5.0, 5.0, 5.0) for h in (PAIR, SHARE, REPORTED))
    a = derived.combine(GAP, 80.0, [reported, share, pair], None)
    assert a.ways == (pair,) and a.others == (share, reported)
    assert derived.combine(GAP, 80.0, [reported, share], None).ways == (share,)


def test_combine_ways_that_disagree_lists_them_all_pair_first():
    share = way_of(SHARE, 0.0, 0.0, 0.0, check=(-10.0, 0.0))
    pair = way_of(PAIR, 2000.0, 2000.0, 2000.0)
    a = derived.combine(GAP, 80.0, [share, pair], {"figure_id": "C"})
    assert (a.question, a.target, a.agree) == (GAP, 80.0, False)
    assert a.ways == (pair, share) and a.others == ()
    assert a.statement == {"figure_id": "C"}


def test_combine_with_no_way_says_why():
    a = derived.combine(GAP, 80.0, [], {"figure_id": "C"})
    assert a == Answer(GAP, 80.0, reason="no_base", statement={"figure_id": "C"})
    assert derived.combine(GAP, 80.0, [], None, "too_far").reason == "too_far"


# --- a region's answer ---------------------------------------------------------------------------

def test_no_figure_at_all():
    a = derived.answer(table(fig("W", "workforce", 1.0)), None, None, GAP, 80.0)
    assert a == Answer(GAP, 80.0, reason="no_statement")


def test_a_group_statement_gives_no_number_and_says_so():
    group = fig("C", value=60.0, kind="group", as_of="2025")
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2025")
    a = derived.answer(table(w), group, None, GAP, 80.0)
    assert a == Answer(GAP, 80.0, reason="group", statement=group)
    # an older participant count is not passed off as the current gap
    p = fig("P", "active_participants", 500.0, as_of="2024", publisher="BPS")
    a = derived.answer(table(w, dict(w, as_of="2024")), group, p, GAP, 80.0)
    assert a == Answer(GAP, 80.0, reason="group", statement=group)


def test_at_or_above_the_target_whatever_the_workforce():
    for statement in (fig("C", value=80.0), fig("C", kind="band", lower=80.0),
                      fig("C", value=85.0, kind="approximate")):  # 80,75 at least
        a = derived.answer(table(), statement, None, GAP, 80.0)
        assert (a.question, a.target, a.agree, a.reason) == (GAP, 80.0, True, "")
        assert a.known and a.met and a.statement == statement
        (way,) = a.ways
        assert (way.how, way.figure, way.workforce, way.approximate) == \
            (SHARE, statement, None, False)
        assert numbers_of(way) == (0.0, 0.0, 0.0, -inf, 0.0)
    # sekitar 84 % may be 79,8 %: not surely at the target
    a = derived.answer(table(), fig("C", value=84.0, kind="approximate"), None, GAP, 80.0)
    assert not a.known and a.reason == "no_base"
    assert not derived.answer(table(), fig("C", value=99.9), None, UNCOVERED).known
    assert derived.answer(table(), fig("C", value=100.0), None, UNCOVERED).met


def test_why_there_is_no_number():
    named = fig("C", value=50.0, base="angkatan_kerja", as_of="2025")
    far = bps("W", "bps_angkatan_kerja", 1000.0, "2019")
    assert derived.answer(table(far), named, None, GAP, 80.0).reason == "too_far"
    pb = bps("W", "bps_penduduk_bekerja", 1000.0, "2025")
    assert derived.answer(table(pb), named, None, GAP, 80.0).reason == "other_base"
    assert derived.answer(table(), named, None, GAP, 80.0).reason == "no_base"
    unnamed = dict(named, base="")
    assert derived.answer(table(far), unnamed, None, GAP, 80.0).reason == "other_base"
    # the newest figure is a participant count with no workforce near it
    p = fig("P", "active_participants", 500.0, as_of="2026", publisher="B")
    # (a count has no base: a BPS workforce 7 years away is too far, not another base)
    a = derived.answer(table(far), named, p, GAP, 80.0)
    assert a.reason == "too_far" and a.statement == p


def test_the_ways_at_the_newest_date_are_tried_and_conflicts_are_ways():
    """50 % (A) and, the same date, 60 % (B), both of angkatan kerja 1.000 (BPS): to 80 %, 300
    and 200; as printed 295 to 305 and 195 to 205: they disagree, both are shown."""
    other = fig("C2", value=60.0, base="angkatan_kerja", publisher="B")
    statement = dict(fig("C1", value=50.0, base="angkatan_kerja"), conflicts=[other])
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2025")
    a = derived.answer(table(w), statement, None, GAP, 80.0)
    assert not a.agree and [way.best for way in a.ways] == [300.0, 200.0]
    assert "conflicts" not in a.statement and a.statement["figure_id"] == "C1"
    # a group statement among the conflicts is not a way
    a = derived.answer(table(w), dict(statement, conflicts=[dict(other, kind="group")]), None,
                       GAP, 80.0)
    assert a.agree and a.best == 300.0


def test_participants_and_a_share_of_one_date_agree_the_narrowest_answers():
    """300 participants of 1.000 (30 %) and 30 % printed: to 80 %, 500 both ways; the pair is
    exact, the share 495 to 505 as printed: the pair answers, the share is another way."""
    share = fig("C", value=30.0, base="angkatan_kerja")
    p = fig("P", "active_participants", 300.0, publisher="BPS")
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2025")
    a = derived.answer(table(w), share, p, GAP, 80.0)
    assert (a.question, a.target, a.agree) == (GAP, 80.0, True)
    assert a.way.how == PAIR and a.best == 500.0
    assert [o.how for o in a.others] == [SHARE] and a.statement == share
    assert [f["figure_id"] for f in a.figures()] == ["P", "W"]


def test_a_year_alone_published_later_stands_for_the_end_of_that_year():
    """A statement for "2025" published in February 2026 is newer than participants of June
    2025: the participants are not its date, so only the statement's way is tried."""
    share = fig("C", value=30.0, base="angkatan_kerja", as_of="2025", published="2026-02")
    p = fig("P", "active_participants", 100.0, as_of="2025-06", publisher="BPS")
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2025")
    a = derived.answer(table(w), share, p, GAP, 80.0)
    assert [way.how for way in a.ways] == [SHARE] and a.best == 500.0
    # published within the year: June 2025 is newer, the pair answers (800 - 100 = 700)
    a = derived.answer(table(w), dict(share, published="2025-03"), p, GAP, 80.0)
    assert [way.how for way in a.ways] == [PAIR] and a.best == 700.0


def test_a_reported_count_answers_uncovered_workers_only():
    """40.000 reported (and, the same date, "sekitar 42.000"): uncovered workers only."""
    other = fig("R2", "uncovered_workers", 42000.0, kind="approximate", publisher="B")
    reported = dict(fig("R1", "uncovered_workers", 40000.0), conflicts=[other])
    a = derived.answer(table(), None, None, UNCOVERED, nan, reported)
    # 40.000 and 39.900 to 44.100 meet: the narrower, the point, answers
    assert a.agree and a.ways[0].figure["figure_id"] == "R1"
    assert a.best == 40000.0 and [o.best for o in a.others] == [42000.0]
    assert a.statement == {k: v for k, v in reported.items() if k != "conflicts"}
    assert not derived.answer(table(), None, None, GAP, 80.0, reported).known
    # a count with no "conflicts" listed
    a = derived.answer(table(), None, None, UNCOVERED, nan, fig("R", "uncovered_workers", 7.0))
    assert a.best == 7.0 and a.way.how == REPORTED


def test_an_undated_figure_is_the_oldest():
    """An undated 30 % next to 100 participants of June 2025 (of 1.000): the participants are
    the newest, 800 - 100 = 700 to 80 %. Undated alone, it is its own date."""
    share = fig("C", value=30.0, base="angkatan_kerja", as_of="")
    p = fig("P", "active_participants", 100.0, as_of="2025-06", publisher="BPS")
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2025")
    a = derived.answer(table(w), share, p, GAP, 80.0)
    assert [way.how for way in a.ways] == [PAIR] and a.best == 700.0 and a.statement == p
    a = derived.answer(table(w), fig("C", value=85.0, as_of=""), None, GAP, 80.0)
    assert a.met and a.statement["as_of"] == ""


def test_a_year_alone_not_said_when_published_is_its_start():
    """A statement for "2025" with no publication date is older than June 2025."""
    share = fig("C", value=30.0, base="angkatan_kerja", as_of="2025")
    p = fig("P", "active_participants", 100.0, as_of="2025-06", publisher="BPS")
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2025")
    a = derived.answer(table(w), share, p, GAP, 80.0)
    assert [way.how for way in a.ways] == [PAIR] and a.best == 700.0


# --- a workforce the user chose ------------------------------------------------------------------

def test_chosen_for_a_statement_no_number_can_be_computed_from():
    group = fig("C", value=60.0, kind="group")
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2025")
    assert derived.chosen(GAP, group, 80.0, w) == \
        Answer(GAP, 80.0, reason="group", statement=group)
    segment = fig("C", value=60.0, kind="segment")
    assert derived.chosen(UNCOVERED, segment, 80.0, typed=1000.0) == \
        Answer(UNCOVERED, 80.0, reason="no_statement", statement=segment)


def test_chosen_workforce_for_a_share_and_for_participants():
    share = fig("C", value=40.0, base="angkatan_kerja")
    w = bps("W", "bps_angkatan_kerja", 1000.0, "2025")
    a = derived.chosen(GAP, share, 80.0, w)
    assert a == Answer(GAP, 80.0, (derived.share_way(GAP, share, w, 80.0),), True,
                       statement=share)
    assert a.best == 400.0 and not a.mixed_base and a.statement is share
    a = derived.chosen(GAP, share, 80.0, typed=2000.0)  # 40 % of 2.000
    assert a.best == 800.0 and a.mixed_base and a.ways[0].typed == 2000.0
    p = fig("P", "active_participants", 500.0)
    a = derived.chosen(UNCOVERED, p, nan, w)
    assert a.ways[0].how == PAIR and a.best == 500.0
    assert derived.chosen(GAP, p, 80.0, None, 1000.0).best == 300.0


# --- what the workers cost ------------------------------------------------------------------------

def test_a_year_of_premiums():
    assert derived.MONTHS == 12
    assert derived.yearly_cost(100, 16800.0) == 100 * 16800 * 12 == 20_160_000


def test_the_cost_of_an_approximate_gap():
    """Sekitar 40 % of sekitar 1.000, to 80 %: 361 to 441 workers, about 400; at Rp16.800 a
    month, Rp201.600 a year each: Rp72.777.600 to Rp88.905.600, about Rp80.640.000."""
    share = fig("C", value=40.0, kind="approximate", base="angkatan_kerja")
    w = fig("W", "bps_angkatan_kerja", 1000.0, kind="approximate", publisher="BPS")
    gap = derived.chosen(GAP, share, 80.0, w)
    assert derived.cost(gap, 16800.0) == Cost(72_777_600.0, 80_640_000.0, 88_905_600.0, True)


def test_the_cost_of_an_exact_gap_a_range_and_a_typed_number():
    exact = Answer(GAP, 80.0, (way_of(PAIR, 300.0, 300.0, 300.0),))
    assert derived.cost(exact, 1000.0) == Cost(3_600_000.0, 3_600_000.0, 3_600_000.0, False)
    band = derived.cost(Answer(GAP, 80.0, (way_of(SHARE, 3000.0, nan, 8000.0),)), 1000.0)
    assert same((band.low, band.best, band.high), (36_000_000.0, nan, 96_000_000.0))
    assert band.approximate is False
    assert derived.cost((250.0, 250.0), 16800.0) == Cost(50_400_000.0, 50_400_000.0,
                                                         50_400_000.0, False)
    typed = derived.cost((10.0, 20.0), 1000.0)
    assert same((typed.low, typed.best, typed.high), (120_000.0, nan, 240_000.0))
    assert typed.approximate is False
    none = derived.cost(Answer(GAP, 80.0, reason="group"), 1000.0)
    assert all(math.isnan(x) for x in (none.low, none.best, none.high)) and not none.approximate


# --- from the figures table -----------------------------------------------------------------------

def test_for_region_reads_the_latest_figures_from_a_table_or_a_lookup():
    rows = table(fig("C", value=40.0, base="angkatan_kerja", as_of="2025"),
                 fig("C0", value=20.0, base="angkatan_kerja", as_of="2023"),
                 fig("CB", value=40.0, base="angkatan_kerja", as_of="2025", publisher="B"),
                 bps("W", "bps_angkatan_kerja", 1000.0, "2025"),
                 fig("R", "uncovered_workers", 600.0, as_of="2025", publisher="C"),
                 fig("X", value=10.0, base="angkatan_kerja", as_of="2025", kode="64.02"))
    for figures in (rows, Lookup(rows)):
        gap = derived.for_region(figures, "64.01", GAP, 80.0)
        assert gap.best == 400.0 and gap.statement["figure_id"] == "C"
        assert "also_cited" not in gap.statement and "conflicts" not in gap.statement
        assert [w.how for w in gap.ways] == [SHARE] and gap.others == ()
        unc = derived.for_region(figures, "64.01", UNCOVERED)
        # 60 % of 1.000 and the 600 reported agree: the share, first on a tie of width
        assert unc.best == 600.0 and [w.how for w in unc.ways] == [SHARE]
        assert [w.how for w in unc.others] == [REPORTED]
        assert "also_cited" not in unc.others[0].figure


def test_for_region_sets_participants_counted_exactly_only_and_reported_counts_aside():
    """A band of participants ("lebih dari 200") is no count to subtract; a reported count
    newer than the statement does not make the statement old for the gap."""
    rows = table(fig("C", value=30.0, base="angkatan_kerja", as_of="2025"),
                 bps("W", "bps_angkatan_kerja", 1000.0, "2025"),
                 fig("P", "active_participants", kind="band", lower=200.0, as_of="2025",
                     publisher="BPS"),
                 fig("R", "uncovered_workers", 650.0, as_of="2026", publisher="C"))
    for figures in (rows, Lookup(rows)):
        gap = derived.for_region(figures, "64.01", GAP, 80.0)
        assert gap.best == 500.0 and [w.how for w in gap.ways] == [SHARE]
        assert gap.others == () and gap.statement["figure_id"] == "C"
        # uncovered workers: the newer reported count stands
        unc = derived.for_region(figures, "64.01", UNCOVERED)
        assert unc.best == 650.0 and [w.how for w in unc.ways] == [REPORTED]
