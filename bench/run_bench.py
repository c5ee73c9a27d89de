"""Benchmark: the app as built against a naive baseline, in one run on the same machine.

Measures, for both:
- bytes of the main map payload (the component's script), and bytes a new visitor's page
  receives on first load over the websocket and over HTTP (files, on the wire);
- server time of a rerun after a filter change (AppTest, median of N);
- whether panning and zooming the map reruns the script (websocket traffic after a drag and a
  wheel zoom);
- time from navigation to all regency polygons drawn in headless Chromium (median of M, warm
  server), for new visitors (empty browser cache) and returning ones (cache warm), and for the
  app the time until its whole page (down to the tables) is shown; and for new visitors on a
  slow network ("hotel Wi-Fi", Chromium's network emulation: 4 Mbit/s, 80 ms per request);
- server memory (RSS) after 1 and after 20 concurrent browser sessions, and how many were served.

Prints a table with both columns and the ratios and writes bench/results/bench.json.
Run: .venv/bin/python bench/run_bench.py [--reruns 20] [--paints 9] [--slow-paints 5]
     [--sessions 20]
(needs ../shared for the baseline's geometry and Debian's chromium). Not part of the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
APPS = {"app": "streamlit_app.py", "baseline": "bench/baseline_app.py"}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAGE_COMPLETE = {"app": "[data-testid=stDataFrame]"}  # the app's page ends with its tables
# Both checks note, the first time they hold, the page's own clock: milliseconds since the
# navigation started (``performance.now()``), which is what the visitor waits. The benchmark
# process's clock would add its own delays: Playwright's client runs in it, and it slowed by
# 0.2 to 0.3 s after the AppTest reruns had filled its heap.
DRAWN_JS = """([sel, n]) => { const all = document.querySelectorAll(sel);
  if (all.length !== 1) return false; const w = all[0].contentWindow;
  if (!w || !w.map_div || typeof w.map_div.eachLayer !== 'function') return false;
  let c = 0; w.map_div.eachLayer(l => { if (l.feature && l.feature.properties &&
    l.feature.properties.kode && l._path && l._path.isConnected) c++; });
  if (c < n) return false; window.__drawnMs = window.__drawnMs || performance.now();
  return true; }"""
SHOWN_JS = """(sel) => { if (!document.querySelector(sel)) return false;
  window.__shownMs = window.__shownMs || performance.now(); return true; }"""


# --- payload -----------------------------------------------------------------------------

def map_payload_bytes() -> dict[str, int]:
    import streamlit_folium as sf

    from coverage_map.data import io
    from coverage_map.figures import classify, coverage
    from coverage_map.render import maps
    sys.path.insert(0, str(ROOT / "bench"))
    import baseline_app_map  # noqa: F401  (the baseline's map builder, without Streamlit)

    bundle = io.Bundle()
    view = coverage.View()
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric)
    ours = maps.coverage_map(bundle.kabkota, table, classes, view.metric, "Cakupan",
                             target=view.target, topology=bundle.topology)
    base = baseline_app_map.build_map(None)
    sizes = {}
    for name, fmap in (("app", ours), ("baseline", base)):
        fmap.get_root().render()
        sizes[name] = len(sf._get_map_string(fmap).encode())
    return sizes


# --- rerun time ----------------------------------------------------------------------------

def rerun_ms(script: str, runs: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / script), default_timeout=120).run()
    provinces = ["61", "62", "63", "64", "65"]
    times = []
    for i in range(runs + 2):
        box = at.selectbox(key="provinsi")
        box.select(provinces[i % len(provinces)])
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return statistics.median(times[2:])  # the first two warm the caches


# --- a server and a browser ----------------------------------------------------------------

def server_side(reruns: int) -> dict[str, dict]:
    results: dict[str, dict] = {name: {} for name in APPS}
    for name, size in map_payload_bytes().items():
        results[name]["map_payload_bytes"] = size
    for name, script in APPS.items():
        results[name]["rerun_ms"] = rerun_ms(script, reruns)
    return results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(script: str):
    port = free_port()
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = open(RESULTS / f"server-{Path(script).stem}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_page(browser, url: str):
    """A page in a fresh context (empty browser cache: a new visitor, a new session)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    return context, context.new_page()


def wait_drawn(page, n: int, timeout_ms: int = 120_000) -> None:
    page.wait_for_function(DRAWN_JS, arg=[MAP_IFRAME, n], timeout=timeout_ms, polling="raf")


def first_load(browser, url: str, pid: int) -> dict:
    """Websocket bytes of a first load, RSS with one session, and whether pan/zoom reruns."""
    out: dict = {}
    context, page = open_page(browser, url)
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(
        len(payload) if isinstance(payload, (bytes, str)) else 0)))
    http: list[float] = []  # bytes on the wire per HTTP response (headers and body)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", lambda event: http.append(event["encodedDataLength"]))
    page.goto(url)
    wait_drawn(page, 56)
    page.wait_for_timeout(4000)  # let the first load finish sending (the app's rest included)
    out["page_ws_bytes"] = sum(received)
    out["page_http_bytes"] = int(sum(http))
    out["rss_1_session_mb"] = rss_mb(pid)
    # pan and zoom: does the script rerun? (websocket traffic after the gesture)
    before = len(received)
    box = page.locator(MAP_IFRAME).bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 150, cy + 60, steps=10)
    page.mouse.up()
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(3000)
    out["frames_after_pan_zoom"] = len(received) - before
    out["pan_zoom_reruns"] = out["frames_after_pan_zoom"] > 0
    context.close()
    return out


def paint(page, url: str, complete: str | None = None) -> tuple[float, float | None]:
    """Seconds from navigation to all polygons drawn (and to ``complete`` shown), by the
    page's clock."""
    page.goto(url)
    wait_drawn(page, 56)
    drawn = page.evaluate("window.__drawnMs") / 1000
    if complete is None:
        return drawn, None
    page.wait_for_function(SHOWN_JS, arg=complete, timeout=60_000, polling="raf")
    return drawn, page.evaluate("window.__shownMs") / 1000


def alternating(names: list[str], rounds: int):
    """(round, name) pairs whose order flips every round, so that both apps see the same
    machine (its load drifts over minutes) and neither always goes first."""
    for round_ in range(rounds):
        for name in (names if round_ % 2 else list(reversed(names))):
            yield round_, name


def new_visitor_paints(browser, urls: dict[str, str], paints: int,
                       complete: dict[str, str], network: dict | None = None):
    """Paint times of new visitors (a fresh context each time), alternating between the apps,
    one warm-up round not counted; with ``network``, on that emulated network. Returns the
    times to polygons drawn and to the ``complete`` element shown, per app."""
    drawn = {name: [] for name in urls}
    whole = {name: [] for name in urls}
    for round_, name in alternating(list(urls), paints + 1):
        context, page = open_page(browser, urls[name])
        if network is not None:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", network)
        seconds, shown = paint(page, urls[name], complete.get(name))
        context.close()
        if round_:
            drawn[name].append(seconds)
            if shown is not None:
                whole[name].append(shown)
    return drawn, whole


def paint_times(browser, urls: dict[str, str], paints: int) -> dict[str, dict]:
    """Paint times of all apps: new visitors, then returning visitors (one context per app,
    its HTTP cache warm)."""
    cold, complete = new_visitor_paints(browser, urls, paints, PAGE_COMPLETE)
    warm = {name: [] for name in urls}
    contexts = {}
    for name, url in urls.items():
        contexts[name], page = open_page(browser, url)
        paint(page, url)
        page.close()
    for _, name in alternating(list(urls), paints):
        page = contexts[name].new_page()
        warm[name].append(paint(page, urls[name])[0])
        page.close()
    for context in contexts.values():
        context.close()
    out = {}
    for name in urls:
        out[name] = {"paint_s_all": [round(t, 3) for t in cold[name]],
                     "paint_s": statistics.median(cold[name]),
                     "paint_warm_cache_s_all": [round(t, 3) for t in warm[name]],
                     "paint_warm_cache_s": statistics.median(warm[name])}
        if complete[name]:
            out[name]["page_complete_s"] = statistics.median(complete[name])
    return out


# "hotel Wi-Fi": what a visitor on a slow shared network gets (Chromium's network emulation)
SLOW_NETWORK = {"offline": False, "latency": 80, "downloadThroughput": 4e6 / 8,
                "uploadThroughput": 1e6 / 8}


def slow_paint_times(browser, urls: dict[str, str], paints: int) -> dict[str, dict]:
    """New visitors on ``SLOW_NETWORK`` (4 Mbit/s down, 1 up, 80 ms added per request)."""
    times, _ = new_visitor_paints(browser, urls, paints, {}, SLOW_NETWORK)
    return {name: {"paint_slow_network_s_all": [round(t, 3) for t in ts],
                   "paint_slow_network_s": statistics.median(ts)} for name, ts in times.items()}


def concurrent_sessions(browser, url: str, pid: int, sessions: int) -> dict:
    """RSS after ``sessions`` browser sessions opened at once, and how many were served."""
    pages = [open_page(browser, url) for _ in range(sessions)]
    for _, p in pages:
        p.goto(url, wait_until="commit")
    served = 0
    for _, p in pages:
        try:
            wait_drawn(p, 56, timeout_ms=180_000)
            served += 1
        except Exception:  # noqa: BLE001 - a session not served is what we count
            pass
    out = {"rss_20_sessions_mb": rss_mb(pid), "sessions_served": served}
    for c, _ in pages:
        c.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--paints", type=int, default=9)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--slow-paints", type=int, default=5)
    parser.add_argument("--server-side", action="store_true",
                        help="only the payload and rerun measures, as JSON (run as a child)")
    args = parser.parse_args()
    if args.server_side:
        print(json.dumps(server_side(args.reruns)))
        return
    from playwright.sync_api import sync_playwright

    from coverage_map.render.assets import ensure_leaflet
    ensure_leaflet()
    link = ROOT / "bench" / "static"  # the baseline's static folder is the app's
    if not link.exists():
        link.symlink_to(ROOT / "static")

    # payload and reruns in a child process: this one stays light for the browser measures
    child = subprocess.run([sys.executable, __file__, "--server-side", "--reruns",
                            str(args.reruns)], cwd=ROOT, check=True, capture_output=True,
                           text=True)
    results: dict[str, dict] = json.loads(child.stdout.strip().splitlines()[-1])
    with sync_playwright() as p, contextlib.ExitStack() as stack:
        # offline without intercepting requests (interception would add to every load):
        # every host name but the loopback address fails to resolve
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
        servers = {name: stack.enter_context(server(script)) for name, script in APPS.items()}
        urls = {name: url for name, (url, _) in servers.items()}
        for name, (url, pid) in servers.items():
            results[name].update(first_load(browser, url, pid))
        for name, measures in paint_times(browser, urls, args.paints).items():
            results[name].update(measures)
        for name, measures in slow_paint_times(browser, urls, args.slow_paints).items():
            results[name].update(measures)
        for name, (url, pid) in servers.items():
            results[name].update(concurrent_sessions(browser, url, pid, args.sessions))
        browser.close()
    report(results)


def report(results: dict) -> None:
    rows = [("map payload (bytes)", "map_payload_bytes"), ("page websocket (bytes)", "page_ws_bytes"),
            ("page HTTP, new visitor (bytes)", "page_http_bytes"),
            ("rerun after filter (ms, median)", "rerun_ms"),
            ("pan/zoom reruns", "pan_zoom_reruns"), ("polygons drawn (s, median)", "paint_s"),
            ("  same, browser cache warm (s)", "paint_warm_cache_s"),
            ("  same, slow network (s)", "paint_slow_network_s"),
            ("whole page shown (s, median)", "page_complete_s"),
            ("RSS 1 session (MB)", "rss_1_session_mb"),
            ("RSS 20 sessions (MB)", "rss_20_sessions_mb"), ("sessions served", "sessions_served")]
    app, base = results["app"], results["baseline"]
    lines = [f"{'measure':34} {'app':>12} {'baseline':>12} {'baseline/app':>13}"]
    for label, key in rows:
        a, b = app.get(key), base.get(key)
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
        ratio = f"{b / a:.1f}x" if numbers and a else ""
        lines.append(f"{label:34} {_fmt(a):>12} {_fmt(b):>12} {ratio:>13}")
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"machine": {"cores": os.cpu_count()}, "results": results,
               "when": time.strftime("%Y-%m-%dT%H:%M:%S")}
    (RESULTS / "bench.json").write_text(json.dumps(payload, indent=1))
    print(f"written: {RESULTS / 'bench.json'}")


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


if __name__ == "__main__":
    main()
