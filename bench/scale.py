"""Scale: the main map's payload and drawing time as the number of polygons grows.

``../shared`` holds boundaries for Kalimantan only, so a national kab/kota file (514) cannot be
built. The largest layer it has is the 626 kecamatan of Kalimantan: this script processes them
the way ``scripts/build_geodata.py`` processes the regencies (coverage clean, small parts
dropped, coverage-preserving simplification, rounding), sends them through the same map code as
the app (TopoJSON-style arcs as encoded polylines, tooltips packed) and measures, for the 56
regencies and the 626 kecamatan:
- the map script's bytes (what ``st_folium`` sends);
- the time for the map page alone (served over loopback, Leaflet local) to draw every polygon in
  headless Chromium (median of N, fresh browser context each time).
Streamlit's own start-up (about a second on this machine) is the same at any scale and is left
out. Prints a table and writes bench/results/scale.json.
Run: .venv/bin/python bench/scale.py [--paints 7]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import build_geodata  # noqa: E402
from run_bench import CHROMIUM, RESULTS  # noqa: E402

from coverage_map.data import io, topo
from coverage_map.figures import classify, coverage
from coverage_map.render import maps  # noqa: E402

# kecamatan seen over all of Kalimantan: finer than the regencies, coarser than the IKN page
KECAMATAN_WIDE = dict(gap_width=0.002, min_part_km2=0.05, tolerance=0.005, decimals=4)
# notes the page's own clock when every polygon is drawn (ms since navigation; see run_bench)
DRAWN_JS = """(n) => { if (!window.regencyLayer) return false; let c = 0;
  window.regencyLayer.eachLayer(l => { if (l._path && l._path.isConnected) c++; });
  if (c < n) return false; window.__drawnMs = window.__drawnMs || performance.now();
  return true; }"""


def layers() -> dict[str, gpd.GeoDataFrame]:
    bundle = io.Bundle()
    kec = gpd.read_file(build_geodata.DEFAULT_SRC / "kalimantan_kecamatan.geojson")
    kec, report = build_geodata.process_coverage(kec.sort_values("kode").reset_index(drop=True),
                                                 **KECAMATAN_WIDE)
    print("kecamatan processed:", json.dumps(report))
    return {"kab/kota (56)": (bundle.kabkota[["kode", "geometry"]].assign(
                nama=bundle.kabkota["kode"], kode_prov=bundle.kabkota["kode"].str[:2]),
                build_geodata.KABKOTA["decimals"]),
            f"kecamatan ({len(kec)})": (kec[["kode", "nama", "kode_prov", "geometry"]],
                                        KECAMATAN_WIDE["decimals"])}


def map_html(shapes: gpd.GeoDataFrame, decimals: int) -> tuple[str, int, int]:
    """The map page for ``shapes`` (no figures: every polygon hatched), the script's bytes and
    the number of arcs."""
    import streamlit_folium as sf

    table = pd.DataFrame({
        "kode": shapes["kode"], "nama": shapes["nama"], "provinsi": shapes["kode_prov"],
        "kode_prov": shapes["kode_prov"], "value": float("nan"), "stated": float("nan"),
        "unit": "pct", "kind": "", "status": "none", "statement": "", "conflicts": "",
        "also_cited": "", "other_figures": [[] for _ in range(len(shapes))],
        "province_figure": "",
    })
    topology = topo.build(shapes, decimals=decimals)
    classes = classify.classify(table["value"], "coverage_pct")
    fmap = maps.coverage_map(shapes, table, classes, "coverage_pct",
                             coverage.metric_label("coverage_pct"), topology=topology)
    page = fmap.get_root().render()
    return page, len(sf._get_map_string(fmap).encode()), len(topology.arcs)


@contextlib.contextmanager
def static_server(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def draw_times(browser, url: str, n: int, paints: int) -> list[float]:
    times = []
    for _ in range(paints + 1):  # the first one warms the server, not counted
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(DRAWN_JS, arg=n, timeout=120_000, polling="raf")
        times.append(page.evaluate("window.__drawnMs") / 1000)
        context.close()
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paints", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from coverage_map.render.assets import ensure_leaflet
    ensure_leaflet()
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        (folder / "app").mkdir()
        (folder / "app" / "static").symlink_to(ROOT / "static")  # Leaflet where the map asks
        pages = {}
        for name, (shapes, decimals) in layers().items():
            page, payload, arcs = map_html(shapes, decimals)
            file = f"{len(shapes)}.html"
            (folder / file).write_text(page, encoding="utf-8")
            pages[name] = (file, len(shapes))
            results[name] = {"polygons": len(shapes), "arcs": arcs, "payload_bytes": payload,
                             "vertices": int(shapes.geometry.count_coordinates().sum())}
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
        with static_server(folder) as base:
            for round_ in range(2):  # alternate the layers, as the main benchmark does
                for name, (file, n) in pages.items():
                    times = draw_times(browser, f"{base}/{file}", n, max(1, args.paints // 2)
                                       if round_ == 0 else args.paints - args.paints // 2)
                    results[name].setdefault("draw_s_all", []).extend(round(t, 3) for t in times)
        browser.close()
    for r in results.values():
        r["draw_s"] = statistics.median(r["draw_s_all"])
    print(f"{'layer':18} {'polygons':>8} {'vertices':>9} {'arcs':>6} {'payload (B)':>12} "
          f"{'drawn (s)':>10}")
    for name, r in results.items():
        print(f"{name:18} {r['polygons']:>8} {r['vertices']:>9,} {r['arcs']:>6} "
              f"{r['payload_bytes']:>12,} {r['draw_s']:>10.2f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(
        {"parameters_kecamatan": KECAMATAN_WIDE, "results": results,
         "when": time.strftime("%Y-%m-%dT%H:%M:%S")}, indent=1))
    print(f"written: {RESULTS / 'scale.json'}")


if __name__ == "__main__":
    main()
