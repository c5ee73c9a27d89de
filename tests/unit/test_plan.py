"""Planning the gap: the workers to enrol (exact, band, participants, missing base), the cost, the
numbers a person types (refused with a reason when they cannot be used), where every input
comes from, the province's totals, and the brief (every input and source in its text)."""

import io as _io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from coverage_map import brief, export, plan
from coverage_map.i18n import set_language


@pytest.fixture(autouse=True)
def indonesian():
    set_language("id")
    yield
    set_language("id")


def fig(**kw):
    base = {"figure_id": "X1", "metric": "coverage_pct", "kind": "exact", "value": 40.0,
            "lower": None, "upper": None, "as_of": "2025-05", "source_publisher": "Sumber A",
            "base": "", "caveats": "", "unit": "pct", "qualifier": ""}
    return {**base, **kw}


def test_exact_coverage_gap_is_rounded_up_and_never_below_zero():
    assert plan.need(fig(value=40.0), 349_784, 80.0) == plan.Need(139_914.0, 139_914.0)
    # 0,5 % of 1.001 workers is 5,005 workers: 6 are needed, not 5
    assert plan.need(fig(value=79.5), 1_001, 80.0).low == 6
    met = plan.need(fig(value=100.0), 93_930, 80.0)
    assert met.met and (met.low, met.high) == (0, 0)
    over = plan.need(fig(value=150.0), 51_086, 80.0)  # above 100 %: real, and no gap
    assert over.known and over.high == 0


def test_band_gives_a_range_below_above_and_between():
    below = plan.need(fig(kind="band", value=50.0, upper=50.0, qualifier="kurang_dari"),
                      100_000, 80.0)
    # coverage somewhere in 0–50 %: between 30 and 80 points of the workforce
    assert (below.low, below.high) == (30_000, 80_000) and below.is_range
    above = plan.need(fig(kind="band", value=80.0, lower=80.0, qualifier="lebih_dari"),
                      100_000, 90.0)
    assert (above.low, above.high) == (0, 10_000)
    met = plan.need(fig(kind="band", value=90.0, lower=90.0), 80_000, 80.0)
    assert met.met
    between = plan.need(fig(kind="band", value=66.0, lower=66.0, upper=67.0), 10_000, 80.0)
    assert (between.low, between.high) == (1_300, 1_400)


def test_participants_gap_and_the_cases_with_no_number():
    count = fig(metric="active_participants", value=86_329.0, unit="persons")
    assert plan.need(count, 200_000, 80.0).low == 73_671
    assert plan.need(None, 100_000, 80.0).reason == "no_statement"
    assert plan.need(fig(kind="group", group="x"), 100_000, 80.0).reason == "group"
    # at or above the target: no gap, whatever the workforce (Barito Utara 86,4 %)
    assert plan.need(fig(value=86.4), None, 80.0).met
    assert plan.need(fig(kind="band", value=90.0, lower=90.0), None, 80.0).met
    for base in (None, 0, -5, math.nan):
        gap = plan.need(fig(), base, 80.0)
        assert gap.reason == "no_base" and not gap.known and math.isnan(gap.low)


def test_cost_is_workers_times_the_monthly_rate_times_twelve():
    assert plan.yearly_cost(139_914, 16_800) == 139_914 * 16_800 * 12 == 28_206_662_400
    assert plan.money(28_206_662_400, "id") == "Rp28,21 miliar"
    assert plan.money(28_206_662_400, "en") == "Rp28.21 billion"
    assert plan.money(201_600, "id") == "Rp201.600"
    assert plan.money(4.2e12, "id") == "Rp4,2 triliun"


@pytest.mark.parametrize("text,lang,value", [
    ("250.000", "id", 250_000), ("250000", "id", 250_000), ("Rp16.800", "id", 16_800),
    ("62,5", "id", 62.5), ("1.234,5", "id", 1_234.5), (" 16 800 ", "id", 16_800),
    ("250,000", "en", 250_000), ("62.5", "en", 62.5), ("Rp 16,800", "en", 16_800),
    ("80%", "id", 80)])
def test_typed_numbers_are_read_as_the_language_writes_them(text, lang, value):
    assert plan.read_amount(text, lang, plan.MAX_WORKERS) == value


@pytest.mark.parametrize("text,code", [
    ("", "empty"), ("banyak", "text"), ("12a", "text"), ("-5", "negative"), ("0", "zero"),
    ("300.000.000", "too_large"), ("1e9", "text")])
def test_numbers_that_cannot_be_used_are_refused_with_a_reason(text, code):
    with pytest.raises(plan.InputError) as err:
        plan.read_amount(text, "id", plan.MAX_WORKERS)
    assert err.value.code == code


def test_zero_workers_to_fund_is_allowed_and_explained(bundle):
    assert plan.read_amount("0", "id", plan.MAX_WORKERS, zero_ok=True) == 0
    p = build(bundle, "64.72", enrol=plan.TYPE, enrol_typed=0.0)
    assert p.cost_low == 0 and plan.cost_text(p) == "0 pekerja: tidak ada iuran yang perlu dibiayai."


def build(bundle, kode, **choices):
    return plan.build(bundle.regions, bundle.table.provinces, bundle.figures, kode,
                      plan.Choices(**choices))


def test_samarinda_plan_from_the_bundled_data(bundle):
    p = build(bundle, "64.72")
    assert p.start["figure_id"] == "F375" and p.workforce_figure["figure_id"] == "F381"
    assert (p.need.low, p.cost_low) == (139_914, 28_206_662_400)
    assert plan.need_text(p).startswith("139.914 pekerja lagi perlu terlindungi untuk mencapai 80 %")
    assert "F375" in plan.need_text(p) and "F381" in plan.need_text(p)
    # the budget already pays for 19.000 (F379): Rp3,83 miliar a year at the same rate
    assert "19.000 pekerja rentan" in plan.apbd_text(p) and "Rp3,83 miliar" in plan.apbd_text(p)
    origins = {r["input"]: r["origin"] for r in plan.input_rows(p)}
    assert origins["Titik awal"] == origins["Angka tenaga kerja"] == "data bersumber"
    assert origins["Target"] == "bawaan aplikasi"
    assert origins["Iuran JKK + JKM per pekerja per bulan"] == "menurut aturan (bawaan aplikasi)"


def test_typed_numbers_are_marked_as_typed_never_as_sourced(bundle):
    p = build(bundle, "64.72", workforce=plan.TYPE, workforce_typed=400_000.0,
              target=plan.TYPE, target_typed=75.0, rate=20_000.0, jht=True)
    rows = {r["input"]: r for r in plan.input_rows(p)}
    for name in ("Angka tenaga kerja", "Target", "Iuran JKK + JKM per pekerja per bulan"):
        assert rows[name]["origin"] == "diketik pengguna", name
    assert rows["Angka tenaga kerja"]["value"] == "400.000"
    assert "bukan data bersumber" in rows["Angka tenaga kerja"]["source"]
    assert "bawaan aplikasi Rp16.800" in rows["Iuran JKK + JKM per pekerja per bulan"]["source"]
    assert p.workforce_figure is None and p.need.low == 140_000  # 35 % of 400.000
    assert "diketik pengguna: 400.000" in plan.need_text(p)
    assert p.cost_low == 140_000 * 20_000 * 12 and p.jht_low == 140_000 * 20_000 * 12


def test_a_target_from_the_data_names_its_source(bundle):
    targets = plan.target_options(bundle.figures, "64.72")
    assert {"F377", "F545"} <= set(targets["figure_id"])  # Samarinda's own, the national UCJ
    p = build(bundle, "64.72", target="F545")
    assert p.target == 52.15 and p.target_origin == "data"
    row = next(r for r in plan.input_rows(p) if r["input"] == "Target")
    assert row["value"] == "52,15 %" and "F545" in row["source"] and "Ayonusa" in row["source"]


def test_a_band_region_without_a_base_says_it_cannot_be_computed(bundle):
    p = build(bundle, "62.06")  # Katingan: "kurang dari 50 %" and no workforce figure
    assert p.need.reason == "no_base" and math.isnan(p.cost_low)
    assert plan.need_text(p).startswith("Tidak bisa dihitung: belum ada angka tenaga kerja")
    typed = build(bundle, "62.06", workforce=plan.TYPE, workforce_typed=100_000.0)
    assert (typed.need.low, typed.need.high) == (30_000, 80_000)
    assert plan.need_text(typed).startswith("Pernyataannya berupa kisaran")
    assert "antara Rp6,05 miliar dan Rp16,13 miliar" in plan.cost_text(typed)


def test_the_base_named_by_the_statement_is_preferred(bundle):
    p = build(bundle, "61.01")  # Sambas: 24 % (Agustus 2025), BPS angkatan kerja 2022
    assert p.workforce_figure["figure_id"] == "W001" and p.years_apart == 3
    assert "berjarak 3 tahun" in plan.need_text(p)


def test_province_totals_count_what_cannot_be_computed(bundle):
    plans = plan.province_rows(bundle.regions, bundle.table.provinces, bundle.figures, "64",
                               plan.Choices())
    sums = plan.totals(plans)
    # Samarinda, Bontang and Kutai Timur (100 %, no workforce figure: met all the same)
    assert (sums.computed, sums.not_computed, sums.met) == (3, 7, 2)
    assert sums.low == 139_914 and sums.cost_low == 28_206_662_400
    lines = plan.province_lines(plans, False)
    assert lines[1].startswith("7 dari 10 kab/kota tidak bisa dihitung")
    table = plan.province_table(plans)
    assert table.loc[table["kode"] == "64.09", "titik_awal"].item() == \
        "sekitar 60 % (hanya pernyataan kelompok)"


def _pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(_io.BytesIO(data)).pages]


@pytest.mark.parametrize("kode,lang", [("64.72", "id"), ("62.06", "en"), ("64", "id")])
def test_brief_states_every_input_and_its_source_on_one_page(bundle, kode, lang):
    set_language(lang)
    choices = plan.Choices(workforce=plan.TYPE, workforce_typed=120_000.0, jht=True) \
        if kode == "62.06" else plan.Choices(jht=True)
    p = plan.build(bundle.regions, bundle.table.provinces, bundle.figures, kode, choices)
    plans = plan.province_rows(bundle.regions, bundle.table.provinces, bundle.figures,
                               p.province, choices)
    link = f"http://localhost:8501/rencana?kode={kode}"
    fig = brief.page(p, plans, link, lang)
    assert [a.get_text()[:40] for a in export.overflowing_texts(fig)] == []
    pages = _pdf_text(brief.pdf(p, plans, link, lang))
    assert len(pages) == 1
    text = pages[0].replace(" ", "")
    for row in plan.input_rows(p, lang):
        for part in (row["input"], row["value"], row["origin"], row["source"]):
            assert part.replace(" ", "") in text, part
    for used in brief.figures_used(p, plans):
        assert used["figure_id"] in text and used["source_publisher"].replace(" ", "") in text
    assert link in text


def test_brief_xlsx_has_the_inputs_numbers_and_every_regency(bundle):
    p = build(bundle, "64.72", rate=20_000.0)
    plans = plan.province_rows(bundle.regions, bundle.table.provinces, bundle.figures, "64",
                               plan.Choices(rate=20_000.0))
    book = load_workbook(_io.BytesIO(brief.xlsx(p, plans, "http://x/rencana?kode=64.72", "id")))
    main = pd.DataFrame(book.worksheets[0].values)
    main = main.rename(columns=main.iloc[0]).iloc[1:]
    rate = main[main["Masukan"] == "Iuran JKK + JKM per pekerja per bulan"].iloc[0]
    assert rate["Angka"] == 20_000 and rate["Asal"] == "diketik pengguna"
    base = main[main["Masukan"] == "Angka tenaga kerja"].iloc[0]
    assert base["Angka"] == 349_784 and "F381" in base["Sumber / dasar"]
    regencies = pd.DataFrame(book.worksheets[2].values)
    assert len(regencies) == 11  # a header and Kaltim's 10 kab/kota
    about = [c for row in book.worksheets[1].values for c in row if c]
    assert "F375" in about and "F381" in about
