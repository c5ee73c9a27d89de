"""Every page under N sessions through the production stack, without a browser: before and after.

A browser per session (bench/pages_load.py) is the bottleneck on a small machine: 20 Chromium
pages use some 5x the CPU of the server, so their times are the client's. This client speaks
Streamlit's own protocol instead (protobuf over ``/_stcore/stream``, as the browser does) and
does nothing else, so the times are the server's as it delivers them.

Starts the stack (``scripts/serve.py``: nginx before ``--replicas`` app processes, a free
loopback port, its run folder in a temporary folder) for the code as it is (or ``--rev``) and,
with ``--baseline-rev``, for an earlier revision checked out with ``git worktree add`` into a
temporary folder. Each page in turn is then loaded by ``--sessions`` sessions for ``--seconds``,
on one stack and then the other (which goes first alternates from page to page; never both at
once). A session, looping until the phase ends:

1. asks for the page's HTML (a new visitor; nginx's response sets the ``cm_proses`` cookie
   that pins the visitor to an app process) and opens the WebSocket with that cookie;
2. sends the first ``rerun_script`` (the page's name and query string, as a browser's first
   message) and times **first**: from opening the WebSocket until the ``script_finished`` of that
   run. On the map the first run is a light view (title, summary, map) where the code has it;
   the session then answers as the browser's ``peta_tergambar`` component does once the map is
   drawn (its value ``true``) and times that run (**rest**); **first_whole** is first + rest
   (the baseline sends the whole page at once: first_whole = first);
3. for ``--dwell`` seconds, changes one widget back and forth, one rerun after the other, and
   times **change**: from sending the ``rerun_script`` with the widget's new value until that
   run's ``script_finished``. The widgets (by key, their value sent as the browser does: a
   selectbox's shown option, a toggle's bool): the province on the map (Kalimantan Timur /
   Selatan), the region on the profile (Balikpapan / Samarinda), the language on IKN and Sumber,
   "only regions with values" on Analisis, JHT on Rencana;
4. closes the WebSocket (the server ends the session) and starts again at 1.

Reruns carry the page's current query string (as the server last set it) and the hashes of the
cacheable messages the session has received (the server then sends a reference, as to a
browser, which has them cached); references are resolved from the session's own copies.
New WebSockets are paced to at most ``--connect-rate`` a second in all (nginx allows 5 a second
per address, burst 60: all sessions come from 127.0.0.1 here); a wait for that is not timed.
A failure is a refused or dropped connection, a run not finished within ``--timeout`` seconds,
an exception shown by the app, or a page not found. Each stack is warmed first: a visit and a
change of every page on each of its app processes. Measured alongside: the app processes' and
nginx's CPU seconds per phase, this client's own CPU seconds and the load average.

Prints medians and p95 per page and kind for both and the ratios (after / before); writes
bench/results/sessions-<--name>.json. Only 127.0.0.1 is contacted; every wait is bounded; with
the defaults a run takes about 7 pages x 2 stacks x 35 s plus start-up and the runs still
under way when a phase ends (about 12 minutes).
Run: .venv/bin/python bench/sessions_load.py --baseline-rev 12df465 [--sessions 20]
     [--seconds 35] [--dwell 8] [--name NAME]
Needs nginx. Not part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_load import checkout, quantile, stack  # noqa: E402  (the same stacks and worktrees)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
FINISHED = ForwardMsg.ScriptFinishedStatus
MAP_DRAWN_KEY = "_peta_tergambar"  # coverage_map.ui.frame.MAP_DRAWN (absent in the baseline)
LANGS = ("English", "Bahasa Indonesia")


class Page:
    """A page as a link opens it, and the widget a session changes on it: ``kind`` "select"
    (the option shown that contains each of ``values`` in turn) or "toggle"."""

    def __init__(self, label: str, path: str, query: str, kind: str, key: str,
                 values: tuple[str, ...] = ()):
        self.label, self.path, self.query = label, path, query
        self.kind, self.key, self.values = kind, key, values

    @property
    def page_name(self) -> str:
        return self.path.strip("/")


PAGES = [
    Page("/?provinsi=64", "/", "provinsi=64", "select", "provinsi",
         ("Kalimantan Selatan", "Kalimantan Timur")),
    Page("/wilayah?kode=64.72", "/wilayah", "kode=64.72", "select", "wilayah_kode",
         ("Balikpapan", "Samarinda")),
    Page("/ikn", "/ikn", "", "select", "bahasa", LANGS),
    Page("/analisis", "/analisis", "", "toggle", "analisis_ada_angka"),
    Page("/rencana?kode=64", "/rencana", "kode=64", "toggle", "rencana_jht"),
    Page("/rencana?kode=64.72", "/rencana", "kode=64.72", "toggle", "rencana_jht"),
    Page("/sumber", "/sumber", "", "select", "bahasa", LANGS),
]
KINDS = ("first", "rest", "first_whole", "change")


class Failure(Exception):
    pass


# --- one session -----------------------------------------------------------------------------

class Pacer:
    """At most ``rate`` new WebSockets a second in all (nginx's per-address limit)."""

    def __init__(self, rate: float):
        self.gap, self.next_at, self.lock = 1 / rate, 0.0, asyncio.Lock()

    async def wait(self) -> float:
        async with self.lock:
            now = time.monotonic()
            pause = max(0.0, self.next_at - now)
            self.next_at = max(now, self.next_at) + self.gap
        await asyncio.sleep(pause)
        return pause


def _cookie(host: str, port: int, target: str, cookie: str | None) -> str | None:
    """GET the page's HTML (as a browser opening the link); the ``cm_proses`` cookie set."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", target, headers={"Cookie": cookie} if cookie else {})
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            raise Failure(f"GET {target}: HTTP {resp.status}")
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie" and value.startswith("cm_proses="):
                return value.split(";")[0]
        return cookie
    finally:
        conn.close()


class Session:
    """A Streamlit session over one WebSocket, as a browser tab keeps it."""

    def __init__(self, base: str, page: Page, timeout: float):
        self.base, self.page, self.timeout = base, page, timeout
        self.ws = None
        self.query = page.query
        self.page_hash = ""
        self.widgets: dict[str, object] = {}  # key -> the element (its proto) last received
        self.toggled: dict[str, bool] = {}  # key -> the value last sent
        self.cache: dict[str, ForwardMsg] = {}  # cacheable messages by hash
        self.runs = 0

    async def open(self, pin: str | None = None) -> float:
        """The page's HTML, the WebSocket and the first run; seconds from opening the
        WebSocket until the run has finished."""
        url = urllib.parse.urlsplit(self.base)
        target = self.page.path + (f"?{self.page.query}" if self.page.query else "")
        cookie = await asyncio.to_thread(_cookie, url.hostname, url.port, target, pin)
        t0 = time.perf_counter()
        try:
            self.ws = await asyncio.wait_for(websockets.connect(
                f"ws://{url.netloc}/_stcore/stream", subprotocols=["streamlit"],
                additional_headers={"Cookie": cookie} if cookie else None,
                origin=self.base, max_size=None, compression="deflate", open_timeout=None,
                ping_interval=None), self.timeout)
        except (OSError, asyncio.TimeoutError, websockets.InvalidStatus,
                websockets.InvalidHandshake) as exc:
            raise Failure(f"WebSocket: {type(exc).__name__} {exc}"[:200]) from None
        await self._rerun(first=True)
        await self._until_finished()
        return time.perf_counter() - t0

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 10)
            self.ws = None

    async def _rerun(self, first: bool = False, widget=None) -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page.page_name
        if not first:
            state.page_script_hash = self.page_hash
            state.cached_message_hashes.extend(self.cache)
        info = state.context_info
        info.url = self.base + self.page.path + (f"?{self.query}" if self.query else "")
        info.timezone, info.timezone_offset, info.locale = "Asia/Makassar", -480, "id-ID"
        info.color_scheme = "light"
        if widget is not None:
            state.widget_states.widgets.append(widget)
        try:
            await self.ws.send(msg.SerializeToString())
        except websockets.ConnectionClosed as exc:
            raise Failure(f"connection closed: {exc}"[:200]) from None

    async def _until_finished(self) -> None:
        """Reads the server's messages until the run ends (a rerun it starts itself, such as
        ``st.rerun()``, is part of it)."""
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            try:
                raw = await asyncio.wait_for(self.ws.recv(), max(left, 0.001))
            except asyncio.TimeoutError:
                raise Failure(f"no end of the run within {self.timeout:.0f} s") from None
            except websockets.ConnectionClosed as exc:
                raise Failure(f"connection closed: {exc}"[:200]) from None
            if isinstance(raw, str):
                continue
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.WhichOneof("type") == "ref_hash":  # cached by this session: its own copy
                if msg.ref_hash not in self.cache:
                    raise Failure("a reference to a message this session never received")
                full = ForwardMsg()
                full.CopyFrom(self.cache[msg.ref_hash])
                full.metadata.CopyFrom(msg.metadata)  # where it goes in this run
                msg = full
            elif msg.metadata.cacheable and msg.hash:
                self.cache[msg.hash] = msg
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                raise Failure("page not found")
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    raise Failure(f"exception: {element.exception.type} "
                                  f"{element.exception.message}"[:200])
                inner = getattr(element, which)
                wid = getattr(inner, "id", "") if which != "empty" else ""
                if isinstance(wid, str) and wid.startswith("$$ID-"):
                    self.widgets[wid.rsplit("-", 1)[1]] = inner
            elif kind == "script_finished":
                status = msg.script_finished
                if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    raise Failure("the script did not compile")
                if status == FINISHED.FINISHED_SUCCESSFULLY:
                    self.runs += 1
                    return

    async def map_drawn(self) -> float | None:
        """As the browser's ``peta_tergambar`` component does once the map is drawn: its
        value true, a rerun; seconds until it has finished. None where the page has no such
        component (the whole page came at once)."""
        component = self.widgets.get(MAP_DRAWN_KEY)
        if component is None:
            return None
        widget = WidgetState(id=component.id, json_value="true")
        t0 = time.perf_counter()
        await self._rerun(widget=widget)
        await self._until_finished()
        return time.perf_counter() - t0

    async def change(self, n: int) -> float:
        """Changes the page's widget (to its ``n``-th value); seconds until that run ends."""
        element = self.widgets.get(self.page.key)
        if element is None:
            raise Failure(f"no widget {self.page.key!r} on the page")
        if self.page.kind == "toggle":  # flipped from what it shows or was last sent
            value = not self.toggled.get(self.page.key, element.value)
            self.toggled[self.page.key] = value
            widget = WidgetState(id=element.id, bool_value=value)
        else:
            wanted = self.page.values[n % len(self.page.values)]
            options = [o for o in element.options if wanted in o]
            exact = [o for o in options if o == wanted]
            if not options:
                raise Failure(f"no option {wanted!r} in {self.page.key!r}")
            widget = WidgetState(id=element.id, string_value=(exact or options)[0])
        t0 = time.perf_counter()
        await self._rerun(widget=widget)
        await self._until_finished()
        return time.perf_counter() - t0


# --- load ------------------------------------------------------------------------------------

def new_record() -> dict:
    return {**{k: [] for k in KINDS}, "failures": 0, "errors": {}, "visits": 0,
            "connect_wait_s": 0.0}


def failed(rec: dict, exc: BaseException) -> None:
    rec["failures"] += 1
    text = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    rec["errors"][text] = rec["errors"].get(text, 0) + 1


async def visit(base: str, page: Page, rec: dict, args, pacer: Pacer, leave_at: float,
                pin: str | None = None, changes: int | None = None) -> None:
    """One visitor: the page opened, then its widget changed until ``leave_at`` (or
    ``changes`` times)."""
    rec["connect_wait_s"] += await pacer.wait()
    session = Session(base, page, args.timeout)
    try:
        first = await session.open(pin)
        rec["first"].append(first)
        rest = await session.map_drawn() if page.path == "/" else None
        if rest is not None:
            rec["rest"].append(rest)
        rec["first_whole"].append(first + (rest or 0.0))
        n = 0
        while (changes is None and (n == 0 or time.monotonic() < leave_at)) or \
                (changes is not None and n < changes):
            rec["change"].append(await session.change(n))
            n += 1
            if args.think:
                await asyncio.sleep(args.think)
    except Exception as exc:  # a Failure, or an unexpected error: counted, never hidden
        failed(rec, exc)
    finally:
        rec["visits"] += 1
        await session.close()


async def phase(base: str, page: Page, args, used) -> dict:
    """``args.sessions`` sessions on ``page`` for ``args.seconds``; what still runs 60 s after
    that is dropped."""
    rec = new_record()
    pacer = Pacer(args.connect_rate)
    cpu0, own0, load0 = used(), time.process_time(), os.getloadavg()[0]
    stop_at = time.monotonic() + args.seconds

    async def one_session(i: int) -> None:
        await asyncio.sleep(i * args.dwell / args.sessions)  # arrivals spread over a dwell
        while time.monotonic() < stop_at:
            await visit(base, page, rec, args, pacer, min(stop_at, time.monotonic() +
                                                          args.dwell))

    started = time.monotonic()
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(one_session(i) for i in range(args.sessions))),
                               args.seconds + 60)
    rec["duration_s"] = time.monotonic() - started
    rec["server_cpu_s"] = used() - cpu0
    rec["client_cpu_s"] = time.process_time() - own0
    rec["load_average"] = [load0, os.getloadavg()[0]]
    return rec


async def warm(base: str, replicas: int, args) -> None:
    """A visit and two changes of every page on each app process (the caches of a server
    that has been up a while)."""
    pacer = Pacer(args.connect_rate)
    for page in PAGES:
        rec = new_record()
        await asyncio.gather(*(visit(base, page, rec, args, pacer, 0.0, pin=f"cm_proses=r{i}",
                                     changes=2) for i in range(1, replicas + 1)))
        if rec["failures"]:
            print(f"  warming {page.label}: {rec['errors']}", flush=True)


async def load(urls: dict[str, tuple[str, object]], args) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {name: {} for name in urls}
    for name, (url, _) in urls.items():
        print(f"warming {name}", flush=True)
        await warm(url, args.replicas, args)
    order = list(urls)
    for i, page in enumerate(PAGES):
        if page.label not in args.pages:
            continue
        for name in (order if i % 2 == 0 else order[::-1]):
            url, used = urls[name]
            rec = await phase(url, page, args, used)
            out[name][page.label] = rec
            print(f"{page.label:20} {name:7} first {len(rec['first']):4} change "
                  f"{len(rec['change']):5} failed {rec['failures']:3}  p95 first "
                  f"{fmt(quantile(rec['first_whole'], 0.95))} change "
                  f"{fmt(quantile(rec['change'], 0.95))}  server CPU "
                  f"{rec['server_cpu_s']:.0f} s, client {rec['client_cpu_s']:.0f} s", flush=True)
    return out


# --- report ----------------------------------------------------------------------------------

def fmt(v: float | None, width: int = 0) -> str:
    return f"{v:{width}.2f}" if v is not None else f"{'–':>{width}}"


def summarise(rec: dict) -> dict:
    out = {}
    for kind in KINDS:
        values = rec[kind]
        out[kind] = {"n": len(values),
                     "median_s": statistics.median(values) if values else None,
                     "p95_s": quantile(values, 0.95), "max_s": max(values, default=None)}
    for k in ("failures", "errors", "visits", "connect_wait_s", "duration_s", "server_cpu_s",
              "client_cpu_s", "load_average"):
        out[k] = rec[k]
    return out


def report(result: dict) -> str:
    names = list(result["variants"])
    two = len(names) == 2
    head = f"{'page':20} {'kind':12} " + "".join(
        f"{n + ' med':>12}{n + ' p95':>12}" for n in names) + (
        f"{'ratio med':>11}{'ratio p95':>11}" if two else "")
    lines = [head]
    for page in PAGES:
        if page.label not in result["options"]["pages"]:
            continue
        for kind in ("first_whole", "first", "rest", "change"):
            stats = [result["variants"][n]["pages"][page.label][kind] for n in names]
            if not any(s["n"] for s in stats) or (kind in ("first", "rest") and page.path != "/"):
                continue
            row = f"{page.label:20} {kind:12} " + "".join(
                fmt(s["median_s"], 12) + fmt(s["p95_s"], 12) for s in stats)
            if two:
                for key in ("median_s", "p95_s"):
                    a, b = stats[0][key], stats[1][key]
                    row += f"{b / a:10.2f}x" if a and b else f"{'–':>11}"
            lines.append(row)
    for n in names:
        pages = result["variants"][n]["pages"].values()
        errors: dict[str, int] = {}
        for p in pages:
            for e, c in p["errors"].items():
                errors[e] = errors.get(e, 0) + c
        lines.append(
            f"{n} ({result['revisions'][n]}): {sum(p['first_whole']['n'] for p in pages)} "
            f"first runs, {sum(p['change']['n'] for p in pages)} changes, "
            f"{sum(p['failures'] for p in pages)} failed {errors or ''}; server CPU "
            f"{sum(p['server_cpu_s'] for p in pages):.0f} s, this client's CPU "
            f"{sum(p['client_cpu_s'] for p in pages):.0f} s")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=35, help="per page and stack")
    parser.add_argument("--dwell", type=float, default=8,
                        help="seconds a session keeps changing a page's widget before it "
                             "closes and a new session opens the page")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds between a run's end and the next change")
    parser.add_argument("--connect-rate", type=float, default=4.0,
                        help="new WebSockets a second at most, in all")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a run may take")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--rev", default=None, help="the code to measure (default: this folder)")
    parser.add_argument("--baseline-rev", default=None, help="measured the same way, alternating")
    parser.add_argument("--pages", nargs="+", default=[p.label for p in PAGES],
                        choices=[p.label for p in PAGES], metavar="PAGE")
    parser.add_argument("--url", default=None,
                        help="a stack already running (no stacks started; for trying this out)")
    parser.add_argument("--name", default="20")
    args = parser.parse_args()
    started = time.time()
    wanted = {"after": args.rev} if args.baseline_rev is None else {
        "before": args.baseline_rev, "after": args.rev}
    result: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "machine": {"cores": os.cpu_count(), "cpu": platform.processor() or
                                platform.machine(), "python": platform.python_version()},
                    "options": vars(args), "variants": {}}
    with tempfile.TemporaryDirectory(prefix="cm-sessions-load-") as tmp, \
            contextlib.ExitStack() as stacks:
        if args.url:
            wanted = {"given": None}
            result["revisions"] = {"given": args.url}
            urls = {"given": (args.url.rstrip("/"), lambda: 0.0)}
        else:
            roots = {name: stacks.enter_context(checkout(rev, Path(tmp)))
                     for name, rev in wanted.items()}
            result["revisions"] = {name: subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                text=True).stdout.strip() + ("" if wanted[name] else " + working tree")
                for name, root in roots.items()}
            urls = {name: stacks.enter_context(stack(root, Path(tmp) / f"stack-{name}",
                                                     args.replicas))
                    for name, root in roots.items()}
        records = asyncio.run(load(urls, args))
    for name in wanted:
        result["variants"][name] = {"pages": {label: summarise(rec) for label, rec in
                                              records[name].items()}}
    result["duration_s"] = time.time() - started
    text = report(result)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"sessions-{args.name}.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"written: {out} ({result['duration_s']:.0f} s)")


if __name__ == "__main__":
    main()
