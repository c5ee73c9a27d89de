"""Where a map's region labels and numbered callouts go: one rule for the map in the browser
(``map_assets/labels.js``, ``cmPlaceLabels``, sent ``RULE``) and the exported files
(``export``), so that on neither does a label or a callout cover another or a control.

The rule works on boxes in pixels of the drawn map, y downwards (a box is ``(left, top,
right, bottom)``; in an export a pixel is 1/100 inch). Each region comes with its anchor (a
point inside its polygon), the size of its label (name and value, or the name alone when it
has no figure) and, when it has a figure, the size of its numbered callout. Regions come in
order of priority: those with a figure first, larger ones first (``priority``).

1. **Labels of regions with a figure**, in order: centred on the anchor, kept where the label
   clears, by ``GAP``, the obstacles (the map's controls; the page outside the map in an
   export) and every box kept before it. A label that does not fit makes its region
   *numbered*.
2. **The list of numbered regions** (``panel``, the browser's list drawn on the map): its box
   joins the obstacles; while it covers a kept label, step 1 runs again with it (the list only
   grows, so this ends).
3. **Callouts of numbered regions**, in order: at the first of ``shifts()`` (the anchor, then
   rings of ``RADII`` px in the ``DIRECTIONS`` order, nearest first) where the callout clears
   everything kept; where none does, at the shift whose callout covers the least area of what
   is kept (the first of equals).
4. **Names of regions without a figure**, in order: centred on the anchor where they clear
   everything kept; left out otherwise. A name never takes a callout's place.

Pure Python, no matplotlib: the browser and the export measure their own texts and call this
(or its JavaScript twin, which a test holds to the same results).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # left, top, right, bottom (y downwards)

GAP = (2.0, 1.0)  # px kept free between two boxes: (left and right, above and below)
RADII = (12, 24, 36, 48, 64, 80, 100, 120)  # px: the rings a callout may move out to
DIRECTIONS = ((0, -1), (1, 0), (0, 1), (-1, 0), (1, -1), (1, 1), (-1, 1), (-1, -1))  # up first
RULE = {"gap": list(GAP), "radii": list(RADII), "directions": [list(d) for d in DIRECTIONS]}
CELL = 64.0  # px: the side of a cell of the index of kept boxes (a speed-up only)


def shifts() -> list[tuple[float, float]]:
    """Where a callout may go, from its anchor, in the order tried: nearest first."""
    return [(0, 0)] + [(dx * r, dy * r) for r in RADII for dx, dy in DIRECTIONS]


@dataclass(frozen=True)
class Region:
    """One region to label: its anchor and box sizes in px of the drawn map."""

    x: float
    y: float
    label: tuple[float, float]  # width, height of its label
    callout: tuple[float, float] | None = None  # width, height of its number; None: no figure


@dataclass
class Placement:
    """Where each region's label or callout lies (``None``: not drawn), by region index."""

    labels: list[Box | None]
    callouts: list[Box | None]
    numbered: list[int] = field(default_factory=list)  # regions with a callout, in order
    panel: Box | None = None  # the list's box as it was finally laid out


def centred(x: float, y: float, size: tuple[float, float]) -> Box:
    w, h = size
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def touches(a: Box, b: Box) -> bool:
    """Whether ``a`` comes closer to ``b`` than ``GAP``."""
    gx, gy = GAP
    return a[0] < b[2] + gx and a[2] > b[0] - gx and a[1] < b[3] + gy and a[3] > b[1] - gy


def covered(a: Box, b: Box) -> float:
    """The area ``a`` and ``b`` share (px²)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


class Kept:
    """The boxes kept so far, in the order kept, indexed by grid cell (so that a map of
    hundreds of regions is placed in a fraction of a second)."""

    def __init__(self, boxes: Sequence[Box] = ()):
        self.boxes: list[Box] = []
        self.cells: dict[tuple[int, int], list[int]] = {}
        for box in boxes:
            self.add(box)

    def _cells(self, box: Box):
        gx, gy = GAP
        x0, y0 = int((box[0] - gx) // CELL), int((box[1] - gy) // CELL)
        x1, y1 = int((box[2] + gx) // CELL), int((box[3] + gy) // CELL)
        return ((cx, cy) for cx in range(x0, x1 + 1) for cy in range(y0, y1 + 1))

    def add(self, box: Box) -> None:
        n = len(self.boxes)
        self.boxes.append(box)
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(n)

    def near(self, box: Box) -> list[int]:
        """Indices (in the order kept) of the boxes that may touch ``box``."""
        found = {i for cell in self._cells(box) for i in self.cells.get(cell, ())}
        return sorted(found)

    def clear(self, box: Box) -> bool:
        return not any(touches(box, self.boxes[i]) for i in self.near(box))

    def covered(self, box: Box) -> float:
        """The area of ``box`` the kept boxes cover, summed in the order kept (as the
        browser sums it, so that the two agree to the last bit)."""
        total = 0.0
        for i in self.near(box):
            total += covered(box, self.boxes[i])
        return total


def place(regions: Sequence[Region], obstacles: Sequence[Box] = (),
          panel: Callable[[list[int]], Box | None] | None = None) -> Placement:
    """Labels and callouts of ``regions`` (in order of priority) by the rule above.

    ``obstacles`` are boxes nothing may cover; ``panel(numbered)`` lays the list of numbered
    regions out and returns its box (``None``: no list on the map)."""
    n = len(regions)
    blocked = list(obstacles)
    while True:
        labels: list[Box | None] = [None] * n
        kept = Kept(blocked)
        numbered = []
        for i, r in enumerate(regions):
            if r.callout is None:
                continue
            box = centred(r.x, r.y, r.label)
            if kept.clear(box):
                labels[i] = box
                kept.add(box)
            else:
                numbered.append(i)
        box = panel(numbered) if panel else None
        if box is None or not any(b and touches(box, b) for b in labels):
            break
        blocked.append(box)  # the list covers a label: again, with the list kept clear
    if box is not None:  # the list as laid out last (never among ``blocked``)
        kept.add(box)
    callouts: list[Box | None] = [None] * n
    tries = shifts()
    for i in numbered:
        r = regions[i]
        best, least = None, float("inf")
        for dx, dy in tries:
            at = centred(r.x + dx, r.y + dy, r.callout)
            if kept.clear(at):
                best = at
                break
            area = kept.covered(at)
            if area < least:
                best, least = at, area
        callouts[i] = best
        kept.add(best)
    for i, r in enumerate(regions):
        if r.callout is None:
            name = centred(r.x, r.y, r.label)
            if kept.clear(name):
                labels[i] = name
                kept.add(name)
    return Placement(labels, callouts, numbered, box)


def priority(has_figure: Sequence[bool], area: Sequence[float]) -> list[int]:
    """The order regions are placed in: those with a figure first, larger ones first."""
    return sorted(range(len(area)), key=lambda i: (not has_figure[i], -area[i], i))
