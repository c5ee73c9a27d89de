"""A TopoJSON-style encoding of a polygon coverage: shared borders sent once, integer deltas.

The regency boundaries form a valid coverage (``shapely.coverage_is_valid``) with coordinates
on a 0.001-degree grid, so every border shared by two regencies has identical vertices on both
sides. Here each ring is cut into arcs at junctions (vertices where more than two border
segments meet), identical arcs are stored once (a reversed use is written ``~i``, as in
TopoJSON), and coordinates become integer steps on the grid, delta-encoded and written as
text with the encoded-polyline algorithm (``polyline`` package, precision 0 on the grid: most
steps take two characters). The encoding is exact (lossless on the grid). The browser decodes
it with a few lines of JavaScript written here (``render/map_assets/topo_layer.js``).

Province outlines are the arcs whose two sides lie in different provinces (or on the coast),
so they cost no extra coordinates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import polyline
import shapely

Point = tuple[int, int]


@dataclass(frozen=True)
class Topology:
    """Arcs in grid units (absolute), and per feature its polygons as rings of arc indices."""

    scale: float
    arcs: tuple[tuple[Point, ...], ...]
    features: dict[str, list[list[list[int]]]]  # kode -> polygons -> rings -> arc refs
    arc_sides: tuple[frozenset[str], ...]  # the features each arc borders

    def subset(self, kodes: list[str], group: dict[str, str] | None = None) -> dict:
        """A compact TopoJSON-like dict for ``kodes``: only their arcs, re-indexed, each an
        encoded polyline of (x, y) grid steps from ``origin``.

        With ``group`` (kode -> province), ``outline`` lists the arcs on a group border or on
        the edge of the subset (drawn as province outlines).
        """
        used = sorted({_ix(a) for k in kodes for poly in self.features[k] for ring in poly
                       for a in ring})
        new_index = {old: new for new, old in enumerate(used)}
        feats = {k: [[[_reindex(a, new_index) for a in ring] for ring in poly]
                     for poly in self.features[k]] for k in kodes}
        minx = min(p[0] for arc in (self.arcs[i] for i in used) for p in arc)
        miny = min(p[1] for arc in (self.arcs[i] for i in used) for p in arc)
        arcs = [polyline.encode([(x - minx, y - miny) for x, y in self.arcs[i]], precision=0)
                for i in used]
        out = {"scale": self.scale, "origin": [minx, miny], "arcs": arcs, "features": feats}
        if group is not None:
            chosen = set(kodes)
            outline = []
            for i in used:
                sides = self.arc_sides[i] & chosen
                groups = {group[k] for k in sides}
                if len(sides) < 2 or len(groups) > 1:
                    outline.append(new_index[i])
            out["outline"] = outline
        return out


def _ix(ref: int) -> int:
    return ~ref if ref < 0 else ref


def _reindex(ref: int, new_index: dict[int, int]) -> int:
    return ~new_index[~ref] if ref < 0 else new_index[ref]


def build(gdf: gpd.GeoDataFrame, key: str = "kode", decimals: int = 3) -> Topology:
    """The topology of a coverage whose coordinates have ``decimals`` decimals."""
    factor = 10 ** decimals
    rings: list[tuple[str, int, int, list[Point]]] = []  # (kode, polygon, ring, points)
    for kode, geom in zip(gdf[key], gdf.geometry):
        for p, poly in enumerate(shapely.get_parts(geom)):
            for r, ring in enumerate([poly.exterior, *poly.interiors]):
                xy = np.rint(np.asarray(ring.coords) * factor).astype(np.int64)
                pts = [(int(x), int(y)) for x, y in xy]
                if pts[0] == pts[-1]:
                    pts = pts[:-1]
                pts = [q for i, q in enumerate(pts) if q != pts[i - 1]] or pts
                rings.append((kode, p, r, pts))
    neighbours: dict[Point, set[Point]] = defaultdict(set)
    for _, _, _, pts in rings:
        n = len(pts)
        for i, q in enumerate(pts):
            neighbours[q].add(pts[i - 1])
            neighbours[q].add(pts[(i + 1) % n])
    junction = {q for q, ns in neighbours.items() if len(ns) > 2}

    arc_index: dict[tuple[Point, ...], int] = {}
    arcs: list[tuple[Point, ...]] = []
    sides: list[set[str]] = []
    features: dict[str, list[list[list[int]]]] = defaultdict(list)
    for kode, p, r, pts in rings:
        cuts = [i for i, q in enumerate(pts) if q in junction]
        if cuts:
            start = cuts[0]
            pts = pts[start:] + pts[:start]
            cuts = [i for i, q in enumerate(pts) if q in junction]
        else:  # a ring touching nothing else: start at its smallest point, so twins match
            start = pts.index(min(pts))
            pts = pts[start:] + pts[:start]
            cuts = [0]
        closed = pts + [pts[0]]
        refs = []
        for a, b in zip(cuts, cuts[1:] + [len(pts)]):
            segment = tuple(closed[a:b + 1])
            if segment in arc_index:
                ref = arc_index[segment]
            elif segment[::-1] in arc_index:
                ref = ~arc_index[segment[::-1]]
            else:
                ref = len(arcs)
                arc_index[segment] = ref
                arcs.append(segment)
                sides.append(set())
            sides[_ix(ref)].add(kode)
            refs.append(ref)
        polys = features[kode]
        while len(polys) <= p:
            polys.append([])
        polys[p].append(refs)
    return Topology(1 / factor, tuple(arcs), dict(features),
                    tuple(frozenset(s) for s in sides))


def decode(topo: dict) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Python twin of the browser decoder (for tests): kode -> polygons -> rings -> lon/lat."""
    scale = topo["scale"]
    ox, oy = topo["origin"]

    def arc(i: int) -> list[tuple[float, float]]:
        pts = [(round((ox + x) * scale, 6), round((oy + y) * scale, 6))
               for x, y in polyline.decode(topo["arcs"][_ix(i)], precision=0)]
        return pts[::-1] if i < 0 else pts

    def ring(refs: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for n, ref in enumerate(refs):
            pts = arc(ref)
            out.extend(pts[1:] if n else pts)
        return out

    return {k: [[ring(r) for r in poly] for poly in polys]
            for k, polys in topo["features"].items()}
