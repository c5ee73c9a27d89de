"""The stack's processes under supervisord (the ``supervisor`` package): its configuration,
written into the run folder from ``deploy/supervisord.conf.in`` (and
``deploy/supervisord-app.conf.in`` once per app process), supervisord itself, a child of
``scripts/serve.py``, and its XML-RPC interface on a unix socket (what ``supervisorctl`` uses).

supervisord starts an app process again whenever it exits: at once if it had been up STARTSECS,
else after 1, 2, 3 ... s (its back-off), at most STARTRETRIES times in a row, then leaves it
FATAL.
Each process's output goes to ``app-PORT.log`` in the run folder, rotated at LOG_MAXBYTES with
LOG_BACKUPS kept; supervisord's own log is ``supervisord.log``. nginx writes ``access.log`` and
``error.log`` itself: ``rotate`` moves one aside at the same size (``serve.py`` then has nginx
reopen its logs, as logrotate would).
"""

from __future__ import annotations

import ctypes
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from pathlib import Path

from supervisor.xmlrpc import SupervisorTransport

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "supervisord.conf.in"
APP_TEMPLATE = ROOT / "deploy" / "supervisord-app.conf.in"
SETTINGS = {
    # up this long and it has started (Streamlit that cannot start, e.g. its port taken, exits
    # within ~3 s); one that exits sooner is a failed start, started again after the back-off
    "startsecs": 10,
    # starts again after a failed start, then FATAL: 1 + 2 + 3 + 4 + 5 s of back-off between
    # the 6 starts, some 30 s in all
    "startretries": 5,
    # SIGTERM to its process group, then SIGKILL after this long
    "stopwaitsecs": 10,
    "log_maxbytes": "10MB",
    "log_backups": 5,
}
UP = ("STARTING", "RUNNING")  # states in which a process has a pid
NGINX_LOGS = ("access.log", "error.log")  # written by nginx itself, in the run folder


def size_in_bytes(text: str) -> int:
    """supervisord's way of writing a size: ``10MB``, ``512KB``, ``2GB`` or bytes."""
    units = {"KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}
    for unit, factor in units.items():
        if text.upper().endswith(unit):
            return int(float(text[:-2]) * factor)
    return int(text)


def rotate(path: Path, max_bytes: int, backups: int) -> bool:
    """``path`` moved aside once it has reached ``max_bytes`` (``.1`` the newest, at most
    ``backups`` kept, as supervisord keeps its logs); whether it was. The writer must then
    reopen it (nginx: SIGUSR1)."""
    try:
        if path.stat().st_size < max_bytes:
            return False
    except FileNotFoundError:
        return False
    for n in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{n + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))
    return True
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def app_name(pool: str) -> str:
    """supervisord's name of the app process of nginx's pool ``pool`` ("r1" -> "app-r1")."""
    return f"app-{pool}"


def socket_path(run_dir: Path) -> Path:
    """supervisord's socket, in the run folder unless its path is too long for a unix socket
    (108 bytes): then in a folder of its own under /tmp."""
    path = run_dir / "supervisord.sock"
    if len(str(path)) < 100:
        return path
    return Path(tempfile.mkdtemp(prefix="cm-serve-")) / "supervisord.sock"


def filled(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def config(run_dir: Path, app_ports: dict[str, int], nginx: str, socket: Path) -> str:
    """supervisord's configuration: the app process of each pool (``{"r1": port, ...}``) and
    nginx (its ``nginx.conf`` in ``run_dir``). Paths in commands are shell-quoted."""
    paths = (run_dir, ROOT, sys.executable, nginx, socket)
    if any("%" in str(path) for path in paths):  # supervisord expands %(...)s, some twice
        raise ValueError(f"serve: supervisord cannot take a '%' in a path: {paths}")
    common = {"run_dir": str(run_dir), "run_dir_arg": shlex.quote(str(run_dir)),
              **{key: str(value) for key, value in SETTINGS.items()}}
    apps = [filled(APP_TEMPLATE.read_text(), {
        **common, "name": app_name(pool), "pool": pool, "port": str(port),
        "python": shlex.quote(sys.executable), "root": str(ROOT)})
        for pool, port in app_ports.items()]
    return filled(TEMPLATE.read_text(), {**common, "apps": "\n".join(apps),
                                         "nginx": shlex.quote(nginx), "socket": str(socket)})


def rpc(socket: Path) -> xmlrpc.client.ServerProxy:
    """supervisord's XML-RPC interface, on a connection of its own (one that failed, before
    supervisord listened or after it stopped, is not used again)."""
    return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(
        None, None, f"unix://{socket}"))


def refuse_if_running(run_dir: Path) -> None:
    """An error if a supervisord already answers on the run folder's socket (a stack runs
    there, or was left running): two stacks never share a run folder."""
    try:
        pid = rpc(run_dir / "supervisord.sock").supervisor.getPID()
    except OSError:  # no socket, or nobody behind it (supervisord replaces a stale one)
        return
    conf = shlex.quote(str(run_dir / "supervisord.conf"))
    raise RuntimeError(f"serve: a stack already runs in {run_dir} (supervisord, pid {pid}): "
                       f"stop it (Ctrl-C where it was started, or .venv/bin/supervisorctl -c "
                       f"{conf} shutdown) or give another --run-dir")


class Supervisor:
    """supervisord, started on its configuration (``supervisord.conf`` in ``run_dir``, see
    ``config``) with ``env`` added to its environment (its processes inherit it), and its
    XML-RPC interface (``self.rpc.supervisor.*``: getAllProcessInfo, signalProcess ...)."""

    def __init__(self, run_dir: Path, app_ports: dict[str, int], nginx: str,
                 env: dict[str, str]):
        self.conf, self.socket = run_dir / "supervisord.conf", socket_path(run_dir)
        self.conf.write_text(config(run_dir, app_ports, nginx, self.socket))
        # a session of its own: Ctrl-C reaches serve.py only, which stops supervisord, which
        # stops the processes it started (each in a process group of its own); and should
        # serve.py die any other way (SIGKILL), supervisord is sent SIGTERM, the same shutdown
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "supervisor.supervisord", "-c", str(self.conf)],
            cwd=run_dir, env={**os.environ, **env}, start_new_session=True,
            preexec_fn=lambda: ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM))
        self.pids: dict[str, int] = {}
        self.fatal: set[str] = set()
        self.restarts = 0

    @property
    def rpc(self) -> xmlrpc.client.ServerProxy:
        return rpc(self.socket)

    def wait_running(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve: supervisord exited ({self.proc.returncode}); see "
                                   f"{self.conf.parent / 'supervisord.log'}")
            try:
                if self.rpc.supervisor.getState()["statename"] == "RUNNING":
                    return
            except OSError:  # its socket is not there yet
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"serve: supervisord not ready after {timeout:.0f} s")
            time.sleep(0.2)  # polling interval of a wait-for-condition

    def start(self, name: str) -> None:
        """Starts a process that does not start by itself (nginx), once it has run startsecs."""
        try:
            self.rpc.supervisor.startProcess(name)
        except xmlrpc.client.Fault as fault:
            raise RuntimeError(f"serve: {name} did not start ({fault.faultString}); see its "
                               f"logs in {self.conf.parent}") from None

    def processes(self) -> dict[str, dict]:
        """Every process's state as supervisord has it: name -> {statename, pid, start ...}."""
        return {info["name"]: info for info in self.rpc.supervisor.getAllProcessInfo()}

    def poll(self) -> tuple[dict[str, dict], list[str], list[str]]:
        """Every process's state, the processes started again since the last poll and those
        newly FATAL. Kept: ``pids`` (each one's last), ``fatal`` (those FATAL now),
        ``restarts`` (starts after a process's first)."""
        processes, restarted, fatal = self.processes(), [], []
        for name, info in processes.items():
            if info["pid"] and info["pid"] != self.pids.get(name):
                if name in self.pids:
                    self.restarts += 1
                    restarted.append(name)
                self.pids[name] = info["pid"]
            if info["statename"] != "FATAL":
                self.fatal.discard(name)
            elif name not in self.fatal:
                self.fatal.add(name)
                fatal.append(name)
        return processes, restarted, fatal

    def fatal_message(self, name: str, what: str, running: bool = True) -> str:
        """What to tell the operator of a process supervisord gave up on (while the stack runs
        on: how to start it again)."""
        log = self.rpc.supervisor.tailProcessStdoutLog(name, 0, 1500)[0].strip().splitlines()
        return "\n    ".join(
            [f"serve: {what} kept exiting within {SETTINGS['startsecs']} s of its start; "
             f"supervisord gave up on it after {SETTINGS['startretries'] + 1} starts in a row "
             f"(FATAL). The end of its log ({self.conf.parent}):", *log[-12:]]
        ) + (f"\nOnce the cause is fixed, start it again: {self.ctl('start ' + name)}"
             if running else "")

    def ctl(self, command: str) -> str:
        """The supervisorctl command for this stack (for messages to the operator)."""
        ctl = Path(sys.executable).parent / "supervisorctl"
        return f"{shlex.quote(str(ctl))} -c {shlex.quote(str(self.conf))} {command}"

    def stop(self, timeout: float = 60) -> None:
        """Stops every process (nginx first, then the app processes: SIGTERM to each process
        group, SIGKILL after stopwaitsecs), then supervisord itself."""
        if self.proc.poll() is None:
            try:
                self.rpc.supervisor.shutdown()
            except Exception:  # noqa: BLE001 (whatever it says: it is stopped by its signal)
                self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.socket.parent != self.conf.parent:  # the folder of its own under /tmp
            shutil.rmtree(self.socket.parent, ignore_errors=True)
