"""The analyst tables: participants, workforce, coverage, uncovered workers, gap to target.

One row per kab/kota of the chosen provinces (``analyst_table``), and one per province and for
Kalimantan (``province_table``). Each figure is the latest of its kind with its own date and
how exact it is; the derived numbers (uncovered workers, the gap to the target) are
``derived``'s answers, as on every other page: a middle value where there is one, the lowest
and highest, how exact, and what they were computed from. Nothing is filled in.
"""

from __future__ import annotations

import math

import pandas as pd

from coverage_map.figures import derived, derived_words, pairing, wording
from coverage_map.figures.coverage import figure_label
from coverage_map.language.i18n import t
from coverage_map.figures.lookup import Figures, latest_for, lookup

# how an uncovered count is known: reported by a source, computed, or both and they differ
REPORTED, COMPUTED, DIFFER = derived.REPORTED, "dihitung", "berbeda"


def _qualifier(fig: dict | None, lang: str | None) -> str:
    """How exact a figure is, in words (``angka pasti``, ``perkiraan (sekitar)``, …)."""
    return wording.certainty(fig, lang) if fig is not None else ""


def _derived(a: derived.Answer, prefix: str, lang: str | None, name: str) -> dict:
    """An answer's columns: the middle value (NaN for a range or where sources disagree),
    the lowest and highest, how exact, its date, and the sentence saying what it came from."""
    return {prefix: a.best, f"{prefix}_min": a.low, f"{prefix}_maks": a.high,
            f"{prefix}_kualifikasi": derived_words.qualifier_text(a, lang),
            f"{prefix}_teks": derived_words.cell(a, lang) if a.known else "",
            f"{prefix}_per": a.as_of, f"{prefix}_ket": derived_words.sentence(a, lang, name)}


def area_numbers(figures: Figures, kode: str, target: float, lang: str | None = None,
                 name: str = "") -> dict:
    """One area's numbers, each with its date and what it came from (NaN where none)."""
    p = latest_for(figures, "active_participants", kode, measured_only=True)
    c = latest_for(figures, "coverage_pct", kode, measured_only=True)
    w = next((x for m in pairing.WORKFORCE_METRICS
              if (x := latest_for(figures, m, kode, measured_only=True)) is not None), None)
    unc = derived.for_region(figures, kode, derived.UNCOVERED)
    gap = derived.for_region(figures, kode, derived.GAP, target)
    used = [x for x in (p, w, c) if x is not None] + unc.figures() + gap.figures()
    hows = {REPORTED if x.how == derived.REPORTED else COMPUTED for x in unc.ways}
    how = hows.pop() if len(hows) == 1 else DIFFER if hows else ""
    return {
        "peserta": _value(p), "peserta_per": _as_of(p),
        "peserta_kualifikasi": _qualifier(p, lang),
        "peserta_ket": wording.describe(p, lang=lang) if p else "",
        "tenaga_kerja": _value(w), "tenaga_kerja_per": _as_of(w),
        "tenaga_kerja_kualifikasi": _qualifier(w, lang),
        "tenaga_kerja_ket": f"{figure_label(w, lang)}: {wording.describe(w, lang=lang)}"
        if w else "",
        "cakupan": _value(c), "cakupan_per": _as_of(c),
        "cakupan_kualifikasi": _qualifier(c, lang),
        "cakupan_ket": wording.describe(c, lang=lang) if c else "",
        **_derived(unc, "belum_terlindungi", lang, name),
        "belum_terlindungi_cara": how,
        **_derived(gap, "selisih_target", lang, name),
        "sumber": "; ".join(dict.fromkeys(wording.publisher(x, lang) for x in used)),
        "tautan": next((x["source_url"] for x in (c, p, *unc.figures(), w)
                        if x is not None and x["source_url"]), ""),
        "id_angka": ", ".join(dict.fromkeys(x["figure_id"] for x in used)),
    }


def _value(fig: dict | None) -> float:
    return float(fig["value"]) if fig is not None else math.nan


def _as_of(fig: dict | None) -> str:
    return str(fig["as_of"] or "") if fig is not None else ""


def analyst_table(regions: pd.DataFrame, figures: Figures, provinces: list[str] | None,
                  target: float, lang: str | None = None) -> pd.DataFrame:
    """Numbers per regency with their provenance; NaN where a figure does not exist."""
    regs = regions if not provinces else regions[regions["kode_prov"].isin(provinces)]
    figures = lookup(figures)
    rows = [{"kode": r["kode"], "nama": r["nama"], "provinsi": r["provinsi"],
             **area_numbers(figures, r["kode"], target, lang, r["nama"])}
            for r in regs.sort_values("kode").to_dict("records")]
    return pd.DataFrame(rows, columns=["kode", "nama", "provinsi", *_COLUMNS])


_DERIVED = ("", "_min", "_maks", "_kualifikasi", "_teks", "_per", "_ket")
_COLUMNS = [  # the keys of ``area_numbers``
    *(f"{m}{x}" for m in ("peserta", "tenaga_kerja", "cakupan")
      for x in ("", "_per", "_kualifikasi", "_ket")),
    *(f"belum_terlindungi{x}" for x in _DERIVED), "belum_terlindungi_cara",
    *(f"selisih_target{x}" for x in _DERIVED), "sumber", "tautan", "id_angka"]


def sources_of(figures: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The figures a table's numbers come from (its ``id_angka``), one row each."""
    ids = [i for text in table["id_angka"] for i in text.split(", ") if i]
    used = figures[figures["figure_id"].isin(set(ids))]
    return used.assign(_order=used["figure_id"].map({k: n for n, k in enumerate(
        dict.fromkeys(ids))})).sort_values("_order").drop(columns="_order")


def province_table(regions: pd.DataFrame, figures: Figures, provinces: dict[str, str],
                   target: float, lang: str | None = None) -> pd.DataFrame:
    """The provinces and Kalimantan side by side: the latest coverage figure as stated (with
    its base and date), the numbers of ``area_numbers``, and how many regencies have a
    coverage figure of their own."""
    figures = lookup(figures)
    own = figures.latest("coverage_pct", "kabkota")
    own = own[own["kind"].isin(("exact", "approximate", "band"))]
    rows = []
    for level, kodes in (("province", sorted(provinces)), ("region", [""])):
        stated = figures.latest("coverage_pct", level)
        for kode in kodes:
            in_area = regions if not kode else regions[regions["kode_prov"] == kode]
            fig = stated.loc[kode].to_dict() if kode in stated.index else None
            rows.append({
                "kode": kode, "nama": provinces.get(kode) or t("trend_kalimantan", lang),
                "cakupan_tertulis": wording.statement(fig, lang) if fig else "",
                "dasar": t("base_" + fig["base"], lang) if fig and fig.get("base") else "",
                "cakupan_tertulis_per": _as_of(fig),
                "cakupan_tertulis_sumber": wording.publisher(fig, lang) if fig else "",
                **area_numbers(figures, kode, target, lang, provinces.get(kode) or t(
                    "trend_kalimantan", lang)),
                "kabkota_dengan_angka": int(in_area["kode"].isin(own.index).sum()),
                "kabkota_jumlah": len(in_area),
            })
    return pd.DataFrame(rows)
