"""Labels that never overlap (issue 27): on a projector (the presentation view with names) and
in the HTML export, no region label or numbered callout covers another, or any of the map's
controls (legend, title, the list of callouts, home, scale), and no control covers another,
measured as the browser laid them out, for Kaltim, Kalteng and the whole of Kalimantan. The
browser places them by the rule of ``coverage_map/render/label_place.py`` (which the exports
use): on the same boxes the two give the same places, to the last bit."""

import random

import pytest

from coverage_map.figures import coverage
from coverage_map.figures.coverage import View
from coverage_map.language.i18n import set_language
from coverage_map.render import export, label_place, maps
from export_view import view_for_export
from test_map_browser import ARTIFACTS, map_frame, wait_for_codes

BOXES = """() => {
  const box = (kind) => (e) => { const r = e.getBoundingClientRect();
    return [kind, e.textContent.slice(0, 40), r.left, r.top, r.right, r.bottom]; };
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none';
  return {labels: [...document.querySelectorAll('.cm-lab, .cm-num')].filter(shown)
                    .map(box('label')),
          controls: [...document.querySelectorAll('.leaflet-control')].filter(shown)
                    .map(box('control'))};
}"""
# laid out and still: the same boxes at two looks in a row (the map places its labels again
# after each zoom, and fits the view once drawn)
STILL = f"""() => {{ const now = JSON.stringify(({BOXES})());
    const same = now === window.__cmLabelBoxes; window.__cmLabelBoxes = now;
    return same && !Object.keys(window).some(k => k.startsWith('map_')
        && window[k] instanceof L.Map && window[k]._animatingZoom); }}"""


def overlap(a, b) -> float:
    """The area two boxes share (px²); a pixel of anti-aliasing is not an overlap."""
    w = min(a[4], b[4]) - max(a[2], b[2]) - 1
    h = min(a[5], b[5]) - max(a[3], b[3]) - 1
    return w * h if w > 0 and h > 0 else 0.0


def measured_clear(frame, shot: str) -> list:
    """The label and control boxes once still; asserts that none covers another."""
    frame.wait_for_function("() => document.querySelectorAll('.cm-num').length === "
                            "document.querySelectorAll('.cm-numlist div').length")
    frame.wait_for_function(STILL, polling=400, timeout=30_000)
    boxes = frame.evaluate(BOXES)
    labels, controls = boxes["labels"], boxes["controls"]
    frame.page.screenshot(path=str(ARTIFACTS / shot))
    clashes = [(a[1], b[1]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if overlap(a, b)]
    covered = [(a[1], c[1][:20]) for a in labels for c in controls if overlap(a, c)]
    crowded = [(c[1][:20], d[1][:20]) for i, c in enumerate(controls) for d in controls[i + 1:]
               if overlap(c, d)]
    assert not clashes, clashes
    assert not covered, covered
    assert not crowded, crowded
    return labels


@pytest.mark.parametrize("province, size, query", [
    ("64", (1920, 1080), "tampilan=presentasi"), ("62", (1920, 1080), "tampilan=presentasi"),
    (None, (1920, 1080), "tampilan=presentasi"), (None, (1366, 768), "tampilan=presentasi"),
    (None, (1366, 768), "nama=ya")])
def test_no_label_covers_another_or_a_control(server, new_page, regions, province, size,
                                              query):
    page = new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{server}/?{query}&nama=ya" + (f"&provinsi={province}" if province else ""))
    codes = regions["kode"] if province is None else \
        regions.loc[regions["kode_prov"] == province, "kode"]
    wait_for_codes(page, set(codes))
    frame = map_frame(page)
    frame.locator(".cm-lab").first.wait_for(timeout=30_000)
    name = f"label-{province or 'kalimantan'}-{size[0]}-{query.split('=')[0]}.png"
    labels = measured_clear(frame, name)
    assert len(labels) >= (30 if province is None else 8)
    if "presentasi" in query:  # the way out, above the map, leaves the map's ⌂ clear
        exit_box = page.get_by_role("button", name="Keluar dari tampilan presentasi")
        home = frame.locator(".cm-home").bounding_box()
        box = exit_box.bounding_box()
        assert box["y"] + box["height"] <= home["y"] or box["x"] + box["width"] <= home["x"]


def portable(bundle, province):
    """The HTML export of a view, as the map page makes it (``map_page.export_panel``)."""
    set_language("id")
    view, table, classes, texts = view_for_export(bundle, province)
    subtitle = " · ".join((texts.area_line, export.dates_span(table), texts.link))
    fmap = maps.coverage_map(bundle.kabkota, table, classes, view.metric,
                             coverage.metric_label(view.metric), "Target: 80 %",
                             topology=bundle.topology, target=view.target,
                             frame_title=(texts.title, subtitle),
                             labels=export.value_labels(table))
    return maps.portable_html(fmap, texts.title, "id")


@pytest.mark.parametrize("province", ["64", "62", None])
def test_html_export_labels_are_clear(bundle, new_page, province):
    page = new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.set_content(portable(bundle, province))
    page.locator(".cm-lab").first.wait_for(timeout=30_000)
    labels = measured_clear(page.main_frame, f"label-html-{province or 'kalimantan'}.png")
    assert len(labels) >= (30 if province is None else 8)


# --- one rule: the browser's twin gives the Python rule's places ---------------------------

PANEL = "(numbered) => numbered.length ? [0, 700 - 8 * numbered.length, 260, 700] : null"


def panel(numbered):  # the same list as PANEL: 8 px a line, from the bottom left
    return (0, 700 - 8 * len(numbered), 260, 700) if numbered else None


def kalimantan_regions(bundle) -> list[label_place.Region]:
    """Kalimantan's 56 regions at about the zoom of the projector: their anchors in px, their
    labels' sizes from their words (7 px a letter, 14 px a line), callouts 22 x 17 px."""
    table = coverage.view_table(bundle.regions, bundle.figures, View())
    shapes = bundle.kabkota[bundle.kabkota["kode"].isin(table["kode"])]
    out = []
    for lat, lng, full, _, number, _ in maps.region_labels(
            table, shapes, export.value_labels(table), set()):
        lines = full.split("\n")
        out.append(label_place.Region(
            x=round((lng - 108.5) * 95, 2), y=round((5.0 - lat) * 95, 2),
            label=(7.0 * max(map(len, lines)), 14.0 * len(lines)),
            callout=(22.0, 17.0) if number else None))
    return out


def crowded_regions(seed: int) -> list[label_place.Region]:
    """Regions thrown close together (the least-covered place and the list both decide)."""
    rng = random.Random(seed)
    return [label_place.Region(rng.uniform(0, 400), rng.uniform(0, 400),
                               (rng.uniform(30, 140), rng.choice([14.0, 28.0])),
                               (rng.choice([18.0, 22.0, 30.0]), 17.0) if rng.random() < 0.7
                               else None) for _ in range(rng.randint(60, 160))]


def test_browser_and_export_place_by_one_rule(bundle, page):
    from coverage_map.render.maps import SCRIPTS

    page.set_content(f"<script>{SCRIPTS['labels']}</script>")
    cases = [("kalimantan", kalimantan_regions(bundle), [(700, 0, 1000, 150)])] + \
        [(f"crowded {seed}", crowded_regions(seed), [(300, 300, 700, 700)]) for seed in range(8)]
    fallbacks = 0
    for name, regions, obstacles in cases:
        ours = label_place.place(regions, obstacles, panel)
        theirs = page.evaluate(
            f"""([regions, obstacles, rule]) => cmPlaceLabels(regions, obstacles, rule,
                                                              {PANEL})""",
            [[{"x": r.x, "y": r.y, "w": r.label[0], "h": r.label[1],
               "cw": r.callout[0] if r.callout else None,
               "ch": r.callout[1] if r.callout else None} for r in regions],
             [list(b) for b in obstacles], label_place.RULE])
        as_lists = lambda boxes: [list(b) if b else None for b in boxes]  # noqa: E731
        assert theirs["labels"] == as_lists(ours.labels), name
        assert theirs["callouts"] == as_lists(ours.callouts), name
        assert theirs["numbered"] == ours.numbered and theirs["panel"] == (
            list(ours.panel) if ours.panel else None), name
        kept = [b for b in ours.labels + ours.callouts if b]
        fallbacks += sum(1 for i, b in enumerate(kept) for c in kept[i + 1:]
                         if label_place.covered(b, c))
    assert fallbacks > 0  # the crowded cases reach the least-covered places, where it matters
