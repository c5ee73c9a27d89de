"""The analyst table: participants, workforce, coverage, uncovered workers, gap to target.

One row per kab/kota of the chosen provinces. Each number is the latest figure of its kind with
its own date and source; derived numbers (uncovered = workforce - participants, gap to target)
are computed only where both inputs exist and say that they are computed. Nothing is filled in.
"""

from __future__ import annotations

import math

import pandas as pd

from coverage_map.coverage import latest, metric_label, newest
from coverage_map.i18n import t
from coverage_map.wording import describe

# Workforce: the base the sources themselves used, else BPS angkatan kerja.
WORKFORCE_METRICS = ("workforce", "bps_angkatan_kerja")


def _pick(figures: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The latest measured figure per regency (bands and group statements are not numbers to
    compute with)."""
    best = latest(figures, metric, measured_only=True)
    return best if not best.empty else pd.DataFrame(
        columns=["value", "as_of", "source_publisher", "source_url", "kind", "qualifier",
                 "unit", "published", "metric", "figure_id"])


def analyst_table(regions: pd.DataFrame, figures: pd.DataFrame, provinces: list[str] | None,
                  target: float) -> pd.DataFrame:
    """Numbers per regency with their provenance; NaN where a figure does not exist."""
    regs = regions if not provinces else regions[regions["kode_prov"].isin(provinces)]
    participants = _pick(figures, "active_participants")
    coverage = _pick(figures, "coverage_pct")
    uncovered = _pick(figures, "uncovered_workers")
    workforce = {m: _pick(figures, m) for m in WORKFORCE_METRICS}
    rows = []
    for _, r in regs.sort_values("kode").iterrows():
        k = r["kode"]
        p = participants.loc[k] if k in participants.index else None
        w = next((workforce[m].loc[k] for m in WORKFORCE_METRICS if k in workforce[m].index), None)
        c = coverage.loc[k] if k in coverage.index else None
        u = uncovered.loc[k] if k in uncovered.index else None
        p_val = float(p["value"]) if p is not None else math.nan
        w_val = float(w["value"]) if w is not None else math.nan
        both = p is not None and w is not None
        if u is not None:
            unc, unc_note = float(u["value"]), describe(u)
        elif both and w_val >= p_val:
            unc, unc_note = w_val - p_val, t("an_computed_uncovered", p=_date(p), w=_date(w))
        else:
            unc, unc_note = math.nan, ""
        gap = float(round(max(0.0, target / 100 * w_val - p_val))) if both else math.nan
        rows.append({
            "kode": k, "nama": r["nama"], "provinsi": r["provinsi"],
            "peserta": p_val, "peserta_ket": describe(p) if p is not None else "",
            "tenaga_kerja": w_val,
            "tenaga_kerja_ket": f"{metric_label(w['metric'])}: {describe(w)}" if w is not None
            else "",
            "cakupan": float(c["value"]) if c is not None else math.nan,
            "cakupan_ket": describe(c) if c is not None else "",
            "belum_terlindungi": unc, "belum_terlindungi_ket": unc_note,
            "selisih_target": gap,
            "tanggal": _latest_date([x for x in (p, w, c, u) if x is not None]),
            "sumber": "; ".join(dict.fromkeys(
                x["source_publisher"] for x in (p, w, c, u) if x is not None)),
            "tautan": next((x["source_url"] for x in (c, p, u, w)
                            if x is not None and x["source_url"]), ""),
        })
    return pd.DataFrame(rows)


def _date(fig: pd.Series) -> str:
    from coverage_map.i18n import fmt_date
    return fmt_date(fig["as_of"])


def _latest_date(figs: list[pd.Series]) -> str:
    if not figs:
        return ""
    return str(newest(pd.DataFrame([f.to_dict() for f in figs]))["as_of"])
