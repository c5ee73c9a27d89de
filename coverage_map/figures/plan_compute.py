"""Computing a plan: what a region offers a plan (its statement, workforces, targets, budget
figures), the gap to the target from ``derived`` with the workforce the user chose, and the
cost at the rates chosen; a province's regencies at once and their totals. No words.

A ``Lookup`` keeps what is worked out once per region (``facts``) and per region and target
(``region_gap``: the gap does not depend on the rates, so a new rate typed computes no gap),
so a rerun of the page reads what an earlier one found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from coverage_map.figures import derived, pairing, wording
from coverage_map.figures.coverage import DEFAULT_TARGET
from coverage_map.figures.lookup import (
    Figures, Lookup, latest_for, lookup, newest_first, once, own_rows, region_level,
    region_rows, targets)
from coverage_map.figures.plan_inputs import (
    DATA, DEFAULT, RATES, TYPE, TYPED, UPLOADED, Choices, province_choices)
from coverage_map.figures.wording import MEASURED

GAPS_KEPT = 4096  # gaps per region and target kept in a Lookup (targets typed are unbounded)


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
    def make() -> Facts:
        start = starting_point(figures, kode)
        return Facts(start=start, bases=workforce_options(figures, kode),
                     default_base=default_workforce(figures, kode, start),
                     targets=target_options(figures, kode), apbd=apbd_figures(figures, kode))

    return once(figures, ("facts", kode), make)


def region_gap(figures: Figures, kode: str, target: float) -> derived.Answer:
    """``derived``'s gap for the region with its default workforce (``derived.for_region``);
    from a ``Lookup``, worked out once per region and target (an ``Answer`` is read only)."""
    if not isinstance(figures, Lookup):
        return derived.for_region(figures, kode, derived.GAP, target)
    key = ("gap", kode, float(target))
    found = figures.memo.get(key)
    if found is None:
        gaps = [k for k in list(figures.memo) if k[0] == "gap"]
        if len(gaps) >= GAPS_KEPT:  # many targets typed: start again rather than grow
            for k in gaps:
                figures.memo.pop(k, None)
        found = figures.memo[key] = derived.for_region(figures, kode, derived.GAP, target)
    return found


def starting_point(figures: Figures, kode: str) -> dict | None:
    """The statement a plan starts from: the region's latest coverage figure as the map draws
    it (any kind); where there is none, its latest measured participant count."""
    return latest_for(figures, "coverage_pct", kode) or latest_for(
        figures, "active_participants", kode, measured_only=True)


def workforce_options(figures: Figures, kode: str) -> pd.DataFrame:
    """The region's own workforce figures a plan can rest on (measured, above zero), newest
    first (``pairing.workforces``)."""
    return pairing.workforces_of(figures, kode).reset_index(drop=True)


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
    sel = targets(figures)
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
    fig = _pick(targets(figures), choices.target) if choices.target not in ("", TYPE) else None
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
    gap = region_gap(figures, kode, target)
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


# --- a province's regencies at once --------------------------------------------------------

def province_rows(regions: pd.DataFrame, provinces: dict[str, str], figures: Figures,
                  prov: str, choices: Choices) -> list[Plan]:
    """A plan per kab/kota of ``prov``, each on its own statement and default workforce, with
    the same target and rates (``province_choices``). The figures are sorted out once
    (``Lookup``), not scanned once per regency."""
    common = province_choices(choices)
    figures = lookup(figures)
    kodes = regions[regions["kode_prov"] == prov].sort_values("kode")["kode"]
    return [build(regions, provinces, figures, k, common) for k in kodes]


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
