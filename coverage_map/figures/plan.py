"""Planning the gap: how many workers to enrol to reach a target, and what the premiums cost.

Pure pandas and arithmetic (no Streamlit): the Rencana page, its PDF brief and its XLSX all
show what is computed here. A plan starts from the region's latest coverage statement (or,
where there is none, its latest participant count), sets it against a workforce figure (one of
the region's own, or a number the user typed), and asks how many more workers the target
needs: one number for a measured figure, a range for a band ("kurang dari 50 %"), nothing for a
group statement or where there is no workforce figure. The cost is the monthly premium per
worker times twelve; the premium rates are the app's defaults, taken from the regulation
(``RATES``), or what the user typed. Every input says where it comes from (``ORIGINS``), so
nothing the user typed is ever shown as sourced data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from coverage_map.language import numbers
from coverage_map.figures import derived, derived_words, pairing, wording
from coverage_map.figures.coverage import DEFAULT_TARGET, metric_label
from coverage_map.figures.derived import yearly_cost
from coverage_map.language.i18n import fmt_date, fmt_plain, fmt_value, t
from coverage_map.figures.lookup import (
    Figures, Lookup, latest_for, lookup, newest_first, own_rows, region_level, region_rows,
    targets as _targets)
from coverage_map.figures.wording import MEASURED



@dataclass(frozen=True)
class Rate:
    """A monthly premium per worker, as the regulation sets it for the lowest income band of
    non-wage (BPU) participants; ``basis``: the locale key of its legal basis."""

    key: str
    monthly: float
    basis: str


RATES = {
    # JKK Rp10.000 (1 % of the lowest income band, Rp1.000.000) + JKM Rp6.800
    "jkk_jkm": Rate("jkk_jkm", 16_800.0, "rate_basis_jkk_jkm"),
    # JHT 2 % of the same reported income
    "jht": Rate("jht", 20_000.0, "rate_basis_jht"),
}
MAX_WORKERS = 200_000_000  # more than Indonesia's whole workforce: not a number for a region
MAX_RATE = 10_000_000  # Rupiah per worker per month
MIN_RATE = 1_000  # a monthly premium below Rp1.000 is a misread (16,8 for 16.800) or a typo
MAX_TARGET = 200.0

# where an input comes from
DATA, UPLOADED, TYPED, DEFAULT, LAW, COMPUTED = (
    "data", "unggahan", "ketik", "bawaan", "aturan", "dihitung")
ORIGINS = (DATA, UPLOADED, TYPED, DEFAULT, LAW, COMPUTED)
TYPE = "ketik"  # a choice "type my own number"
GAP = "selisih"  # the workers to fund: the gap to the target


# a typed number that cannot be used; ``code`` names why (``plan_bad_<code>``)
InputError = numbers.NumberError


def read_amount(text: str, lang: str, upper: float, lower_ok: float = 0.0,
                zero_ok: bool = False, whole: bool = False) -> float:
    """A number as a person types it in ``lang`` (``250.000``, ``Rp16.800``, ``62,5`` in
    Indonesian; ``250,000``, ``62.5`` in English), between ``lower_ok`` and ``upper``;
    ``whole``: a count of people. Raises ``InputError`` (``numbers.NumberError``): ``empty``,
    ``text``, ``sign``, ``ambiguous`` (``16,800`` or ``1.5`` in Indonesian: both readings in
    ``readings``), ``negative``, ``zero``, ``fraction``, ``too_large``, ``too_small``."""
    raw = str(text or "").strip()
    return numbers.check(numbers.read_typed(raw, lang), raw, lower_ok, upper, zero_ok, whole)


def read_link_amount(text: str, upper: float, lower_ok: float = 0.0, zero_ok: bool = False,
                     whole: bool = False) -> float:
    """A number in the page's link (``canonical``: ``16800``, ``62.5``); raises
    ``InputError`` as ``read_amount`` (``16.800`` in a link is ``ambiguous``)."""
    raw = str(text or "").strip()
    return numbers.check(numbers.read_link(raw), raw, lower_ok, upper, zero_ok, whole)


def canonical(value: float) -> str:
    """A number as a link carries it, the same in every language (``16800``, ``62.5``)."""
    return numbers.canonical(value)


# --- what the region has -------------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """What the data says of one region that a plan can start from, whatever the user
    chooses: the statement, the workforce figures, the default one, the targets that apply,
    the APBD-funded workers (read only: shared by every plan of the region)."""

    start: dict | None
    bases: pd.DataFrame
    default_base: dict | None
    targets: pd.DataFrame
    apbd: pd.DataFrame


def facts(figures: Figures, kode: str) -> Facts:
    """The region's ``Facts``; from a ``Lookup``, worked out once per region."""
    if isinstance(figures, Lookup) and kode in figures.memo:
        return figures.memo[kode]
    start = starting_point(figures, kode)
    found = Facts(start=start, bases=workforce_options(figures, kode),
                  default_base=default_workforce(figures, kode, start),
                  targets=target_options(figures, kode), apbd=apbd_figures(figures, kode))
    if isinstance(figures, Lookup):
        figures.memo[kode] = found
    return found


def starting_point(figures: Figures, kode: str) -> dict | None:
    """The statement a plan starts from: the region's latest coverage figure as the map draws
    it (any kind); where there is none, its latest measured participant count."""
    return latest_for(figures, "coverage_pct", kode) or latest_for(
        figures, "active_participants", kode, measured_only=True)


def workforce_options(figures: Figures, kode: str) -> pd.DataFrame:
    """The region's own workforce figures a plan can rest on (measured, above zero), newest
    first (``pairing.workforces``)."""
    return pairing.workforces(own_rows(region_rows(figures, kode), kode)).reset_index(drop=True)


def default_workforce(figures: Figures, kode: str, start: dict | None) -> dict | None:
    """The workforce the statement is set against unless the user picks another: the one the
    pairing rule gives (``derived``), None where no workforce is on the statement's base."""
    if start is None:
        return None
    options = workforce_options(figures, kode)
    if start.get("metric") == "active_participants":
        return pairing.pair_workforce(options, start)
    return pairing.same_base_workforce(options, start) if pairing.usable(start) else None


def target_options(figures: Figures, kode: str) -> pd.DataFrame:
    """Targets from the data that apply to the region: its own, its province's and the
    national ones, each once, newest first within each."""
    sel = _targets(figures)
    sel = sel[sel["scope"] == "wilayah"]
    prov = kode.split(".")[0]
    parts = [sel[(sel["level"] == region_level(kode)) & (sel["kode"] == kode)]]
    if "." in kode:
        parts.append(sel[(sel["level"] == "province") & (sel["kode"] == prov)])
    parts.append(sel[sel["level"] == "national"])
    return pd.concat([newest_first(p) for p in parts], ignore_index=True)


def apbd_figures(figures: Figures, kode: str) -> pd.DataFrame:
    """Vulnerable workers whose JKK + JKM the region's budget pays, newest first."""
    rows = region_rows(figures, kode)
    own = own_rows(rows[rows["metric"] == "vulnerable_workers_apbd"], kode)
    return newest_first(own[own["kind"].isin(MEASURED)]).reset_index(drop=True)


# --- a whole plan --------------------------------------------------------------------------

@dataclass(frozen=True)
class Choices:
    """What the user chose on the page (every one of them is in the link)."""

    workforce: str = ""  # "": the default; a figure ID; TYPE: ``workforce_typed``
    workforce_typed: float | None = None
    target: str = ""  # "": the app's target (``app_target``); a figure ID; TYPE
    target_typed: float | None = None
    app_target: float = DEFAULT_TARGET
    enrol: str = GAP  # GAP: the gap to the target; TYPE: ``enrol_typed`` workers
    enrol_typed: float | None = None
    rate: float = RATES["jkk_jkm"].monthly
    jht: bool = False
    jht_rate: float = RATES["jht"].monthly


@dataclass
class Plan:
    kode: str
    name: str
    level: str
    province: str
    province_name: str
    start: dict | None
    workforce: float | None
    workforce_figure: dict | None  # None: typed by the user (or no base)
    workforce_typed: bool
    target: float
    target_figure: dict | None
    target_origin: str  # DEFAULT, DATA/UPLOADED (a figure), TYPED
    need: derived.Answer  # the gap to the target (``derived``)
    enrol_typed: bool
    enrol_typed_n: float | None
    rate: float
    rate_typed: bool
    jht: bool
    jht_rate: float
    jht_rate_typed: bool
    apbd: pd.DataFrame = field(default_factory=pd.DataFrame)

    def _workers(self) -> derived.Answer | tuple[float, float]:
        return (self.enrol_typed_n, self.enrol_typed_n) if self.enrol_typed else self.need

    @property
    def enrol_low(self) -> float:
        return self.enrol_typed_n if self.enrol_typed else self.need.low

    @property
    def enrol_high(self) -> float:
        return self.enrol_typed_n if self.enrol_typed else self.need.high

    @property
    def enrol_best(self) -> float:
        return self.enrol_typed_n if self.enrol_typed else self.need.best

    @property
    def enrol_approximate(self) -> bool:
        return not self.enrol_typed and self.need.approximate

    @property
    def cost(self) -> derived.Cost:
        return derived.cost(self._workers(), self.rate)

    @property
    def jht_cost(self) -> derived.Cost:
        return derived.cost(self._workers(), self.jht_rate)

    @property
    def cost_low(self) -> float:
        return self.cost.low

    @property
    def cost_high(self) -> float:
        return self.cost.high

    @property
    def jht_low(self) -> float:
        return self.jht_cost.low

    @property
    def jht_high(self) -> float:
        return self.jht_cost.high

    def figures_used(self) -> list[dict]:
        """Every figure from the data the plan rests on, once each."""
        used = [self.start, *self.need.figures(), self.workforce_figure, self.target_figure]
        used += self.apbd.to_dict("records") if len(self.apbd) else []
        seen, out = set(), []
        for fig in used:
            if fig is not None and fig["figure_id"] not in seen:
                seen.add(fig["figure_id"])
                out.append(fig)
        return out


def _pick(table: pd.DataFrame, figure_id: str) -> dict | None:
    hit = table[table["figure_id"] == figure_id] if len(table) else table
    return hit.iloc[0].to_dict() if len(hit) else None


def origin_of(fig: dict | None) -> str:
    return UPLOADED if fig is not None and wording.uploaded(fig) else DATA


def _target(figures: Figures, choices: Choices) -> tuple[float, dict | None, str]:
    """The target: a figure from the data, a number typed, or the app's."""
    fig = _pick(_targets(figures), choices.target) if choices.target not in ("", TYPE) else None
    if fig is not None:
        return float(fig["value"]), fig, origin_of(fig)
    if choices.target == TYPE and choices.target_typed is not None:
        return float(choices.target_typed), None, TYPED
    target = float(choices.app_target)
    return target, None, DEFAULT if target == DEFAULT_TARGET else TYPED


def build(regions: pd.DataFrame, provinces: dict[str, str], figures: Figures, kode: str,
          choices: Choices) -> Plan:
    """The plan for one region (a kab/kota or a province) with the user's choices: the gap is
    ``derived``'s answer, with the workforce of the pairing rule unless the user chose one."""
    level = region_level(kode)
    prov = kode.split(".")[0]
    if level == "kabkota":
        name = regions.loc[regions["kode"] == kode, "nama"].iloc[0]
    else:
        name = provinces[kode]
    known = facts(figures, kode)
    target, target_fig, target_origin = _target(figures, choices)
    typed_base = choices.workforce == TYPE and choices.workforce_typed is not None
    picked = _pick(known.bases, choices.workforce) if choices.workforce not in ("", TYPE) \
        else None
    gap = derived.for_region(figures, kode, derived.GAP, target)
    start = gap.statement or known.start  # the newest statement, as every page takes it
    if start is not None and (typed_base or picked is not None):
        gap = derived.chosen(derived.GAP, start, target, picked,
                             float(choices.workforce_typed) if typed_base else None)
    ways = gap.ways
    base_fig = ways[0].workforce if ways else None
    base = float(base_fig["value"]) if base_fig is not None else (
        float(choices.workforce_typed) if typed_base and ways else None)
    enrol_typed = choices.enrol == TYPE and choices.enrol_typed is not None
    return Plan(
        kode=kode, name=name, level=level, province=prov, province_name=provinces.get(prov, ""),
        start=start, workforce=base, workforce_figure=base_fig, workforce_typed=typed_base,
        target=target, target_figure=target_fig, target_origin=target_origin, need=gap,
        enrol_typed=enrol_typed,
        enrol_typed_n=float(choices.enrol_typed) if enrol_typed else None,
        rate=float(choices.rate), rate_typed=choices.rate != RATES["jkk_jkm"].monthly,
        jht=choices.jht, jht_rate=float(choices.jht_rate),
        jht_rate_typed=choices.jht_rate != RATES["jht"].monthly,
        apbd=known.apbd)


# --- in words --------------------------------------------------------------------------------

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
             date=wording.date_text(fig, lang), source=fig["source_publisher"],
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
        metric_label(fig["metric"], lang), fmt_date(fig["as_of"], lang), fig["source_publisher"],
        wording.base_text(fig, lang), fig["figure_id"]) if x)
    return {"input": label, "value": value, "origin": t(f"origin_{origin_of(fig)}", lang),
            "source": source}


def _rate_row(label: str, value: float, typed: bool, rate: Rate, lang: str | None) -> dict:
    return {"input": label, "value": t("plan_per_month", lang, v=money(value, lang)),
            "origin": t("origin_ketik" if typed else "origin_aturan", lang),
            "source": t("plan_typed_rate_source", lang, default=money(rate.monthly, lang),
                        basis=t(rate.basis, lang)) if typed else t(rate.basis, lang)}


# --- a province's regencies at once --------------------------------------------------------

def province_choices(choices: Choices) -> Choices:
    """What a province's table takes of the user's choices: the target and the rates (a
    workforce or a number of workers typed for one region does not carry over)."""
    return Choices(target=choices.target, target_typed=choices.target_typed,
                   app_target=choices.app_target, rate=choices.rate, jht=choices.jht,
                   jht_rate=choices.jht_rate)


def province_rows(regions: pd.DataFrame, provinces: dict[str, str], figures: Figures,
                  prov: str, choices: Choices) -> list[Plan]:
    """A plan per kab/kota of ``prov``, each on its own statement and default workforce, with
    the same target and rates (``province_choices``). The figures are sorted out once
    (``Lookup``), not scanned once per regency."""
    common = province_choices(choices)
    figures = lookup(figures)
    kodes = regions[regions["kode_prov"] == prov].sort_values("kode")["kode"]
    return [build(regions, provinces, figures, k, common) for k in kodes]


def short_statement(fig: dict | None, lang: str | None) -> str:
    """A statement for a table cell: its value, and "(pernyataan kelompok)" for a group."""
    if fig is None:
        return ""
    text = wording.value_text(fig, lang)
    return f"{text} ({t('why_short_group', lang)})" if fig.get("kind") == "group" else text


@dataclass(frozen=True)
class Totals:
    """The sums over the regencies that can be computed (``derived.total``, ``derived.add``)
    and how many cannot or already meet the target."""

    workers: derived.Cost
    cost: derived.Cost
    jht: derived.Cost
    computed: int
    not_computed: int
    met: int


def totals(plans: list[Plan]) -> Totals:
    """The sums over the regencies that can be computed, and how many cannot (plans from
    ``province_rows``, where the workers funded are the gap)."""
    known = [p for p in plans if p.need.known]
    return Totals(
        workers=derived.total([p.need for p in known]),
        cost=derived.add(*(p.cost for p in known)), jht=derived.add(*(p.jht_cost for p in known)),
        computed=len(known), not_computed=len(plans) - len(known),
        met=sum(p.need.met for p in known))


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




MISSING = "–"


def _when(as_of: str, words: bool, lang: str | None) -> str:
    if not as_of:
        return MISSING
    return fmt_date(as_of, lang) if words else as_of
