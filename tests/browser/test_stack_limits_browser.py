"""The production stack (scripts/serve.py) against one client that wants it all, and against a
hung app process: per-address limits and timeouts at nginx, the watchdog, /healthz.

Every socket goes to loopback only. The "attacker" binds its sockets to 127.0.0.2, the other
visitor (urllib, the browser) comes from 127.0.0.1: nginx sees two addresses. The attacks are
bounded in count and time and end by themselves."""

import os
import resource
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import served_stack, state
from test_map_browser import eventually, wait_for_codes
from test_upload_browser import visitor_with_upload

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import serve  # noqa: E402  (the limits and timeouts the stack is written with)

ATTACKER = "127.0.0.2"
WS_HANDSHAKE = (b"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n")
CLIENT_HEADER_TIMEOUT_S = 10  # deploy/nginx.conf.in
CLIENT_BODY_TIMEOUT_S = 8


@pytest.fixture(scope="module", autouse=True)
def many_open_files():
    """Thousands of sockets in this process: as many open files as it may have."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 20_000 if hard == resource.RLIM_INFINITY else min(hard, 20_000)
    if wanted < 4_000:
        pytest.fail(f"this machine allows {hard} open files; the attacks need 4,000")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.fixture(scope="module")
def stack():
    """A stack of its own: these tests attack it and freeze its processes."""
    with served_stack("stack-limits", replicas=2) as (url, run_dir):
        yield url, run_dir



def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def status_of(url: str, timeout: float = 10) -> int:
    """The HTTP status of a GET from 127.0.0.1 (0: no answer in time)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def answers(url: str) -> bool:
    return status_of(url, timeout=3) == 200


def settled(url: str, run_dir) -> None:
    """Every app process answers, and so does /healthz (the test before may have killed some)."""
    eventually(lambda: all(answers(f"http://127.0.0.1:{p}/_stcore/health")
                           for p in state(run_dir)["apps"]) and answers(url + "/healthz"),
               timeout=120)


def connect(port: int, source: str = ATTACKER) -> socket.socket:
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    return s


def websocket_opens(port: int, source: str = "127.0.0.1") -> bool:
    """A WebSocket handshake through nginx to an app process: 101, then closed."""
    try:
        with connect(port, source) as s:
            s.sendall(WS_HANDSHAKE)
            return s.recv(200).startswith(b"HTTP/1.1 101")
    except OSError:
        return False


class Visitor(threading.Thread):
    """Another visitor, from 127.0.0.1, while an attack goes on: ``rounds`` times the page,
    /healthz and a WebSocket, one round a second; it counts what was served (each in 10 s)."""

    def __init__(self, url: str, rounds: int = 10):
        super().__init__(daemon=True)
        self.url, self.rounds = url, rounds
        self.served = {"/": 0, "/healthz": 0, "websocket": 0}
        self.slowest = 0.0

    def run(self):
        for _ in range(self.rounds):
            for what in self.served:
                start = time.monotonic()
                ok = (websocket_opens(port_of(self.url)) if what == "websocket"
                      else status_of(self.url + what) == 200)
                self.served[what] += ok
                self.slowest = max(self.slowest, time.monotonic() - start)
            time.sleep(1)  # one visitor's pace, not a wait for a condition


def closed(s: socket.socket) -> bool:
    """Whether nginx has closed (or reset) this non-blocking socket."""
    try:
        return s.recv(4096) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def test_a_thousand_websockets_from_one_address_leave_room_for_everyone_else(
        stack, new_page, regions):
    url, run_dir = stack
    settled(url, run_dir)
    port = port_of(url)
    sockets, opened = [], 0
    try:
        for _ in range(1000):
            s = connect(port)
            s.sendall(WS_HANDSHAKE)
            sockets.append(s)
        for s in sockets:
            try:
                first = s.recv(200).split(b"\r\n")[0]
            except OSError:
                first = b""
            opened += first.startswith(b"HTTP/1.1 101")
            assert first.startswith((b"HTTP/1.1 101", b"HTTP/1.1 429")), first
        refused = sockets[-1]  # one of the last: refused, with a page in the app's words
        refused.settimeout(10)
        answer = b""
        while b"</html>" not in answer and (chunk := refused.recv(65536)):
            answer += chunk
        assert b"Terlalu banyak permintaan dari alamat Anda" in answer, answer[:300]
        # one address holds at most its share of WebSockets; the others were refused (429)
        assert 0 < opened <= serve.LIMITS["ws_per_address"], opened
        visitor = Visitor(url)
        visitor.start()
        # and a real browser gets the whole page and its map meanwhile
        page = new_page()
        page.goto(url + "/?provinsi=64")
        wait_for_codes(page, set(regions[regions["kode_prov"] == "64"]["kode"]))
        visitor.join(timeout=120)
        print(f"websockets from one address: {opened} of 1000 opened; other visitor: "
              f"{visitor.served} of {visitor.rounds} each, slowest {visitor.slowest:.1f} s")
        assert visitor.served == {k: visitor.rounds for k in visitor.served}, visitor.served
    finally:
        for s in sockets:
            s.close()


def test_two_thousand_slow_connections_are_let_go_and_others_served(stack):
    """Slowloris: 2.000 connections from one address, each sending its request header a line at
    a time, never finishing it. nginx ends each after client_header_timeout; a visitor from
    elsewhere is served all along."""
    url, run_dir = stack
    settled(url, run_dir)
    port = port_of(url)
    sockets = []
    started = time.monotonic()
    try:
        for _ in range(2000):
            s = connect(port)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            s.setblocking(False)
            sockets.append(s)
        visitor = Visitor(url)
        visitor.start()
        still_open = set(range(len(sockets)))
        deadline = started + CLIENT_HEADER_TIMEOUT_S + 30
        while still_open and time.monotonic() < deadline:
            for i in list(still_open):
                try:
                    sockets[i].send(b"X-Lambat: 1\r\n")  # one more line, never the last
                except OSError:
                    pass
                if closed(sockets[i]):
                    still_open.discard(i)
            time.sleep(2)  # the attacker's pace: a header line every 2 s
        let_go = time.monotonic() - started
        visitor.join(timeout=120)
        print(f"slow connections from one address: {len(sockets) - len(still_open)} of "
              f"{len(sockets)} ended by nginx after {let_go:.1f} s; other visitor: "
              f"{visitor.served} of {visitor.rounds} each, slowest {visitor.slowest:.1f} s")
        assert not still_open, f"{len(still_open)} slow connections still open"
        assert let_go < CLIENT_HEADER_TIMEOUT_S + 15
        assert visitor.served == {k: visitor.rounds for k in visitor.served}, visitor.served
    finally:
        for s in sockets:
            s.close()


def test_a_trickled_upload_is_cut_and_one_address_has_few_at_once(stack):
    """Uploads sent a byte every 10 s: nginx ends each CLIENT_BODY_TIMEOUT_S after the last
    byte; past uploads_per_address at once from one address, more are refused (429)."""
    url, run_dir = stack
    settled(url, run_dir)
    port = port_of(url)
    count = serve.LIMITS["uploads_per_address"] + 10
    sockets = []
    try:
        for _ in range(count):
            s = connect(port)
            s.sendall(b"PUT /_stcore/upload_file/x/y HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n"
                      b"\r\n0")
            s.setblocking(False)
            sockets.append(s)
        started = time.monotonic()
        next_byte = started + 10
        refused = set()
        ended = {}
        while len(ended) < count and time.monotonic() < started + 100:
            for i, s in enumerate(sockets):
                if i in ended:
                    continue
                try:
                    data = s.recv(4096)
                    if data.startswith(b"HTTP/1.1 429"):
                        refused.add(i)
                    if data == b"":
                        ended[i] = time.monotonic() - started
                except BlockingIOError:
                    pass
                except OSError:
                    ended[i] = time.monotonic() - started
            if time.monotonic() >= next_byte:
                for i, s in enumerate(sockets):
                    if i not in ended:
                        try:
                            s.send(b"0")
                        except OSError:
                            ended[i] = time.monotonic() - started
                next_byte += 10
            assert status_of(url + "/healthz") == 200  # the others are served meanwhile
            time.sleep(0.2)  # polling interval of a wait-for-condition
        cut = [ended[i] for i in ended if i not in refused]
        print(f"trickled uploads from one address: {len(refused)} of {count} refused, the "
              f"other {len(cut)} cut after {min(cut):.1f} to {max(cut):.1f} s")
        assert len(ended) == count
        assert len(refused) >= count - serve.LIMITS["uploads_per_address"]
        assert cut and max(cut) < CLIENT_BODY_TIMEOUT_S + 5  # before the second byte
    finally:
        for s in sockets:
            s.close()


def test_a_frozen_process_is_replaced_and_its_visitor_moved(stack, new_page, browser, regions,
                                                             tmp_path):
    url, run_dir = stack
    settled(url, run_dir)
    # a visitor with an upload, on one process
    context, mine, off_host = visitor_with_upload(browser, url, regions, tmp_path)
    pool = {c["name"]: c["value"] for c in context.cookies()}["cm_proses"]
    before = state(run_dir)
    port = str(before["pools"][pool])
    pid = before["apps"][port]
    health = f"http://127.0.0.1:{port}/_stcore/health"
    os.kill(pid, signal.SIGSTOP)  # hung: its port still takes connections, nothing answers
    frozen_at = time.monotonic()
    seen = {}

    def watch():  # when the process is replaced, and when the new one answers
        while "answering" not in seen and time.monotonic() < frozen_at + 90:
            if "replaced" not in seen and state(run_dir)["apps"][port] != pid:
                seen["replaced"] = time.monotonic() - frozen_at
            if "replaced" in seen and answers(health):
                seen["answering"] = time.monotonic() - frozen_at
            time.sleep(0.2)  # polling interval of a wait-for-condition

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        # new visitors are served meanwhile, each within 30 s
        loads = []
        for _ in range(3):
            start = time.monotonic()
            page = new_page()
            page.goto(url + "/?provinsi=65")
            wait_for_codes(page, set(regions[regions["kode_prov"] == "65"]["kode"]))
            loads.append(time.monotonic() - start)
            page.context.close()
        watcher.join(timeout=90)
        after = state(run_dir)
        # the frozen process's visitor: moved to a process that answers, and told
        notice = mine.get_by_text("data unggahan Anda (ppu.csv) tidak ada lagi")
        notice.wait_for(timeout=90_000)
        told = time.monotonic() - frozen_at
        print(f"frozen process: killed and started again after {seen.get('replaced', -1):.1f} s,"
              f" answering after {seen.get('answering', -1):.1f} s; its visitor told about the "
              f"upload after {told:.1f} s; new visitors' map loads meanwhile: "
              f"{', '.join(f'{t:.1f}' for t in loads)} s")
        replaced = seen["replaced"]
        assert replaced < 30 and after["restarts"] == before["restarts"] + 1
        assert seen["answering"] < 45
        assert all(t < 30 for t in loads), loads
        wait_for_codes(mine, set(regions["kode"]))
        assert "stopped answering its health check" in (run_dir / "serve.log").read_text()
    finally:
        try:
            os.kill(pid, signal.SIGCONT)  # if it is still there, let it go
        except ProcessLookupError:
            pass
        context.close()
    assert off_host == []


def test_healthz_says_whether_any_app_process_answers(stack):
    url, run_dir = stack
    settled(url, run_dir)
    pids = list(state(run_dir)["apps"].values())
    # one frozen: the other answers
    os.kill(pids[0], signal.SIGSTOP)
    try:
        for _ in range(3):
            assert status_of(url + "/healthz") == 200
        # every one frozen: 503 (each asked in turn, 2 s each), while nginx itself lives
        os.kill(pids[1], signal.SIGSTOP)
        start = time.monotonic()
        assert status_of(url + "/healthz") == 503
        assert time.monotonic() - start < 6
        assert status_of(url + "/healthz/proxy") == 200
    finally:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
    settled(url, run_dir)  # let go (or replaced by the watchdog meanwhile): 200 again
    # every one dead: 503 at once, until one is started again
    pids = list(state(run_dir)["apps"].values())
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    assert eventually(lambda: status_of(url + "/healthz") == 503, timeout=5, interval=0.1)
    assert eventually(lambda: status_of(url + "/healthz") == 200, timeout=90)


def test_only_this_machine_may_run_the_whole_app_as_a_health_check(stack):
    """Each /_stcore/script-health-check runs the whole app: others ask /healthz."""
    url, _ = stack
    for source, status in ((ATTACKER, b"403"), ("127.0.0.1", b"200")):
        s = connect(port_of(url), source)
        s.settimeout(90)
        s.sendall(b"GET /_stcore/script-health-check HTTP/1.1\r\nHost: localhost\r\n"
                  b"Connection: close\r\n\r\n")
        assert s.recv(100).split(b" ")[1] == status, source
        s.close()
