"""The analyst tables: participants, workforce, coverage, uncovered workers, gap to target.

One row per kab/kota of the chosen provinces (``analyst_table``), and one per province and for
Kalimantan (``province_table``). Each number is the latest figure of its kind with its own
date; a derived number (uncovered workers, the gap to the target) is computed only where its
inputs exist, says that it is computed and names both figures with their dates. Nothing is
filled in.

Uncovered workers come from the newest of: a reported count, workforce − participants, and
workforce × (100 % − coverage), the workforce being the one the same source gave or the nearest
in time (``profile.workforce_for``, at most ``profile.WORKFORCE_YEARS_APART`` years apart). On
a tie the reported count, then participants, is taken. The gap to the target comes from the
newest of the two computations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from coverage_map import wording
from coverage_map.coverage import date_key, latest, metric_label
from coverage_map.i18n import fmt_date, fmt_value, t
from coverage_map.profile import (WORKFORCE_METRICS, WORKFORCE_YEARS_APART, workforce_for,
                                   year_of)

REPORTED, COMPUTED = "dilaporkan", "dihitung"  # how an uncovered count is known
_METRICS = ("active_participants", "coverage_pct", "uncovered_workers", *WORKFORCE_METRICS)


@dataclass(frozen=True)
class Basis:
    """What a derived number is computed from: the workforce and either participants or a
    coverage share (``kind``: "peserta" or "cakupan"), and the date it stands for."""

    kind: str
    figure: dict  # participants or coverage
    workforce: dict
    as_of: str  # the participants' or the coverage's date

    def uncovered(self) -> float:
        w = float(self.workforce["value"])
        if self.kind == "peserta":
            return max(0.0, w - float(self.figure["value"]))
        return float(max(0, round(w * (100 - float(self.figure["value"])) / 100)))

    def gap(self, target: float) -> float:
        w = float(self.workforce["value"])
        if self.kind == "peserta":
            return float(max(0, math.ceil(target / 100 * w - float(self.figure["value"]) - 1e-9)))
        return float(max(0, math.ceil((target - float(self.figure["value"])) / 100 * w - 1e-9)))

    def named(self, lang: str | None = None) -> dict[str, str]:
        """The two figures it is computed from, each with its label, value and date
        (``workforce``, ``other``)."""
        workforce = t("an_figure", lang, label=metric_label(self.workforce["metric"], lang),
                      value=fmt_value(self.workforce["value"], "persons", lang),
                      date=fmt_date(self.workforce["as_of"], lang))
        label = t("col_participants", lang) if self.kind == "peserta" else t(
            "an_coverage_word", lang)
        unit = "persons" if self.kind == "peserta" else "pct"
        other = t("an_figure", lang, label=label, value=fmt_value(self.figure["value"], unit, lang),
                  date=fmt_date(self.figure["as_of"], lang))
        return {"workforce": workforce, "other": other}


def _basis(figures: pd.DataFrame, kode: str, level: str, p: dict | None, w: dict | None,
           c: dict | None) -> Basis | None:
    """The newest way to compute with the region's figures (participants first on a tie)."""
    found = []
    if p is not None and w is not None:
        yp, yw = year_of(p["as_of"]), year_of(w["as_of"])
        if yp is not None and yw is not None and abs(yp - yw) <= WORKFORCE_YEARS_APART:
            found.append(Basis("peserta", p, w, p["as_of"]))
    if c is not None:
        paired = workforce_for(figures, kode, c, level)
        if paired is not None:
            found.append(Basis("cakupan", c, paired[0], c["as_of"]))
    if not found:
        return None
    return found[_newest([b.as_of for b in found])]


def _newest(dates: list[str]) -> int:
    """The position of the newest date (the first of them on a tie)."""
    keys = date_key(pd.Series(dates), pd.Series([""] * len(dates)))
    return int(keys.values.argmax())


def _picks(figures: pd.DataFrame, level: str) -> dict[str, pd.DataFrame]:
    """The latest measured figure per area, per metric (bands and group statements are not
    numbers to compute with)."""
    return {m: latest(figures, m, level, measured_only=True) for m in _METRICS}


def _get(picks: dict, metric: str, kode: str) -> dict | None:
    table = picks[metric]
    return table.loc[kode].to_dict() if kode in table.index else None


def area_numbers(figures: pd.DataFrame, picks: dict, kode: str, level: str, target: float,
                 lang: str | None = None) -> dict:
    """One area's numbers, each with its date and what it came from (NaN where none)."""
    p, c, u = (_get(picks, m, kode) for m in ("active_participants", "coverage_pct",
                                              "uncovered_workers"))
    w = next((x for m in WORKFORCE_METRICS if (x := _get(picks, m, kode)) is not None), None)
    basis = _basis(figures, kode, level, p, w, c)
    named = basis.named(lang) if basis is not None else {}
    if u is not None and (basis is None or _newest([u["as_of"], basis.as_of]) == 0):
        unc, unc_how, unc_date = float(u["value"]), REPORTED, u["as_of"]
        unc_note = t("an_reported", lang, figure=wording.describe(u, lang=lang))
    elif basis is not None:
        unc, unc_how, unc_date = basis.uncovered(), COMPUTED, basis.as_of
        unc_note = t(f"an_uncovered_from_{basis.kind}", lang, **named)
    else:
        unc, unc_how, unc_date, unc_note = math.nan, "", "", ""
    gap = basis.gap(target) if basis is not None else math.nan
    gap_note = t(f"an_gap_from_{basis.kind}", lang, target=fmt_value(target, "pct", lang),
                 **named) if basis else ""
    used = [x for x in (p, w, c, u) if x is not None]
    return {
        "peserta": _value(p), "peserta_per": _as_of(p),
        "peserta_ket": wording.describe(p, lang=lang) if p else "",
        "tenaga_kerja": _value(w), "tenaga_kerja_per": _as_of(w),
        "tenaga_kerja_ket": f"{metric_label(w['metric'], lang)}: {wording.describe(w, lang=lang)}"
        if w else "",
        "cakupan": _value(c), "cakupan_per": _as_of(c),
        "cakupan_ket": wording.describe(c, lang=lang) if c else "",
        "belum_terlindungi": unc, "belum_terlindungi_per": unc_date,
        "belum_terlindungi_cara": unc_how, "belum_terlindungi_ket": unc_note,
        "selisih_target": gap, "selisih_target_ket": gap_note,
        "sumber": "; ".join(dict.fromkeys(x["source_publisher"] for x in used)),
        "tautan": next((x["source_url"] for x in (c, p, u, w)
                        if x is not None and x["source_url"]), ""),
        "id_angka": ", ".join(dict.fromkeys(x["figure_id"] for x in used)),
    }


def _value(fig: dict | None) -> float:
    return float(fig["value"]) if fig is not None else math.nan


def _as_of(fig: dict | None) -> str:
    return str(fig["as_of"] or "") if fig is not None else ""


def analyst_table(regions: pd.DataFrame, figures: pd.DataFrame, provinces: list[str] | None,
                  target: float, lang: str | None = None) -> pd.DataFrame:
    """Numbers per regency with their provenance; NaN where a figure does not exist."""
    regs = regions if not provinces else regions[regions["kode_prov"].isin(provinces)]
    picks = _picks(figures, "kabkota")
    rows = [{"kode": r["kode"], "nama": r["nama"], "provinsi": r["provinsi"],
             **area_numbers(figures, picks, r["kode"], "kabkota", target, lang)}
            for r in regs.sort_values("kode").to_dict("records")]
    return pd.DataFrame(rows, columns=["kode", "nama", "provinsi", *_COLUMNS])


_COLUMNS = [  # the keys of ``area_numbers``
    "peserta", "peserta_per", "peserta_ket", "tenaga_kerja", "tenaga_kerja_per",
    "tenaga_kerja_ket", "cakupan", "cakupan_per", "cakupan_ket", "belum_terlindungi",
    "belum_terlindungi_per", "belum_terlindungi_cara", "belum_terlindungi_ket", "selisih_target",
    "selisih_target_ket", "sumber", "tautan", "id_angka"]


def sources_of(figures: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The figures a table's numbers come from (its ``id_angka``), one row each."""
    ids = [i for text in table["id_angka"] for i in text.split(", ") if i]
    used = figures[figures["figure_id"].isin(set(ids))]
    return used.assign(_order=used["figure_id"].map({k: n for n, k in enumerate(
        dict.fromkeys(ids))})).sort_values("_order").drop(columns="_order")


def province_table(regions: pd.DataFrame, figures: pd.DataFrame, provinces: dict[str, str],
                   target: float, lang: str | None = None) -> pd.DataFrame:
    """The provinces and Kalimantan side by side: the latest coverage figure as stated (with
    its base and date), the numbers of ``area_numbers``, and how many regencies have a
    coverage figure of their own."""
    own = latest(figures, "coverage_pct", "kabkota")
    own = own[own["kind"].isin(("exact", "approximate", "band"))]
    rows = []
    for level, kodes in (("province", sorted(provinces)), ("region", [""])):
        picks = _picks(figures, level)
        stated = latest(figures, "coverage_pct", level)
        for kode in kodes:
            in_area = regions if not kode else regions[regions["kode_prov"] == kode]
            fig = stated.loc[kode].to_dict() if kode in stated.index else None
            rows.append({
                "kode": kode, "nama": provinces.get(kode) or t("trend_kalimantan", lang),
                "cakupan_tertulis": wording.statement(fig, lang) if fig else "",
                "dasar": t("base_" + fig["base"], lang) if fig and fig.get("base") else "",
                "cakupan_tertulis_per": _as_of(fig),
                "cakupan_tertulis_sumber": fig["source_publisher"] if fig else "",
                **area_numbers(figures, picks, kode, level, target, lang),
                "kabkota_dengan_angka": int(in_area["kode"].isin(own.index).sum()),
                "kabkota_jumlah": len(in_area),
            })
    return pd.DataFrame(rows)
