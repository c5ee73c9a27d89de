"""Classes and colours for the choropleth.

Fixed bins are tied to the target (for a target T: < T/2, T/2-3T/4, 3T/4-T, T-100, >= 100 %;
with the default 80 % that is <40, 40-60, 60-80, 80-100, >=100) and computed with
``mapclassify.UserDefined``; quantiles and natural breaks (Fisher-Jenks) come from mapclassify
too. Coverage classes use ColorBrewer's diverging, colour-blind-safe RdBu scheme centred on the
target: classes below the target in reds (the lowest the darkest, so gaps stand out), classes
at or above it in blues (the highest the darkest, so success stories do not look empty); no
class is near-white. Counts use sequential ColorBrewer palettes. Colours come from branca.
Missing values get no class: the map hatches them. A band or group statement
(``statement_fills``) takes the colour of the one class it lies in, or the side of the target
it lies on, or stays hatched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from branca.utilities import color_brewer

from coverage_map.language.i18n import fmt_value, t

SCHEMES = ("tetap", "kuantil", "jenks")
DEFAULT_CLASSES = 5
# Red means a problem: low coverage and many uncovered workers are dark red; counts of people
# protected are blue. "_r" reverses a palette (darkest colour for the lowest class).
PALETTES = {"coverage_pct": "RdBu", "active_participants": "YlGnBu",
            "vulnerable_workers_apbd": "YlGnBu", "uncovered_workers": "YlOrRd"}
# RdBu (ColorBrewer, 11 classes) without its near-white middle: below the target, darkest
# first; at or above it, lightest first.
BELOW = ("#67001f", "#b2182b", "#d6604d", "#f4a582")
ABOVE = ("#4393c3", "#2166ac", "#053061")
# A statement that lies on one side of the target but across classes: stripes of that side.
STATEMENT_BELOW = "#b2182b"
STATEMENT_ABOVE = "#2166ac"
# How statements are drawn: a class colour with white stripes, or a side of the target as
# coloured stripes on white (``coverage.drawn_as``): (ground, stripe colour).
STATEMENT_STYLES = {"below": ("#ffffff", STATEMENT_BELOW), "above": ("#ffffff", STATEMENT_ABOVE)}


@dataclass(frozen=True)
class Classes:
    """Class edges, their colours and legend labels, and the class of each input value."""

    bins: tuple[float, ...]  # fixed: edges (n-1 for n classes); data-driven: upper bounds
    colours: tuple[str, ...]
    labels: tuple[str, ...]
    yb: tuple[int, ...]  # class index per input value, -1 where missing
    closed: str = "left"  # fixed bins are [lo, hi); data-driven (mapclassify) ones (lo, hi]

    def index_of(self, value: float) -> int:
        """The class of one value (the classes' own rule; beyond the last bin: the last)."""
        if not self.colours:
            return -1
        if self.closed == "left":
            return int(np.digitize(value, self.bins))
        return int(min(np.searchsorted(self.bins, value, side="left"), len(self.bins) - 1))


def statement_fills(classes: Classes, intervals, target: float | None) -> list[tuple[str, int]]:
    """How each band or group statement is drawn, from its (low, high) interval.

    ``("class", i)`` where the whole interval lies in class ``i``; ``("below", -1)`` or
    ``("above", -1)`` where it lies wholly below (or at or above) the target; ``("", -1)``
    where neither (it stays hatched, the tooltip says what is known). A band's bounds are
    open ("kurang dari 50 %" is below 50); an approximate point is a point.
    """
    eps = 1e-9
    out = []
    for lo, hi in intervals:
        if lo is None or hi is None:
            out.append(("", -1))
            continue
        point = lo == hi
        first = classes.index_of(lo if point or lo == -np.inf else lo + eps)
        last = classes.index_of(hi if point or hi == np.inf else hi - eps)
        if classes.colours and first == last and first >= 0:
            out.append(("class", first))
        elif target is not None and (hi < target or (not point and hi <= target)):
            out.append(("below", -1))
        elif target is not None and lo >= target:
            out.append(("above", -1))
        else:
            out.append(("", -1))
    return out


def target_bins(target: float) -> list[float]:
    """Fixed bin edges tied to the target: T/2, 3T/4, T, 100 (deduplicated, increasing)."""
    edges = sorted({round(target / 2, 2), round(target * 3 / 4, 2), float(target), 100.0})
    return edges


def classify(values, metric: str, scheme: str = "tetap", target: float = 80.0,
             k: int = DEFAULT_CLASSES) -> Classes:
    """Classify ``values`` (NaN for missing) for the legend and the fill colours."""
    if scheme not in SCHEMES:
        raise ValueError(f"`scheme` was {scheme!r} but is expected to be in {list(SCHEMES)}")
    values = np.asarray(values, dtype=float)
    present = values[~np.isnan(values)]
    unit = "pct" if metric == "coverage_pct" else "persons"
    if scheme == "tetap" and metric == "coverage_pct":
        edges = target_bins(target)
        below = sum(1 for e in edges if e <= target)  # classes whose upper edge is <= target
        colours = _diverging(below, len(edges) + 1 - below)
        yb = [-1 if np.isnan(v) else int(np.digitize(v, edges)) for v in values]  # [lo, hi)
        return Classes(tuple(edges), tuple(colours), tuple(_fixed_labels(edges)), tuple(yb))
    n_unique = len(np.unique(present))
    if n_unique == 0:
        return Classes((), (), (), tuple(-1 for _ in values))
    kk = max(1, min(k, n_unique))
    import mapclassify  # imported on first use: it pulls in scipy and scikit-learn (~100 MB)

    if kk == 1:
        cls = mapclassify.UserDefined(present, [float(present.max())])
    elif scheme == "jenks":
        cls = mapclassify.FisherJenks(present, k=kk)
    else:  # quantiles; also the fallback of "tetap" for counts, which have no fixed bins
        cls = mapclassify.Quantiles(present, k=kk)
    bins = [float(b) for b in cls.bins]
    labels = [f"≤ {fmt_value(bins[0], unit)}"]
    labels += [f"{fmt_value(lo, unit)} – {fmt_value(hi, unit)}" for lo, hi in zip(bins, bins[1:])]
    yb = [-1 if np.isnan(v) else int(min(np.searchsorted(bins, v, side="left"), len(bins) - 1))
          for v in values]  # (lo, hi], as mapclassify
    if metric == "coverage_pct":  # data-driven classes, coloured by their side of the target
        below = sum(1 for b in bins if b < target)
        colours = _diverging(below, len(bins) - below)
    else:
        colours = _palette(PALETTES[metric], len(bins))
    return Classes(tuple(bins), tuple(colours), tuple(labels), tuple(yb), closed="right")


def _diverging(n_below: int, n_above: int) -> list[str]:
    """``n_below`` reds (darkest first) and ``n_above`` blues (lightest first) from RdBu."""
    reds = list(BELOW[-n_below:]) if n_below <= len(BELOW) else \
        _palette("Reds_r", n_below)
    blues = list(ABOVE[:n_above]) if n_above <= len(ABOVE) else _palette("Blues", n_above)
    return (reds if n_below else []) + blues


def _fixed_labels(edges: list[float]) -> list[str]:
    f = lambda v: fmt_value(v, "pct")  # noqa: E731
    labels = [f"< {f(edges[0])}"]
    labels += [f"{f(lo)} – < {f(hi)}" for lo, hi in zip(edges[:-1], edges[1:])]
    labels.append(f"≥ {f(edges[-1])}")
    return labels


def _palette(name: str, n: int) -> list[str]:
    """``n`` ColorBrewer colours from light to dark (dark to light for a ``_r`` name)."""
    if n == 0:
        return []
    base, reverse = (name[:-2], True) if name.endswith("_r") else (name, False)
    colours = [c.lower() for c in color_brewer(base, max(n, 3))][-n:]
    return colours[::-1] if reverse else colours


def statement_legend(drawn: list[tuple[str, int]], classes: Classes, target: float | None
                     ) -> list[tuple[tuple[str, str], str]]:
    """Legend entries for the statements drawn: ((ground, stripe colour), label)."""
    hows = {how for how, _ in drawn}
    target_text = fmt_value(target, "pct") if target is not None else ""
    out = []
    if "class" in hows:
        middle = next(classes.colours[i] for how, i in drawn if how == "class")
        out.append(((middle, "#ffffff"), t("legend_statement_in_class")))
    if "below" in hows:
        out.append((STATEMENT_STYLES["below"], t("legend_statement_below", target=target_text)))
    if "above" in hows:
        out.append((STATEMENT_STYLES["above"], t("legend_statement_above", target=target_text)))
    return out
