"""The pairing rule: which figures a derived number may rest on.

A figure's interval (``bounds``: an exact figure is a point, "sekitar" is ``APPROX`` either
side, a band its bounds) and its printed rounding (``printed``); the workforce figures of a
region (``workforces``); and which workforce a coverage percentage or a participant count is
set against: the one its own source gave for the same date (the same page; for an upload the
same file), else the BPS figure of the base it names (for participants: of either base) at
most ``YEARS_APART`` years away. ``derived`` computes with what this module pairs.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd

from coverage_map.figures.coverage import date_key
from coverage_map.figures.lookup import Figures, newest_first, once, own_newest
from coverage_map.figures.wording import MEASURED

APPROX = 0.05  # "sekitar x": from x - 5 % to x + 5 %
YEARS_APART = 3  # a BPS workforce at most this many years from the figure it is paired with
BPS_BASE = {"penduduk_bekerja": "bps_penduduk_bekerja", "angkatan_kerja": "bps_angkatan_kerja"}
WORKFORCE_METRICS = ("workforce", "bps_angkatan_kerja", "bps_penduduk_bekerja")


def year_of(as_of) -> int | None:
    """The reference year of a date (``2025-08`` -> 2025); None when there is none."""
    text = str(as_of or "")[:4]
    return int(text) if text.isdigit() else None


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def bounds(fig: dict) -> tuple[float, float, float]:
    """What a figure allows, as (low, best, high): an exact figure its value three times,
    "sekitar" ``APPROX`` either side, a band its bounds (an open side is infinite; no best)."""
    if fig.get("kind") == "band":
        lo = -math.inf if _missing(fig.get("lower")) else float(fig["lower"])
        hi = math.inf if _missing(fig.get("upper")) else float(fig["upper"])
        return lo, math.nan, hi
    v = float(fig["value"])
    if fig.get("kind") == "approximate":
        return v * (1 - APPROX), v, v * (1 + APPROX)
    return v, v, v


def printed(fig: dict) -> tuple[float, float]:
    """The range an exact percentage stands for as printed: ``28,32`` is 28,315 to 28,325;
    ``37`` is 36,5 to 37,5 (for checking whether two ways agree, never for showing)."""
    lo, _, hi = bounds(fig)
    if fig.get("kind") != "exact" or fig.get("metric") != "coverage_pct":
        return lo, hi
    exponent = Decimal(repr(float(fig["value"]))).normalize().as_tuple().exponent
    decimals = min(max(-int(exponent), 0), 2)
    half = 0.5 * 10 ** -decimals
    return lo - half, hi + half


def when(fig: dict) -> str:
    """A figure's place in time (``coverage.date_key``)."""
    return date_key(pd.Series([str(fig.get("as_of") or "")]),
                    pd.Series([str(fig.get("published") or "")])).iloc[0]


def usable(fig: dict | None) -> bool:
    """A figure a number can be computed from: measured, or a band (not a group statement,
    a segment's share or a target)."""
    return fig is not None and fig.get("kind") in (*MEASURED, "band")


def workforces(own: pd.DataFrame) -> pd.DataFrame:
    """The region's workforce figures a number can rest on (measured, above zero), newest
    first; ``own``: the region's own rows."""
    rows = own[own["metric"].isin(WORKFORCE_METRICS) & own["kind"].isin(MEASURED)]
    rows = rows[pd.to_numeric(rows["value"], errors="coerce") > 0]
    return newest_first(rows)


def workforces_of(figures: Figures, kode: str, own: pd.DataFrame | None = None
                  ) -> pd.DataFrame:
    """``workforces`` of region ``kode`` (``own``: its own rows, where already at hand); from
    a ``Lookup``, worked out once per region."""
    return once(figures, ("workforces", kode), lambda: workforces(
        own_newest(figures, kode) if own is None else own))



def _source_key(fig) -> tuple:
    """What names one source: its page (``source_url``), or where there is none (an upload,
    a letter) its publisher and title: the same file, the same document."""
    url = str(fig.get("source_url") or "")
    return (url,) if url else ("", str(fig.get("source_publisher") or ""),
                               str(fig.get("source_title") or ""))


def _same_source(options: pd.DataFrame, fig: dict) -> dict | None:
    """The option its own source gave for the same date (the same page; the same publisher
    and title where there is no page)."""
    key, as_of = _source_key(fig), fig.get("as_of")
    for option in options[options["as_of"] == as_of].to_dict("records"):
        if _source_key(option) == key:
            return option
    return None


def _nearest(options: pd.DataFrame, fig: dict) -> dict | None:
    """The option nearest in time to ``fig`` (at most ``YEARS_APART`` years; the newer on a
    tie, options being newest first)."""
    year = year_of(fig.get("as_of"))
    if options.empty or year is None:
        return None
    apart = options["as_of"].map(lambda a: abs((year_of(a) or -99) - year))
    near = apart[apart <= YEARS_APART]
    return options.loc[near.idxmin()].to_dict() if len(near) else None


def same_base_workforce(options: pd.DataFrame, share: dict) -> dict | None:
    """The workforce a coverage percentage may be set against: the one its own source gave
    for the same date, else the BPS figure of the base it names (nearest in time)."""
    own = _same_source(options, share)
    if own is not None:
        return own
    metric = BPS_BASE.get(str(share.get("base") or ""))
    return _nearest(options[options["metric"] == metric], share) if metric else None


def pair_workforce(options: pd.DataFrame, participants: dict) -> dict | None:
    """The workforce participants are set against: the same source's for the same date, else
    a BPS figure (nearest in time)."""
    own = _same_source(options, participants)
    if own is not None:
        return own
    return _nearest(options[options["metric"].isin(tuple(BPS_BASE.values()))], participants)


def same_base(share: dict, workforce: dict) -> bool:
    """Whether a workforce is on the base of a coverage percentage (by the pairing rule)."""
    if _source_key(workforce) == _source_key(share) and \
            workforce.get("as_of") == share.get("as_of"):
        return True
    return workforce.get("metric") == BPS_BASE.get(str(share.get("base") or ""), "-")
