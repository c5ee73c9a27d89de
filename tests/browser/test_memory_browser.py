"""A session's memory goes back when it ends: uploads are not kept after their sessions close."""

import time
from pathlib import Path

import pytest

from conftest import SERVER_PIDS, streamlit_server
from test_map_browser import wait_for_codes

TTL_S = 2  # Streamlit drops a disconnected session after this (default 120 s)


def server_rss(url: str) -> int:
    status = Path(f"/proc/{SERVER_PIDS[url]}/status").read_text()
    return next(int(line.split()[1]) * 1024 for line in status.splitlines()
                if line.startswith("VmRSS:"))


def settled_rss(url: str, timeout: float = 60) -> int:
    """The server's memory once it stops moving (two readings 3 s apart within 3 MB)."""
    deadline = time.monotonic() + timeout
    last = server_rss(url)
    while time.monotonic() < deadline:
        time.sleep(3)  # the interval between two readings of a wait-for-condition
        now = server_rss(url)
        if abs(now - last) < 3 * 2**20:
            return now
        last = now
    return last


@pytest.fixture
def short_ttl_server():
    with streamlit_server("memory-server", "--server.disconnectedSessionTTL", str(TTL_S)) as url:
        yield url


def big_upload(path: Path) -> Path:
    """A large valid long-format file: 5 000 rows, long sources and notes (about 6 MB)."""
    regions = ["Kab. Paser", "Kota Bontang", "Kota Samarinda", "Kota Balikpapan", "Kab. Berau"]
    lines = ["wilayah;indikator;nilai;tanggal;sumber;catatan"]
    for i in range(5_000):
        lines.append(f"{regions[i % 5]};peserta aktif;{10_000 + i};{2000 + i // 240}-"
                     f"{i % 12 + 1:02d};Laporan kantor cabang {i} " + "x" * 150 + ";"
                     + "catatan panjang " * 70)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_memory_of_closed_upload_sessions_is_released(short_ttl_server, browser, regions,
                                                      tmp_path):
    url = short_ttl_server
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = first.new_page()
    page.goto(url)
    wait_for_codes(page, set(regions["kode"]))
    path = big_upload(tmp_path / "besar-valid.csv")
    assert path.stat().st_size > 5_000_000
    peak = 0
    for visitor in range(13):  # then 12 visitors upload 6 MB each (72 MB of files) and leave
        if visitor == 1:  # the first upload also loads code once per process: not a leak
            baseline = settled_rss(url)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        upload = context.new_page()
        upload.goto(f"{url}/unggah")
        upload.get_by_text("Unduh templat CSV").wait_for(timeout=60_000)
        upload.locator('input[type="file"]').set_input_files(str(path))
        upload.get_by_text("kab/kota di berkas besar-valid.csv dipakai").wait_for(
            timeout=60_000)
        peak = max(peak, server_rss(url))
        context.close()  # the visitor leaves
    # Streamlit drops the sessions after the TTL; their memory goes back to the system
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and server_rss(url) > baseline + 60 * 2**20:
        time.sleep(2)  # polling interval of a wait-for-condition
    after = server_rss(url)
    first.close()
    assert after <= baseline + 60 * 2**20, (baseline / 2**20, after / 2**20)
