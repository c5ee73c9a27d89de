"""A real server and a real browser: `streamlit run` on a free port, Debian's chromium."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
# CM_ARTIFACTS: another folder, so that two test runs on one machine do not share run folders
ARTIFACTS = Path(os.environ.get("CM_ARTIFACTS") or ROOT / "tests" / "artifacts")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling interval of a wait-for-condition, not a fixed sleep
    raise TimeoutError(f"{url} not healthy after {timeout} s")


SERVER_PIDS: dict[str, int] = {}  # url -> process id, for tests that read its memory


@contextlib.contextmanager
def streamlit_server(name: str, *options: str):
    """`streamlit run` on a free port, until the block ends; its log goes to the artefacts.
    ``options`` are more command-line options (``--server.disconnectedSessionTTL``, ``2``)."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACTS / f"{name}.log", "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", *options],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        SERVER_PIDS[url] = proc.pid
        try:
            wait_for_health(url, proc)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)


@contextlib.contextmanager
def served_stack(name: str, replicas: int = 2, options: tuple[str, ...] = (),
                 env: dict[str, str] | None = None):
    """The production stack (``scripts/serve.py``: nginx before ``replicas`` app processes) on
    a free port, until the block ends; yields its URL and its run folder (logs, state.json).
    ``options``: more of serve.py's options (``("--embed-origins", "http://localhost:8000")``);
    ``env``: more environment for it and its processes (``CM_DATA_DIR``)."""
    port = free_port()
    run_dir = ARTIFACTS / name
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "state.json").unlink(missing_ok=True)
    with open(run_dir / "serve.log", "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "--replicas", str(replicas), "--port",
             str(port), "--host", "127.0.0.1", "--run-dir", str(run_dir), *options],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while not (run_dir / "state.json").exists():  # written once all are healthy
                if proc.poll() is not None:
                    raise RuntimeError(f"serve.py exited with {proc.returncode}")
                if time.monotonic() > deadline:
                    raise TimeoutError("the stack did not start")
                time.sleep(0.2)  # polling interval of a wait-for-condition
            wait_for_health(url, proc)
            yield url, run_dir
        finally:
            proc.terminate()
            proc.wait(timeout=60)


def state(run_dir: Path) -> dict:
    """What a stack's ``scripts/serve.py`` says of its processes (ports, pids, pools)."""
    return json.loads((run_dir / "state.json").read_text())


@pytest.fixture(scope="session")
def server():
    """The app as the public reaches it: through nginx, two app processes behind it
    (``CM_DIRECT=1``: one ``streamlit run``, nothing in front)."""
    if os.environ.get("CM_DIRECT"):
        with streamlit_server("server") as url:
            yield url
    else:
        with served_stack("stack") as (url, _):
            yield url


@pytest.fixture
def cold_server():
    """A server no browser has visited yet (for first-request behaviour)."""
    with streamlit_server("cold-server") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"])
        yield b
        b.close()


def _base_path_probe(url: str) -> bool:
    """Opened at /ikn or /unggah, Streamlit's client first looks for its server under that
    path (404) before the root: its own behaviour, not a broken request of ours."""
    path = urlparse(url).path
    return path.count("/") > 2 and path.endswith(("/_stcore/health", "/_stcore/host-config"))


@pytest.fixture
def new_page(browser):
    """Make pages, each in its own browser context (its own Streamlit session), whose requests
    off localhost are blocked and recorded, and whose failed responses (HTTP 4xx/5xx) are
    recorded; the test fails on any."""
    contexts, off_host, failed = [], [], []

    def guard(route):
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            off_host.append(url)
            route.abort()

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                      accept_downloads=True)
        context.route("**/*", guard)
        context.on("response", lambda r: failed.append(f"{r.status} {r.url}")
                   if r.status >= 400 and not _base_path_probe(r.url) else None)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert off_host == [], f"requests off localhost: {off_host}"
    assert failed == [], f"failed requests: {failed}"


@pytest.fixture
def page(new_page):
    return new_page()
