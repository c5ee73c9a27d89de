"""Regions put in order by what is certain: the one rule behind the ranked table, the summary's
"terendah"/"tertinggi" and the profile's rank.

A region's figure is a point (an exact or approximate value, a group statement's number) or an
interval (a band: "lebih dari 90 %" is (90, ∞), "kurang dari 50 %" is (−∞, 50), "66–67 %" is
[66, 67]). One region is *certainly* below another when everything its figure allows is below
everything the other's allows: "lebih dari 90 %" is above 36,74 %, "kurang dari 50 %" is below
50 %, but "kurang dari 50 %" and 28,32 % cannot be ordered, nor can two regions with the same
band or the same group statement. Two regions with the same value of their own are tied. Where
the order is not certain it is said so (a position "1–7", "tidak dapat dipastikan"), never picked.

Pure Python and pandas; no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from coverage_map.figures import wording
from coverage_map.language.i18n import t

COUNTS = {"active_participants", "vulnerable_workers_apbd", "uncovered_workers"}


@dataclass(frozen=True)
class Bounds:
    """What a region's figure allows: from ``lo`` to ``hi`` (open ends excluded)."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    own: bool = True  # the region's own value (exact or approximate): equal values are a tie


def point(value: float, own: bool = True) -> Bounds:
    return Bounds(float(value), float(value), own=own)


def band(lower: float | None, upper: float | None) -> Bounds:
    """A band: one-sided bands are strict ("lebih dari 90" excludes 90), a two-sided one
    ("66–67 %") includes its ends."""
    lo = -math.inf if lower is None or pd.isna(lower) else float(lower)
    hi = math.inf if upper is None or pd.isna(upper) else float(upper)
    one_sided = math.isinf(lo) != math.isinf(hi)
    return Bounds(lo, hi, lo_open=one_sided and not math.isinf(lo),
                  hi_open=one_sided and not math.isinf(hi), own=False)


def bounds_of(row) -> Bounds | None:
    """The bounds of a view-table row (``status``, ``value``, ``stated``, ``kind``, ``lower``,
    ``upper``); None for a region without a figure or statement of its own."""
    status = row.get("status")
    if status == "measured" and pd.notna(row.get("value")):
        return point(row["value"])
    if status == "statement":
        if row.get("kind") == "band":
            return band(row.get("lower"), row.get("upper"))
        if pd.notna(row.get("stated")):
            return point(row["stated"], own=False)  # a group statement: "sekitar 60 %"
    return None


def compare(a: Bounds, b: Bounds) -> int | None:
    """-1: ``a`` is certainly below ``b``; 1: certainly above; 0: tied (the same value of their
    own); None: cannot be ordered with certainty."""
    if a.hi < b.lo or (a.hi == b.lo and (a.hi_open or b.lo_open)):
        return -1
    if b.hi < a.lo or (b.hi == a.lo and (b.hi_open or a.lo_open)):
        return 1
    if a.own and b.own and a.lo == a.hi == b.lo == b.hi:
        return 0
    return None


@dataclass(frozen=True)
class Place:
    """Where a region stands among ``of`` regions (1: first in the order): certainly between
    ``low`` and ``high``; ``tied`` names the regions with the same value."""

    low: int
    high: int
    of: int
    tied: tuple[str, ...] = ()
    by_statement: bool = False  # its own figure is a band or group statement

    @property
    def certain(self) -> bool:
        return self.low == self.high

    def text(self) -> str:
        return str(self.low) if self.certain else f"{self.low}–{self.high}"


def places(bounds: list[Bounds | None], names: list[str], descending: bool = False
           ) -> list[Place | None]:
    """Each region's place in the order (lowest first, or largest first when ``descending``):
    after every region certainly before it, before every region certainly after it, level with
    those it ties with; None where there is nothing to place."""
    idx = [i for i, b in enumerate(bounds) if b is not None]
    n = len(idx)
    out: list[Place | None] = [None] * len(bounds)
    sign = -1 if descending else 1
    for i in idx:
        before = after = 0
        tied = []
        for j in idx:
            if i == j:
                continue
            c = compare(bounds[i], bounds[j])
            if c == 0:
                tied.append(names[j])
            elif c is not None and c * sign > 0:
                before += 1
            elif c is not None:
                after += 1
        out[i] = Place(1 + before, n - after - len(tied), n, tuple(tied),
                       not bounds[i].own)
    return out


def table_bounds(table: pd.DataFrame, metric: str) -> list[Bounds | None]:
    """The bounds of every row of a view table; counts of people are values (a count stated as
    "lebih dari 60.000" is ranked by its number, as it is drawn)."""
    rows = table.to_dict("records")
    if metric in COUNTS:
        return [point(r["value"]) if pd.notna(r.get("value")) else None for r in rows]
    return [bounds_of(r) for r in rows]


def order(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The view table in order (coverage lowest first, counts largest first) with ``rank_low``,
    ``rank_high`` (Int64, empty for regions with nothing to place), ``tied_with`` (names) and
    ``rank`` (``"3"``, ``"1–7"`` or ""). Regions that cannot be told apart keep the order of
    their places, then their names; regions with nothing to place come last."""
    found = places(table_bounds(table, metric), table["nama"].tolist(), metric in COUNTS)
    status = {"measured": 0, "statement": 1, "partial": 2, "none": 3}
    out = table.assign(
        rank_low=pd.array([p.low if p else None for p in found], dtype="Int64"),
        rank_high=pd.array([p.high if p else None for p in found], dtype="Int64"),
        tied_with=[p.tied if p else () for p in found],
        rank=[p.text() if p else "" for p in found],
        _o=table["status"].map(status))
    out = out.sort_values(["rank_low", "rank_high", "_o", "nama"], na_position="last")
    return out.drop(columns="_o").reset_index(drop=True)


@dataclass(frozen=True)
class Extreme:
    """The lowest or the highest: the regions no other is certainly beyond. ``certain`` when
    they are one region or tied; otherwise any of them may be the one."""

    rows: tuple[dict, ...]
    certain: bool
    by_statement: bool  # rests on a band or group statement


def extremes(table: pd.DataFrame, metric: str) -> tuple[Extreme, Extreme] | None:
    """(lowest, highest) of a view table by what is certain; None with fewer than two regions
    to compare."""
    bounds = table_bounds(table, metric)
    rows = table.to_dict("records")
    have = [i for i, b in enumerate(bounds) if b is not None]
    if len(have) < 2:
        return None

    def extreme(side: int) -> Extreme:
        ends = [i for i in have if not any(compare(bounds[j], bounds[i]) == side for j in have)]
        certain = all(compare(bounds[i], bounds[j]) == 0 for i in ends for j in ends if i != j)
        return Extreme(tuple(rows[i] for i in ends), certain,
                       any(not bounds[i].own for i in ends))

    return extreme(-1), extreme(1)


def _as_stated(row: dict) -> dict:
    return {**row, "value": row["stated"]} if row.get("status") == "statement" else row


def _joined(items: list[str], key: str, lang: str | None) -> str:
    if len(items) == 1:
        return items[0]
    return t(key, lang, rest=", ".join(items[:-1]), last=items[-1])


def place_text(place: Place, province: str, lang: str | None = None) -> str:
    """A regency's place in its province in words: a place, a place shared with the regions
    tied with it, or the places it may take where a band or statement cannot be ordered."""
    where = {"n": place.of, "province": province}
    if not place.certain:
        text = t("profile_rank_unsure", lang, low=place.low, high=place.high, **where)
    elif place.tied:
        text = t("profile_rank_tied", lang, pos=place.low, names=names_text(list(place.tied), lang),
                 **where)
    else:
        text = t("profile_rank", lang, pos=place.low, **where)
    return text + (" " + t("profile_rank_stated", lang) if place.by_statement else "")


def names_text(names: list[str], lang: str | None = None) -> str:
    """``Kabupaten Kutai Timur``, ``A dan B``, ``A, B dan C``."""
    return _joined(names, "list_and", lang)


def extreme_text(ext: Extreme, which: str, lang: str | None = None) -> str:
    """``tertinggi: Kota Banjarmasin, 36,74 % (April 2024)``; ``tertinggi menurut pernyataan:
    Kabupaten Balangan, lebih dari 90 % (…)``; ties name every region; an order that is not
    certain names the candidates (three or more with the same statement are counted)."""
    groups: dict[str, list[str]] = {}
    for row in sorted(ext.rows, key=lambda r: r.get("status") == "statement"):  # own first
        said = wording.describe(_as_stated(row), False, lang)
        if row.get("status") == "statement" and not ext.certain:
            said = t("summary_stated", lang, v=said)
        groups.setdefault(said, []).append(row["nama"])
    parts = []
    for said, names in groups.items():
        who = t("summary_n_regions", lang, n=len(names)) if len(names) >= 3 and not ext.certain \
            else _joined(names, "list_and", lang)
        parts.append(f"{who}, {said}")
    if ext.certain:
        key = f"summary_{which}_stated" if ext.by_statement else f"summary_{which}"
        return t(key, lang, who=_each(parts, "list_and", lang))
    return t(f"summary_{which}_unsure", lang, who=_each(parts, "list_or", lang))


def _each(parts: list[str], key: str, lang: str | None) -> str:
    """Parts that hold commas themselves, each joined by the word: ``A, 1 % atau B, 2 %``."""
    out = parts[0]
    for part in parts[1:]:
        out = t(key, lang, rest=out, last=part)
    return out
