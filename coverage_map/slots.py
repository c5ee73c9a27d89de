"""How many heavy jobs run at once on this machine, and who waits: a few numbered slots shared
by every app process (an exclusive ``flock`` on one small file per slot), taken in turn by the
jobs of one process (first come, first served), with each waiting job told its place in line.

Used for the exports drawn with matplotlib and for the upload reader's child processes: one
visitor asking for many files at once waits for a slot instead of taking every core from the
others. A slot held by a process that dies is freed by the operating system with its files.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path


def machine_slots(env: str) -> int:
    """How many jobs of one kind may run at once: ``env`` if set (a whole number from 1), else
    the number of cores."""
    text = os.environ.get(env, "")
    if text.isdigit() and int(text) > 0:
        return int(text)
    return max(1, os.cpu_count() or 1)


def slot_dir() -> Path:
    """Where the slot files live: ``CM_SLOT_DIR`` (one per served stack), else a folder in
    the temporary directory shared by the machine's app processes."""
    folder = Path(os.environ.get("CM_SLOT_DIR") or Path(tempfile.gettempdir())
                  / f"coverage-map-slots-{os.getuid()}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Slots:
    """``size`` slots named ``name``, shared by the app processes of this machine.

    ``with slots.held(on_wait):`` waits for a slot; while it waits, ``on_wait(place)`` is
    called with the job's place in this process's line (1: next) whenever it changes."""

    def __init__(self, name: str, size: int, folder: Path | None = None, poll: float = 0.25):
        self.name, self.size, self.poll = name, size, poll
        self._folder = folder
        self._line: deque[int] = deque()
        self._tickets = itertools.count()
        self._changed = threading.Condition()
        self.running = 0  # jobs of this process holding a slot now

    def _paths(self) -> list[Path]:
        folder = self._folder or slot_dir()
        return [folder / f"{self.name}-{i}.lock" for i in range(self.size)]

    def _try_take(self) -> int | None:
        """A free slot's open file, locked; None when every slot is held."""
        for path in self._paths():
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        return None

    def place(self, ticket: int) -> int:
        with self._changed:
            return list(self._line).index(ticket) + 1

    @contextlib.contextmanager
    def held(self, on_wait: Callable[[int], None] | None = None,
             timeout: float | None = None) -> Iterator[None]:
        """Hold a slot for the block. Raises ``TimeoutError`` after ``timeout`` seconds of
        waiting (never, by default)."""
        ticket = next(self._tickets)
        with self._changed:
            self._line.append(ticket)
        deadline = None if timeout is None else time.monotonic() + timeout
        fd, told = None, None
        try:
            while True:
                with self._changed:
                    first = self._line[0] == ticket
                    place = list(self._line).index(ticket) + 1
                fd = self._try_take() if first else None
                if fd is not None:
                    break
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"no free {self.name} slot after {timeout} s")
                if on_wait is not None and place != told:
                    on_wait(place)
                    told = place
                with self._changed:  # woken when a job of this process ends or leaves the line
                    self._changed.wait(self.poll)
            with self._changed:
                self._line.remove(ticket)
                self.running += 1
                self._changed.notify_all()
            try:
                yield
            finally:
                with self._changed:
                    self.running -= 1
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
                with self._changed:
                    self._changed.notify_all()
        finally:
            with self._changed:
                if ticket in self._line:  # left the line without a slot (stopped or timed out)
                    self._line.remove(ticket)
                    self._changed.notify_all()


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
