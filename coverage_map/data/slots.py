"""How many heavy jobs run at once on this machine, and who waits: a few numbered slots shared
by every app process (an exclusive ``flock`` on one small file per slot), taken in turn by the
jobs of all processes (first come, first served: each waiting job holds a ticket file named
by the time it came), with each waiting job told its place in line.

Used for the exports drawn with matplotlib and for the upload reader's child processes: one
visitor asking for many files at once waits for a slot instead of taking every core from the
others. A slot or ticket held by a process that dies is freed by the operating system with its
files (a ticket whose lock nobody holds is stale and removed by the next waiter).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path


def machine_slots(env: str) -> int:
    """How many jobs of one kind may run at once: ``env`` if set (a whole number from 1), else
    the number of cores this process may use."""
    text = os.environ.get(env, "")
    if text.isdigit() and int(text) > 0:
        return int(text)
    return max(1, len(os.sched_getaffinity(0)))


def slot_dir() -> Path:
    """Where the slot files live: ``CM_SLOT_DIR``, else a folder of this user's in the temporary
    directory, shared by the machine's app processes."""
    folder = Path(os.environ.get("CM_SLOT_DIR") or Path(tempfile.gettempdir())
                  / f"coverage-map-slots-{os.getuid()}")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _locked(path: Path, create: bool = True) -> int | None:
    """``path`` opened and exclusively locked (created if missing and ``create``); None when
    another holds it."""
    fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise


def _release(fd: int) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class Slots:
    """``size`` slots named ``name``, shared by the app processes of this machine.

    ``with slots.held(on_wait):`` waits for a slot; while it waits, ``on_wait(place)`` is
    called at every poll with the job's place in the machine's line (1: next), so a caller
    can show it (and a Streamlit caller stops waiting when its visitor leaves or clicks)."""

    def __init__(self, name: str, size: int, folder: Path | None = None, poll: float = 0.25):
        self.name, self.size, self.poll = name, size, poll
        self._folder = folder
        self._changed = threading.Condition()
        self._count = 0
        self.running = 0  # jobs of this process holding a slot now

    def _where(self) -> Path:
        return self._folder or slot_dir()

    def _ticket(self) -> tuple[Path, int]:
        """A ticket of this job: a file named by the time it came, locked while it waits."""
        with self._changed:
            self._count += 1
            n = self._count
        path = self._where() / f"{self.name}.ticket-{time.time_ns():020d}-{os.getpid()}-{n}"
        fd = _locked(path)
        assert fd is not None  # a new file of this process's: nobody else holds it
        return path, fd

    def _ahead(self, mine: Path) -> int:
        """How many live tickets came before ``mine`` (stale ones are removed)."""
        ahead = 0
        for path in sorted(self._where().glob(f"{self.name}.ticket-*")):
            if path.name >= mine.name:
                break
            try:
                fd = _locked(path, create=False)
            except FileNotFoundError:  # its job got a slot or gave up meanwhile
                continue
            if fd is None:
                ahead += 1
            else:  # nobody holds it: its process died while waiting
                path.unlink(missing_ok=True)
                _release(fd)
        return ahead

    def _take(self) -> int | None:
        for i in range(self.size):
            fd = _locked(self._where() / f"{self.name}-{i}.lock")
            if fd is not None:
                return fd
        return None

    @contextlib.contextmanager
    def held(self, on_wait: Callable[[int], None] | None = None,
             timeout: float | None = None) -> Iterator[None]:
        """Hold a slot for the block. Raises ``TimeoutError`` after ``timeout`` seconds of
        waiting (never, by default)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        ticket, ticket_fd = self._ticket()
        slot = None
        try:
            while True:
                ahead = self._ahead(ticket)
                slot = self._take() if ahead == 0 else None
                if slot is not None:
                    break
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"no free {self.name} slot after {timeout} s")
                if on_wait is not None:
                    on_wait(ahead + 1)
                with self._changed:  # woken at once when a job of this process ends
                    self._changed.wait(self.poll)
        finally:
            ticket.unlink(missing_ok=True)
            _release(ticket_fd)
            if slot is None:  # leaving the line without a slot: the next may go
                with self._changed:
                    self._changed.notify_all()
        with self._changed:
            self.running += 1
        try:
            yield
        finally:
            with self._changed:
                self.running -= 1
            _release(slot)
            with self._changed:
                self._changed.notify_all()

    def waiting(self) -> int:
        """How many jobs of the machine wait for a slot now."""
        return len(list(self._where().glob(f"{self.name}.ticket-*")))


class RateLimit:
    """At most ``limit`` uses in any ``window`` seconds, for one visitor's session (the
    times are kept by the caller, e.g. in its session state)."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window

    def wait_s(self, times: list[float], now: float) -> float:
        """Seconds until one more use is allowed (0: now)."""
        recent = sorted(x for x in times if now - x < self.window)
        if len(recent) < self.limit:
            return 0.0
        return recent[-self.limit] + self.window - now

    def use(self, times: list[float], now: float) -> list[float]:
        """``times`` with this use added and the ones outside the window dropped."""
        return [x for x in times if now - x < self.window] + [now]
