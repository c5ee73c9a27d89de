"""Bounded load test on loopback: N concurrent browser sessions change filters for a while.

Every session repeatedly picks another province and waits until its map shows exactly that
province's regencies; latencies, failures, server errors and memory are reported and written to
bench/results/load.json. Only 127.0.0.1 is contacted; the loop stops after --seconds.
Run: .venv/bin/python bench/load_test.py [--sessions 20] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from run_bench import CHROMIUM, MAP_IFRAME, RESULTS, rss_mb, server  # noqa: E402

from coverage_map.data import io  # noqa: E402

COUNT_JS = """([sel]) => { const all = document.querySelectorAll(sel); if (all.length !== 1) return -1;
  const w = all[0].contentWindow; if (!w || !w.map_div || typeof w.map_div.eachLayer !== 'function') return -1;
  const k = []; w.map_div.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.kode
    && l._path && l._path.isConnected) k.push(l.feature.properties.kode); }); return k; }"""


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def open_session(browser, url, regions):
    """A new browser context (a new Streamlit session) with its first map drawn and its
    filters shown."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    await context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url
                        or r.request.url.startswith("data:") else r.abort())
    page = await context.new_page()
    await page.goto(url, timeout=180_000)  # 20 pages loading at once on 2 cores: not 30 s
    await page.wait_for_function(f"([sel]) => {{ const f = ({COUNT_JS})([sel]); "
                                 f"return Array.isArray(f) && f.length === {len(regions)}; }}",
                                 arg=[MAP_IFRAME], timeout=180_000)
    # the whole page (its filters follow the drawn map): what is timed is changing a filter
    await page.get_by_role("combobox", name="Provinsi").wait_for(timeout=180_000)
    return context, page


async def session(page, regions, stop_at, out):
    from playwright.async_api import TimeoutError as PwTimeout

    provinces = sorted(regions["kode_prov"].unique())
    names = dict(zip(regions["kode_prov"], regions["provinsi"]))
    i = 1
    while time.monotonic() < stop_at:
        prov = provinces[i % len(provinces)]
        expected = sorted(regions.loc[regions["kode_prov"] == prov, "kode"])
        start = time.monotonic()
        try:
            await page.get_by_role("combobox", name="Provinsi").click(timeout=30_000)
            await page.get_by_role("option", name=names[prov], exact=True).click(timeout=30_000)
            await page.wait_for_function(
                f"([sel]) => {{ const f = ({COUNT_JS})([sel]); return Array.isArray(f) && "
                f"f.length === {len(expected)} && f.every(k => k.startsWith('{prov}.')); }}",
                arg=[MAP_IFRAME], timeout=60_000)
            out["latencies"].append(time.monotonic() - start)
        except PwTimeout:
            out["failures"] += 1
        i += 1


async def run(sessions: int, seconds: int) -> dict:
    from playwright.async_api import async_playwright

    regions = io.read_regions()
    out = {"latencies": [], "failures": 0}
    with server("streamlit_app.py") as (url, pid):
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            opened = await asyncio.gather(*(open_session(browser, url, regions)
                                            for _ in range(sessions)), return_exceptions=True)
            pages = [o[1] for o in opened if not isinstance(o, BaseException)]
            for o in opened:
                if isinstance(o, BaseException):
                    print("not served:", repr(o)[:300], file=sys.stderr)
            out["served_at_start"] = len(pages)
            rss_before, cpu_before = rss_mb(pid), cpu_s(pid)
            stop_at = time.monotonic() + seconds
            await asyncio.gather(*(session(page, regions, stop_at, out) for page in pages))
            rss_after, server_cpu = rss_mb(pid), cpu_s(pid) - cpu_before
            await browser.close()
    log = (RESULTS / "server-streamlit_app.log").read_text()
    lat = sorted(out["latencies"])
    return {
        "sessions": sessions, "sessions_served": out["served_at_start"], "seconds": seconds,
        "filter_changes": len(lat),
        "failures": out["failures"],
        "latency_s_median": statistics.median(lat) if lat else None,
        "latency_s_p95": lat[int(0.95 * (len(lat) - 1))] if lat else None,
        "latency_s_max": lat[-1] if lat else None,
        "rss_mb_all_sessions_open": rss_before, "rss_mb_end": rss_after,
        # the server's share: with 20 pages in one Chromium on 2 cores, the latencies above are
        # mostly the browser's; this is what the server spent per filter change
        "server_cpu_s": server_cpu,
        "server_cpu_ms_per_change": 1000 * server_cpu / len(lat) if lat else None,
        "server_log_errors": sum("Traceback" in line or "ERROR" in line
                                 for line in log.splitlines()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    result = asyncio.run(run(args.sessions, args.seconds))
    for key, value in result.items():
        print(f"{key:22} {value:.3f}" if isinstance(value, float) else f"{key:22} {value}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
