"""Export and reader slots: at most N jobs at once across processes, the others wait in line in
the order they came and are told their place; a session's rate limit."""

import os
import subprocess
import sys
import threading
import time

import pytest

from coverage_map.data import slots


def test_no_more_than_size_jobs_run_at_once_and_the_rest_wait_in_order(tmp_path):
    pool = slots.Slots("t", 2, folder=tmp_path, poll=0.05)
    running, most, order, places = [], [0], [], {}
    lock = threading.Lock()
    done = [threading.Event() for _ in range(5)]  # each job ends when told

    def job(n: int):
        with pool.held(on_wait=lambda place: places.setdefault(n, []).append(place)):
            with lock:
                running.append(n)
                order.append(n)
                most[0] = max(most[0], len(running))
            done[n].wait(60)
            with lock:
                running.remove(n)

    def until(condition) -> None:
        deadline = time.monotonic() + 10
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.01)  # polling interval of a wait-for-condition

    threads = []
    for n in range(5):
        th = threading.Thread(target=job, args=(n,))
        th.start()
        threads.append(th)
        # each job is running, or waiting in line, before the next one starts
        until(lambda: (len(order), pool.waiting()) == (min(n + 1, 2), max(0, n - 1)))
    assert sorted(order) == [0, 1] and pool.running == 2
    until(lambda: len(places) >= 3)
    assert [places[n][0] for n in (2, 3, 4)] == [1, 2, 3]  # told their place
    # one slot freed at a time: the first in line gets it, then the next (first come, first
    # served; two freed at once would let the two next start in either order)
    for ending, starting in ((0, 2), (1, 3), (2, 4)):
        done[ending].set()
        until(lambda: starting in order)
        assert order[-1] == starting
    for event in done:
        event.set()
    for th in threads:
        th.join(30)
    assert most[0] == 2
    assert order == [0, 1, 2, 3, 4]
    assert pool.running == 0 and pool.waiting() == 0


def test_the_line_is_the_machines_and_a_dead_waiters_ticket_is_passed_over(tmp_path):
    """A job in another process that came first goes first, though this process's own job is
    woken at once when the slot frees; a ticket left by a process that died while waiting
    holds nobody up."""
    script = (
        "import sys; from pathlib import Path; from coverage_map.data import slots\n"
        f"pool = slots.Slots('t', 1, folder=Path({str(tmp_path)!r}), poll=0.05)\n"
        "told = []\n"
        "def wait(place):\n"
        "    if not told or told[-1] != place: told.append(place); print('waiting', place, "
        "flush=True)\n"
        "with pool.held(on_wait=wait):\n"
        "    print('held', flush=True); sys.stdin.readline()\n")
    pool = slots.Slots("t", 1, folder=tmp_path, poll=0.05)
    first = pool.held()
    first.__enter__()  # the slot is busy
    other = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().split() == ["waiting", "1"]
        told, got = [], threading.Event()

        def mine():
            with pool.held(on_wait=told.append):
                got.set()

        waiter = threading.Thread(target=mine)
        waiter.start()
        deadline = time.monotonic() + 10
        while not told and time.monotonic() < deadline:
            time.sleep(0.01)
        assert told[0] == 2  # behind the other process's job
        first.__exit__(None, None, None)
        assert other.stdout.readline().strip() == "held"  # it came first
        assert not got.is_set() and pool.running == 0
        other.kill()  # dies holding the slot: the system frees it
        assert got.wait(10)
        waiter.join(10)
    finally:
        other.kill()
        other.wait(10)
    # a ticket older than any, left by a process that died while waiting
    stale = tmp_path / f"t.ticket-{1:020d}-1-1"
    stale.touch()
    with pool.held(timeout=5):
        assert not stale.exists()


def test_a_slot_held_by_another_process_is_waited_for(tmp_path):
    """The slots are the machine's: a job in another process holds one."""
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; from pathlib import Path; from coverage_map.data import slots\n"
            f"pool = slots.Slots('t', 1, folder=Path({str(tmp_path)!r}))\n"
            "with pool.held():\n"
            "    print('held', flush=True); sys.stdin.readline()\n")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        pool = slots.Slots("t", 1, folder=tmp_path, poll=0.05)
        with pytest.raises(TimeoutError):
            with pool.held(timeout=0.3):
                pass
        assert pool.waiting() == 0  # a job that gave up left the line
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(10)
        with pool.held(timeout=5):  # free once that process let go
            assert pool.running == 1
    finally:
        holder.kill()


def test_a_job_that_fails_frees_its_slot(tmp_path):
    pool = slots.Slots("t", 1, folder=tmp_path)
    with pytest.raises(ValueError):
        with pool.held():
            raise ValueError("drawing failed")
    with pool.held(timeout=1):
        assert pool.running == 1


def test_machine_slots_from_the_environment(monkeypatch):
    monkeypatch.setenv("CM_TEST_SLOTS", "3")
    assert slots.machine_slots("CM_TEST_SLOTS") == 3
    for bad in ("0", "-1", "zwei", ""):
        monkeypatch.setenv("CM_TEST_SLOTS", bad)
        assert slots.machine_slots("CM_TEST_SLOTS") == len(os.sched_getaffinity(0))


def test_rate_limit_counts_uses_in_the_window():
    limit = slots.RateLimit(limit=3, window=60.0)
    times: list[float] = []
    for now in (0.0, 10.0, 20.0):
        assert limit.wait_s(times, now) == 0.0
        times = limit.use(times, now)
    assert limit.wait_s(times, 30.0) == pytest.approx(30.0)  # the first use leaves at 60
    assert limit.wait_s(times, 60.5) == 0.0
    assert limit.use(times, 61.0) == [10.0, 20.0, 61.0]  # the old one dropped


def test_an_upload_waits_for_a_free_reader_and_is_told_its_place(tmp_path, monkeypatch, bundle):
    """At most N uploads are read at once (each reader may take 15 s and 700 MB)."""
    from coverage_map.data import reading, upload

    monkeypatch.setattr(reading, "READERS", slots.Slots("unggah", 1, folder=tmp_path, poll=0.05))
    told, out = [], {}
    csv = "Kode;Kabupaten/Kota;Cakupan (%)\n64.71;Kota Balikpapan;97,5\n".encode()
    with reading.READERS.held():  # another visitor's file is being read
        worker = threading.Thread(target=lambda: out.setdefault("report", upload.validate(
            csv, "b.csv", bundle.table, on_wait=told.append)))
        worker.start()
        deadline = time.monotonic() + 10
        while not told and time.monotonic() < deadline:
            time.sleep(0.02)
        assert set(told) == {1} and "report" not in out  # waiting, next in line
    worker.join(30)
    assert out["report"].usable and out["report"].figures["value"].tolist() == [97.5]
