"""Latest figure per region, conflicts, branch offices, province figures, the summary."""

import pandas as pd
import pytest

from coverage_map.figures import coverage, ranking
from coverage_map.figures.coverage import View


def test_latest_figure_wins(figures):
    best = coverage.latest(figures, "coverage_pct")
    assert best.loc["62.02", "value"] == 28.32  # Kotim: Jul 2025 beats Jun 2025 (30 %)
    assert best.loc["64.72", "as_of"] == "2025-11"  # Samarinda: ~40 % (Nov 2025)
    assert best.loc["64.72", "qualifier"] == "sekitar"


def fig(**changes):
    row = dict(figure_id="F1", level="kabkota", kode="61.71", scope="wilayah",
               metric="coverage_pct", value=40.86, unit="pct", kind="exact", qualifier="",
               lower=float("nan"), upper=float("nan"), segment="", group="", base="",
               caveats="", as_of="2024", published="", source_publisher="A", source_rank=1)
    row.update(changes)
    return row


def test_same_date_conflicts_stay_visible():
    figs = pd.DataFrame([fig(), fig(figure_id="F2", value=44.52, source_publisher="B")])
    best = coverage.latest(figs, "coverage_pct")
    assert best.loc["61.71", "value"] == 40.86
    assert [c["value"] for c in best.loc["61.71", "conflicts"]] == [44.52]


def test_primary_source_cited_first_and_the_others_listed():
    figs = pd.DataFrame([fig(source_publisher="Agregator", source_rank=2),
                         fig(figure_id="F2", source_publisher="BPJS Ketenagakerjaan",
                             source_rank=0),
                         fig(figure_id="F3", source_publisher="Koran", source_rank=1)])
    best = coverage.latest(figs, "coverage_pct").loc["61.71"]
    assert best["source_publisher"] == "BPJS Ketenagakerjaan" and best["conflicts"] == []
    assert [c["figure_id"] for c in best["also_cited"]] == ["F3", "F1"]


def test_newest_statement_wins_but_a_confirming_band_keeps_the_exact_figure():
    band = fig(figure_id="F9", kind="band", value=50, upper=50, qualifier="kurang_dari",
               as_of="2025-03")
    figs = pd.DataFrame([fig(value=31.69, as_of="2024-10"), band])
    assert coverage.latest(figs, "coverage_pct").loc["61.71", "figure_id"] == "F1"
    figs = pd.DataFrame([fig(value=62.0, as_of="2024-10"), band])  # the band contradicts it
    assert coverage.latest(figs, "coverage_pct").loc["61.71", "figure_id"] == "F9"
    group = fig(figure_id="F8", kind="group", value=60, group="kaltim_selain_bontang_kutim",
                qualifier="sekitar", as_of="2025-05")
    figs = pd.DataFrame([fig(value=40.39, as_of="2025-09"), group])  # newer exact wins
    assert coverage.latest(figs, "coverage_pct").loc["61.71", "figure_id"] == "F1"
    assert coverage.latest(figs, "coverage_pct", measured_only=True).loc[
        "61.71", "kind"] == "exact"


def test_branch_office_totals_are_never_a_city_value(figures):
    branch = figures[figures["scope"] == "kantor_cabang"]
    assert set(branch["kode"]) >= {"64.71", "64.72", "64.74", "65.71"}
    best = coverage.latest(figures, "active_participants")
    assert not best["figure_id"].isin(branch["figure_id"]).any()
    assert "65.71" not in best.index  # Tarakan only has a branch-area total


def test_view_table_one_row_per_regency(regions, figures):
    table = coverage.view_table(regions, figures, View())
    assert len(table) == 56 and table["kode"].is_unique
    counts = table["status"].value_counts().to_dict()
    # 23 regencies drawn with their own figure, 13 with a band or group statement: 36 of 56
    assert (counts["measured"], counts["statement"]) == (23, 13)
    assert table["value"].notna().sum() == 23 and table["stated"].notna().sum() == 13
    kaltim = table[table["kode_prov"] == "64"]
    assert kaltim["status"].isin(["measured", "statement"]).all()  # every Kaltim regency
    below_50 = table.set_index("kode").loc[["62.06", "62.10", "62.11", "62.12", "62.13",
                                           "62.71"]]
    assert (below_50["statement"] == "kurang dari 50 % menurut Possindo (Maret 2025)").all()


def test_group_statement_is_said_to_be_about_a_group(regions, figures):
    table = coverage.view_table(regions, figures, View(province="64")).set_index("kode")
    ppu = table.loc["64.09"]
    assert (ppu["status"], ppu["kind"], ppu["stated"]) == ("statement", "group", 60)
    assert ppu["statement"].startswith("sekitar 60 %: pernyataan Kepala BPJS Ketenagakerjaan "
                                       "Cabang Samarinda tentang semua kab/kota Kalimantan "
                                       "Timur selain Bontang dan Kutai Timur, Mei 2025")
    assert "bukan angka khusus wilayah ini" in ppu["statement"]
    assert table.loc["64.72", "status"] == "measured"  # Samarinda: its own, newer figure
    assert table.loc["64.74", "source_publisher"] == "BPJS Ketenagakerjaan"  # primary cited
    assert "infosatu.co" in table.loc["64.74", "also_cited"]


def test_province_filter(regions, figures):
    table = coverage.view_table(regions, figures, View(province="64"))
    assert len(table) == 10 and set(table["kode_prov"]) == {"64"}


def test_province_figures_are_labelled_not_spread(regions, figures):
    table = coverage.view_table(regions, figures, View(province="63")).set_index("kode")
    assert pd.isna(table.loc["63.05", "value"])  # Tapin: nothing public
    assert table.loc["63.05", "status"] == "none"
    assert "Angka tingkat provinsi Kalimantan Selatan" in table.loc["63.05", "province_figure"]
    assert "sekitar 42 %" in table.loc["63.05", "province_figure"]
    assert table.loc["63.03", "province_figure"] == ""  # Banjar has its own figure


def test_segment_shares_only_stay_hatched_and_are_listed(regions, figures):
    table = coverage.view_table(regions, figures, View(province="61")).set_index("kode")
    sintang = table.loc["61.05"]  # formal 76,63 % and non-formal 8,36 % only
    assert sintang["status"] == "partial" and pd.isna(sintang["value"])
    texts = " | ".join(sintang["other_figures"])
    assert "Segmen formal / penerima upah (PU): 76,63 % (Juli 2023" in texts
    assert "Segmen informal / bukan penerima upah (BPU): 8,36 %" in texts


def test_above_100_is_not_clipped(regions, figures):
    table = coverage.view_table(regions, figures, View(metric="coverage_pct")).set_index("kode")
    kutim_other = coverage.other_figures_by_region(figures, ["64.08"], "coverage_pct")[0]
    assert any("150 %" in text for text in kutim_other)
    assert table.loc["64.08", "value"] == 100


def test_summary_sentence(regions, figures):
    view = View(province="64")
    table = coverage.view_table(regions, figures, view)
    s = coverage.summarise(table, view)
    assert (s.n_regions, s.n_with_value, s.n_statements) == (10, 5, 5)
    assert (s.n_below_target, s.n_below_by_statement, s.n_met) == (8, 5, 2)
    text = coverage.summary_sentence(s, view, "Kalimantan Timur", table)
    assert text.startswith("8 dari 10 kab/kota di Kalimantan Timur yang punya angka atau "
                           "pernyataan cakupan berada di bawah target 80 %, 5 di antaranya "
                           "menurut rentang atau pernyataan kelompok.")
    assert "belum punya angka" not in text  # every Kaltim regency is drawn


def test_summary_sentence_for_one_region(regions, figures):
    view = View(province="64")
    table = coverage.view_table(regions, figures, view)
    one = table[table["kode"] == "64.74"].reset_index(drop=True)
    text = coverage.summary_sentence(coverage.summarise(one, view), view, "Kota Bontang", one)
    assert text == "Kota Bontang mencapai target 80 %: 100 % (Mei 2025)."
    one = table[table["kode"] == "64.09"].reset_index(drop=True)
    text = coverage.summary_sentence(coverage.summarise(one, view), view, "PPU", one)
    assert text.startswith("Kabupaten Penajam Paser Utara berada di bawah target 80 %: sekitar "
                           "60 %: pernyataan")


def test_ranked_worst_first_missing_last(regions, figures):
    table = coverage.view_table(regions, figures, View(province="64"))
    ranked = coverage.ranked(table, "coverage_pct")
    assert ranked.loc[0, "nama"] == "Kabupaten Mahakam Ulu"
    assert ranked["value"].iloc[-1] == 100  # every Kaltim regency is placed; the highest last
    kalsel = coverage.ranked(coverage.view_table(regions, figures, View(province="63")),
                             "coverage_pct")
    assert (kalsel["status"].iloc[3:].isin(["partial", "none"])).all()  # nothing to place: last
    assert (kalsel["rank"].iloc[3:] == "").all()
    high = coverage.ranked(coverage.view_table(regions, figures, View(metric="uncovered_workers")),
                           "uncovered_workers")
    assert high["value"].iloc[0] == high["value"].max()


def test_kalsel_is_ranked_by_what_is_certain(regions, figures):
    """Kalsel (63): Banjar 25 % and Banjarmasin 36,74 % of their own, Balangan "lebih dari 90 %"
    (a band: certainly above 90 %, so above 36,74 %); ten regencies without a figure."""
    view = View(province="63")
    table = coverage.view_table(regions, figures, view)
    ranked = coverage.ranked(table, "coverage_pct")
    assert ranked["nama"].head(3).tolist() == ["Kabupaten Banjar", "Kota Banjarmasin",
                                                "Kabupaten Balangan"]
    assert ranked["rank"].head(4).tolist() == ["1", "2", "3", ""]
    assert ranked["rank_low"].notna().sum() == 3  # the other ten have nothing to place
    s = coverage.summarise(table, view)
    assert [r["nama"] for r in s.highest.rows] == ["Kabupaten Balangan"]
    assert s.highest.certain and s.highest.by_statement
    assert [r["nama"] for r in s.lowest.rows] == ["Kabupaten Banjar"]
    assert s.lowest.certain and not s.lowest.by_statement
    text = coverage.summary_sentence(s, view, "Kalimantan Selatan", table)
    assert ("Terendah: Kabupaten Banjar, 25 % (Mei 2025); tertinggi menurut pernyataan: "
            "Kabupaten Balangan, lebih dari 90 % (Oktober 2025).") in text
    assert "tertinggi: Kota Banjarmasin" not in text


def test_a_tie_names_every_region(regions, figures):
    """Kaltim (64): Kutai Timur and Bontang both 100 % (May 2025) of their own; the five regencies
    of the group statement "sekitar 60 %" cannot be told apart (places 3 to 7 of 10)."""
    view = View(province="64")
    table = coverage.view_table(regions, figures, view)
    ranked = coverage.ranked(table, "coverage_pct").set_index("nama")
    assert ranked.loc["Kabupaten Mahakam Ulu", "rank"] == "1"  # 12,7 %
    assert ranked.loc["Kota Samarinda", "rank"] == "2"  # sekitar 40 %
    assert ranked.loc["Kabupaten Penajam Paser Utara", "rank"] == "3–7"  # group: sekitar 60 %
    assert ranked.loc["Kota Balikpapan", "rank"] == "8"  # 67 %
    assert ranked.loc["Kota Bontang", "rank"] == ranked.loc["Kabupaten Kutai Timur", "rank"] == "9"
    assert ranked.loc["Kota Bontang", "tied_with"] == ("Kabupaten Kutai Timur",)
    s = coverage.summarise(table, view)
    assert s.highest.certain and len(s.highest.rows) == 2
    text = coverage.summary_sentence(s, view, "Kalimantan Timur", table)
    assert ("Terendah: Kabupaten Mahakam Ulu, 12,7 % (Juli 2025); tertinggi: Kabupaten Kutai "
            "Timur dan Kota Bontang, 100 % (Mei 2025).") in text


def test_a_band_around_an_exact_value_is_not_ordered(regions, figures):
    """Kalteng (62): Kotawaringin Timur 28,32 % and six regencies "kurang dari 50 %": which is
    lowest cannot be told; Barito Utara's 86,4 % is certainly above every "kurang dari 50 %"."""
    view = View(province="62")
    table = coverage.view_table(regions, figures, view)
    ranked = coverage.ranked(table, "coverage_pct").set_index("nama")
    # 28,32: below 31,69, 40, 43,9, 86,4 (4 of the other 10), not comparable with the six bands
    assert ranked.loc["Kabupaten Kotawaringin Timur", "rank"] == "1–7"
    assert ranked.loc["Kabupaten Katingan", "rank"] == "1–10"  # < 50: only 86,4 is surely above
    assert ranked.loc["Kabupaten Barito Utara", "rank"] == "11"
    s = coverage.summarise(table, view)
    assert not s.lowest.certain and len(s.lowest.rows) == 7
    text = coverage.summary_sentence(s, view, "Kalimantan Tengah", table)
    assert ("Terendah tidak dapat dipastikan, salah satu dari: Kabupaten Kotawaringin Timur, "
            "28,32 % (Juli 2025) atau 6 kab/kota, menurut pernyataan kurang dari 50 % (Maret "
            "2025); tertinggi: Kabupaten Barito Utara, 86,4 % (Oktober 2024).") in text


def test_the_rule_of_certain_order():
    below_50, above_90 = ranking.band(None, 50), ranking.band(90, None)
    assert ranking.compare(below_50, ranking.point(28.32)) is None  # 28,32 may be above or below
    assert ranking.compare(below_50, ranking.point(50)) == -1  # "kurang dari 50" excludes 50
    assert ranking.compare(above_90, ranking.point(90)) == 1
    assert ranking.compare(above_90, ranking.point(36.74)) == 1
    assert ranking.compare(above_90, ranking.point(100)) is None
    assert ranking.compare(ranking.band(66, 67), ranking.point(66)) is None  # 66–67 includes 66
    assert ranking.compare(ranking.band(66, 67), ranking.point(65.9)) == 1
    assert ranking.compare(below_50, below_50) is None  # the same band: not a tie
    assert ranking.compare(ranking.point(40), ranking.point(40)) == 0  # the same value: a tie
    group = ranking.point(60, own=False)
    assert ranking.compare(group, group) is None  # one statement about both: not a tie
    assert ranking.compare(group, ranking.point(67)) == -1
    # A 40 %, B < 50 %, C 40 % (tied with A), D > 90 %: places from the lowest
    places = ranking.places([ranking.point(40), below_50, ranking.point(40), above_90, None],
                            ["A", "B", "C", "D", "E"])
    assert [(p.low, p.high, p.tied) for p in places[:4]] == [
        (1, 2, ("C",)), (1, 3, ()), (1, 2, ("A",)), (4, 4, ())]
    assert places[4] is None
    # counts are ranked largest first
    counts = ranking.places([ranking.point(10), ranking.point(30)], ["A", "B"], descending=True)
    assert [(p.low, p.high) for p in counts] == [(2, 2), (1, 1)]


def test_view_rejects_unknown_metric():
    with pytest.raises(ValueError, match="`metric` was 'x'"):
        View(metric="x")


def test_year_only_figure_published_later_counts_as_end_of_year(figures):
    best = coverage.latest(figures, "coverage_pct", level="province")
    # Kalsel: "sekitar 42 %" for 2025 (published Feb 2026) is newer than 47,89 % (Aug 2025)
    assert best.loc["63", "value"] == 42 and best.loc["63", "qualifier"] == "sekitar"
    keys = coverage.date_key(pd.Series(["2025", "2025", "2025-08"]),
                             pd.Series(["2026-02-02", "2025-05-28", ""]))
    assert keys[0] > keys[2] > keys[1]


def test_year_control_uses_figures_up_to_that_year(regions, figures):
    table = coverage.view_table(regions, figures, View(province="64", year=2024)).set_index("kode")
    assert table.loc["64.72", "value"] == 54.72  # Samarinda, May 2024 (later ones are 2025)
    assert table.loc["64.74", "value"] == 95.11  # Bontang, Jul 2024
    assert pd.isna(table.loc["64.11", "value"])  # Mahakam Ulu's only figure is from 2025
    assert 2016 in coverage.data_years(figures) and 2025 in coverage.data_years(figures)


def test_profile_rank_uses_the_same_rule(bundle):
    from coverage_map.figures import profile

    def rank(kode):
        p = profile.build(bundle.regions, bundle.table.provinces, bundle.figures, kode, 80.0)
        return p.rank, profile.rank_text(p)

    place, text = rank("63.71")  # Banjarmasin 36,74 %: below Balangan's "lebih dari 90 %"
    assert (place.low, place.high, place.of) == (2, 2, 3)
    assert text.startswith("Urutan ke-2 dari 3 kab/kota di Kalimantan Selatan")
    place, text = rank("63.11")  # Balangan: highest, by a statement
    assert (place.low, place.of, place.by_statement) == (3, 3, True)
    assert "bertumpu pada pernyataan" in text
    place, text = rank("62.02")  # Kotim 28,32 %: below 4 of 10 others, six "< 50 %" undecided
    assert (place.low, place.high, place.of) == (1, 7, 11)
    assert text.startswith("Antara urutan ke-1 dan ke-7 dari 11 kab/kota di Kalimantan Tengah")
    assert rank("63.05") == (None, "")  # Tapin: nothing to place
