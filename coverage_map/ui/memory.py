"""Giving memory back to the system once sessions have let go of it.

Python returns freed objects to its own allocator, and glibc keeps freed heap pages for the
process: after a session that held an upload ends, the server's memory would stay at its peak.
``release`` collects what is no longer referenced and asks glibc to return free pages
(``malloc_trim``); ``start_janitor`` does so every ``EVERY_S`` seconds in a daemon thread, so the
memory of sessions that closed (Streamlit drops them after ``server.disconnectedSessionTTL``)
is returned without any session having to run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading

EVERY_S = 20.0
_LIBC = None


def _libc():
    global _LIBC
    if _LIBC is None:
        name = ctypes.util.find_library("c")
        try:
            _LIBC = ctypes.CDLL(name) if name else False
        except OSError:
            _LIBC = False
    return _LIBC


def release() -> None:
    """Collect unreachable objects and return free heap pages to the system (glibc only)."""
    gc.collect()
    libc = _libc()
    if libc and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def start_janitor(every_s: float = EVERY_S) -> threading.Thread:
    """A daemon thread that calls ``release`` every ``every_s`` seconds."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            release()

    thread = threading.Thread(target=loop, name="memory-janitor", daemon=True)
    thread.start()
    return thread
