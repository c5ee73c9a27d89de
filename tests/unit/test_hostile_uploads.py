"""Files made to hurt: each gets a clear message, within bounded time and memory, and no usable
figure is lost. The files are made in memory by the corpus's build script (``hostile_cases``).

Time and memory are bounded by construction (the reader runs in a child process with a
``reading.MAX_SECONDS`` timeout and a ``reading.MAX_MEMORY`` address-space limit); these tests
check that the bounds hold with a wide margin, as the benchmark does, not a tight timing.
"""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from coverage_map.data import reading, upload, upload_report

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "upload_corpus"))

from build_corpus import hostile_cases  # noqa: E402

CASES = {name: (data, expected) for name, data, expected in hostile_cases()}
GOAL_SECONDS = 20  # the issue's goal for every hostile file
GOAL_MEMORY = 700 * 1024 * 1024


def rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_answered_clearly_in_bounded_time_and_memory(name, table):
    data, expected = CASES[name]
    before = rss()
    start = time.monotonic()
    report = upload.validate(data, name, table)
    elapsed = time.monotonic() - start
    text = report.to_text()
    assert elapsed < GOAL_SECONDS, (name, elapsed)
    assert report.reader_peak_bytes < GOAL_MEMORY, (name, report.reader_peak_bytes)
    assert rss() - before < 150 * 1024 * 1024  # the server's own process stays light
    assert report.usable == expected["usable"], text
    if "matched" in expected:
        assert len(report.matched) == expected["matched"], text
    if "figures" in expected:
        assert len(report.figures) == expected["figures"], text
    for fragment in expected["messages"]:
        assert fragment in text, f"{fragment!r} not in:\n{text}"
    assert "Traceback" not in text and "Error" not in text
    if report.usable:  # only finite, plausible numbers reach the map
        assert report.figures["value"].between(0, 50_000_000).all()
        assert report.figures["source_publisher"].str.len().max() <= upload.MAX_SOURCE + 1


def test_monthly_series_keeps_every_month_for_the_date_control(table):
    data, _ = CASES["monthly_series.csv"]
    report = upload.validate(data, "bulanan.csv", table)
    paser = report.figures[report.figures["kode"] == "64.01"]
    assert sorted(paser["as_of"]) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert not [i for i in report.issues if i.kind == "up_duplicate"]


def test_repeated_warnings_become_one_summary(table):
    data, _ = CASES["duplicates_2000.csv"]
    report = upload.validate(data, "dupe.csv", table)
    assert len(report.warnings) == upload_report.SHOWN_PER_KIND + 1
    assert "1.996 baris lagi dengan pesan yang sama (baris 6, 7, 8" in str(report.warnings[-1])


def test_a_reader_that_runs_out_of_memory_gives_a_message(monkeypatch):
    """The child's memory limit is real: below what a 5 MB file needs, the reader fails, and
    the server gets the clear message, not a crash."""
    monkeypatch.setenv("COVERAGE_MAP_READER_MEMORY", str(20 * 1024 * 1024))
    data = b"Kabupaten/Kota;Peserta Aktif\n" + b"Kab. Paser;1\n" * 400_000
    with pytest.raises(reading.Unreadable, match="terlalu besar atau rumit"):
        reading.read(data, "a.csv")


def test_a_reader_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SECONDS", 0.01)
    start = time.monotonic()
    with pytest.raises(reading.Unreadable, match="terlalu rumit untuk dibaca dalam"):
        reading.read(CASES["far_cell.xlsx"][0], "a.xlsx")
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("name", ["long_field.csv", "merge_whole_sheet.xlsx", "encrypted.xlsx",
                                  "digits_400.csv"])
def test_cli_answers_hostile_files_without_a_traceback(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(CASES[name][0])
    run = subprocess.run([sys.executable, "-m", "coverage_map", "validate", str(path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert name in run.stdout
