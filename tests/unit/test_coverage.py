"""Latest figure per region, conflicts, branch offices, province figures, the summary."""

import pandas as pd
import pytest

from coverage_map import coverage
from coverage_map.coverage import View


def test_latest_figure_wins(figures):
    best = coverage.latest(figures, "coverage_pct")
    assert best.loc["62.02", "value"] == 28.32  # Kotim: Jul 2025 beats Jun 2025 (30 %)
    assert best.loc["64.72", "as_of"] == "2025-11"  # Samarinda: ~40 % (Nov 2025)
    assert best.loc["64.72", "qualifier"] == "sekitar"


def test_same_date_conflicts_stay_visible():
    figs = pd.DataFrame([
        dict(figure_id="F1", level="kabkota", kode="61.71", scope="wilayah", metric="coverage_pct",
             value=40.86, unit="pct", qualifier="", as_of="2024", published="",
             definition="def A", source_publisher="A"),
        dict(figure_id="F2", level="kabkota", kode="61.71", scope="wilayah", metric="coverage_pct",
             value=44.52, unit="pct", qualifier="", as_of="2024", published="",
             definition="def B", source_publisher="B"),
    ])
    best = coverage.latest(figs, "coverage_pct")
    assert best.loc["61.71", "value"] == 40.86
    assert [c["value"] for c in best.loc["61.71", "conflicts"]] == [44.52]


def test_branch_office_totals_are_never_a_city_value(figures):
    branch = figures[figures["scope"] == "kantor_cabang"]
    assert set(branch["kode"]) >= {"64.71", "64.72", "64.74", "65.71"}
    best = coverage.latest(figures, "active_participants")
    assert not best["figure_id"].isin(branch["figure_id"]).any()
    assert "65.71" not in best.index  # Tarakan only has a branch-area total


def test_view_table_one_row_per_regency(regions, figures):
    table = coverage.view_table(regions, figures, View())
    assert len(table) == 56 and table["kode"].is_unique
    assert table["value"].notna().sum() == 20  # 20 regencies with an exact coverage %


def test_province_filter(regions, figures):
    table = coverage.view_table(regions, figures, View(province="64"))
    assert len(table) == 10 and set(table["kode_prov"]) == {"64"}


def test_province_figures_are_labelled_not_spread(regions, figures):
    table = coverage.view_table(regions, figures, View(province="64")).set_index("kode")
    assert pd.isna(table.loc["64.09", "value"])  # PPU has no exact coverage %
    assert "Angka tingkat provinsi Kalimantan Timur" in table.loc["64.09", "province_figure"]
    assert "58,53 %" in table.loc["64.09", "province_figure"]
    assert table.loc["64.74", "province_figure"] == ""  # Bontang has its own figure


def test_missing_metric_shows_the_other_figures(regions, figures):
    table = coverage.view_table(regions, figures, View(province="62")).set_index("kode")
    # Katingan has only the BPJS band "< 50 %" (Mar 2025)
    assert pd.isna(table.loc["62.06", "value"])
    assert any("kurang dari 50 %" in text for text in table.loc["62.06", "other_figures"])


def test_above_100_is_not_clipped(regions, figures):
    table = coverage.view_table(regions, figures, View(metric="coverage_pct")).set_index("kode")
    kutim_other = coverage.other_figures(figures, "64.08", "coverage_pct")
    assert any("150 %" in text for text in kutim_other)
    assert table.loc["64.08", "value"] == 100


def test_summary_sentence(regions, figures):
    view = View(province="64")
    table = coverage.view_table(regions, figures, view)
    s = coverage.summarise(table, view)
    assert (s.n_regions, s.n_with_value, s.n_below_target) == (10, 5, 3)
    text = coverage.summary_sentence(s, view, "Kalimantan Timur")
    assert text.startswith("3 dari 5 kab/kota di Kalimantan Timur")
    assert "target 80 %" in text and "5 kab/kota belum punya angka" in text


def test_ranked_worst_first_missing_last(regions, figures):
    table = coverage.view_table(regions, figures, View(province="64"))
    ranked = coverage.ranked(table, "coverage_pct")
    assert ranked.loc[0, "nama"] == "Kabupaten Mahakam Ulu"
    assert ranked["value"].iloc[-1] != ranked["value"].iloc[-1]  # NaN last
    high = coverage.ranked(coverage.view_table(regions, figures, View(metric="uncovered_workers")),
                           "uncovered_workers")
    assert high["value"].iloc[0] == high["value"].max()


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
