"""The production stack on one machine: nginx in front of N Streamlit processes.

Started by ``bash scripts/serve.sh [--replicas N] [--port P]``. Writes nginx's configuration
from ``deploy/nginx.conf.in``, starts the app processes (one shared cookie secret, so that XSRF
tokens validate wherever a request lands) and nginx, prints where they are, and watches them: a
process that exits is started again on its port (nginx sends new visitors to the others
meanwhile). Ctrl-C or SIGTERM stops everything. ``.serve/state.json`` lists the addresses and
process ids (for the tests and the benchmark).
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
# Content-Security-Policy: Streamlit's client and its component frames (the map, same origin),
# Vega (compiles its expressions: 'unsafe-eval'), folium's inline map script and styles, data
# and blob images (downloads, exported previews); nothing from another origin.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "connect-src 'self'; frame-src 'self' blob: data:; worker-src 'self' blob:; "
       "media-src 'self' blob: data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'self'")
RESTART_PAUSE_S = 1.0  # between a process's exit and its restart (a crash loop stays slow)
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


def nginx_conf(run_dir: Path, host: str, port: int, app_ports: list[int]) -> str:
    brotli = all(Path(m).exists() for m in BROTLI_MODULES)
    values = {
        "load_brotli": "\n".join(f"load_module {m};" for m in BROTLI_MODULES) if brotli else
        "# brotli: Debian's libnginx-mod-http-brotli-filter is not installed (gzip only)",
        "brotli": ("brotli on;\n  brotli_comp_level 5;\n  brotli_min_length 1024;\n"
                   "  brotli_types text/plain text/css text/javascript application/javascript "
                   "application/json application/x-javascript image/svg+xml application/xml "
                   "font/ttf application/vnd.ms-fontobject text/csv;") if brotli else "",
        "run_dir": str(run_dir), "deploy_dir": str(TEMPLATE.parent), "host": host,
        "port": str(port), "csp": CSP,
        **routes(app_ports),
    }
    font = icon_font(run_dir)
    values["icon_font"] = "" if font is None else (
        f"    # Streamlit's icon font, cut to the icons in use (scripts/serve.py: icon_font)\n"
        f"    location = {font[0]} {{\n      alias {font[1]};\n"
        f"      include {run_dir}/headers.conf;\n"
        f"      add_header Cache-Control \"public, immutable, max-age=31536000\" always;\n"
        f"      default_type font/woff2;\n    }}")
    (run_dir / "headers.conf").write_text(_filled(HEADERS.read_text(), values))
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
    return {
        "upstreams": "\n".join(pools),
        "pools": "\n".join(f"    {n} {n};" for n in names),
        "served": "\n".join(f"    \"~127\\.0\\.0\\.1:{p}$\" {n};"
                             for n, p in zip(names, app_ports)),
        "same": "\n".join(f"    \"{n}|{n}\" \"\";" for n in names),
    }


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"serve: {what} not ready after {timeout:.0f} s")
        time.sleep(0.2)  # polling interval of a wait-for-condition


class Stack:
    """nginx and the app processes, started, watched and stopped together."""

    def __init__(self, replicas: int, host: str, port: int, run_dir: Path):
        self.replicas, self.host, self.port, self.run_dir = replicas, host, port, run_dir
        self.app_ports = [free_port() for _ in range(replicas)]
        self.apps: dict[int, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.restarts = 0
        self.secret = cookie_secret(run_dir)

    def start_app(self, port: int) -> subprocess.Popen:
        log = open(self.run_dir / f"app-{port}.log", "a")
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": self.secret}
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--server.enableXsrfProtection", "true"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.apps[port] = proc
        return proc

    def start(self) -> None:
        for port in self.app_ports:
            self.start_app(port)
        for port in self.app_ports:
            wait_until(lambda p=port: healthy(f"http://127.0.0.1:{p}/_stcore/health"), 120,
                       f"app process on port {port}")
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_conf(self.run_dir, self.host, self.port, self.app_ports))
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / sub).mkdir(exist_ok=True)
        self.nginx = self._start_nginx(conf)
        wait_until(lambda: healthy(f"{self.url}/healthz"), 30, "nginx")
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

    def write_state(self) -> None:
        """state.json, replaced whole (a reader never sees half of it)."""
        temporary = self.run_dir / "state.json.tmp"
        temporary.write_text(json.dumps({
            "url": self.url, "nginx_pid": self.nginx.pid if self.nginx else None,
            "apps": {str(p): proc.pid for p, proc in self.apps.items()},
            "restarts": self.restarts}, indent=1))
        temporary.replace(self.run_dir / "state.json")

    def watch_once(self) -> None:
        """Start again what has exited."""
        for port, proc in list(self.apps.items()):
            if proc.poll() is not None:
                print(f"serve: app process on port {port} exited ({proc.returncode}); "
                      "starting it again", flush=True)
                time.sleep(RESTART_PAUSE_S)
                self.start_app(port)
                self.restarts += 1
                self.write_state()
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
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1,
                        help="app processes (default: the number of cores)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--host", default="0.0.0.0", help="nginx's address (default all)")
    parser.add_argument("--run-dir", type=Path, default=ROOT / ".serve",
                        help="configuration, logs and state (default .serve/)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    args.run_dir.mkdir(parents=True, exist_ok=True)
    stack = Stack(args.replicas, args.host, args.port, args.run_dir.resolve())
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
