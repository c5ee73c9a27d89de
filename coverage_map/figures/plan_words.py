"""A plan in words: money as a budget reader writes it, the workers and the gap with the
precision they have, the cost and what the budget already pays, every input with where it comes
from (``input_rows``), and a province's regencies as a table and in lines (``province_table``,
``province_lines``, ``province_frame``)."""

from __future__ import annotations

import math

import pandas as pd

from coverage_map.figures import derived, derived_words, wording
from coverage_map.figures.coverage import metric_label
from coverage_map.figures.derived import yearly_cost
from coverage_map.figures.plan_compute import Plan, origin_of, totals
from coverage_map.figures.plan_inputs import DEFAULT, RATES, Rate
from coverage_map.language.i18n import fmt_date, fmt_plain, fmt_value, t

MISSING = "–"


def money(value: float, lang: str | None = None) -> str:
    """Rupiah in words a budget reader uses: ``Rp4,03 miliar``, ``Rp168 juta``, ``Rp16.800``."""
    if value is None or not math.isfinite(value):
        return "–"
    for size, key in ((1e12, "money_trillion"), (1e9, "money_billion"), (1e6, "money_million")):
        if abs(value) >= size:
            return t(key, lang, v=fmt_plain(value / size, lang))
    return "Rp" + fmt_value(round(value), "persons", lang)


def workers_text(low: float, high: float, lang: str | None = None, best: float = math.nan,
                 approximate: bool = False) -> str:
    """``12.345 pekerja``, ``sekitar 28 ribu pekerja``, ``antara 12.345 dan 45.678 pekerja``
    (``derived_words.count_text``)."""
    if math.isnan(best) and high == low:
        best = low
    return derived_words.count_text(low, best, high, approximate, lang)


def money_range(low: float, high: float, lang: str | None = None, best: float = math.nan,
                approximate: bool = False) -> str:
    """``Rp4,03 miliar``, ``sekitar Rp28 miliar`` (an approximate count: two significant
    digits), ``antara Rp1,2 miliar dan Rp3,4 miliar``."""
    if approximate and not math.isnan(best):
        return t("qualifier_sekitar", lang, v=money(derived_words.rounded(best), lang))
    if high > low:
        return t("plan_money_range", lang, lo=money(low, lang), hi=money(high, lang))
    return money(low, lang)


def cost_words(c: derived.Cost, lang: str | None = None) -> str:
    return money_range(c.low, c.high, lang, c.best, c.approximate)


def enrol_words(p: Plan, lang: str | None = None) -> str:
    """The workers the plan funds, with the precision they have."""
    return workers_text(p.enrol_low, p.enrol_high, lang, p.enrol_best, p.enrol_approximate)


def gap_words(p: Plan, lang: str | None = None) -> str:
    """The gap for a headline figure: ``sekitar 28 ribu pekerja``; ``tercapai``; where
    sources disagree, each (``2.000 atau tercapai``), as Analisis writes it."""
    if not p.need.agree or p.need.met:
        return derived_words.cell(p.need, lang)
    return workers_text(p.need.low, p.need.high, lang, p.need.best, p.need.approximate)


def need_text(p: Plan, lang: str | None = None) -> str:
    """The gap in one sentence, with what it was computed from (or why there is none)."""
    text = derived_words.sentence(p.need, lang, p.name)
    if p.need.reason in ("no_base", "other_base", "too_far"):
        text += " " + t("plan_choose_base", lang)
    return text


def cost_text(p: Plan, lang: str | None = None) -> str:
    """The yearly JKK + JKM premium of the workers to fund, and how it was computed."""
    if math.isnan(p.enrol_low):
        return t("plan_cost_none", lang)
    if p.enrol_high <= 0:
        return t("plan_zero_workers", lang)
    who = t("plan_enrol_typed_words", lang) if p.enrol_typed else t("plan_enrol_gap_words", lang)
    return t("plan_cost", lang, cost=cost_words(p.cost, lang), workers=enrol_words(p, lang),
             who=who,
             rate=money(p.rate, lang))


def jht_text(p: Plan, lang: str | None = None) -> str:
    if math.isnan(p.enrol_low):
        return t("plan_cost_none", lang)
    return t("plan_jht_cost", lang, cost=cost_words(p.jht_cost, lang),
             rate=money(p.jht_rate, lang),
             total=cost_words(derived.add(p.cost, p.jht_cost), lang))


def apbd_text(p: Plan, lang: str | None = None) -> str:
    """What the region's budget already pays for, at the plan's rate, against the plan."""
    if p.apbd.empty:
        return t("plan_apbd_none", lang, name=p.name)
    fig = p.apbd.iloc[0].to_dict()
    n = float(fig["value"])
    text = t("plan_apbd_now", lang, n=fmt_value(n, "persons", lang),
             date=wording.date_text(fig, lang), source=wording.publisher(fig, lang),
             id=fig["figure_id"], cost=money(yearly_cost(n, p.rate), lang),
             rate=money(p.rate, lang))
    if not math.isnan(p.enrol_low) and p.enrol_high > 0 and n > 0:
        lo, hi = p.enrol_low / n, p.enrol_high / n
        times = fmt_plain(lo, lang) if hi == lo else t(
            "band_between", lang, lo=fmt_plain(lo, lang), hi=fmt_plain(hi, lang))
        text += " " + t("plan_apbd_times", lang, times=times)
    return text


def input_rows(p: Plan, lang: str | None = None) -> list[dict]:
    """Every input of the plan: what it is, its value, where it comes from (data with its
    source, the regulation, the app's default, or typed by the user)."""
    rows = [{"input": t("plan_in_region", lang), "value": p.name,
             "origin": "", "source": p.province_name if p.level == "kabkota" else ""}]
    if p.start is not None:
        rows.append(_figure_row(t("plan_in_start", lang), p.start, lang))
    else:
        rows.append({"input": t("plan_in_start", lang), "value": t("plan_none", lang),
                     "origin": "", "source": ""})
    if p.workforce_typed:
        rows.append({"input": t("plan_in_base", lang),
                     "value": fmt_value(p.workforce, "persons", lang),
                     "origin": t("origin_ketik", lang), "source": t("plan_typed_source", lang)})
    elif p.workforce_figure is not None:
        rows.append(_figure_row(t("plan_in_base", lang), p.workforce_figure, lang))
        if p.need.mixed_base:  # flagged wherever the inputs are listed: page, PDF, XLSX
            rows[-1]["source"] += " · " + t("plan_base_flag", lang)
    else:
        rows.append({"input": t("plan_in_base", lang), "value": t("plan_none", lang),
                     "origin": "", "source": ""})
    tgt = fmt_value(p.target, "pct", lang)
    if p.target_figure is not None:
        row = _figure_row(t("plan_in_target", lang), p.target_figure, lang)
        rows.append({**row, "value": tgt})
    else:
        rows.append({"input": t("plan_in_target", lang), "value": tgt,
                     "origin": t(f"origin_{p.target_origin}", lang),
                     "source": t("plan_default_target_source", lang)
                     if p.target_origin == DEFAULT else t("plan_typed_source", lang)})
    if p.enrol_typed:
        rows.append({"input": t("plan_in_enrol", lang),
                     "value": enrol_words(p, lang),
                     "origin": t("origin_ketik", lang), "source": t("plan_typed_source", lang)})
    else:
        rows.append({"input": t("plan_in_enrol", lang),
                     "value": enrol_words(p, lang)
                     if p.need.known else t("plan_not_computable", lang),
                     "origin": t("origin_dihitung", lang), "source": t("plan_enrol_source", lang)})
    rows.append(_rate_row(t("plan_in_rate", lang), p.rate, p.rate_typed, RATES["jkk_jkm"], lang))
    if p.jht:
        rows.append(_rate_row(t("plan_in_jht_rate", lang), p.jht_rate, p.jht_rate_typed,
                              RATES["jht"], lang))
    return rows


def _figure_row(label: str, fig: dict, lang: str | None) -> dict:
    value = wording.statement(fig, lang) if fig.get("kind") in ("band", "group") else \
        wording.value_text(fig, lang)
    source = " · ".join(x for x in (
        metric_label(fig["metric"], lang), fmt_date(fig["as_of"], lang), wording.publisher(fig, lang),
        wording.base_text(fig, lang), fig["figure_id"]) if x)
    return {"input": label, "value": value, "origin": t(f"origin_{origin_of(fig)}", lang),
            "source": source}


def _rate_row(label: str, value: float, typed: bool, rate: Rate, lang: str | None) -> dict:
    return {"input": label, "value": t("plan_per_month", lang, v=money(value, lang)),
            "origin": t("origin_ketik" if typed else "origin_aturan", lang),
            "source": t("plan_typed_rate_source", lang, default=money(rate.monthly, lang),
                        basis=t(rate.basis, lang)) if typed else t(rate.basis, lang)}


# --- a province's regencies -----------------------------------------------------------------

def short_statement(fig: dict | None, lang: str | None) -> str:
    """A statement for a table cell: its value, and "(pernyataan kelompok)" for a group."""
    if fig is None:
        return ""
    text = wording.value_text(fig, lang)
    return f"{text} ({t('why_short_group', lang)})" if fig.get("kind") == "group" else text


def province_table(plans: list[Plan], lang: str | None = None) -> pd.DataFrame:
    """One row per regency: the statement, the workforce, the gap and the cost (a range for a
    band), or why it cannot be computed."""
    rows = []
    for p in plans:
        start = p.start
        rows.append({
            "kode": p.kode, "nama": p.name,
            "titik_awal": short_statement(start, lang),
            "titik_awal_per": start["as_of"] if start else "",
            "tenaga_kerja": p.workforce if p.workforce is not None else math.nan,
            "tenaga_kerja_per": p.workforce_figure["as_of"] if p.workforce_figure else "",
            "perlu": p.need.best, "perlu_min": p.need.low, "perlu_maks": p.need.high,
            "perlu_kualifikasi": derived_words.qualifier_text(p.need, lang),
            "perlu_teks": gap_words(p, lang) if p.need.known else "",
            "biaya_min": p.cost_low if p.need.known else math.nan,
            "biaya_maks": p.cost_high if p.need.known else math.nan,
            "biaya_jht_min": p.jht_low if p.need.known and p.jht else math.nan,
            "biaya_jht_maks": p.jht_high if p.need.known and p.jht else math.nan,
            "keterangan": need_text(p, lang),
            "id_angka": ", ".join(f["figure_id"] for f in p.need.figures() or [
                x for x in (start, p.workforce_figure) if x is not None]),
        })
    return pd.DataFrame(rows)


def province_lines(plans: list[Plan], jht: bool, lang: str | None = None) -> list[str]:
    """The totals, and how many regencies cannot be computed or already meet the target."""
    sums = totals(plans)
    province = plans[0].province_name if plans else ""
    if not sums.computed:
        lines = [t("plan_province_none", lang, province=province)]
    else:
        lines = [t("plan_province_totals", lang, n=sums.computed,
                   workers=workers_text(sums.workers.low, sums.workers.high, lang,
                                        sums.workers.best, sums.workers.approximate),
                   cost=cost_words(sums.cost, lang))]
        if jht:
            lines[0] += " " + t("plan_province_totals_jht", lang, cost=cost_words(
                derived.add(sums.cost, sums.jht), lang))
    if sums.not_computed:
        lines.append(t("plan_province_uncomputable", lang, n=sums.not_computed, m=len(plans)))
    if sums.met:
        lines.append(t("plan_province_met", lang, n=sums.met))
    return lines


def province_frame(table: pd.DataFrame, jht: bool, lang: str | None = None, words: bool = True
                   ) -> pd.DataFrame:
    """The province table with labelled columns: dates in words as the screen shows them, or
    (``words=False``) as ISO text for a spreadsheet."""
    frame = pd.DataFrame({
        t("col_region", lang): table["nama"],
        t("col_start", lang): table["titik_awal"].replace("", MISSING),
        t("col_as_of_start", lang): [_when(d, words, lang) for d in table["titik_awal_per"]],
        t("col_workforce", lang): table["tenaga_kerja"],
        t("col_as_of_workforce", lang): [_when(d, words, lang)
                                         for d in table["tenaga_kerja_per"]],
        t("col_need", lang): table["perlu"],
        t("col_need_qualifier", lang): table["perlu_kualifikasi"].replace("", MISSING),
        t("col_need_min", lang): table["perlu_min"],
        t("col_need_max", lang): table["perlu_maks"],
        t("col_cost_min", lang): table["biaya_min"],
        t("col_cost_max", lang): table["biaya_maks"],
    })
    if jht:
        frame[t("col_jht_min", lang)] = table["biaya_jht_min"]
        frame[t("col_jht_max", lang)] = table["biaya_jht_maks"]
    frame[t("col_plan_note", lang)] = table["keterangan"]
    frame[t("col_ids", lang)] = table["id_angka"]
    return frame


def _when(as_of: str, words: bool, lang: str | None) -> str:
    if not as_of:
        return MISSING
    return fmt_date(as_of, lang) if words else as_of
