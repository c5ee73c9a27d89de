"""The production stack on one machine: nginx in front of N Streamlit processes.

Started by ``bash scripts/serve.sh [--replicas N] [--port P]``. Writes nginx's configuration
from ``deploy/nginx.conf.in``, starts the app processes (one shared cookie secret, so that XSRF
tokens validate wherever a request lands) and nginx, prints where they are, and watches them: a
process that exits is started again on its port (nginx sends new visitors to the others
meanwhile), and a watchdog asks each process's health endpoint every few seconds: one that stops
answering (hung, frozen) is killed and started again. Restarts back off (1 s, 2 s, 4 s ... 60 s)
while a process keeps failing. Ctrl-C or SIGTERM stops everything. ``.serve/state.json`` lists
the addresses and process ids (for the tests and the benchmark).
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
import time
import urllib.request
from pathlib import Path

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
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "connect-src 'self'; frame-src 'self' blob: data:; worker-src 'self' blob:; "
       "media-src 'self' blob: data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'self'")
# Only in the map's frame (streamlit-folium's component, its own document): the component writes
# the map (folium's script: Leaflet calls with this view's regions and figures, different for
# every view) into a script element at run time, which no fixed hash can name.
CSP_MAP_FRAME = CSP.replace("script-src 'self' 'wasm-unsafe-eval' {hashes}",
                            "script-src 'self' 'unsafe-inline'")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

# The watchdog: every HEALTH_EVERY_S each app process's /_stcore/health is asked, with
# HEALTH_TIMEOUT_S to answer; HEALTH_FAILURES misses in a row (or no answer STARTUP_GRACE_S
# after a start) and the process is killed and started again.
HEALTH_EVERY_S = 2.0
HEALTH_TIMEOUT_S = 3.0
HEALTH_FAILURES = 3
STARTUP_GRACE_S = 120.0
# Restarts back off: RESTART_PAUSE_S after the first failure, doubled at each failure that
# follows within STABLE_S of the last start, at most RESTART_MAX_S.
RESTART_PAUSE_S = 1.0
RESTART_MAX_S = 60.0
STABLE_S = 60.0

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
               trusted: list[str] | None = None) -> str:
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
    for name, csp in (("headers.conf", CSP), ("headers_map.conf", CSP_MAP_FRAME)):
        (run_dir / name).write_text(_filled(HEADERS.read_text(), {
            **values, "csp": csp.replace("{hashes}", hashes)}))
    return _filled(TEMPLATE.read_text(), values)


def _filled(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


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


class App:
    """One app process on its port, as the watchdog sees it."""

    def __init__(self, port: int, log):
        self.port, self.log = port, log
        self.proc: subprocess.Popen | None = None
        self.started = 0.0  # monotonic time of the last start
        self.answered = False  # its health check answered since that start
        self.misses = 0  # health checks in a row without an answer
        self.failures = 0  # failures in a row, each within STABLE_S of its start (back-off)
        self.restart_at: float | None = None  # when it is to be started again

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/_stcore/health"


class Stack:
    """nginx and the app processes, started, watched and stopped together."""

    def __init__(self, replicas: int, host: str, port: int, run_dir: Path,
                 trusted: list[str] | None = None):
        self.replicas, self.host, self.port, self.run_dir = replicas, host, port, run_dir
        self.trusted = trusted or []
        self.app_ports = [free_port() for _ in range(replicas)]
        # one log file per port, kept open across restarts
        self.state = {port: App(port, open(run_dir / f"app-{port}.log", "a", buffering=1))
                      for port in self.app_ports}
        self.nginx: subprocess.Popen | None = None
        self.restarts = 0
        self.last_check = 0.0
        self.secret = cookie_secret(run_dir)
        self.checks = concurrent.futures.ThreadPoolExecutor(max_workers=max(replicas, 1))

    @property
    def apps(self) -> dict[int, subprocess.Popen]:
        return {port: app.proc for port, app in self.state.items() if app.proc is not None}

    def start_app(self, port: int) -> subprocess.Popen:
        app = self.state[port]
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": self.secret}
        app.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--server.enableXsrfProtection", "true"],
            cwd=ROOT, stdout=app.log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True)
        app.started, app.answered, app.misses, app.restart_at = time.monotonic(), False, 0, None
        return app.proc

    def start(self) -> None:
        for port in self.app_ports:
            self.start_app(port)
        for port in self.app_ports:
            wait_until(lambda p=port: healthy(self.state[p].health_url), 120,
                       f"app process on port {port}")
            self.state[port].answered = True
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_conf(self.run_dir, self.host, self.port, self.app_ports,
                                   self.trusted))
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / sub).mkdir(exist_ok=True)
        self.nginx = self._start_nginx(conf)
        wait_until(lambda: healthy(f"{self.local_url}/healthz/proxy"), 30, "nginx")
        self.write_state()

    def _start_nginx(self, conf: Path) -> subprocess.Popen:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run([nginx, "-t", "-q", "-p", str(self.run_dir), "-c", str(conf),
                                "-e", str(self.run_dir / "error.log")],
                               capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"serve: nginx rejects its configuration:\n{check.stderr}")
        return subprocess.Popen([nginx, "-p", str(self.run_dir), "-c", str(conf),
                                 "-e", str(self.run_dir / "error.log")],
                                start_new_session=True)

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
        """state.json, replaced whole (a reader never sees half of it)."""
        temporary = self.run_dir / "state.json.tmp"
        temporary.write_text(json.dumps({
            "url": self.url, "nginx_pid": self.nginx.pid if self.nginx else None,
            "apps": {str(p): proc.pid for p, proc in self.apps.items()},
            "pools": {f"r{i + 1}": p for i, p in enumerate(self.app_ports)},
            "restarts": self.restarts}, indent=1))
        temporary.replace(self.run_dir / "state.json")

    def _kill(self, app: App) -> None:
        """The process and whatever it started (its own process group), stopped or not."""
        try:
            os.killpg(app.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            app.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def _schedule_restart(self, app: App, why: str) -> None:
        now = time.monotonic()
        if now - app.started > STABLE_S and app.answered:
            app.failures = 0  # it had run well for a while: no back-off
        delay = min(RESTART_PAUSE_S * 2 ** app.failures, RESTART_MAX_S)
        app.failures += 1
        app.restart_at = now + delay
        print(f"serve: app process on port {app.port} {why}; starting it again in "
              f"{delay:.0f} s", flush=True)

    def check_health(self) -> None:
        """The watchdog: ask every running process's health endpoint at once; kill one that
        has missed HEALTH_FAILURES checks in a row, or never answered since its start."""
        running = [a for a in self.state.values()
                   if a.proc is not None and a.restart_at is None and a.proc.poll() is None]
        answers = self.checks.map(lambda a: healthy(a.health_url, HEALTH_TIMEOUT_S), running)
        now = time.monotonic()
        for app, ok in zip(running, answers):
            if ok:
                app.answered, app.misses = True, 0
                continue
            if not app.answered:  # starting: it has STARTUP_GRACE_S to answer
                if now - app.started > STARTUP_GRACE_S:
                    self._kill(app)
                    self._schedule_restart(
                        app, f"did not answer within {STARTUP_GRACE_S:.0f} s of its start")
                continue
            app.misses += 1
            if app.misses >= HEALTH_FAILURES:
                self._kill(app)
                self._schedule_restart(
                    app, f"stopped answering its health check ({app.misses} in a row); killed")

    def watch_once(self) -> None:
        """Start again what has exited, when its back-off has passed; every HEALTH_EVERY_S,
        the watchdog."""
        now = time.monotonic()
        for app in self.state.values():
            if app.proc is None:
                continue
            if app.restart_at is None and app.proc.poll() is not None:
                self._schedule_restart(app, f"exited ({app.proc.returncode})")
            if app.restart_at is not None and now >= app.restart_at:
                self.start_app(app.port)
                self.restarts += 1
                self.write_state()
        if now - self.last_check >= HEALTH_EVERY_S:
            self.last_check = now
            self.check_health()
        if self.nginx is not None and self.nginx.poll() is not None:
            print("serve: nginx exited; starting it again", flush=True)
            self.nginx = self._start_nginx(self.run_dir / "nginx.conf")
            self.restarts += 1
            self.write_state()

    def stop(self) -> None:
        procs = [p for p in [self.nginx, *self.apps.values()] if p is not None]
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    os.killpg(proc.pid, signal.SIGCONT)  # a stopped process, to take it
                except (ProcessLookupError, PermissionError):
                    pass
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.checks.shutdown(wait=False)
        for app in self.state.values():
            app.log.close()


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
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    args.run_dir.mkdir(parents=True, exist_ok=True)
    open_files_limit()  # before any process is started: they inherit it
    stack = Stack(args.replicas, args.host, args.port, args.run_dir.resolve(),
                  args.trusted_proxy)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        stack.start()
        print(f"Peta Cakupan Jamsostek Kalimantan: {stack.url}", flush=True)
        print("app processes: " + ", ".join(f"127.0.0.1:{p}" for p in stack.app_ports)
              + f" · logs and state: {stack.run_dir}", flush=True)
        while not stopping:
            stack.watch_once()
            time.sleep(0.5)  # how often the processes are looked at
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
