"""A throwaway PostgreSQL server for the tests: a cluster made with ``initdb`` in a temporary
folder, started with ``pg_ctl`` on a free port of 127.0.0.1, stopped and removed at the end.
Debian's ``postgresql`` is installed by ``scripts/setup.sh --dev``; without it this fails
(a test of the PostgreSQL store is never skipped)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/setup.sh --dev")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server():
    """Yields ``postgresql://cm@127.0.0.1:PORT/postgres`` of a server of its own."""
    bin_dir = _binaries()
    folder = Path(tempfile.mkdtemp(prefix="cm-pg-"))
    data, port = folder / "data", _free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: its own user runs it
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, cwd=folder)

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "cm", "--auth=trust", "-E", "UTF8",
        "--no-sync", "--locale=C")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
              "-c synchronous_commit=off -c full_page_writes=off", "start")
    try:
        yield f"postgresql://cm@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)
