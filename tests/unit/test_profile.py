"""Region profiles: what they say for regions with many figures, bands only and none; the gap to
the target in workers; breaks where the base changes; the fact sheets' text."""

import io as _io
import math

import pandas as pd
import pytest
from pypdf import PdfReader

from coverage_map.figures import derived, derived_words, profile
from coverage_map.render import export, factsheet
from coverage_map.language.i18n import fmt_value, set_language


@pytest.fixture(autouse=True)
def indonesian():
    set_language("id")
    yield
    set_language("id")  # a test that switched to English leaves the default behind


def build(bundle, kode, target=80.0, lang="id"):
    return profile.build(bundle.regions, bundle.table.provinces, bundle.figures, kode, target,
                         lang)


def test_bontang_has_its_story_and_meets_the_target(bundle):
    p = build(bundle, "64.74")
    own = p.points[p.points["series"] == "region"]
    assert sorted(own["y"]) == [95.11, 100.0, 100.0]  # May 2024, July 2024, May 2025
    assert "F387" in own["figure_id"].iloc[0]  # the same figure from three sources: one point
    assert set(p.points["series"]) == {"region", "province", "kalimantan", "indonesia"}
    text = p.statement()
    assert "100 %" in text and "Mei 2025" in text and "BPJS Ketenagakerjaan" in text
    assert "angka pasti" in text and "Dasar: tidak disebut sumber" in text
    # 100 % (base not stated) is at or above 80 % whatever the workforce: met, 0 workers, and no
    # workforce is used (the BPS angkatan kerja W058 is not on the statement's base)
    gap = p.gap
    assert gap.known and gap.met and (gap.low, gap.best, gap.high) == (0, 0, 0)
    assert gap.way.workforce is None and gap.qualifier() == "tepat"
    text = profile.gap_sentence(p)
    assert "sudah tercapai" in text and "berapa pun angka tenaga kerjanya" in text
    assert gap.statement["figure_id"] in text and "W058" not in text
    # the highest in Kaltim, level with Kutai Timur (both 100 %): 9th of 10, by what is certain
    assert (p.rank.low, p.rank.high, p.rank.of, p.rank.tied) == (9, 9, 10, ("Kabupaten Kutai Timur",))


def test_katingan_is_known_by_a_band_only(bundle):
    p = build(bundle, "62.06")
    assert p.latest["kind"] == "band"
    assert "kurang dari 50 %" in p.statement() and "Possindo" in p.statement()
    band = p.points[p.points["series"] == "region"].iloc[0]
    assert band["kind"] == "band" and band["hi"] == 50 and band["line"] == ""  # never a trend
    # no workforce figure for Katingan at all: nothing computed, and the text says why
    assert not p.gap.known and p.gap.reason == "no_base" and math.isnan(p.gap.best)
    assert p.gap.statement["figure_id"] == "F246"
    text = profile.gap_sentence(p)
    assert text.startswith("Tidak bisa dihitung: angka terbaru Kabupaten Katingan")
    assert "kurang dari 50 %" in text and "F246" in text and "pekerja lagi" not in text


def test_tapin_has_no_public_figure(bundle):
    p = build(bundle, "63.05")
    assert p.latest is None and p.figures.empty
    assert p.statement() == "Belum ada angka publik tentang cakupan Kabupaten Tapin."
    assert not (p.points["series"] == "region").any()
    assert (p.points["series"] == "province").any()  # the province is still there as context


def test_kaltara_breaks_where_the_base_changes(bundle):
    p = build(bundle, "65")
    assert p.level == "province"
    assert len(p.base_changes) == 2
    assert "57,86 %" in p.base_changes[0] and "76,26 %" in p.base_changes[0]
    assert "77,23 %" in p.base_changes[1] and "46 %" in p.base_changes[1]
    lines = p.points[(p.points["series"] == "region") & (p.points["line"] != "")]["line"]
    assert lines.nunique() == 3  # basis BPJS, potensi, penduduk bekerja: three separate lines


def test_samarinda_names_the_disagreement(bundle):
    p = build(bundle, "64.72")
    assert len(p.disagreements) == 1
    assert "Mei 2025" in p.disagreements[0] and "44,98 %" in p.disagreements[0]


def test_why_kalimantan_fell_while_participants_rose(bundle):
    text = profile.trend_explanation(bundle.figures)
    for part in ("46,33 %", "41,3 %", "2.500.000", "3.302.762", "5.400.000", "7.996.826"):
        assert part in text


def _figures(rows):
    base = {"level": "kabkota", "kode": "64.72", "scope": "wilayah", "unit": "pct",
            "qualifier": "", "lower": None, "upper": None, "segment": "", "group": "",
            "base": "", "caveats": "", "published": "", "source_rank": 1, "note": ""}
    return pd.DataFrame([{**base, **r} for r in rows])


def _gap(rows, target=80.0):
    """The gap ``Profile.gap`` shows (``derived.for_region``) for a synthetic Samarinda."""
    return derived.for_region(_figures(rows), "64.72", derived.GAP, target)


def test_gap_arithmetic_exact_band_and_missing_base():
    # a workforce the same source gave for the same date as the percentage: the same base
    workforce = {"figure_id": "W1", "metric": "workforce", "value": 1000.0, "kind": "exact",
                 "unit": "persons", "as_of": "2025-05", "source_publisher": "A"}
    exact = {"figure_id": "C1", "metric": "coverage_pct", "value": 60.0, "kind": "exact",
             "as_of": "2025-05", "source_publisher": "A", "base": "tidak_disebut"}
    gap = _gap([exact, workforce])
    assert gap.best == math.ceil((80 - 60) / 100 * 1000) == 200
    assert (gap.low, gap.high) == (200, 200) and gap.qualifier() == "tepat"
    assert gap.way.workforce["figure_id"] == "W1" and gap.way.years_apart == 0
    assert derived_words.sentence(gap).startswith(
        "200 pekerja lagi perlu terlindungi untuk mencapai 80 %")
    # non-whole: 33,33 % of 1.001 -> (80 - 33,33) % of 1.001 = 467,17..., rounded up to 468
    thirds = _gap([{**exact, "value": 33.33}, {**workforce, "value": 1001.0}])
    assert thirds.best == math.ceil(0.4667 * 1001) == 468
    # "kurang dari 50 %": coverage anywhere in 0-50 %, so (80 - 50) to (80 - 0) % of 1.000
    band = {**exact, "figure_id": "C2", "kind": "band", "value": 50.0, "upper": 50.0,
            "qualifier": "kurang_dari"}
    gap = _gap([band, workforce])
    assert (gap.low, gap.high) == (math.ceil(0.30 * 1000), math.ceil(0.80 * 1000)) == (300, 800)
    assert math.isnan(gap.best) and gap.qualifier() == "rentang"
    assert derived_words.sentence(gap).startswith("Antara 300 dan 800 pekerja lagi")
    ranged = {**band, "lower": 40.0, "upper": 50.0, "qualifier": "rentang"}
    gap = _gap([ranged, workforce])  # 40-50 %: (80 - 50) to (80 - 40) % of 1.000
    assert (gap.low, gap.high) == (300, 400) and math.isnan(gap.best)
    # no workforce, or none above zero: no base, nothing computed
    for rows in ([exact], [exact, {**workforce, "value": 0.0}]):
        gap = _gap(rows)
        assert not gap.known and gap.reason == "no_base" and math.isnan(gap.low)
    # the same source's workforce of another date is not the same base (six years earlier)
    old = {**workforce, "as_of": "2019-08"}
    gap = _gap([exact, old])
    assert not gap.known and gap.reason == "other_base"
    assert "tanpa mencampur dasar" in derived_words.sentence(gap)
    # a BPS workforce pairs only with a percentage that names its base, at most 3 years away
    named = {**exact, "base": "angkatan_kerja"}
    bps = {**workforce, "figure_id": "W2", "metric": "bps_angkatan_kerja",
           "source_publisher": "BPS", "as_of": "2022-08"}
    gap = _gap([named, bps])  # 2025 - 2022 = 3 years: still used, and said to be apart
    assert gap.best == 200 and gap.way.years_apart == 3
    assert "berjarak 3 tahun" in derived_words.sentence(gap)
    assert not _gap([named, {**bps, "as_of": "2021-08"}]).known  # 4 years: not used
    assert not _gap([exact, bps]).known  # base not stated: BPS angkatan kerja not used
    group = {**exact, "kind": "group", "group": "kaltim_selain_bontang_kutim"}
    gap = _gap([group, workforce])
    assert not gap.known and gap.reason == "group"


def _pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(_io.BytesIO(data)).pages]


@pytest.mark.parametrize("kode", ["64.72", "62.06", "63.05", "65"])
def test_fact_sheet_has_every_percentage_and_stays_inside_the_page(bundle, kode):
    p = build(bundle, kode)
    fig = factsheet.page(p, bundle, f"http://localhost:8501/wilayah?kode={kode}")
    assert [a.get_text()[:40] for a in export.overflowing_texts(fig)] == []
    (text,) = _pdf_text(factsheet.pdf([p], bundle, [f"http://x/wilayah?kode={kode}"]))
    assert p.name in text and "dicetak" in text
    own = p.points[p.points["series"] == "region"]
    for value in own["y"]:
        assert fmt_value(value, "pct").replace(" ", "") in text.replace(" ", ""), value
    for fid in p.figures["figure_id"]:
        assert fid in text


def test_province_bundle_has_a_page_per_regency_in_english(bundle):
    set_language("en")
    kodes = bundle.regions[bundle.regions["kode_prov"] == "65"]["kode"].tolist()
    profiles = [build(bundle, k, lang="en") for k in kodes]
    pages = _pdf_text(factsheet.pdf(profiles, bundle, ["http://x"] * len(kodes), "en"))
    assert len(pages) == len(kodes) == 5
    for kode, p, page in zip(kodes, profiles, pages):
        assert "printed" in page and p.name in page, kode
        # Malinau and Tana Tidung have no coverage figure; Bulungan 64 %, Nunukan "far below
        # 50 %" and Tarakan 50 % do: each page says exactly one of the two
        silent = kode in ("65.02", "65.04")
        assert ("Latest figure for " + p.name in page) is not silent, kode
        assert ("There is no public figure yet on coverage in " + p.name in page) is silent, kode


@pytest.fixture(scope="module")
def one_locator(bundle):
    """One locator image for every page (the text's layout does not depend on it)."""
    return factsheet.locator_png(bundle.provinsi, bundle.kabkota, "64")


@pytest.mark.parametrize("prov", ["61", "62", "63", "64", "65"])
def test_no_fact_sheet_text_leaves_the_page(bundle, one_locator, prov):
    """Every kab/kota and the province itself, in both languages (not a sample: the legend
    ran off the page on 8 of 56 sheets, which a figure legend check did not see)."""
    kodes = [prov, *sorted(bundle.regions.loc[bundle.regions["kode_prov"] == prov, "kode"])]
    outside = {}
    for kode in kodes:
        for lang in ("id", "en"):
            p = build(bundle, kode, lang=lang)
            fig = factsheet.page(p, bundle, f"http://localhost:8501/wilayah?kode={kode}", lang,
                                 locator=one_locator)
            out = [a.get_text()[:40] for a in export.overflowing_texts(fig)]
            if out:
                outside[(kode, lang)] = out
    assert outside == {}


def test_each_segment_share_is_drawn_and_named_as_itself(bundle):
    """Kutai Timur: the 150 % point is the informal (BPU) share, the 87 % the formal one."""
    p = build(bundle, "64.08")
    pts = profile.labelled(p)
    segments = pts[pts["metric"] == "segment_coverage_pct"].set_index("figure_id")
    assert segments.loc["F338", "series_label"] == \
        "Kabupaten Kutai Timur: Segmen informal / bukan penerima upah (BPU)"
    assert segments.loc["F339", "series_label"] == \
        "Kabupaten Kutai Timur: Segmen formal / penerima upah (PU)"
    assert segments.loc["F338", "series_key"] != segments.loc["F339", "series_key"]
    fig = export.new_figure((8, 3), 100)
    handles = factsheet.timeline_axes(fig.add_subplot(), p)
    colours = {h.get_label(): h.get_color() for h in handles}
    informal = colours["Kabupaten Kutai Timur: Segmen informal / bukan penerima upah (BPU)"]
    formal = colours["Kabupaten Kutai Timur: Segmen formal / penerima upah (PU)"]
    assert informal != formal and "#111111" not in (informal, formal)  # nor the region's own


def test_segment_counts_are_counts(bundle):
    """Barito Kuala has no total participants, but its PU and BPU counts are public."""
    lines = profile.count_lines(build(bundle, "63.04"))
    assert any("25.745" in line and "F463" in line for line in lines)
    assert any("5.001" in line and "F466" in line for line in lines)
