"""The production stack on one machine: nginx in front of N Streamlit processes, both run by
supervisord.

Started by ``bash scripts/serve.sh [--replicas N] [--port P] [--embed-origins ORIGINS]``. Writes nginx's configuration
from ``deploy/nginx.conf.in``, starts supervisord (``scripts/supervise.py``), which starts the
app processes (one shared cookie secret, so that XSRF tokens validate wherever a request lands)
and, once they answer, nginx; prints where they are and watches them. supervisord starts a
process that exits again (with back-off while it fails at start, then FATAL, which this says);
a watchdog here asks each one's health endpoint every few seconds and has supervisord kill one
that stops answering (hung, frozen). Ctrl-C or SIGTERM stops everything. ``.serve/state.json``
lists the addresses and process ids (for the tests and the benchmark).
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import hashlib
import json
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

import frame_policy
import supervise

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.in"
HEADERS = ROOT / "deploy" / "headers.conf.in"
BROTLI_MODULES = ("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so",
                  "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
# Content-Security-Policy: this origin only. Scripts: files from here and, inline, only the
# scripts whose hash is listed (Streamlit's page has one line, the app's components one each;
# hashed at start, see inline_script_hashes). No eval: Vega runs its expressions with its
# interpreter (Streamlit passes ``ast: true``). 'wasm-unsafe-eval' lets WebAssembly be compiled
# (not JavaScript): long.js, in Streamlit's protobuf bundle, compiles a fixed 64-bit multiply
# module of its own at load (blocked, it falls back to JavaScript, but the browser reports a
# violation on every page). Styles inline (Streamlit's client styles its elements at run
# time, as do Leaflet and folium). Data and blob images (downloads, exported previews).
# Framed by this origin and --embed-origins (frame_policy; default any site: the public map).
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "connect-src 'self'; frame-src 'self' blob: data:; worker-src 'self' blob:; "
       "media-src 'self' blob: data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; {frame_ancestors}")
# Only in the map's frame (streamlit-folium's component, its own document): the component writes
# the map (folium's script: Leaflet calls with this view's regions and figures, different for
# every view) into a script element at run time, which no fixed hash can name.
CSP_MAP_FRAME = CSP.replace("script-src 'self' 'wasm-unsafe-eval' {hashes}",
                            "script-src 'self' 'unsafe-inline'")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

# The watchdog: every HEALTH_EVERY_S each app process's /_stcore/health is asked, with
# HEALTH_TIMEOUT_S to answer; after HEALTH_FAILURES misses in a row (or no answer
# STARTUP_GRACE_S after a start) supervisord kills the process (SIGKILL) and starts it again.
HEALTH_EVERY_S = 2.0
HEALTH_TIMEOUT_S = 3.0
HEALTH_FAILURES = 3
STARTUP_GRACE_S = 120.0
# A process runs the app once (its script health check) before it is used, so that what the app
# registers when it first runs (its components' files: the map's frame) is there on every
# process: an embedded map on another site gets no sticky cookie (a third-party cookie), and
# its frame's files may come from a process no visitor has run the app on yet.
WARM_TIMEOUT_S = 60.0

# Per-address limits at nginx (deploy/nginx.conf.in; beyond them: 429). A real visitor stays far
# below: ~60 client files on a first visit (then cached), one WebSocket per open page, one upload
# at a time, some 6 connections per browser; an office behind one address is a few dozen of
# them. Rates are per second; "burst" requests above the rate are let through at once up to
# "delay", the rest of the burst is slowed to the rate, and what is past the burst refused.
LIMITS = {
    "active_per_address": 256,  # requests in progress at once, of every kind
    "ws_per_address": 64,  # open WebSockets
    "uploads_per_address": 16,  # uploads in progress
    "files_rate": 100, "files_burst": 1000, "files_delay": 300,  # client files
    "pages_rate": 20, "pages_burst": 200, "pages_delay": 60,  # pages and the app's endpoints
    "ws_rate": 5, "ws_burst": 60,  # new WebSockets
}
STATIC = Path(__import__("streamlit").__file__).parent / "static"
ICON_NAME = re.compile(r":material/([a-z0-9_]+):")


def icons_used() -> set[str]:
    """Every Material Symbols icon the app names (``:material/map:``) or Streamlit's client
    names in its own code."""
    found: set[str] = set()
    for folder, pattern in ((ROOT / "coverage_map", "*.py"), (ROOT / "pages", "*.py"),
                            (STATIC / "static" / "js", "*.js")):
        for path in folder.rglob(pattern):
            found |= set(ICON_NAME.findall(path.read_text(encoding="utf-8", errors="ignore")))
    found |= set(ICON_NAME.findall((ROOT / "streamlit_app.py").read_text()))
    return found


def icon_font(run_dir: Path) -> tuple[str, Path] | None:
    """Streamlit's icon font (376 KB, some 4.000 icons) cut to the icons in use: (its URL path,
    the cut file), served by nginx in the original's place. None where it cannot be cut (the
    full font is then served as it is)."""
    fonts = sorted((STATIC / "static" / "media").glob("MaterialSymbols-Rounded*.woff2"))
    if len(fonts) != 1:
        return None
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    source = fonts[0]
    out = run_dir / source.name
    if out.exists() and out.stat().st_mtime >= source.stat().st_mtime:
        return f"/static/media/{source.name}", out
    font = TTFont(source)
    keep = sorted(icons_used() & set(font.getGlyphOrder()))
    cmap = font.getBestCmap()
    letters = [c for c, name in cmap.items() if c < 0x250]  # what icon names are typed with
    icons = [c for c, name in cmap.items() if name in set(keep)]
    options = subset.Options()
    options.layout_closure = False  # only the ligatures whose icon is kept
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.glyph_names = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=keep, unicodes=letters + icons)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(out)
    return f"/static/media/{source.name}", out


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def cookie_secret(run_dir: Path) -> str:
    """One secret for every process, kept between restarts of the stack (or from the
    environment, ``STREAMLIT_SERVER_COOKIE_SECRET``, when a host provides it)."""
    if os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET"):
        return os.environ["STREAMLIT_SERVER_COOKIE_SECRET"]
    path = run_dir / "cookie_secret"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def inline_script_hashes() -> list[str]:
    """CSP hashes ('sha256-...') of the inline scripts of Streamlit's page and of the app's
    components, as the browser hashes them (the text between <script> and </script>)."""
    pages = [STATIC / "index.html", *sorted((ROOT / "coverage_map" / "ui" / "frontend").glob(
        "*/index.html"))]
    hashes = []
    for page in pages:
        for script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest())
            hashes.append(f"'sha256-{digest.decode()}'")
    return list(dict.fromkeys(hashes))


def open_files_limit() -> int:
    """Raise this process's limit on open files to the most it may (nginx, started from here,
    starts with it) and return it, at most 65.536."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return min(soft, 65536)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return wanted
    except (ValueError, OSError):
        return soft


def real_ip(trusted: list[str]) -> str:
    """nginx's realip settings: behind proxies of your own (a TLS terminator, a load balancer),
    the visitor's address is the one they put in X-Forwarded-For, so that the per-address
    limits count visitors, not the proxy."""
    if not trusted:
        return "  # (no --trusted-proxy: the connection's address)"
    return "\n".join([f"  set_real_ip_from {cidr};" for cidr in trusted]
                     + ["  real_ip_header X-Forwarded-For;", "  real_ip_recursive on;"])


def nginx_conf(run_dir: Path, host: str, port: int, app_ports: list[int],
               trusted: list[str] | None = None,
               embed_origins: tuple[str, ...] = (frame_policy.ANY,)) -> str:
    brotli = all(Path(m).exists() for m in BROTLI_MODULES)
    files = open_files_limit()
    values = {
        "load_brotli": "\n".join(f"load_module {m};" for m in BROTLI_MODULES) if brotli else
        "# brotli: Debian's libnginx-mod-http-brotli-filter is not installed (gzip only)",
        "brotli": ("brotli on;\n  brotli_comp_level 5;\n  brotli_min_length 1024;\n"
                   "  brotli_types text/plain text/css text/javascript application/javascript "
                   "application/json application/x-javascript image/svg+xml application/xml "
                   "font/ttf application/vnd.ms-fontobject text/csv;") if brotli else "",
        "run_dir": str(run_dir), "deploy_dir": str(TEMPLATE.parent), "host": host,
        "port": str(port),
        # each worker: as many open files as this machine lets it, connections half of them
        # (the other half for files it sends and buffers it writes), never fewer than 1.024
        "rlimit_nofile": str(max(files, 2048)),
        "worker_connections": str(max(files // 2, 1024)),
        "real_ip": real_ip(trusted or []),
        **{key: str(value) for key, value in LIMITS.items()},
        **routes(app_ports),
    }
    font = icon_font(run_dir)
    values["icon_font"] = "" if font is None else (
        f"    # Streamlit's icon font, cut to the icons in use (scripts/serve.py: icon_font)\n"
        f"    location = {font[0]} {{\n      alias {font[1]};\n"
        f"      include {run_dir}/headers.conf;\n"
        f"      add_header Cache-Control \"public, immutable, max-age=31536000\" always;\n"
        f"      default_type font/woff2;\n    }}")
    hashes = " ".join(inline_script_hashes())
    # public (every location today: the map may be embedded by ``embed_origins``, its own
    # frame too, which sits inside the embed) and not public (frame_policy.PRIVATE)
    for name, csp, ancestors, public in (
            ("headers.conf", CSP, embed_origins, True),
            ("headers_map.conf", CSP_MAP_FRAME, embed_origins, True),
            ("headers_private.conf", CSP, frame_policy.PRIVATE, False)):
        (run_dir / name).write_text(supervise.filled(HEADERS.read_text(), {
            **values, "frame_options": frame_policy.frame_options(public),
            "csp": csp.replace("{hashes}", hashes).replace(
                "{frame_ancestors}", frame_policy.frame_ancestors(ancestors))}))
    return supervise.filled(TEMPLATE.read_text(), values)


def routes(app_ports: list[int]) -> dict[str, str]:
    """nginx's pools: "semua" (new visitors, the least busy process) and one per process
    ("r1" ...: that process, the others as backups), and the maps between the cookie, the
    pool and the process that answered."""
    names = [f"r{i + 1}" for i in range(len(app_ports))]

    def server(port: int, backup: bool = False) -> str:
        return (f"    server 127.0.0.1:{port}" + (" backup" if backup else
                                                  " max_fails=1 fail_timeout=5s") + ";")

    pools = ["  upstream semua {\n    least_conn;\n" + "\n".join(
        server(p) for p in app_ports) + "\n    keepalive 16;\n  }"]
    for name, port in zip(names, app_ports):
        pools.append(f"  upstream {name} {{\n" + "\n".join(
            [server(port)] + [server(p, backup=True) for p in app_ports if p != port])
            + "\n    keepalive 8;\n  }")
    # /healthz: every process in turn, none ever set aside (each check asks them all anew)
    pools.append("  upstream cm_health {\n" + "\n".join(
        f"    server 127.0.0.1:{p} max_fails=0;" for p in app_ports) + "\n  }")
    return {
        "upstreams": "\n".join(pools),
        "pools": "\n".join(f"    {n} {n};" for n in names),
        "served": "\n".join(f"    \"~127\\.0\\.0\\.1:{p}$\" {n};"
                             for n, p in zip(names, app_ports)),
        "same": "\n".join(f"    \"{n}|{n}\" \"\";" for n in names),
    }


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except (OSError, ValueError):  # refused, reset, timed out (socket.timeout is an OSError)
        return False


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"serve: {what} not ready after {timeout:.0f} s")
        time.sleep(0.2)  # polling interval of a wait-for-condition


class Stack:
    """nginx and the app processes under supervisord, started, watched and stopped together."""

    def __init__(self, replicas: int, host: str, port: int, run_dir: Path,
                 trusted: list[str] | None = None,
                 embed_origins: tuple[str, ...] = (frame_policy.ANY,)):
        self.host, self.port, self.run_dir = host, port, run_dir
        self.trusted = trusted or []
        self.embed_origins = embed_origins
        self.app_ports = [free_port() for _ in range(replicas)]
        self.pools = {f"r{i + 1}": port for i, port in enumerate(self.app_ports)}
        # supervisord's name of each app process -> its port
        self.names = {supervise.app_name(pool): port for pool, port in self.pools.items()}
        self.supervisor: supervise.Supervisor | None = None
        self.health: dict[str, dict] = {}  # the watchdog's notes: pid, answered, misses
        self.warmed: set[int] = set()  # the app processes (pids) that have run the app
        self.last_check = 0.0
        self.written: dict = {}  # state.json as last written
        self.checks = concurrent.futures.ThreadPoolExecutor(max_workers=max(replicas, 1))

    def start(self) -> None:
        supervise.refuse_if_running(self.run_dir)  # before anything of it is written
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_conf(self.run_dir, self.host, self.port, self.app_ports,
                                   self.trusted, self.embed_origins))
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / sub).mkdir(exist_ok=True)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run([nginx, "-t", "-q", "-p", str(self.run_dir), "-c", str(conf),
                                "-e", str(self.run_dir / "error.log")],
                               capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"serve: nginx rejects its configuration:\n{check.stderr}")
        self.supervisor = supervise.Supervisor(
            self.run_dir, self.pools, nginx,
            {"STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret(self.run_dir)})
        self.supervisor.wait_running()
        wait_until(self.apps_answer, 120, "the app processes")
        list(self.checks.map(self.warm, self.names))  # each has run the app once
        self.warmed = {info["pid"] for name, info in self.supervisor.processes().items()
                       if name in self.names}
        self.supervisor.start("nginx")
        wait_until(lambda: healthy(f"{self.local_url}/healthz/proxy"), 30, "nginx")
        self.watch_once()  # their process ids, into state.json

    def apps_answer(self) -> bool:
        """Whether every app process answers its health check (an error if one is FATAL)."""
        processes = self.supervisor.processes()
        for name in self.names:
            if processes[name]["statename"] == "FATAL":
                raise RuntimeError(self.supervisor.fatal_message(name, self.what(name), False))
        return all(healthy(self.health_url(name)) for name in self.names)

    def warm(self, name: str) -> bool:
        """Have the process run the app once (see WARM_TIMEOUT_S)."""
        return healthy(f"http://127.0.0.1:{self.names[name]}/_stcore/script-health-check",
                       WARM_TIMEOUT_S)

    def health_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.names[name]}/_stcore/health"

    def what(self, name: str) -> str:
        return f"app process {name} (127.0.0.1:{self.names[name]})" if name in self.names \
            else name

    @property
    def url(self) -> str:
        shown = "localhost" if self.host in ("0.0.0.0", "127.0.0.1") else self.host
        return f"http://{shown}:{self.port}"

    @property
    def local_url(self) -> str:
        """nginx as this process reaches it."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "[::]") else self.host
        return f"http://{host}:{self.port}"

    def write_state(self) -> None:
        """state.json when it changes, replaced whole (a reader never sees half of it)."""
        pids = self.supervisor.pids
        state = {"url": self.url, "nginx_pid": pids.get("nginx"),
                 "apps": {str(port): pids.get(name) for name, port in self.names.items()},
                 "pools": self.pools, "restarts": self.supervisor.restarts,
                 "fatal": sorted(self.supervisor.fatal),
                 "supervisord_conf": str(self.supervisor.conf)}
        if state != self.written:
            temporary = self.run_dir / "state.json.tmp"
            temporary.write_text(json.dumps(state, indent=1))
            temporary.replace(self.run_dir / "state.json")
            self.written = state

    def watch_once(self) -> None:
        """What supervisord started again and what it gave up on: said, and into state.json;
        every HEALTH_EVERY_S, the watchdog. An error when nothing is left to serve with."""
        processes, restarted, fatal = self.supervisor.poll()
        for name in restarted:
            print(f"serve: supervisord started {self.what(name)} again (pid "
                  f"{processes[name]['pid']})", flush=True)
        for name in fatal:
            print(self.supervisor.fatal_message(name, self.what(name)), flush=True)
        self.write_state()
        gone = self.supervisor.fatal
        if "nginx" in gone or set(self.names) <= gone:
            raise RuntimeError(f"serve: {', '.join(sorted(gone))} FATAL: nothing left to serve "
                               "with; stopping")
        if time.monotonic() - self.last_check >= HEALTH_EVERY_S:
            self.last_check = time.monotonic()
            self.check_health(processes)
            self.rotate_nginx_logs()

    def rotate_nginx_logs(self) -> None:
        """nginx's own logs moved aside at supervisord's size, then nginx told to reopen them
        (SIGUSR1, its signal for that): no log grows without end."""
        settings = supervise.SETTINGS
        moved = [supervise.rotate(self.run_dir / name,
                                  supervise.size_in_bytes(settings["log_maxbytes"]),
                                  int(settings["log_backups"]))
                 for name in supervise.NGINX_LOGS]
        if any(moved):
            try:
                self.supervisor.rpc.supervisor.signalProcess("nginx", "USR1")
            except xmlrpc.client.Fault:  # not running just now: it opens them when it starts
                pass

    def check_health(self, processes: dict[str, dict]) -> None:
        """The watchdog: ask every running app process's health endpoint at once; have
        supervisord kill one that has missed HEALTH_FAILURES checks in a row, or not answered
        within STARTUP_GRACE_S of its start."""
        up = [(name, info) for name, info in processes.items()
              if name in self.names and info["statename"] in supervise.UP and info["pid"]]
        answers = self.checks.map(
            lambda item: healthy(self.health_url(item[0]), HEALTH_TIMEOUT_S), up)
        for (name, info), ok in zip(up, answers):
            seen = self.health.get(name)
            if seen is None or seen["pid"] != info["pid"]:  # started since: new notes
                seen = self.health[name] = {"pid": info["pid"], "answered": False, "misses": 0}
            if ok:
                if info["pid"] not in self.warmed:  # started again: it runs the app once
                    self.warmed.add(info["pid"])
                    threading.Thread(target=self.warm, args=(name,), daemon=True).start()
                seen.update(answered=True, misses=0)
            elif not seen["answered"]:  # starting: it has STARTUP_GRACE_S to answer
                if time.time() - info["start"] > STARTUP_GRACE_S:
                    self.kill(name, f"did not answer within {STARTUP_GRACE_S:.0f} s of its start")
            else:
                seen["misses"] += 1
                if seen["misses"] >= HEALTH_FAILURES:
                    self.kill(name, f"stopped answering its health check ({seen['misses']} in "
                              "a row)")

    def kill(self, name: str, why: str) -> None:
        """SIGKILL by supervisord, which then starts the process again (its process group's
        other members, an upload reader, end with the pipes to it)."""
        print(f"serve: {self.what(name)} {why}; killed, supervisord starts it again",
              flush=True)
        try:
            self.supervisor.rpc.supervisor.signalProcess(name, "KILL")
        except xmlrpc.client.Fault:  # it exited meanwhile
            pass
        self.health.pop(name, None)

    def stop(self) -> None:
        """supervisord stops nginx, then the app processes, then itself."""
        if self.supervisor is not None:
            self.supervisor.stop()
        self.checks.shutdown(wait=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1,
                        help="app processes (default: the number of cores)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--host", default="0.0.0.0", help="nginx's address (default all)")
    parser.add_argument("--run-dir", type=Path, default=ROOT / ".serve",
                        help="configuration, logs and state (default .serve/)")
    parser.add_argument("--trusted-proxy", action="append", default=[], metavar="CIDR",
                        help="a proxy of yours in front (TLS, load balancer): the visitor's "
                        "address is taken from its X-Forwarded-For (repeatable)")
    frame_policy.add_option(parser)
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    try:  # before anything is written or started
        embed_origins = frame_policy.parse_origins(args.embed_origins)
    except frame_policy.OriginError as error:
        parser.error(str(error))
    args.run_dir.mkdir(parents=True, exist_ok=True)
    open_files_limit()  # before any process is started: they inherit it
    stack = Stack(args.replicas, args.host, args.port, args.run_dir.resolve(),
                  args.trusted_proxy, embed_origins)

    def stop(*_):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the stopping is under way
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise SystemExit(0)  # out of whatever runs, into stack.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        stack.start()
        print(f"Peta Cakupan Jamsostek Kalimantan: {stack.url}", flush=True)
        print("app processes: " + ", ".join(f"127.0.0.1:{p}" for p in stack.app_ports)
              + f" · logs and state: {stack.run_dir}", flush=True)
        print(f"the map may be embedded by: {frame_policy.described(embed_origins)}",
              flush=True)
        print(f"under supervisord: {stack.supervisor.ctl('status')}", flush=True)
        while True:
            stack.watch_once()
            time.sleep(0.5)  # how often supervisord is asked
    except (RuntimeError, TimeoutError, OSError) as error:  # OSError: supervisord is gone
        print(error, file=sys.stderr, flush=True)
        return 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
