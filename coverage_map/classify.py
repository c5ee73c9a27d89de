"""Classes and colours for the choropleth.

Fixed bins are tied to the target (for a target T: < T/2, T/2-3T/4, 3T/4-T, T-100, >= 100 %;
with the default 80 % that is <40, 40-60, 60-80, 80-100, >=100) and computed with
``mapclassify.UserDefined``; quantiles and natural breaks (Fisher-Jenks) come from mapclassify
too. Colours are ColorBrewer sequential palettes (colour-blind safe, and they keep their order
in greyscale) taken from branca; for coverage the lowest class is the darkest, so gaps stand out. Missing values get no class: the map hatches them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from branca.utilities import color_brewer

from coverage_map.i18n import fmt_value

SCHEMES = ("tetap", "kuantil", "jenks")
DEFAULT_CLASSES = 5
# Red means a problem: low coverage and many uncovered workers are dark red; counts of people
# protected are blue. "_r" reverses a palette (darkest colour for the lowest class).
PALETTES = {"coverage_pct": "YlOrRd_r", "active_participants": "YlGnBu",
            "vulnerable_workers_apbd": "YlGnBu", "uncovered_workers": "YlOrRd"}
NO_DATA_COLOUR = "#d9d9d9"


@dataclass(frozen=True)
class Classes:
    """Class edges, their colours and legend labels, and the class of each input value."""

    bins: tuple[float, ...]  # fixed: edges (n-1 for n classes); data-driven: upper bounds
    colours: tuple[str, ...]
    labels: tuple[str, ...]
    yb: tuple[int, ...]  # class index per input value, -1 where missing

    def colour_of(self, index: int) -> str | None:
        return None if index < 0 else self.colours[index]


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
        colours = _palette(PALETTES[metric], len(edges) + 1)
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
    return Classes(tuple(bins), tuple(_palette(PALETTES[metric], len(bins))), tuple(labels),
                   tuple(yb))


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
