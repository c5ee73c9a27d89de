"""Every derived number, computed here and nowhere else: workers not yet protected, the gap to
a target (the workers to fund) and what the premiums of those workers cost.

Pure arithmetic over the region's own figures (no Streamlit). Profil, Rencana, Analisis, the
fact sheets, the plan brief and every export read an ``Answer`` from here, so they all state
the same number for the same question.

**How a number is found (the pairing rule).** A region's derived numbers stand for the date
of its newest statement: the coverage statement the map draws, a participant count with a
workforce, or (for uncovered workers) a reported count. Every way to compute at that date is
tried (``Way``):

- ``PAIR``: participants and a workforce. The workforce the same source gave for the same
  date comes first (the most specific); else a BPS workforce figure (angkatan kerja or
  penduduk bekerja) at most ``YEARS_APART`` years away. A workforce of another source and an
  unstated base is not used.
- ``SHARE``: a coverage percentage and a workforce *on the same base*: the denominator its
  own source gave for the same date, or the BPS figure of the base the statement names
  (penduduk bekerja, angkatan kerja) at most ``YEARS_APART`` years away. A percentage is never
  multiplied by the denominator of another percentage.
- ``REPORTED``: a count of uncovered workers as a source printed it.

Every way gives an interval (low, best, high): an exact figure is a point, "sekitar" is
``APPROX`` either side of the stated number, a band gives its bounds. Where the ways agree
(their intervals meet, allowing for how the percentages were rounded when printed), the
narrowest answers; where they disagree, each is shown with its source. A newer statement that
cannot be computed (a group statement, no workforce on its base) gives no number and says why:
an older figure is never passed off as the current one.

A workforce the user chooses (another figure, or one typed) is allowed on Rencana; where its
base is not the statement's, the answer says so (``mixed_base``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from coverage_map.figures.lookup import Figures, latest_for, own_newest
from coverage_map.figures.pairing import (
    BPS_BASE, bounds, pair_workforce, printed, same_base, same_base_workforce, usable, when,
    workforces, workforces_of, year_of)

PAIR, SHARE, REPORTED = "peserta", "cakupan", "dilaporkan"  # how a number was found
UNCOVERED, GAP = "uncovered", "gap"  # the two questions
MONTHS = 12
_EPS = 1e-9


# --- one way to compute ------------------------------------------------------------------------

@dataclass(frozen=True)
class Way:
    """One way to answer: what from (``how``: PAIR, SHARE, REPORTED; ``figure``: the
    participants, the coverage or the reported count; ``workforce``: a figure, or None with
    ``typed`` for a number the user typed) and the interval it gives: ``low``/``best``/``high``
    as shown (never below 0; ``best`` NaN for a band), ``check_low``/``check_high`` unclamped
    and with printed rounding, to tell whether two ways agree."""

    how: str
    figure: dict
    workforce: dict | None
    low: float
    best: float
    high: float
    check_low: float
    check_high: float
    approximate: bool
    typed: float | None = None
    mixed_base: bool = False

    @property
    def as_of(self) -> str:
        return str(self.figure.get("as_of") or "")

    @property
    def years_apart(self) -> int:
        if self.workforce is None:
            return 0
        a, b = year_of(self.figure.get("as_of")), year_of(self.workforce.get("as_of"))
        return 0 if a is None or b is None else abs(a - b)

    @property
    def met(self) -> bool:
        return self.high <= 0

    @property
    def is_range(self) -> bool:
        return self.high > self.low

    def figures(self) -> list[dict]:
        return [f for f in (self.figure, self.workforce) if f is not None]


def gap_workers(points: float, workforce: float) -> float:
    """Workers for ``points`` percentage points of ``workforce``: whole workers, rounded up
    (a part of a worker still has to be enrolled), unclamped."""
    if math.isinf(points) or math.isinf(workforce):
        return math.copysign(math.inf, points)
    return float(math.ceil(points / 100 * workforce - _EPS))


def _people(x: float) -> float:
    """A count of people from a computation: whole, the nearest."""
    if math.isinf(x) or math.isnan(x):
        return x
    # half up, allowing for binary fractions: 78,45 % of 173.000 leaves 37.281,5 -> 37.282
    return float(math.floor(x + 0.5 + 1e-9 * max(1.0, abs(x))))


def _clamp(x: float) -> float:
    return x if math.isnan(x) else max(0.0, x)


def _way(how, figure, workforce, raw: tuple[float, float, float], check: tuple[float, float],
         approximate: bool, typed=None, mixed=False) -> Way:
    lo, best, hi = raw
    return Way(how, figure, workforce, _clamp(lo), _clamp(best), _clamp(hi), check[0], check[1],
               approximate, typed, mixed)


def _workforce_bounds(workforce: dict | None, typed: float | None):
    if workforce is None:
        return typed, typed, typed, False
    lo, best, hi = bounds(workforce)
    return lo, best, hi, workforce.get("kind") == "approximate"


def _corners(f, xs: tuple[float, float], ws: tuple[float, float]) -> tuple[float, float]:
    """The lowest and highest of ``f`` over an interval of each input (``f`` moves one way in
    each, so the extremes are at the corners)."""
    values = [f(x, w) for x in xs for w in ws]
    return min(values), max(values)


def _on(question: str, points_of):
    """``f(x, workforce)``: the count for the question, unclamped: the gap rounded up (a part
    of a worker still has to be enrolled), uncovered workers to the nearest whole."""
    def f(x, w):
        points = points_of(x)
        if math.isinf(points):
            return points
        return gap_workers(points, w) if question == GAP else _people(points / 100 * w)
    return f


def share_way(question: str, share: dict, workforce: dict | None, target: float = math.nan,
              typed: float | None = None) -> Way:
    """A coverage percentage set against a workforce (a figure, or ``typed``)."""
    w_lo, w_best, w_hi, w_approx = _workforce_bounds(workforce, typed)
    c_lo, c_best, c_hi = bounds(share)
    k_lo, k_hi = printed(share)
    c_lo, k_lo = max(c_lo, 0.0), max(k_lo, 0.0)  # coverage is never below 0 %
    top = target if question == GAP else 100.0
    f = _on(question, lambda c: top - c)
    low, high = _corners(f, (c_lo, c_hi), (w_lo, w_hi))
    check = _corners(f, (k_lo, k_hi), (w_lo, w_hi))
    best = f(c_best, w_best) if not math.isnan(c_best) else math.nan
    given = workforce is not None or typed is not None
    mixed = given and (workforce is None or not same_base(share, workforce))
    return _way(SHARE, share, workforce, (low, best, high), check,
                share.get("kind") == "approximate" or w_approx, typed, mixed)


def pair_way(question: str, participants: dict, workforce: dict | None,
             target: float = math.nan, typed: float | None = None) -> Way:
    """Participants set against a workforce: uncovered = workforce - participants; the gap =
    target x workforce - participants, rounded up."""
    w_lo, w_best, w_hi, w_approx = _workforce_bounds(workforce, typed)
    p_lo, p_best, p_hi = bounds(participants)
    p_lo = max(p_lo, 0.0)
    share = 100.0 if question == UNCOVERED else target

    def f(p, w):
        if math.isinf(p):
            return -p
        return float(math.ceil(share / 100 * w - p - _EPS))
    low, high = _corners(f, (p_lo, p_hi), (w_lo, w_hi))
    best = f(p_best, w_best) if not math.isnan(p_best) else math.nan
    return _way(PAIR, participants, workforce, (low, best, high), (low, high),
                participants.get("kind") == "approximate" or w_approx, typed)


def reported_way(count: dict) -> Way:
    lo, best, hi = bounds(count)
    lo = max(lo, 0.0)
    return _way(REPORTED, count, None, (lo, best, hi), (lo, hi), count.get("kind") == "approximate")


# --- the answer --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """The answer to one question for one region: the ways that were used (one, or several
    that disagree: ``agree`` False) and, where there is none, ``reason``
    (``no_statement``, ``group``, ``no_base``); ``statement``: the figure the answer stands
    for (the newest)."""

    question: str
    target: float
    ways: tuple[Way, ...] = ()
    agree: bool = True
    reason: str = ""
    statement: dict | None = None
    others: tuple[Way, ...] = field(default=())  # ways that agree but are wider

    @property
    def known(self) -> bool:
        return bool(self.ways)

    @property
    def way(self) -> Way | None:
        """The way the answer rests on (None where ways disagree or there is none)."""
        return self.ways[0] if self.ways and self.agree else None

    @property
    def low(self) -> float:
        return min(w.low for w in self.ways) if self.ways else math.nan

    @property
    def high(self) -> float:
        return max(w.high for w in self.ways) if self.ways else math.nan

    @property
    def best(self) -> float:
        return self.way.best if self.way is not None else math.nan

    @property
    def approximate(self) -> bool:
        return any(w.approximate for w in self.ways)

    @property
    def met(self) -> bool:
        return self.known and self.agree and self.high <= 0

    @property
    def is_range(self) -> bool:
        return self.known and self.high > self.low and (not self.agree or math.isnan(self.best))

    @property
    def mixed_base(self) -> bool:
        return any(w.mixed_base for w in self.ways)

    @property
    def as_of(self) -> str:
        return self.ways[0].as_of if self.ways else ""

    def figures(self) -> list[dict]:
        """Every figure the answer rests on, once each."""
        seen, out = set(), []
        for w in self.ways:
            for f in w.figures():
                if f["figure_id"] not in seen:
                    seen.add(f["figure_id"])
                    out.append(f)
        return out

    def qualifier(self) -> str:
        """How exact the answer is, for a table column: ``tepat``, ``sekitar``, ``rentang``,
        ``sumber_berbeda`` (or ``""`` where there is no answer)."""
        if not self.known:
            return ""
        if not self.agree:
            return "sumber_berbeda"
        if self.is_range:
            return "rentang"
        return "sekitar" if self.approximate else "tepat"


def _meet(ways: list[Way]) -> bool:
    return max(w.check_low for w in ways) <= min(w.check_high for w in ways) + 0.5


def combine(question: str, target: float, ways: list[Way], statement: dict | None,
            reason: str = "") -> Answer:
    """The answer from the ways found at the newest date: the narrowest where they all agree,
    all of them where they do not (``PAIR`` before ``SHARE`` before ``REPORTED`` on a tie)."""
    if not ways:
        return Answer(question, target, reason=reason or "no_base", statement=statement)
    order = {PAIR: 0, SHARE: 1, REPORTED: 2}
    ways = sorted(ways, key=lambda w: order[w.how])
    if _meet(ways) or all(w.high <= 0 for w in ways):  # every way: none left, or met
        narrow = min(ways, key=lambda w: (w.high - w.low, math.isnan(w.best), order[w.how]))
        return Answer(question, target, (narrow,), True, statement=statement,
                      others=tuple(w for w in ways if w is not narrow))
    return Answer(question, target, tuple(ways), False, statement=statement)


def answer(own: pd.DataFrame, statement: dict | None, participants: dict | None,
           question: str, target: float = math.nan, reported: dict | None = None,
           options: pd.DataFrame | None = None) -> Answer:
    """The answer for a region: ``own``: its own rows; ``statement``: the coverage figure the
    map draws it with (``coverage.latest``); ``participants``: its newest measured participant
    count; ``reported``: its newest reported uncovered count (for ``UNCOVERED``); ``options``:
    its ``workforces(own)`` where they were worked out before."""
    options = workforces(own) if options is None else options
    if reported is not None:  # a segment's count is not the region's (nor is its date)
        kept = [r for r in [reported, *reported.get("conflicts", [])] if usable(r)]
        reported = {**kept[0], "conflicts": kept[1:]} if kept else None
    if question == GAP and math.isnan(target):
        raise ValueError("`target` is needed for the gap to a target")
    dated = [f for f in (statement, participants, reported) if f is not None]
    if not dated:
        return Answer(question, target, reason="no_statement")
    # the newest of them (``coverage.date_key``: a year alone, published later, is its end);
    # the ways at its reference date are tried
    newest = str(max(dated, key=when).get("as_of") or "")

    def current(f: dict | None) -> bool:
        return f is not None and str(f.get("as_of") or "") == newest

    ways = []
    for share in ([statement, *(statement or {}).get("conflicts", [])] if current(statement)
                  else []):
        w = same_base_workforce(options, share) if usable(share) else None
        if w is not None:
            ways.append(share_way(question, share, w, target))
    if current(participants):
        w = pair_workforce(options, participants)
        if w is not None:
            ways.append(pair_way(question, participants, w, target))
    if question == UNCOVERED and current(reported):
        ways += [reported_way(r) for r in [reported, *reported.get("conflicts", [])]
                 if usable(r)]
    shown = next(f for f in (statement, participants, reported) if current(f))
    shown = {k: v for k, v in shown.items() if k != "conflicts"}  # they are ways
    if not ways and current(statement) and statement.get("kind") == "group":
        return Answer(question, target, reason="group", statement=statement)
    top = target if question == GAP else 100.0
    said = [statement, *statement.get("conflicts", [])] if current(statement) else []
    if not ways and said and all(usable(f) and bounds(f)[0] >= top for f in said):
        # at or above the target (or 100 %) whatever the workforce: none to enrol
        none_left = _way(SHARE, statement, None, (0.0, 0.0, 0.0), (-math.inf, 0.0), False)
        return Answer(question, target, (none_left,), True, statement=statement)
    reason = "no_base"
    if not ways and len(options):
        if shown.get("metric") == "active_participants":  # a count has no base of its own
            metrics = tuple(BPS_BASE.values())
        else:
            metrics = (BPS_BASE.get(str(shown.get("base") or ""), "-"),)
        far = len(options[options["metric"].isin(metrics)])
        reason = "too_far" if far else "other_base"
    return combine(question, target, ways, shown, reason)


def chosen(question: str, statement: dict, target: float, workforce: dict | None = None,
           typed: float | None = None) -> Answer:
    """The answer with a workforce the user chose (a figure, or a number typed): flagged
    ``mixed_base`` where it is not on the statement's base."""
    if not usable(statement):
        return Answer(question, target, reason="group" if statement.get("kind") == "group"
                      else "no_statement", statement=statement)
    if workforce is None and typed is None:
        return Answer(question, target, reason="no_base", statement=statement)
    if statement.get("metric") == "active_participants":
        way = pair_way(question, statement, workforce, target, typed)
        # the pairing rule's own choices are not flagged; another figure, or one typed, is
        if typed is not None or workforce is None or pair_workforce(
                workforces(pd.DataFrame([workforce])), statement) is None:
            way = replace(way, mixed_base=True)
    else:
        way = share_way(question, statement, workforce, target, typed)
    return Answer(question, target, (way,), True, statement=statement)


# --- what the workers cost -----------------------------------------------------------------------

def yearly_cost(workers: float, monthly: float) -> float:
    """The premiums of ``workers`` for a year at ``monthly`` Rupiah each."""
    return workers * monthly * MONTHS


@dataclass(frozen=True)
class Cost:
    low: float
    best: float
    high: float
    approximate: bool


def add(*parts: Cost) -> Cost:
    """Intervals added up (the premiums of JKK + JKM and JHT; regencies' gaps or costs): the
    lows, the middles (NaN where any has none), the highs; approximate if any is."""
    return Cost(sum(c.low for c in parts), sum(c.best for c in parts),
                sum(c.high for c in parts), any(c.approximate for c in parts))


def total(answers: list[Answer]) -> Cost:
    """The workers of several answers added up (the ones that have a number)."""
    return add(*(Cost(a.low, a.best, a.high, a.approximate) for a in answers if a.known))


def cost(workers: Answer | tuple[float, float], monthly: float) -> Cost:
    """The yearly premiums of the workers to fund: an ``Answer`` (the gap), or a number the
    user typed (``(n, n)``)."""
    if isinstance(workers, Answer):
        return Cost(yearly_cost(workers.low, monthly), yearly_cost(workers.best, monthly),
                    yearly_cost(workers.high, monthly), workers.approximate)
    lo, hi = workers
    return Cost(yearly_cost(lo, monthly), yearly_cost(lo if lo == hi else math.nan, monthly),
                yearly_cost(hi, monthly), False)


# --- a region's answers ------------------------------------------------------------------------

def for_region(figures: Figures, kode: str, question: str, target: float = math.nan) -> Answer:
    """The answer for region ``kode`` from the figures (a table or a ``Lookup``): the
    statement the map draws it with, its newest participant count and reported uncovered
    count, and its own workforce figures."""
    own = own_newest(figures, kode)
    statement = latest_for(figures, "coverage_pct", kode)
    if statement is not None:
        statement = {k: v for k, v in statement.items() if k != "also_cited"}
    participants = latest_for(figures, "active_participants", kode, measured_only=True)
    reported = latest_for(figures, "uncovered_workers", kode) if question == UNCOVERED else None
    if reported is not None:
        reported = {k: v for k, v in reported.items() if k != "also_cited"}
    return answer(own, statement, participants, question, target, reported,
                  workforces_of(figures, kode, own))
