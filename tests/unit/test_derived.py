"""The one engine for derived numbers: the pairing rule, honest precision, named regions with
their numbers worked out by hand, and every page stating the same answer for every region."""

import math

import pandas as pd
import pytest

from coverage_map.data import io
from coverage_map.figures import (analysis, derived, derived_words, pairing, plan_compute,
                                  plan_inputs, plan_words, profile)
from coverage_map.render import brief
from coverage_map.language.i18n import set_language, t
from coverage_map.figures.lookup import Lookup
from coverage_map.data.schema import COLUMNS

GAP, UNCOVERED = derived.GAP, derived.UNCOVERED


@pytest.fixture(scope="module")
def bundle():
    return io.Bundle()


@pytest.fixture(scope="module")
def figures(bundle):
    return Lookup(bundle.figures)


@pytest.fixture(autouse=True)
def indonesian():
    set_language("id")
    yield
    set_language("id")


def fig(fid, metric, value, kind="exact", as_of="2025", publisher="A", base="", lower=None,
        upper=None, kode="64.01"):
    return {**{c: "" for c in COLUMNS}, "figure_id": fid, "level": "kabkota", "kode": kode,
            "scope": "wilayah", "metric": metric, "value": value, "kind": kind, "as_of": as_of,
            "source_publisher": publisher, "source_rank": 1, "base": base, "lower": lower,
            "upper": upper, "published": "", "area_name": "Kabupaten Paser"}


def table(*rows):
    return pd.DataFrame(list(rows)) if rows else pd.DataFrame(columns=COLUMNS)


# --- named regions, worked out by hand ----------------------------------------------------------

def test_nunukan_the_participants_and_workforce_of_one_article_answer(figures):
    """Nunukan, June 2022, one Benuanta article: "sekitar 21 ribu" participants of 61.000
    workers, and "masih jauh dari angka 50 persen". Participants with the workforce of the same
    source come first; the band agrees, so the narrower answer stands."""
    gap = derived.for_region(figures, "65.03", GAP, 80.0)
    assert gap.agree and gap.way.how == derived.PAIR
    assert gap.best == 0.8 * 61000 - 21000 == 27800
    # "sekitar 21 ribu": 19.950 to 22.050 participants
    assert (gap.low, gap.high) == (48800 - 22050, 48800 - 19950)
    assert gap.approximate and gap.qualifier() == "sekitar"
    # the band alone would allow (80 % - 50 %) to 80 % of 61.000: 18.300 to 48.800, wider
    band = [w for w in gap.others if w.how == derived.SHARE][0]
    assert (band.low, band.high) == (math.ceil(0.30 * 61000), 0.8 * 61000)
    assert derived_words.cell(gap) == "sekitar 28 ribu"  # 27.800 to two significant digits
    unc = derived.for_region(figures, "65.03", UNCOVERED)
    assert unc.best == 61000 - 21000


def test_balangan_two_statements_of_one_article_disagree_and_both_are_shown(figures):
    """Balangan, October 2025 (Tabirkota): 62.000 protected of "sekitar 80 ribu" (77,5 %),
    and "lebih dari 90 persen" registered. At 80 % the first needs about 2.000 more, the
    second none: they disagree, so both are stated."""
    gap = derived.for_region(figures, "63.11", GAP, 80.0)
    assert not gap.agree and gap.qualifier() == "sumber_berbeda"
    pair = [w for w in gap.ways if w.how == derived.PAIR][0]
    assert pair.best == 0.8 * 80000 - 62000 == 2000
    share = [w for w in gap.ways if w.how == derived.SHARE][0]
    assert share.met
    # "sekitar 80 ribu" is 76.000 to 84.000: 0 to 80 % of 84.000 - 62.000 = 5.200 more, so
    # the first is written as at most 5.200 (it may be met too), never "sekitar 2.000"
    assert (pair.low, pair.high) == (0, 0.8 * 84000 - 62000) == (0, 5200)
    assert derived_words.cell(gap) == "paling banyak 5.200 atau tercapai"
    assert "tidak sepakat" in derived_words.sentence(gap)
    assert math.isnan(gap.best)  # no middle value where sources disagree


def test_kotawaringin_timur_the_count_and_the_rounded_percentage_agree(figures):
    """Kotawaringin Timur, July 2025 (Kabar Kalimantan1): 50.891 participants of 179.730
    potential participants, printed as 28,32 %. 80 % of 179.730 - 50.891 = 92.893; the
    printed percentage gives ceil(51,68 % of 179.730) = 92.885 only because 28,32 is rounded
    (50.891 / 179.730 = 28,3152 %): one answer, 92.893, on every page."""
    gap = derived.for_region(figures, "62.02", GAP, 80.0)
    assert gap.agree and gap.best == 143784 - 50891 == 92893
    assert (gap.low, gap.high) == (92893, 92893) and gap.qualifier() == "tepat"
    share = [w for w in gap.others if w.how == derived.SHARE][0]
    assert share.best == math.ceil(0.5168 * 179730) == 92885
    unc = derived.for_region(figures, "62.02", UNCOVERED)
    assert unc.best == 179730 - 50891 == 128839  # the count the source printed, F237


def test_kaltim_a_penduduk_bekerja_share_is_not_set_against_a_bpjs_base(figures):
    """Kalimantan Timur: the newest statement is 58,53 % of penduduk bekerja (December 2025).
    The workforce figures Kaltim has (1.358.649 and 1.350.000, March 2023) are the denominator
    of the BPJS-based 70,86 %: multiplying 58,53 % by them gives 289.845, mixing two bases.
    There is no BPS penduduk bekerja figure for Kaltim, so nothing is computed by default."""
    gap = derived.for_region(figures, "64", GAP, 80.0)
    assert not gap.known and gap.reason == "other_base"
    assert gap.statement["figure_id"] == "F131"
    text = derived_words.sentence(gap)
    assert "58,53 %" in text and "penduduk bekerja" in text and "289.845" not in text
    # Rencana lets the user choose F148 anyway, and says the bases differ
    p = plan_compute.build(pd.DataFrame(), {"64": "Kalimantan Timur"}, figures, "64",
                   plan_inputs.Choices(workforce="F148"))
    assert p.need.best == math.ceil((80 - 58.53) / 100 * 1350000) == 289845
    assert p.need.mixed_base and "tidak memakai dasar yang sama" in plan_words.need_text(p)


def test_kalteng_sekitar_40_of_potensi_is_not_set_against_another_figure(figures):
    """Kalimantan Tengah: "sekitar 40 %" of potensi pekerja (February 2026, F102, whose
    source spoke of 1,7-1,8 juta) has no workforce figure of its own in the data; 1.009.250
    (F432) is the base of the 46,2 % figure, from another source: not used by default."""
    gap = derived.for_region(figures, "62", GAP, 80.0)
    assert not gap.known and gap.statement["figure_id"] == "F102"
    p = plan_compute.build(pd.DataFrame(), {"62": "Kalimantan Tengah"}, figures, "62",
                   plan_inputs.Choices(workforce="F432"))
    # chosen by the user: sekitar 40 % is 38 % to 42 %, of 1.009.250
    assert p.need.best == math.ceil(0.40 * 1009250) == 403700
    assert (p.need.low, p.need.high) == (math.ceil(0.38 * 1009250), math.ceil(0.42 * 1009250))
    assert p.need.approximate and p.need.mixed_base
    assert plan_words.gap_words(p) == "sekitar 400 ribu pekerja"
    assert "403.700" not in plan_words.need_text(p)


# --- the rules, on small tables ---------------------------------------------------------------------

def test_rounding_with_non_whole_inputs():
    """33,33 % of 1.001 workers: the gap to 80 % is 46,67 % of 1.001 = 467,17 -> 468 (a part
    of a worker still has to be enrolled); uncovered is 66,67 % of 1.001 = 667,37 -> 667."""
    rows = table(fig("C", "coverage_pct", 33.33, base="angkatan_kerja"),
                 fig("W", "bps_angkatan_kerja", 1001.0, publisher="BPS", as_of="2024"))
    gap = derived.for_region(rows, "64.01", GAP, 80.0)
    assert gap.best == 468 and gap.qualifier() == "tepat"
    unc = derived.for_region(rows, "64.01", UNCOVERED)
    assert unc.best == 667
    # 12,5 % of 1.003: 125,375 protected, so 877,625 uncovered -> 878 (nearest)
    rows2 = table(fig("C", "coverage_pct", 12.5, base="angkatan_kerja"),
                  fig("W", "bps_angkatan_kerja", 1003.0, publisher="BPS", as_of="2024"))
    assert derived.for_region(rows2, "64.01", UNCOVERED).best == 878
    # exactly at the target: no gap, not one worker
    rows3 = table(fig("C", "coverage_pct", 80.0, base="angkatan_kerja"),
                  fig("W", "bps_angkatan_kerja", 1003.0, publisher="BPS", as_of="2024"))
    assert derived.for_region(rows3, "64.01", GAP, 80.0).best == 0


def test_the_target_boundary_and_above_100_percent():
    rows = table(fig("C", "coverage_pct", 150.0))  # no workforce at all
    gap = derived.for_region(rows, "64.01", GAP, 100.0)
    assert gap.known and gap.met and gap.best == 0
    assert derived.for_region(rows, "64.01", UNCOVERED).best == 0
    # 79,99 % is below 80 %: with no workforce the gap cannot be computed
    below = table(fig("C", "coverage_pct", 79.99))
    assert not derived.for_region(below, "64.01", GAP, 80.0).known
    assert derived.for_region(below, "64.01", GAP, 79.99).met


def test_a_stated_base_pairs_with_the_bps_figure_of_that_base_only():
    share = fig("C", "coverage_pct", 50.0, base="penduduk_bekerja", as_of="2025")
    ak = fig("W1", "bps_angkatan_kerja", 1000.0, publisher="BPS", as_of="2024")
    pb = fig("W2", "bps_penduduk_bekerja", 900.0, publisher="BPS", as_of="2023")
    gap = derived.for_region(table(share, ak, pb), "64.01", GAP, 80.0)
    assert gap.way.workforce["figure_id"] == "W2" and gap.best == 0.3 * 900
    # only angkatan kerja: other base, nothing computed
    assert derived.for_region(table(share, ak), "64.01", GAP, 80.0).reason == "other_base"
    # penduduk bekerja too far in time (4 years): nothing
    far = fig("W2", "bps_penduduk_bekerja", 900.0, publisher="BPS", as_of="2021")
    assert not derived.for_region(table(share, far), "64.01", GAP, 80.0).known
    # an unstated base takes only its own source's workforce of the same date
    unstated = fig("C", "coverage_pct", 50.0, base="tidak_disebut", as_of="2025")
    own = fig("W3", "workforce", 2000.0, as_of="2025")
    assert not derived.for_region(table(unstated, ak), "64.01", GAP, 80.0).known
    assert derived.for_region(table(unstated, own), "64.01", GAP, 80.0).best == 0.3 * 2000


def test_an_older_pair_is_not_passed_off_as_the_current_gap():
    new = fig("C", "coverage_pct", 40.0, base="tidak_disebut", as_of="2025-11")
    old_p = fig("P", "active_participants", 500.0, as_of="2023-03", publisher="B")
    old_w = fig("W", "workforce", 1000.0, as_of="2023-03", publisher="B")
    gap = derived.for_region(table(new, old_p, old_w), "64.01", GAP, 80.0)
    assert not gap.known and gap.statement["figure_id"] == "C"
    # the same pair at the statement's date is used
    same = [dict(r, as_of="2025-11") for r in (old_p, old_w)]
    assert derived.for_region(table(new, *same), "64.01", GAP, 80.0).best == 800 - 500


def test_a_band_gives_a_range_and_an_open_band_at_most():
    below = fig("C", "coverage_pct", 50.0, kind="band", upper=50.0, base="angkatan_kerja")
    w = fig("W", "bps_angkatan_kerja", 10000.0, publisher="BPS")
    gap = derived.for_region(table(below, w), "64.01", GAP, 80.0)
    assert (gap.low, gap.high) == (3000, 8000) and math.isnan(gap.best)
    assert gap.qualifier() == "rentang"
    assert derived_words.count_text(gap.low, gap.best, gap.high, gap.approximate) == \
        "antara 3.000 dan 8.000 pekerja"
    above = fig("C", "coverage_pct", 70.0, kind="band", lower=70.0, base="angkatan_kerja")
    gap = derived.for_region(table(above, w), "64.01", GAP, 80.0)
    assert (gap.low, gap.high) == (0, 1000)
    assert derived_words.cell(gap) == "paling banyak 1.000"


def test_sekitar_is_five_percent_either_way_and_rounded_to_two_digits():
    approx = fig("C", "coverage_pct", 40.0, kind="approximate", base="angkatan_kerja")
    w = fig("W", "bps_angkatan_kerja", 349784.0, publisher="BPS")
    gap = derived.for_region(table(approx, w), "64.01", GAP, 80.0)
    assert gap.best == math.ceil(0.40 * 349784) == 139914
    assert gap.low == math.ceil(0.38 * 349784) and gap.high == math.ceil(0.42 * 349784)
    assert derived_words.cell(gap) == "sekitar 140 ribu"
    set_language("en")
    assert derived_words.cell(gap, "en") == "about 140 thousand"
    p = derived.cost(gap, 16800.0)
    assert p.best == 139914 * 16800 * 12 and p.approximate
    assert plan_words.money_range(p.low, p.high, "id", p.best, p.approximate) == \
        "sekitar Rp28 miliar"


# --- every page, one answer ---------------------------------------------------------------------

@pytest.mark.parametrize("target", [52.15, 80.0, 100.0])
def test_every_page_states_the_same_answer_for_every_region(bundle, figures, target):
    """Profil, Rencana (its page, its province table and the PDF brief's lines), Analisis (its
    kab/kota and province tables) and the fact sheet's text give the same interval and the same
    sentence for each of the 56 kab/kota, the 5 provinces and Kalimantan."""
    regions, provinces = bundle.regions, bundle.table.provinces
    an = analysis.analyst_table(regions, figures, None, target).set_index("kode")
    prov = analysis.province_table(regions, figures, provinces, target).set_index("kode")
    kodes = [*regions["kode"], *sorted(provinces), ""]
    choices = plan_inputs.Choices(app_target=target)
    rows = {}
    for prov_kode in sorted(provinces):
        for q in plan_compute.province_rows(regions, provinces, figures, prov_kode, choices):
            rows[q.kode] = q
    checked = 0
    for kode in kodes:
        engine = derived.for_region(figures, kode, GAP, target)
        numbers = (engine.low, engine.best, engine.high)
        name = provinces.get(kode) or (regions.set_index("kode")["nama"].get(kode)) or \
            t("trend_kalimantan")
        sentence = derived_words.sentence(engine, None, name)
        if kode:  # Profil and Rencana have kab/kota and provinces
            p = profile.build(regions, provinces, figures.figures, kode, target)
            assert _same(numbers, (p.gap.low, p.gap.best, p.gap.high)), kode
            assert profile.gap_sentence(p) == sentence, kode
            q = plan_compute.build(regions, provinces, figures, kode, choices)
            assert _same(numbers, (q.need.low, q.need.best, q.need.high)), kode
            assert plan_words.need_text(q).startswith(sentence), kode
        if kode in rows:
            q = rows[kode]
            assert _same(numbers, (q.need.low, q.need.best, q.need.high)), kode
            line = brief.regency_lines([q])[0]
            assert (plan_words.gap_words(q) in line) if engine.known else q.name in line
        row = an.loc[kode] if kode in an.index else prov.loc[kode]
        assert _same(numbers, (row["selisih_target_min"], row["selisih_target"],
                               row["selisih_target_maks"])), kode
        assert row["selisih_target_ket"] == sentence, kode
        checked += 1
    assert checked == 56 + 5 + 1


def _same(a, b) -> bool:
    return all((math.isnan(x) and math.isnan(y)) or x == y for x, y in zip(a, b))


def test_what_the_reader_is_told_matches_how_it_was_computed():
    # a band is a range, not "sekitar": the rule for "sekitar" is not stated under it
    below = fig("C", "coverage_pct", 50.0, kind="band", upper=50.0, base="angkatan_kerja")
    w = fig("W", "bps_angkatan_kerja", 10000.0, publisher="BPS")
    gap = derived.for_region(table(below, w), "64.01", GAP, 80.0)
    assert not gap.approximate and "meleset" not in derived_words.sentence(gap)
    # a workforce the user chose on another base is not said to be "on the same base"
    share = fig("C", "coverage_pct", 40.0, base="tidak_disebut")
    other = fig("W", "workforce", 1000.0, publisher="B", as_of="2024")
    chosen = derived.chosen(GAP, share, 80.0, other)
    text = derived_words.sentence(chosen)
    assert chosen.mixed_base and "dengan dasar yang sama" not in text.split(". ")[1]
    assert "tidak memakai dasar yang sama" in text
    # half up to two significant digits: 38.500 -> 39.000, 62.500 -> 63.000, 2.449 -> 2.400
    assert [derived_words.rounded(n) for n in (38500, 62500, 2449, 139914, 27800)] == \
        [39000, 63000, 2400, 140000, 28000]
    # the right base six years away: said as too far, not as another base
    old = fig("W", "bps_angkatan_kerja", 1000.0, publisher="BPS", as_of="2019")
    named = fig("C", "coverage_pct", 50.0, base="angkatan_kerja", as_of="2025")
    far = derived.for_region(table(named, old), "64.01", GAP, 80.0)
    assert far.reason == "too_far"
    assert f"dalam {pairing.YEARS_APART} tahun" in derived_words.sentence(far)


def test_the_rule_on_sources_and_method_states_the_engine_constants():
    text = t("sources_method", "id")
    assert f"meleset {round(pairing.APPROX * 100)} %" in text
    assert f"paling jauh {pairing.YEARS_APART} tahun" in text
    assert f"two significant digits" in t("sources_method", "en") and \
        derived_words.SIGNIFICANT == 2


def test_an_upload_derives_its_own_numbers_and_keeps_its_base(bundle):
    """Banjar: a file gives 52,75 % of 301.000 "Angkatan Kerja (orang)" for September 2025.
    Its uncovered workers and gap come from the file, not from the bundled "40.000 belum
    terlindungi" of May 2025; the workforce is labelled as the header named it."""
    from coverage_map.data import upload

    data = ("Kabupaten/Kota,Angkatan Kerja (orang),Cakupan (%)\n"
            'Kabupaten Banjar,301.000,"52,75"\n').encode()
    report = upload.validate(data, "banjar.csv", bundle.table, as_of="2025-09", source="Disnaker")
    assert not [i for i in report.issues if i.level == "error"]
    joined = upload.combine(bundle.figures, report.figures, upload.ADD)
    unc = derived.for_region(joined, "63.03", UNCOVERED)
    # 47,25 % of 301.000 = 142.222,5 -> 142.223 (nearest whole, half up)
    assert unc.best == math.floor(0.4725 * 301000 + 0.5) == 142223
    assert [w.how for w in unc.ways] == [derived.SHARE]
    gap = derived.for_region(joined, "63.03", GAP, 80.0)
    assert gap.best == math.ceil(0.2725 * 301000) == 82023
    row = analysis.analyst_table(bundle.regions, joined, ["63"], 80.0).set_index("kode")
    assert row.loc["63.03", "belum_terlindungi"] == 142223
    assert "40.000" not in row.loc["63.03", "belum_terlindungi_ket"]
    assert row.loc["63.03", "tenaga_kerja_ket"].startswith("Angkatan kerja: 301.000")
    workforce = report.figures[report.figures["metric"] == "workforce"].iloc[0]
    assert workforce["base"] == "angkatan_kerja"


def test_a_chosen_base_is_flagged_in_the_brief_pdf_text_and_xlsx(bundle, figures):
    """Kaltim with F148 chosen: the inputs listed on the page, in the PDF and in the XLSX say
    the base differs, and the result's sentence says so too."""
    import io as stdio

    p = plan_compute.build(bundle.regions, bundle.table.provinces, figures, "64",
                   plan_inputs.Choices(workforce="F148"))
    flag = t("plan_base_flag")
    assert any(flag in line for line in brief.input_lines(p))
    book = pd.read_excel(stdio.BytesIO(brief.xlsx(p, [p], "http://x")), sheet_name=None,
                         header=None)
    cells = " ".join(str(v) for sheet in book.values() for v in sheet.values.ravel())
    assert flag in cells and t("derived_mixed_base") in cells


def test_review_cases_worked_out_by_hand():
    # half up on a binary fraction: 78,45 % of 173.000 leaves 21,55 % = 37.281,5 -> 37.282
    rows = table(fig("C", "coverage_pct", 78.45, base="angkatan_kerja"),
                 fig("W", "bps_angkatan_kerja", 173000.0, publisher="BPS"))
    assert derived.for_region(rows, "64.01", UNCOVERED).best == 37282
    # a segment's uncovered count (informal only) is not the region's newest statement
    share = fig("C", "coverage_pct", 50.0, base="angkatan_kerja", as_of="2024")
    w = fig("W", "bps_angkatan_kerja", 1000.0, publisher="BPS", as_of="2024")
    seg = fig("S", "uncovered_workers", 300.0, kind="segment", as_of="2025")
    seg["segment"] = "informal"
    unc = derived.for_region(table(share, w, seg), "64.01", UNCOVERED)
    assert unc.best == 500 and unc.statement["figure_id"] == "C"
    # met "whatever the workforce" only if every statement of that date is: 85 % and 60 %
    high = fig("C1", "coverage_pct", 85.0, publisher="A")
    low = fig("C2", "coverage_pct", 60.0, publisher="B")
    a = derived.answer(table(), dict(high, conflicts=[low]), None, GAP, 80.0)
    assert not a.known and not a.met
    # two statements both above the target agree that it is met
    both = [fig("C1", "coverage_pct", 90.0, base="angkatan_kerja"),
            fig("C2", "coverage_pct", 95.0, base="angkatan_kerja", publisher="B")]
    a = derived.answer(table(w | {"as_of": "2025"}), dict(both[0], conflicts=[both[1]]), None,
                       GAP, 80.0)
    assert a.agree and a.met and a.qualifier() == "tepat"
    # a workforce chosen for participants outside the pairing rule is flagged; BPS is not
    p = fig("P", "active_participants", 500.0, as_of="2025", publisher="B")
    other = fig("W2", "workforce", 1000.0, publisher="C", as_of="2019")
    assert derived.chosen(GAP, p, 80.0, other).mixed_base
    assert not derived.chosen(GAP, p, 80.0, w).mixed_base
    assert derived.chosen(GAP, p, 80.0, typed=1000.0).mixed_base
    assert derived.chosen(GAP, p, 80.0).reason == "no_base"
    # the gap from participants says "80 % x workforce minus participants", which holds
    text = derived_words.sentence(derived.chosen(GAP, p, 80.0, w))
    assert text.startswith("300 pekerja lagi") and "80 % × angkatan kerja (BPS) 1.000" in text
    # an exact percentage printed as 0,00001 (an exponent in its repr) is read, not refused
    # (two decimals at most: 0,00001 % stands for -0,00499 to 0,00501)
    assert pairing.printed(fig("C", "coverage_pct", 1e-05)) == pytest.approx((-0.00499, 0.00501))
    with pytest.raises(ValueError):
        derived.for_region(rows, "64.01", GAP)  # the gap needs a target


def test_sums_of_answers_and_costs_keep_their_precision():
    """A band of 3.000 to 8.000 and an exact 500: 3.500 to 8.500 together, no middle value;
    JKK + JKM at Rp16.800 and JHT at Rp20.000 a month for an exact 500: Rp100.800.000 and
    Rp120.000.000 a year, Rp220.800.000 together."""
    below = fig("C", "coverage_pct", 50.0, kind="band", upper=50.0, base="angkatan_kerja")
    w = fig("W", "bps_angkatan_kerja", 10000.0, publisher="BPS")
    band = derived.for_region(table(below, w), "64.01", GAP, 80.0)
    exact = derived.chosen(GAP, fig("P", "active_participants", 300.0), 80.0, typed=1000.0)
    assert exact.best == 0.8 * 1000 - 300 == 500
    none = derived.for_region(table(fig("C", "coverage_pct", 40.0)), "64.01", GAP, 80.0)
    s = derived.total([band, exact, none])
    assert (s.low, s.high) == (3500, 8500) and math.isnan(s.best) and not s.approximate
    both = derived.add(derived.cost(exact, 16800.0), derived.cost(exact, 20000.0))
    assert (both.low, both.best, both.high) == (500 * 16800 * 12 + 500 * 20000 * 12,) * 3 \
        == (220_800_000,) * 3
