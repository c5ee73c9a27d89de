"""Planning the gap: the workers to enrol (exact, band, participants, missing base), the cost, the
numbers a person types (refused with a reason when they cannot be used), where every input
comes from, the province's totals, and the brief (every input and source in its text)."""

import io as _io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from coverage_map.figures import derived, plan_compute, plan_inputs, plan_words
from coverage_map.render import brief, export
from coverage_map.language.i18n import set_language, t
from coverage_map.data.schema import COLUMNS


@pytest.fixture(autouse=True)
def indonesian():
    set_language("id")
    yield
    set_language("id")


def fig(**kw):
    """A figure of Kabupaten Paser (64.01): by default 40 % of angkatan kerja, May 2025."""
    base = {**{c: "" for c in COLUMNS}, "figure_id": "X1", "level": "kabkota", "kode": "64.01",
            "area_name": "Kabupaten Paser", "scope": "wilayah", "metric": "coverage_pct",
            "kind": "exact", "value": 40.0, "lower": None, "upper": None, "as_of": "2025-05",
            "source_publisher": "Sumber A", "source_rank": 1, "base": "angkatan_kerja",
            "unit": "pct"}
    return {**base, **kw}


def labour(value, as_of="2024-08", **kw):
    """BPS angkatan kerja: the base a statement "of angkatan kerja" is set against."""
    return fig(**{"figure_id": "W1", "metric": "bps_angkatan_kerja", "value": value,
                  "unit": "persons", "as_of": as_of, "source_publisher": "BPS", "base": "",
                  **kw})


def plan_of(*rows, **choices):
    """The plan for Kabupaten Paser from these figures only."""
    regions = pd.DataFrame([{"kode": "64.01", "nama": "Kabupaten Paser", "kode_prov": "64",
                             "provinsi": "Kalimantan Timur"}])
    return plan_compute.build(regions, {"64": "Kalimantan Timur"}, pd.DataFrame(list(rows)),
                              "64.01", plan_inputs.Choices(**choices))


def test_exact_coverage_gap_is_rounded_up_and_never_below_zero():
    p = plan_of(fig(value=40.0), labour(349_784.0))
    # (80 - 40) % of 349.784 = 139.913,6: rounded up, one exact number
    assert (p.need.low, p.need.best, p.need.high) == (139_914, 139_914, 139_914)
    assert p.need.best == math.ceil(0.40 * 349_784) and p.need.qualifier() == "tepat"
    assert p.workforce_figure["figure_id"] == "W1" and not p.need.mixed_base
    assert p.cost.best == p.cost_low == 139_914 * 16_800 * 12
    # 0,5 % of 1.001 workers is 5,005 workers: 6 are needed, not 5
    assert plan_of(fig(value=79.5), labour(1_001.0)).need.best == math.ceil(5.005) == 6
    # (80 - 33,33) % of 1.001 = 467,17: 468
    assert plan_of(fig(value=33.33), labour(1_001.0)).need.best == math.ceil(0.4667 * 1001) == 468
    # exactly at the target: 0, not one worker
    assert plan_of(fig(value=80.0), labour(1_003.0)).need.best == 0
    met = plan_of(fig(value=100.0), labour(93_930.0)).need
    assert met.met and (met.low, met.best, met.high) == (0, 0, 0)
    over = plan_of(fig(value=150.0), labour(51_086.0)).need  # above 100 %: real, and no gap
    assert over.known and over.high == 0


def test_band_gives_a_range_below_above_and_between():
    below = plan_of(fig(kind="band", value=50.0, upper=50.0, qualifier="kurang_dari"),
                    labour(100_000.0))
    # coverage somewhere in 0–50 %: between 30 and 80 points of the workforce
    assert (below.need.low, below.need.high) == (30_000, 80_000) and below.need.is_range
    assert math.isnan(below.need.best) and below.need.qualifier() == "rentang"
    assert plan_words.gap_words(below) == "antara 30.000 dan 80.000 pekerja"
    # 30.000 and 80.000 workers × Rp16.800 × 12
    assert (below.cost_low, below.cost_high) == (30_000 * 16_800 * 12, 80_000 * 16_800 * 12)
    above = plan_of(fig(kind="band", value=80.0, lower=80.0, qualifier="lebih_dari"),
                    labour(100_000.0), app_target=90.0)
    assert (above.need.low, above.need.high) == (0, 10_000)
    assert plan_words.gap_words(above) == "paling banyak 10.000 pekerja"
    met = plan_of(fig(kind="band", value=90.0, lower=90.0), labour(80_000.0))
    assert met.need.met
    between = plan_of(fig(kind="band", value=66.0, lower=66.0, upper=67.0), labour(10_000.0))
    assert (between.need.low, between.need.high) == (1_300, 1_400)
    # non-whole: 66,5–67,5 % of 1.003 is (80 - 67,5) % = 125,375 -> 126 to 13,5 % = 135,405 -> 136
    odd = plan_of(fig(kind="band", value=66.5, lower=66.5, upper=67.5), labour(1_003.0))
    assert (odd.need.low, odd.need.high) == (math.ceil(0.125 * 1003), math.ceil(0.135 * 1003)) \
        == (126, 136)


def test_participants_gap_and_the_cases_with_no_number():
    count = fig(metric="active_participants", value=86_329.0, unit="persons", base="")
    own = fig(figure_id="W2", metric="workforce", value=200_000.0, unit="persons", base="")
    p = plan_of(count, own)  # the same source and date: 80 % of 200.000 − 86.329
    assert p.need.best == 0.8 * 200_000 - 86_329 == 73_671 and p.need.way.how == "peserta"
    # non-whole: 80 % of 1.001 = 800,8, less 500 participants: 300,8 -> 301
    odd = plan_of({**count, "value": 500.0}, {**own, "value": 1_001.0})
    assert odd.need.best == math.ceil(0.8 * 1001 - 500) == 301
    # participants with a BPS workforce at most 3 years away (2025 − 2022), not 4 (2021)
    assert plan_of(count, labour(200_000.0, as_of="2022-08")).need.best == 73_671
    assert not plan_of(count, labour(200_000.0, as_of="2021-08")).need.known
    assert plan_of(labour(100_000.0)).need.reason == "no_statement"
    group = fig(kind="group", value=60.0, group="kaltim_selain_bontang_kutim")
    assert plan_of(group, labour(100_000.0)).need.reason == "group"
    # at or above the target: no gap, whatever the workforce (Barito Utara 86,4 %)
    assert plan_of(fig(value=86.4)).need.met
    assert plan_of(fig(kind="band", value=90.0, lower=90.0)).need.met
    assert plan_of(fig()).need.reason == "no_base"
    for base in (0.0, -5.0, math.nan):  # no workforce figure above zero: none to use
        gap = plan_of(fig(), labour(base)).need
        assert gap.reason == "no_base" and not gap.known and math.isnan(gap.low)


def test_cost_is_workers_times_the_monthly_rate_times_twelve():
    assert derived.yearly_cost(139_914, 16_800) == 139_914 * 16_800 * 12 == 28_206_662_400
    assert plan_words.money(28_206_662_400, "id") == "Rp28,21 miliar"
    assert plan_words.money(28_206_662_400, "en") == "Rp28.21 billion"
    assert plan_words.money(201_600, "id") == "Rp201.600"
    assert plan_words.money(4.2e12, "id") == "Rp4,2 triliun"


@pytest.mark.parametrize("text,lang,value", [
    ("250.000", "id", 250_000), ("250000", "id", 250_000), ("Rp16.800", "id", 16_800),
    ("62,5", "id", 62.5), ("1.234,5", "id", 1_234.5), (" 16 800 ", "id", 16_800),
    ("250,000", "en", 250_000), ("62.5", "en", 62.5), ("Rp 16,800", "en", 16_800),
    ("80%", "id", 80)])
def test_typed_numbers_are_read_as_the_language_writes_them(text, lang, value):
    assert plan_inputs.read_amount(text, lang, plan_inputs.MAX_WORKERS) == value


@pytest.mark.parametrize("text,code", [
    ("", "empty"), ("banyak", "text"), ("12a", "text"), ("-5", "negative"), ("0", "zero"),
    ("300.000.000", "too_large"), ("1e9", "text")])
def test_numbers_that_cannot_be_used_are_refused_with_a_reason(text, code):
    with pytest.raises(plan_inputs.InputError) as err:
        plan_inputs.read_amount(text, "id", plan_inputs.MAX_WORKERS)
    assert err.value.code == code


def test_zero_workers_to_fund_is_allowed_and_explained(bundle):
    assert plan_inputs.read_amount("0", "id", plan_inputs.MAX_WORKERS, zero_ok=True) == 0
    p = build(bundle, "64.72", enrol=plan_inputs.TYPE, enrol_typed=0.0)
    assert p.cost_low == 0
    assert plan_words.cost_text(p) == "0 pekerja: tidak ada iuran yang perlu dibiayai."


def build(bundle, kode, **choices):
    return plan_compute.build(bundle.regions, bundle.table.provinces, bundle.figures, kode,
                      plan_inputs.Choices(**choices))


def test_samarinda_plan_from_the_bundled_data(bundle):
    """Samarinda's newest statement is "sekitar 40 %" (November 2025, Disway, F375), its base not
    stated, with no workforce from Disway. F381 (349.784) is BorneoFlash's denominator of 40,39 %
    of potensi (September 2025) and W031 is BPS angkatan kerja: neither is F375's base, so by
    default nothing is computed, and the text says why."""
    p = build(bundle, "64.72")
    assert p.start["figure_id"] == "F375" and p.workforce_figure is None
    assert not p.need.known and p.need.reason == "other_base"
    assert math.isnan(p.cost_low) and math.isnan(p.enrol_best)
    text = plan_words.need_text(p)
    assert text.startswith("Tidak bisa dihitung tanpa mencampur dasar: angka terbaru "
                           "Kota Samarinda")
    assert "sekitar 40 %" in text and "F375" in text and "pilih angka tenaga kerja" in text
    assert "F381" not in text and "139.914" not in text and "140 ribu" not in text
    # the budget already pays for 19.000 (F379): 19.000 × Rp16.800 × 12 = Rp3,83 miliar a year
    text = plan_words.apbd_text(p)
    assert "19.000 pekerja rentan" in text and "Rp3,83 miliar" in text
    rows = {r["input"]: r for r in plan_words.input_rows(p)}
    assert rows["Titik awal"]["origin"] == "data bersumber"
    assert rows["Angka tenaga kerja"]["value"] == "tidak ada"
    assert rows["Pekerja yang dibiayai"]["value"] == "tidak bisa dihitung"
    assert rows["Target"]["origin"] == "bawaan aplikasi"
    assert rows["Iuran JKK + JKM per pekerja per bulan"]["origin"] == \
        "menurut aturan (bawaan aplikasi)"
    # the user may choose F381 all the same: computed, and flagged as mixing two bases
    chosen = build(bundle, "64.72", workforce="F381")
    assert chosen.workforce_figure["figure_id"] == "F381" and chosen.need.mixed_base
    # "sekitar 40 %" is 38 % to 42 %: (80 − 40) % of 349.784 = 139.913,6, from 42 % to 38 %
    assert chosen.need.best == math.ceil(0.40 * 349_784) == 139_914
    assert (chosen.need.low, chosen.need.high) == (math.ceil(0.38 * 349_784),
                                                   math.ceil(0.42 * 349_784)) == (132_918, 146_910)
    assert chosen.need.approximate and chosen.need.qualifier() == "sekitar"
    assert plan_words.gap_words(chosen) == "sekitar 140 ribu pekerja"  # 139.914, two digits
    text = plan_words.need_text(chosen)
    assert text.startswith("Sekitar 140 ribu pekerja lagi perlu terlindungi untuk mencapai 80 %")
    assert "F375" in text and "F381" in text and t("derived_mixed_base") in text
    assert "139.914" not in text  # not more precise than "sekitar 40 %"
    assert chosen.cost.best == 139_914 * 16_800 * 12 == 28_206_662_400
    assert "sekitar Rp28 miliar" in plan_words.cost_text(chosen)
    origins = {r["input"]: r["origin"] for r in plan_words.input_rows(chosen)}
    assert origins["Titik awal"] == origins["Angka tenaga kerja"] == "data bersumber"


def test_typed_numbers_are_marked_as_typed_never_as_sourced(bundle):
    p = build(bundle, "64.72", workforce=plan_inputs.TYPE, workforce_typed=400_000.0,
              target=plan_inputs.TYPE, target_typed=75.0, rate=20_000.0, jht=True)
    rows = {r["input"]: r for r in plan_words.input_rows(p)}
    for name in ("Angka tenaga kerja", "Target", "Iuran JKK + JKM per pekerja per bulan"):
        assert rows[name]["origin"] == "diketik pengguna", name
    assert rows["Angka tenaga kerja"]["value"] == "400.000"
    assert "bukan data bersumber" in rows["Angka tenaga kerja"]["source"]
    assert "bawaan aplikasi Rp16.800" in rows["Iuran JKK + JKM per pekerja per bulan"]["source"]
    # "sekitar 40 %" (38–42 %) against 75 % of 400.000: (75 − 40) % = 140.000, from 33 % to 37 %
    assert p.workforce_figure is None and p.need.best == 0.35 * 400_000 == 140_000
    assert (p.need.low, p.need.high) == (0.33 * 400_000, 0.37 * 400_000) == (132_000, 148_000)
    # a typed number's base is unknown: flagged, and the text says so
    assert p.need.mixed_base and t("derived_typed_base") in plan_words.need_text(p)
    assert "diketik pengguna: 400.000" in plan_words.need_text(p)
    assert p.cost.best == 140_000 * 20_000 * 12
    assert (p.cost_low, p.cost_high) == (132_000 * 20_000 * 12, 148_000 * 20_000 * 12)
    assert (p.jht_low, p.jht_high) == (132_000 * 20_000 * 12, 148_000 * 20_000 * 12)


def test_a_target_from_the_data_names_its_source(bundle):
    targets = plan_compute.target_options(bundle.figures, "64.72")
    assert "F545" in set(targets["figure_id"])  # the national UCJ target
    # 80,9 % (F377) is the national target quoted in a Samarinda article, not Samarinda's own
    assert "F377" not in set(targets["figure_id"])
    p = build(bundle, "64.72", target="F545")
    assert p.target == 52.15 and p.target_origin == "data"
    row = next(r for r in plan_words.input_rows(p) if r["input"] == "Target")
    assert row["value"] == "52,15 %" and "F545" in row["source"] and "Ayonusa" in row["source"]


def test_a_band_region_without_a_base_says_it_cannot_be_computed(bundle):
    p = build(bundle, "62.06")  # Katingan: "kurang dari 50 %" and no workforce figure
    assert p.need.reason == "no_base" and math.isnan(p.cost_low)
    text = plan_words.need_text(p)
    assert text.startswith("Tidak bisa dihitung: angka terbaru Kabupaten Katingan")
    assert "kurang dari 50 %" in text and "F246" in text and "pilih angka tenaga kerja" in text
    typed = build(bundle, "62.06", workforce=plan_inputs.TYPE, workforce_typed=100_000.0)
    # 0–50 %: (80 − 50) % to 80 % of 100.000
    assert (typed.need.low, typed.need.high) == (30_000, 80_000) and typed.need.is_range
    assert typed.need.mixed_base and t("derived_typed_base") in plan_words.need_text(typed)
    assert plan_words.need_text(typed).startswith(
        "Antara 30.000 dan 80.000 pekerja lagi perlu terlindungi untuk mencapai 80 %")
    # 30.000 × Rp16.800 × 12 = Rp6,048 miliar; 80.000 × Rp16.800 × 12 = Rp16,128 miliar
    assert "antara Rp6,05 miliar dan Rp16,13 miliar" in plan_words.cost_text(typed)


def test_the_base_named_by_the_statement_is_preferred(bundle):
    # Sambas: 24 % (Agustus 2025), its base not stated; BPS angkatan kerja (W001) and penduduk
    # bekerja (W002) of August 2022 are not on a base it names: not computed by default
    p = build(bundle, "61.01")
    assert not p.need.known and p.need.reason == "other_base" and p.workforce_figure is None
    text = plan_words.need_text(p)
    assert text.startswith("Tidak bisa dihitung tanpa mencampur dasar: angka terbaru "
                           "Kabupaten Sambas") and "24 %" in text and "F167" in text
    # chosen by the user: (80 − 24) % of 298.061 = 166.914,16 -> 166.915, flagged, 3 years apart
    chosen = build(bundle, "61.01", workforce="W001")
    assert chosen.need.best == math.ceil(0.56 * 298_061) == 166_915
    assert chosen.need.mixed_base and chosen.need.way.years_apart == 3
    assert "berjarak 3 tahun" in plan_words.need_text(chosen)
    assert t("derived_mixed_base") in plan_words.need_text(chosen)
    # where the statement names its base, the BPS figure of that base is the one used
    rows = [fig(value=24.0, as_of="2025-08"), labour(298_061.0, as_of="2022-08"),
            labour(282_918.0, as_of="2022-08", figure_id="W2", metric="bps_penduduk_bekerja")]
    named = plan_of(*rows)  # "24 % of angkatan kerja"
    assert named.workforce_figure["figure_id"] == "W1" and not named.need.mixed_base
    assert named.need.best == 166_915 and named.need.way.years_apart == 3
    assert "berjarak 3 tahun" in plan_words.need_text(named)
    assert t("derived_mixed_base") not in plan_words.need_text(named)
    worked = plan_of({**rows[0], "base": "penduduk_bekerja"}, *rows[1:])
    assert worked.workforce_figure["figure_id"] == "W2" and not worked.need.mixed_base
    assert worked.need.best == math.ceil(0.56 * 282_918) == 158_435  # 158.434,08 rounded up


def test_province_totals_count_what_cannot_be_computed(bundle):
    plans = plan_compute.province_rows(bundle.regions, bundle.table.provinces, bundle.figures, "64",
                               plan_inputs.Choices())
    sums = plan_compute.totals(plans)
    # Kaltim's 10: Bontang and Kutai Timur are at 100 % (met whatever the workforce); Paser,
    # Kutai Kartanegara, Berau, Kutai Barat and Penajam Paser Utara have only the group
    # statement "sekitar 60 %"; Mahakam Ulu (12,7 %) and Balikpapan (67 %) have no workforce;
    # Samarinda ("sekitar 40 %", base not stated) has none on its base
    assert (sums.computed, sums.not_computed, sums.met) == (2, 8, 2)
    assert (sums.workers.low, sums.workers.high, sums.cost.low, sums.cost.high) == (0, 0, 0, 0)
    lines = plan_words.province_lines(plans, False)
    assert lines[1].startswith("8 dari 10 kab/kota tidak bisa dihitung")
    table = plan_words.province_table(plans)
    assert table.loc[table["kode"] == "64.09", "titik_awal"].item() == \
        "sekitar 60 % (hanya pernyataan kelompok)"
    samarinda = table[table["kode"] == "64.72"].iloc[0]
    assert math.isnan(samarinda["perlu"]) and math.isnan(samarinda["biaya_min"])
    assert samarinda["keterangan"].startswith("Tidak bisa dihitung tanpa mencampur dasar")
    bontang = table[table["kode"] == "64.74"].iloc[0]
    assert bontang["perlu"] == bontang["perlu_maks"] == 0 and bontang["biaya_min"] == 0


def _pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(_io.BytesIO(data)).pages]


@pytest.mark.parametrize("kode,lang", [("64.72", "id"), ("62.06", "en"), ("64", "id")])
def test_brief_states_every_input_and_its_source_on_one_page(bundle, kode, lang):
    set_language(lang)
    choices = plan_inputs.Choices(workforce=plan_inputs.TYPE, workforce_typed=120_000.0, jht=True) \
        if kode == "62.06" else plan_inputs.Choices(jht=True)
    p = plan_compute.build(bundle.regions, bundle.table.provinces, bundle.figures, kode, choices)
    plans = plan_compute.province_rows(bundle.regions, bundle.table.provinces, bundle.figures,
                               p.province, choices)
    link = f"http://localhost:8501/rencana?kode={kode}"
    fig = brief.page(p, plans, link, lang)
    assert [a.get_text()[:40] for a in export.overflowing_texts(fig)] == []
    pages = _pdf_text(brief.pdf(p, plans, link, lang))
    assert len(pages) == 1
    text = pages[0].replace(" ", "")
    for row in plan_words.input_rows(p, lang):
        for part in (row["input"], row["value"], row["origin"], row["source"]):
            assert part.replace(" ", "") in text, part
    for used in brief.figures_used(p, plans):
        assert used["figure_id"] in text and used["source_publisher"].replace(" ", "") in text
    assert link in text


def test_brief_xlsx_has_the_inputs_numbers_and_every_regency(bundle):
    p = build(bundle, "64.72", rate=20_000.0, workforce="F381")  # chosen: see the Samarinda test
    plans = plan_compute.province_rows(bundle.regions, bundle.table.provinces, bundle.figures, "64",
                               plan_inputs.Choices(rate=20_000.0))
    book = load_workbook(_io.BytesIO(brief.xlsx(p, plans, "http://x/rencana?kode=64.72", "id")))
    main = pd.DataFrame(book.worksheets[0].values)
    main = main.rename(columns=main.iloc[0]).iloc[1:]
    rate = main[main["Masukan"] == "Iuran JKK + JKM per pekerja per bulan"].iloc[0]
    assert rate["Angka"] == 20_000 and rate["Asal"] == "diketik pengguna"
    base = main[main["Masukan"] == "Angka tenaga kerja"].iloc[0]
    assert base["Angka"] == 349_784 and "F381" in base["Sumber / dasar"]
    funded = main[main["Masukan"] == "Pekerja yang dibiayai"].iloc[0]
    # (80 − 40) % of 349.784 = 139.913,6 -> 139.914, said as "sekitar 140 ribu"
    assert funded["Angka"] == math.ceil(0.40 * 349_784) and funded["Nilai"] == \
        "sekitar 140 ribu pekerja"
    regencies = pd.DataFrame(book.worksheets[2].values)
    assert len(regencies) == 11  # a header and Kaltim's 10 kab/kota
    about = [c for row in book.worksheets[1].values for c in row if c]
    assert "F375" in about and "F381" in about
    # by default no workforce is on F375's base: none in the file, and no number of workers
    default = build(bundle, "64.72", rate=20_000.0)
    book = load_workbook(_io.BytesIO(brief.xlsx(default, plans, "http://x", "id")))
    main = pd.DataFrame(book.worksheets[0].values)
    main = main.rename(columns=main.iloc[0]).iloc[1:]
    base = main[main["Masukan"] == "Angka tenaga kerja"].iloc[0]
    assert base["Angka"] is None and base["Nilai"] == "tidak ada"
    about = [c for row in book.worksheets[1].values for c in row if c]
    assert "F375" in about and "F381" not in about


def test_a_brief_starting_from_a_participant_count_says_so():
    """A region without a coverage statement starts from its participants (an upload can have
    only those): the brief says it in the page's words, with the figure and its source."""
    count = fig(metric="active_participants", value=86_329.0, unit="persons", base="",
                source_url="https://contoh.go.id/peserta")
    own = fig(figure_id="W2", metric="workforce", value=200_000.0, unit="persons", base="")
    p = plan_of(count, own)
    assert p.start["metric"] == "active_participants"
    text = _pdf_text(brief.pdf(p, [p], "http://localhost:8501/rencana?kode=64.01"))[0]
    assert "Rencana: Kabupaten Paser" in text
    assert "Kabupaten Paser belum punya angka cakupan; rencana dimulai dari jumlah peserta: " \
        "Peserta aktif: 86.329 (Mei 2025; Sumber A; X1)." in text
