"""Each kind, base and caveat of a figure in words, in both languages."""

import pytest

from coverage_map.figures import wording
from coverage_map.language.i18n import strings
from coverage_map.data.schema import BASES, CAVEATS, GROUPS, KINDS, SEGMENTS

NAN = float("nan")


def fig(**changes):
    row = dict(figure_id="F001", value=40.0, unit="pct", kind="exact", qualifier="", lower=NAN,
               upper=NAN, segment="", group="", base="tidak_disebut", caveats="",
               as_of="2025-03", source_publisher="Possindo")
    row.update(changes)
    return row


@pytest.mark.parametrize("lang,changes,expected", [
    ("id", {}, "40 %"),
    ("en", {"value": 31.69}, "31.69 %"),
    ("id", {"kind": "approximate", "qualifier": "sekitar"}, "sekitar 40 %"),
    ("en", {"kind": "approximate", "qualifier": "hampir", "value": 100}, "almost 100 %"),
    ("id", {"kind": "band", "qualifier": "kurang_dari", "value": 50, "upper": 50},
     "kurang dari 50 %"),
    ("en", {"kind": "band", "qualifier": "lebih_dari", "value": 80, "lower": 80},
     "more than 80 %"),
    ("id", {"kind": "band", "qualifier": "rentang", "value": 66, "lower": 66, "upper": 67},
     "66–67 %"),
    ("id", {"kind": "band", "qualifier": "jauh_di_bawah", "value": 50, "upper": 50},
     "jauh di bawah 50 %"),
    ("en", {"kind": "band", "qualifier": "hampir", "value": 40, "upper": 40}, "almost 40 %"),
    ("id", {"kind": "band", "qualifier": "batas_bawah", "value": 13000, "unit": "persons",
            "lower": 13000}, "lebih dari 13.000"),
])
def test_value_as_the_source_stated_it(lang, changes, expected):
    assert wording.value_text(fig(**changes), lang) == expected


def test_band_and_group_statements_say_what_they_are():
    band = fig(kind="band", qualifier="kurang_dari", value=50, upper=50)
    assert wording.statement(band, "id") == "kurang dari 50 % menurut Possindo (Maret 2025)"
    assert wording.statement(band, "en") == "less than 50 % according to Possindo (March 2025)"
    group = fig(kind="group", qualifier="sekitar", value=60, group="kaltim_selain_bontang_kutim",
                as_of="2025-05")
    text = wording.statement(group, "id")
    assert text.startswith("sekitar 60 %: pernyataan Kepala BPJS Ketenagakerjaan Cabang "
                           "Samarinda tentang semua kab/kota Kalimantan Timur selain Bontang")
    assert text.endswith("Mei 2025; bukan angka khusus wilayah ini")
    assert wording.statement(group, "en").endswith("May 2025; not a figure for this region itself")


def test_segment_share_names_its_segment():
    share = fig(kind="segment", segment="formal", value=76.63, as_of="2023-07",
                source_publisher="SintangNews")
    assert wording.describe(share, lang="id") == \
        "Segmen formal / penerima upah (PU): 76,63 % (Juli 2023; SintangNews)"
    assert wording.describe(share, lang="en").startswith("Formal segment / wage earners (PU): ")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_kind_base_caveat_segment_and_group_has_words(lang):
    s = strings(lang)
    assert all(f"kind_{k}" in s for k in KINDS)
    assert all(f"base_{b}" in s and f"base_explain_{b}" in s for b in BASES if b)
    assert all(f"caveat_{c}" in s for c in CAVEATS)
    assert all(f"segment_{x}" in s for x in SEGMENTS if x)
    assert all(f"group_{g}" in s for g in GROUPS if g)


@pytest.mark.parametrize("lang,base,expected", [
    ("id", "angkatan_kerja", "Dasar: angkatan kerja (BPS)"),
    ("id", "penduduk_bekerja", "Dasar: penduduk bekerja (BPS)"),
    ("id", "basis_bpjs", "Dasar: basis pekerja BPJS Ketenagakerjaan"),
    ("id", "potensi", "Dasar: potensi peserta / pekerja yang bisa didaftarkan"),
    ("id", "target_ucj", "Dasar: target UCJ pemerintah daerah"),
    ("id", "tidak_disebut", "Dasar: tidak disebut sumber"),
    ("en", "angkatan_kerja", "Base: labour force (BPS)"),
    ("en", "tidak_disebut", "Base: not stated by the source"),
    ("id", "", ""),
])
def test_base_in_words(lang, base, expected):
    assert wording.base_text(fig(base=base), lang) == expected


def test_caveats_in_words_and_provenance_lines():
    f = fig(caveats="tahun_disimpulkan|agregator")
    assert wording.caveats_text(f, "id") == ("Perhatikan: tahun disimpulkan dari konteks berita; "
                                             "dimuat ulang dari media lain")
    assert wording.caveats_text(f, "en") == ("Note: year inferred from the article's context; "
                                             "republished from another outlet")
    assert wording.with_provenance(f, "id") == [
        "Per: Maret 2025 · Sumber: Possindo", "Dasar: tidak disebut sumber",
        "Perhatikan: tahun disimpulkan dari konteks berita; dimuat ulang dari media lain",
        "ID angka: F001"]
