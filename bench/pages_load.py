"""Every page under load, through the production stack: before and after, in one run.

Starts the stack (``scripts/serve.py``: nginx before 2 app processes, on a free loopback port,
its run folder in a temporary folder) for the code as it is (or ``--rev``) and, with
``--baseline-rev``, for an earlier revision checked out with ``git worktree add`` into a
temporary folder. Then N browser sessions (Debian's chromium, headless, one context each) visit
every page in turn, each session starting at another page:

    /, /wilayah?kode=64.72, /ikn, /analisis, /rencana?kode=64, /rencana?kode=64.72, /sumber

and on each page change one widget back and forth for ``--dwell`` seconds (the province on the
map, the region on the profile, the language on IKN and Sumber, "only regions with values" on
Analisis, JHT on Rencana) before opening the next page. Timed by
the page's own clock (``performance.now()``): a visit from navigation until the page's content
is shown (its tables, the map's polygons, the plan's numbers) with Streamlit's script state
back at ``notRunning``; a change from the click until a new run has finished and the change is
shown. The two stacks are loaded in turn (``--rounds`` phases of ``--seconds`` each,
alternating), never at once; each is warmed by one visit of every page first. Server side: the
CPU seconds of each stack's app processes and nginx per visit, and the Rencana rerun's server
time under AppTest (a child process per revision; median of ``--reruns``): a widget change to
inputs seen before (JHT on and off) and to new inputs (another rate typed each time).

Prints medians and p95 per page and the ratios, writes bench/results/<--name>.json.
Only 127.0.0.1 is contacted; every wait is bounded; the whole run ends after about
2 x rounds x seconds plus start-up (about 8 minutes with the defaults on 2 cores).
Run: .venv/bin/python bench/pages_load.py --baseline-rev 12df465 [--sessions 20]
     [--seconds 90] [--rounds 2] [--reruns 10] [--name pages]
Needs Debian's chromium and nginx. Not part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Counts the runs the page's Streamlit has started: its root element's script state leaves
# "notRunning" (Streamlit's client sets it: rerunRequested, running, notRunning).
INIT_JS = """(() => { window.__runsStarted = 0;
  new MutationObserver(records => { for (const r of records) {
      if (r.oldValue === 'notRunning') window.__runsStarted++; } })
    .observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']}); })();"""
IDLE_JS = """(() => { const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'; })()"""
POLYGONS_JS = """((prefix, n) => { const all = document.querySelectorAll(
    'iframe[title="streamlit_folium.st_folium"]'); if (all.length !== 1) return false;
  const w = all[0].contentWindow; if (!w || !w.map_div || typeof w.map_div.eachLayer !==
    'function') return false; let c = 0, other = 0; w.map_div.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.kode && l._path &&
        l._path.isConnected) { if (l.feature.properties.kode.startsWith(prefix)) c++;
        else other++; } }); return c === n && other === 0; })"""


def has(selector: str, n: int = 1) -> str:
    return f"document.querySelectorAll({json.dumps(selector)}).length >= {n}"


TABLE = has("[data-testid=stDataFrame]")
METRICS = "document.querySelectorAll('[data-testid=stMetric]').length"
LANGS = ("English", "Bahasa Indonesia")
# path, what shows the page's content, the widget (how, key, the values it takes in turn) and
# what shows each value
PAGES = [
    ("/", f"{POLYGONS_JS}('6', 56) && {TABLE}",
     ("select", "provinsi", ("Kalimantan Timur", "Kalimantan Selatan")),
     (f"{POLYGONS_JS}('64.', 10) && {TABLE}", f"{POLYGONS_JS}('63.', 13) && {TABLE}")),
    ("/wilayah?kode=64.72", f"{TABLE} && {has('h1')}",
     ("type", "wilayah_kode", ("Balikpapan", "Samarinda")), (TABLE, TABLE)),
    ("/ikn", TABLE, ("select", "bahasa", LANGS), (TABLE, TABLE)),
    ("/analisis", TABLE, ("toggle", "analisis_ada_angka", (None, None)), (TABLE, TABLE)),
    ("/rencana?kode=64", f"{METRICS} >= 2 && {TABLE}",
     ("toggle", "rencana_jht", (None, None)),
     (f"{METRICS} === 3 && {TABLE}", f"{METRICS} === 2 && {TABLE}")),
    ("/rencana?kode=64.72", f"{METRICS} >= 2 && {TABLE}",
     ("toggle", "rencana_jht", (None, None)),
     (f"{METRICS} === 3 && {TABLE}", f"{METRICS} === 2 && {TABLE}")),
    ("/sumber", TABLE, ("select", "bahasa", LANGS), (TABLE, TABLE)),
]
LOAD_TIMEOUT_MS, CHANGE_TIMEOUT_MS = 120_000, 90_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children (nginx's workers)."""
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def own_cpu_s(pid: int) -> float:
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def client_cpu_s(stack_pids: list[int]) -> float:
    """CPU seconds of this benchmark's browser (Playwright's driver, Chromium and its
    renderers): every process below this one but the stacks (the live ones only)."""
    servers = set(stack_pids)
    for pid in stack_pids:
        servers.update(descendants(pid))
    return sum(own_cpu_s(p) for p in descendants(os.getpid()) if p not in servers)


def quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# --- the code to measure ---------------------------------------------------------------------

@contextlib.contextmanager
def checkout(rev: str | None, tmp: Path):
    """The project at ``rev`` (a ``git worktree`` in ``tmp``, removed afterwards), or as it
    is in this folder (``rev`` None)."""
    if rev is None:
        yield ROOT
        return
    path = tmp / f"rev-{rev}"
    subprocess.run(["git", "worktree", "add", "--detach", str(path), rev], cwd=ROOT,
                   check=True, capture_output=True)
    try:
        yield path
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT,
                       capture_output=True)


@contextlib.contextmanager
def stack(root: Path, run_dir: Path, replicas: int):
    """``scripts/serve.py`` of ``root`` on a free port; yields its URL and a function giving
    the CPU seconds its processes have used."""
    port = free_port()
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "state.json").unlink(missing_ok=True)
    log = open(run_dir / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "scripts/serve.py", "--replicas", str(replicas),
                             "--port", str(port), "--host", "127.0.0.1", "--run-dir",
                             str(run_dir)], cwd=root, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while not (run_dir / "state.json").exists():  # written once every process is healthy
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the stack did not start; see {run_dir / 'serve.log'}")
            time.sleep(0.2)  # polling interval of a wait-for-condition

        def used() -> float:
            state = json.loads((run_dir / "state.json").read_text())
            pids = [int(p) for p in state["apps"].values()]
            return sum(cpu_s(p) for p in pids + ([state["nginx_pid"]] if state.get(
                "nginx_pid") else []))

        used.pid = proc.pid
        yield f"http://127.0.0.1:{port}", used
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# --- a browser session -----------------------------------------------------------------------

async def new_session(browser):
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    await context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "data:", "blob:", "about:")) else r.abort())
    await context.add_init_script(INIT_JS)
    page = await context.new_page()
    page.set_default_timeout(30_000)
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if r.status >= 400 else None)
    return context, page, statuses


async def _when_true(page, condition: str, key: str, timeout_ms: int) -> float:
    """Waits until ``condition`` holds in the page with Streamlit idle; returns the page's
    clock (ms since navigation) when it first held."""
    await page.wait_for_function(
        f"() => {{ if (!({IDLE_JS} && {condition})) return false; "
        f"window.{key} = window.{key} || performance.now(); return true; }}",
        timeout=timeout_ms, polling=100)
    return await page.evaluate(f"window.{key}")


async def visit(page, url: str, shown: str) -> float:
    """Seconds from navigation until the page's content is shown and its script idle."""
    await page.goto(url, timeout=LOAD_TIMEOUT_MS, wait_until="commit")
    return await _when_true(page, shown, "__shownMs", LOAD_TIMEOUT_MS) / 1000


async def change(page, widget: tuple, changed: tuple, n: int) -> float:
    """Seconds from changing ``widget`` (to its ``n``-th value) until a new run has finished
    and shows the change."""
    how, key, values = widget
    value, changed = values[n % len(values)], changed[n % len(changed)]
    box = page.locator(f".st-key-{key}")
    if how == "toggle":
        control = box.locator("label").first
    else:
        control = box.locator("[role=combobox]").first
    await control.wait_for(timeout=30_000)
    started = await page.evaluate("() => [window.__runsStarted, performance.now()]")
    window_runs, t0 = started
    await control.click()
    if how == "select":
        await page.get_by_role("option", name=value, exact=True).click()
    elif how == "type":
        await control.fill(value)
        await page.keyboard.press("Enter")
    mark = f"__changedMs{n}"
    done = await _when_true(page, f"window.__runsStarted > {window_runs} && {changed}",
                            mark, CHANGE_TIMEOUT_MS)
    return (done - t0) / 1000


async def session(page, base: str, offset: int, stop_at: float, dwell: float,
                  out: dict) -> None:
    """Visits the pages in turn from ``offset``: opens one, changes its widget, and again
    (back and forth) for ``dwell`` seconds, then the next page, until ``stop_at``."""
    from playwright.async_api import Error as PwError

    j = 0
    while time.monotonic() < stop_at:
        path, shown, widget, changed = PAGES[(offset + j) % len(PAGES)]
        j += 1
        rec = out.setdefault(path, {"load": [], "change": [], "failures": 0, "errors": []})
        try:
            rec["load"].append(await visit(page, base + path, shown))
            leave_at = min(stop_at, time.monotonic() + dwell)
            n = 0
            while n == 0 or time.monotonic() < leave_at:
                rec["change"].append(await change(page, widget, changed, n))
                n += 1
        except PwError as exc:  # a timeout or a page that went away: counted, not hidden
            rec["failures"] += 1
            rec["errors"].append(str(exc).splitlines()[0][:200])
        out["visits"] += 1


async def warm(browser, base: str) -> None:
    """One visit of every page (and its change): the server's caches warm, as after a while."""
    context, page, _ = await new_session(browser)
    for path, shown, widget, changed in PAGES:
        with contextlib.suppress(Exception):
            await visit(page, base + path, shown)
            await change(page, widget, changed, 0)
    await context.close()


async def load_phase(browser, sessions, base: str, seconds: float, dwell: float, used) -> dict:
    out: dict = {"visits": 0}
    cpu0, client0, load0 = used(), client_cpu_s(used.stacks), os.getloadavg()[0]
    stop_at = time.monotonic() + seconds
    with contextlib.suppress(asyncio.TimeoutError):  # what is still waiting then is dropped
        await asyncio.wait_for(asyncio.gather(*(session(page, base, i, stop_at, dwell, out)
                                                for i, (_, page, _) in enumerate(sessions))),
                               seconds + 60)
    out["server_cpu_s"] = used() - cpu0
    out["client_cpu_s"] = client_cpu_s(used.stacks) - client0
    out["load_average"] = [load0, os.getloadavg()[0]]
    return out


# --- server time of a Rencana rerun (AppTest, in a child process per revision) ---------------

def rerun_child(root: Path, reruns: int) -> dict:
    """Runs in a child process whose ``sys.path`` starts with ``root``. Times the whole run
    (``AppTest.run``, wall clock) and the page's body (``ui.plan_view``: wall clock and the
    CPU time of the script's thread, which other processes on the machine do not inflate)."""
    from streamlit.testing.v1 import AppTest

    from coverage_map import ui

    body: list[tuple[float, float]] = []
    view = ui.plan_view

    def timed_view(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return view(*args, **kwargs)
        finally:
            body.append((1000 * (time.perf_counter() - wall), 1000 * (time.thread_time() - cpu)))

    ui.plan_view = timed_view
    result = {}
    for kode in ("64", "64.72"):
        at = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=300)
        at.switch_page("pages/rencana.py")
        at.query_params["kode"] = kode
        at.run()
        assert not at.exception, at.exception
        seen, new = [], []
        del body[:]
        for i in range(reruns + 2):  # JHT on and off: inputs seen before from the third run
            at.toggle(key="rencana_jht").set_value(i % 2 == 0)
            t0 = time.perf_counter()
            at.run()
            seen.append(1000 * (time.perf_counter() - t0))
            assert not at.exception, at.exception
        body_seen = body[2:]
        del body[:]
        for i in range(reruns):  # a rate typed that no one typed before: computed anew
            at.text_input(key="rencana_tarif_teks").input(str(16_801 + i))
            t0 = time.perf_counter()
            at.run()
            new.append(1000 * (time.perf_counter() - t0))
            assert not at.exception, at.exception
        result[kode] = {
            "rerun_ms_seen_inputs": statistics.median(seen[2:]),
            "rerun_ms_new_inputs": statistics.median(new),
            "page_ms_seen_inputs": statistics.median(b[0] for b in body_seen),
            "page_ms_new_inputs": statistics.median(b[0] for b in body),
            "page_cpu_ms_seen_inputs": statistics.median(b[1] for b in body_seen),
            "page_cpu_ms_new_inputs": statistics.median(b[1] for b in body)}
    return result


def rerun_times(root: Path, reruns: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--rerun-child", str(root),
                           "--reruns", str(reruns)], cwd=root, capture_output=True, text=True,
                          timeout=900, env={**os.environ, "PYTHONPATH": str(root)})
    if proc.returncode:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the run ---------------------------------------------------------------------------------

async def browser_part(urls: dict[str, tuple[str, object]], args) -> dict:
    from playwright.async_api import async_playwright

    phases: dict[str, list[dict]] = {name: [] for name in urls}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for name, (url, _) in urls.items():
            await warm(browser, url)
        sessions = [await new_session(browser) for _ in range(args.sessions)]
        order = list(urls)
        for _, used in urls.values():
            used.stacks = [u.pid for _, u in urls.values()]
        for r in range(args.rounds):  # alternating, the first variant changing every round
            for name in (order if r % 2 == 0 else order[::-1]):
                url, used = urls[name]
                print(f"round {r + 1}: {name}, {args.sessions} sessions, {args.seconds} s",
                      flush=True)
                phases[name].append(await load_phase(browser, sessions, url, args.seconds,
                                                     args.dwell, used))
        statuses = [s for _, _, ss in sessions for s in ss]
        for context, _, _ in sessions:
            await context.close()
        await browser.close()
    return {"phases": phases, "http_errors": len(statuses),
            "http_429": sum(s == 429 for s in statuses)}


def summarise(phases: list[dict]) -> dict:
    pages = {}
    for path, *_ in PAGES:
        load = [x for ph in phases for x in ph.get(path, {}).get("load", [])]
        chg = [x for ph in phases for x in ph.get(path, {}).get("change", [])]
        pages[path] = {
            "visits": len(load), "changes": len(chg), "failures": sum(ph.get(path, {}).get("failures", 0)
                                                 for ph in phases),
            "load_s_median": statistics.median(load) if load else None,
            "load_s_p95": quantile(load, 0.95),
            "change_s_median": statistics.median(chg) if chg else None,
            "change_s_p95": quantile(chg, 0.95),
            "errors": sorted({e for ph in phases for e in ph.get(path, {}).get("errors", [])})[:5],
        }
    visits = sum(ph["visits"] for ph in phases)
    changes = sum(p["changes"] for p in pages.values())
    cpu = sum(ph["server_cpu_s"] for ph in phases)
    return {"pages": pages, "visits": visits, "changes": changes, "server_cpu_s": cpu,
            "client_cpu_s": sum(ph.get("client_cpu_s", 0) for ph in phases),
            "load_average": [ph.get("load_average") for ph in phases],
            "server_cpu_s_per_visit": cpu / visits if visits else None}


def report(result: dict) -> str:
    names = list(result["variants"])
    lines = [f"{'page':22} {'measure':14} " + " ".join(f"{n:>12}" for n in names)
             + ("   ratio" if len(names) == 2 else "")]
    for path, *_ in PAGES:
        for key in ("load_s_median", "load_s_p95", "change_s_median", "change_s_p95"):
            vals = [result["variants"][n]["pages"][path][key] for n in names]
            ratio = f"   {vals[1] / vals[0]:.2f}x" if len(vals) == 2 and all(vals) else ""
            lines.append(f"{path:22} {key:14} " + " ".join(
                f"{v:12.2f}" if v is not None else f"{'–':>12}" for v in vals) + ratio)
    for n in names:
        v = result["variants"][n]
        fails = sum(p["failures"] for p in v["pages"].values())
        lines.append(f"{n}: {v['visits']} visits, {v['changes']} changes, {fails} failed, "
                     f"client (browser) CPU {v['client_cpu_s']:.0f} s, load average "
                     f"{v['load_average']}, server CPU "
                     f"{v['server_cpu_s']:.0f} s ({v['server_cpu_s_per_visit'] or 0:.2f} s "
                     f"per visit and change); Rencana rerun (AppTest): {v.get('rerun')}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=90, help="per phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--dwell", type=float, default=20,
                        help="seconds a session keeps changing a page's widget")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--rev", default=None, help="the code to measure (default: this folder)")
    parser.add_argument("--baseline-rev", default=None, help="measured the same way, alternating")
    parser.add_argument("--name", default="pages")
    parser.add_argument("--rerun-child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rerun_child:
        sys.path.insert(0, args.rerun_child)
        print(json.dumps(rerun_child(Path(args.rerun_child), args.reruns)))
        return
    started = time.time()
    wanted = {"after": args.rev} if args.baseline_rev is None else {
        "before": args.baseline_rev, "after": args.rev}
    result: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "machine": {"cores": os.cpu_count(), "cpu": platform.processor() or
                                platform.machine(), "python": platform.python_version()},
                    "options": {k: v for k, v in vars(args).items() if k != "rerun_child"},
                    "variants": {}}
    with tempfile.TemporaryDirectory(prefix="cm-pages-load-") as tmp, \
            contextlib.ExitStack() as stacks:
        roots = {name: stacks.enter_context(checkout(rev, Path(tmp)))
                 for name, rev in wanted.items()}
        result["revisions"] = {name: subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
            text=True).stdout.strip() + ("" if wanted[name] else " + working tree")
            for name, root in roots.items()}
        reruns = {name: rerun_times(root, args.reruns) for name, root in roots.items()}
        urls = {name: stacks.enter_context(stack(root, Path(tmp) / f"stack-{name}",
                                                 args.replicas))
                for name, root in roots.items()}
        browser = asyncio.run(browser_part(urls, args))
    for name in wanted:
        result["variants"][name] = {**summarise(browser["phases"][name]),
                                    "rerun": reruns[name]}
    result["http_errors"], result["http_429"] = browser["http_errors"], browser["http_429"]
    result["duration_s"] = time.time() - started
    text = report(result)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{args.name}.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"written: {out} ({result['duration_s']:.0f} s)")


if __name__ == "__main__":
    main()
