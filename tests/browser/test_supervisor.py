"""The stack's processes under supervisord (scripts/serve.py, scripts/supervise.py): the
configuration it is written with (back-off, log rotation, process groups), a process killed
with SIGKILL started again by supervisord, a process that cannot start left FATAL and said so
(and a stack none of whose processes can start stopped), Ctrl-C or a SIGKILL of serve.py
leaving no process behind, one stack per run folder. Real supervisord, real Streamlit,
loopback only; no browser."""

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ARTIFACTS, ROOT, free_port, served_stack, state
from supervisor.datatypes import RestartUnconditionally
from supervisor.options import ServerOptions
from test_map_browser import eventually

sys.path.insert(0, str(ROOT / "scripts"))
import supervise  # noqa: E402  (the settings the configuration is written with)


@pytest.fixture(scope="module")
def stack():
    """A stack of its own: these tests kill and block its processes."""
    with served_stack("stack-supervisor", replicas=2) as (url, run_dir):
        yield url, run_dir


def programs(conf: Path) -> dict:
    """supervisord's configuration as supervisord itself reads it: name -> process config."""
    options = ServerOptions()
    options.realize(args=["-c", str(conf)])
    return {p.name: p for group in options.process_group_configs
            for p in group.process_configs}


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def descendants(pid: int) -> set[int]:
    """Every living process started by ``pid``, its children's children included."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                children.setdefault(parent_of(int(entry.name)), []).append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return {p for p in found if alive(p)}


def fresh(run_dir: Path) -> Path:
    """An empty run folder (supervisord appends to its log)."""
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    return run_dir


def supervisord_pid(run_dir: Path) -> int:
    return int((run_dir / "supervisord.pid").read_text())


def ctl(run_dir: Path, *command: str) -> str:
    """supervisorctl of the package, on the stack's configuration."""
    done = subprocess.run([str(Path(sys.executable).parent / "supervisorctl"), "-c",
                           str(run_dir / "supervisord.conf"), *command],
                          capture_output=True, text=True, timeout=60)
    return done.stdout


def health(port) -> bool:
    """Whether the app process on ``port`` answers its health check."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=3) as r:
            return r.status == 200
    except OSError:
        return False


def test_the_configuration_backs_off_rotates_logs_and_stops_process_groups(tmp_path):
    """Written for a run folder whose path has a space, read back by supervisord's own
    parser. (A path with "%", which supervisord would expand, is refused.)"""
    with pytest.raises(ValueError, match="cannot take a '%' in a path"):
        supervise.config(tmp_path / "100%", {"r1": 8601}, "/usr/sbin/nginx", tmp_path / "s")
    run_dir = tmp_path / "run folder"
    run_dir.mkdir()
    conf = run_dir / "supervisord.conf"
    conf.write_text(supervise.config(run_dir, {"r1": 8601, "r2": 8602}, "/usr/sbin/nginx",
                                     run_dir / "supervisord.sock"))
    read = programs(conf)
    assert set(read) == {"app-r1", "app-r2", "nginx"}
    for name, port in (("app-r1", 8601), ("app-r2", 8602)):
        app = read[name]
        assert app.command.startswith(sys.executable) and f"--server.port {port}" in app.command
        assert app.directory == str(ROOT)
        # started again whenever it exits; a failed start (sooner than startsecs) backs off,
        # startretries times, then FATAL
        assert app.autostart and app.autorestart is RestartUnconditionally
        assert app.startsecs == supervise.SETTINGS["startsecs"] >= 5
        assert 0 < app.startretries == supervise.SETTINGS["startretries"] <= 10
        # its output rotated, a few files kept
        assert app.stdout_logfile == str(run_dir / f"app-{port}.log") and app.redirect_stderr
        assert app.stdout_logfile_maxbytes == 10 * 1024 * 1024
        assert app.stdout_logfile_backups == supervise.SETTINGS["log_backups"] > 0
        # stopped as a process group (whatever it started stops with it), killed if it hangs
        assert app.stopasgroup and app.killasgroup and app.stopwaitsecs > 0
    nginx = read["nginx"]
    assert not nginx.autostart and nginx.autorestart is RestartUnconditionally  # serve.py starts it
    assert nginx.priority > read["app-r1"].priority  # stopped first
    assert shlex.split(nginx.command)[2] == str(run_dir)  # as supervisord splits it: one word
    assert nginx.stdout_logfile_maxbytes > 0 and nginx.stdout_logfile_backups > 0


def test_the_running_stack_is_supervisords(stack):
    url, run_dir = stack
    read = programs(run_dir / "supervisord.conf")
    # RUNNING once up startsecs (STARTING before)
    status = eventually(lambda: (out := ctl(run_dir, "status")).count("RUNNING") == 3 and out,
                        timeout=60)
    now = state(run_dir)
    supervisor = supervisord_pid(run_dir)
    for pool, port in now["pools"].items():
        name = supervise.app_name(pool)
        assert f"--server.port {port}" in read[name].command
        assert read[name].stdout_logfile == str(run_dir / f"app-{port}.log")
        pid = now["apps"][str(port)]
        assert parent_of(pid) == supervisor  # started by supervisord, not by serve.py
        line = next(line for line in status.splitlines() if line.startswith(name))
        assert "RUNNING" in line and f"pid {pid}," in line
    assert parent_of(now["nginx_pid"]) == supervisor and "nginx" in status
    assert (run_dir / "supervisord.log").exists() and now["fatal"] == []


def test_a_log_is_moved_aside_at_its_size_and_few_are_kept(tmp_path):
    log = tmp_path / "access.log"
    assert not supervise.rotate(log, 10, 2)  # none yet
    for n in range(4):
        log.write_text(f"round {n} " + "x" * 20)
        assert supervise.rotate(log, 10, 2) and not log.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["access.log.1", "access.log.2"]
    assert (tmp_path / "access.log.1").read_text().startswith("round 3")
    assert (tmp_path / "access.log.2").read_text().startswith("round 2")
    log.write_text("small")
    assert not supervise.rotate(log, 10, 2) and log.read_text() == "small"
    assert supervise.size_in_bytes("10MB") == 10 * 1024 * 1024
    assert supervise.size_in_bytes("512KB") == 512 * 1024 and supervise.size_in_bytes("7") == 7


def test_nginx_logs_are_rotated_and_nginx_writes_the_new_one(stack):
    """nginx writes its access.log itself: grown past supervisord's size, serve.py moves it
    aside and has nginx reopen it; the next request is written to a new access.log."""
    url, run_dir = stack
    log = run_dir / "access.log"
    with open(log, "ab") as out:  # as if a busy day had been logged
        out.write(b"#" * supervise.size_in_bytes(supervise.SETTINGS["log_maxbytes"]))
    eventually(lambda: (run_dir / "access.log.1").exists(), timeout=30)
    assert (run_dir / "access.log.1").stat().st_size >= supervise.size_in_bytes(
        supervise.SETTINGS["log_maxbytes"])

    def logged_anew() -> bool:
        urllib.request.urlopen(f"{url}/?rotated", timeout=10).read()  # logged (healthz is not)
        return log.exists() and "GET /" in log.read_text(errors="replace")

    eventually(logged_anew, timeout=30)
    assert log.stat().st_size < 100_000


def test_an_app_process_killed_with_sigkill_comes_back_under_supervisord(stack):
    url, run_dir = stack
    eventually(lambda: all(health(p) for p in state(run_dir)["apps"]), timeout=90)
    before = state(run_dir)
    port, pid = next(iter(before["apps"].items()))
    name = next(supervise.app_name(pool) for pool, p in before["pools"].items()
                if str(p) == port)
    os.kill(pid, signal.SIGKILL)
    after = eventually(lambda: (now := state(run_dir))["apps"][port] != pid and now,
                       timeout=30)
    new_pid = after["apps"][port]
    assert after["restarts"] == before["restarts"] + 1
    assert parent_of(new_pid) == supervisord_pid(run_dir)
    assert eventually(lambda: health(port), timeout=90)
    assert eventually(lambda: f"RUNNING   pid {new_pid}," in ctl(run_dir, "status", name),
                      timeout=30)
    log = (run_dir / "supervisord.log").read_text()
    assert f"exited: {name} (terminated by SIGKILL; not expected)" in log
    assert f"spawned: '{name}' with pid {new_pid}" in log
    assert f"supervisord started app process {name} " in (run_dir / "serve.log").read_text()
    # the stack served all along, through the other process
    assert eventually(lambda: health(before["pools"]["r2" if name == "app-r1" else "r1"]))


def test_a_process_that_cannot_start_is_left_fatal_and_said_so(stack):
    """Its port taken: Streamlit exits at once, each time. supervisord tries again after 1, 2,
    3 ... s, then gives up (FATAL); serve.py says so, with the end of the process's log and
    the command that starts it again, and the other process serves meanwhile."""
    url, run_dir = stack
    eventually(lambda: all(health(p) for p in state(run_dir)["apps"]), timeout=90)
    pools = state(run_dir)["pools"]
    port, name = pools["r1"], supervise.app_name("r1")
    spawned_before = (run_dir / "supervisord.log").read_text().count(f"spawned: '{name}'")
    ctl(run_dir, "stop", name)
    taken = socket.socket()
    taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    taken.bind(("127.0.0.1", port))
    taken.listen()
    try:
        started = time.monotonic()
        ctl(run_dir, "start", name)  # returns when the first start has failed
        eventually(lambda: state(run_dir)["fatal"] == [name], timeout=120)
        took = time.monotonic() - started
        tries = ((run_dir / "supervisord.log").read_text().count(f"spawned: '{name}'")
                 - spawned_before)
        print(f"a process that cannot start: FATAL after {tries} starts in {took:.0f} s")
        assert tries == supervise.SETTINGS["startretries"] + 1
        assert took > 1 + 2 + 3 + 4  # the back-off between them
        assert "FATAL" in ctl(run_dir, "status", name)
        said = (run_dir / "serve.log").read_text()
        assert f"serve: app process {name} (127.0.0.1:{port}) kept exiting" in said
        assert f"Port {port} is not available" in said  # the end of its log
        assert f"supervisorctl -c {run_dir / 'supervisord.conf'} start {name}" in said
        # the other serves: the stack goes on
        assert health(pools["r2"])
        with urllib.request.urlopen(url + "/healthz", timeout=10) as answer:
            assert answer.status == 200
    finally:
        taken.close()
    # once the cause is gone, the command it named starts it again
    ctl(run_dir, "start", name)
    assert eventually(lambda: health(port), timeout=90)
    assert eventually(lambda: state(run_dir)["fatal"] == [], timeout=10)


def serve(run_dir: Path) -> subprocess.Popen:
    """serve.py with one app process in ``run_dir``, as from a terminal (a process group of
    its own), once it has written state.json."""
    with open(run_dir / "serve.log", "a") as log:
        proc = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "--replicas", "1", "--port", str(free_port()),
             "--host", "127.0.0.1", "--run-dir", str(run_dir)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    eventually(lambda: (run_dir / "state.json").exists() or proc.poll() is not None,
               timeout=180)
    assert proc.poll() is None, (run_dir / "serve.log").read_text()
    return proc


def everything_started(proc: subprocess.Popen, run_dir: Path) -> set[int]:
    """Every process serve.py started, checked against state.json and supervisord.pid."""
    now = state(run_dir)
    started = descendants(proc.pid)
    assert {supervisord_pid(run_dir), now["nginx_pid"], *now["apps"].values()} <= started
    assert len(descendants(now["nginx_pid"])) >= 1  # nginx's workers
    return started


def test_ctrl_c_stops_everything_the_stack_started():
    """serve.py in a terminal's foreground: Ctrl-C (SIGINT to its process group) stops nginx
    and its workers, the app processes and supervisord; nothing is left."""
    run_dir = fresh(ARTIFACTS / "stack-ctrl-c")
    proc = serve(run_dir)
    try:
        started = everything_started(proc, run_dir)
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        assert not [pid for pid in started if alive(pid)]
        assert "stopped: app-r1" in (run_dir / "supervisord.log").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_one_stack_per_run_folder_and_killed_outright_it_leaves_nothing():
    """A second serve.py in the same run folder is refused and changes nothing of the first;
    serve.py killed with SIGKILL (no chance to stop anything) takes supervisord and all it
    runs with it (supervisord is sent SIGTERM when its parent dies)."""
    run_dir = fresh(ARTIFACTS / "stack-killed")
    proc = serve(run_dir)
    try:
        started = everything_started(proc, run_dir)
        conf = (run_dir / "nginx.conf").read_text()
        second = subprocess.run(
            [sys.executable, "scripts/serve.py", "--replicas", "1", "--port", str(free_port()),
             "--host", "127.0.0.1", "--run-dir", str(run_dir)],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert second.returncode == 1
        assert f"a stack already runs in {run_dir}" in second.stderr, second.stderr
        assert (run_dir / "nginx.conf").read_text() == conf
        assert all(alive(pid) for pid in started) and health(next(iter(state(run_dir)["apps"])))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert eventually(lambda: not [pid for pid in started if alive(pid)], timeout=60)
        assert "stopped: app-r1" in (run_dir / "supervisord.log").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_stack_whose_app_processes_cannot_start_says_why_and_stops():
    """Every start fails (here a half-set TLS option in Streamlit's environment): after the
    back-off supervisord gives up, and serve.py stops with the reason rather than looping."""
    run_dir = fresh(ARTIFACTS / "stack-cannot-start")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "scripts/serve.py", "--replicas", "1", "--port", str(free_port()),
         "--host", "127.0.0.1", "--run-dir", str(run_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={**os.environ, "STREAMLIT_SERVER_SSL_CERT_FILE": "/nonexistent"})
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert "app process app-r1" in said and "(FATAL)" in said
    assert "'server.sslCertFile' and 'server.sslKeyFile' must be set together" in said
    assert time.monotonic() - started < 90
    assert not (run_dir / "state.json").exists()  # never up
    log = (run_dir / "supervisord.log").read_text()
    assert "gave up: app-r1 entered FATAL state, too many start retries too quickly" in log
    assert log.count("spawned: 'app-r1'") == supervise.SETTINGS["startretries"] + 1
    assert "supervisord started with pid" in log and not (run_dir / "supervisord.pid").exists()
    supervisor = int(log.split("supervisord started with pid ")[1].split()[0])
    assert not alive(supervisor) and not descendants(supervisor)
