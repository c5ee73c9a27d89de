"""Files made while other visitors use the app, and from the visitor's own uploaded figures:
every kind drawn on the server (map PNG 16:9 and A4, map PDF, a fact sheet, a province's fact
sheets, the plan brief) is made whole while two other sessions keep running the map in the
same server process; after an upload, each file holds the uploaded figure and its mark. And a
visitor's "clear cache" message empties nothing the other visitors share."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from streamlit.proto.BackMsg_pb2 import BackMsg

from conftest import ARTIFACTS, streamlit_server
from test_map_browser import MAP_IFRAME, wait_for_codes

VISITORS = Path(__file__).with_name("visitors.py")
UPLOAD = "Kode;Kabupaten/Kota;Cakupan (%);Angkatan Kerja;Tanggal\n" \
         "64.71;Kota Balikpapan;97,5;420.000;2026-06\n"


@pytest.fixture(scope="module")
def one_process():
    """One app process, so that the other visitors' runs end in the process making the files
    (through the stack they could be sent to the other one)."""
    with streamlit_server("exports") as url:
        yield url


def made_and_downloaded(page, label: str, name: str, timeout: float = 120_000) -> bytes:
    """Ask for the file, wait until it is made, download it."""
    page.get_by_role("button", name=label, exact=True).click()
    ready = page.get_by_role("button", name=f"Unduh {label} (")
    ready.wait_for(timeout=timeout)
    with page.expect_download(timeout=60_000) as info:
        ready.click()
    path = ARTIFACTS / name
    info.value.save_as(path)
    return path.read_bytes()


def pdf_text(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_every_file_is_made_while_others_use_the_app(one_process, page, regions, tmp_path):
    stop = tmp_path / "stop"
    others = subprocess.Popen([sys.executable, str(VISITORS), one_process, str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        page.goto(f"{one_process}/?provinsi=64")
        page.get_by_text("Unduh untuk slide, cetak dan analisis").click()
        made = {label: made_and_downloaded(page, label, name) for label, name in (
            ("PNG 16:9", "lain-16x9.png"), ("PNG A4", "lain-a4.png"), ("PDF A4", "lain-a4.pdf"))}
        assert made["PNG 16:9"][:8] == made["PNG A4"][:8] == b"\x89PNG\r\n\x1a\n"
        assert "Kalimantan Timur" in pdf_text(made["PDF A4"])[0]
        for label, check in (("Unduh peta interaktif (HTML)", b"Kalimantan Timur"),
                             ("XLSX", b"PK\x03\x04")):  # made on a thread of their own
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name=label, exact=True).click()
            assert check in Path(info.value.path()).read_bytes()[:2_000_000]

        page.goto(f"{one_process}/wilayah?kode=65.03")
        one = made_and_downloaded(page, "Lembar fakta Kabupaten Nunukan", "lain-nunukan.pdf")
        assert "Cakupan Kabupaten Nunukan dan pembandingnya" in pdf_text(one)[0]
        bundle = made_and_downloaded(page, "Semua kab/kota Kalimantan Utara (5 halaman)",
                                     "lain-kaltara.pdf")
        names = regions[regions["kode_prov"] == "65"].sort_values("kode")["nama"]
        pages = pdf_text(bundle)
        assert len(pages) == 5
        assert all(f"Cakupan {name} dan pembandingnya" in text for name, text in zip(names, pages))

        page.goto(f"{one_process}/rencana?kode=64.72")
        brief = made_and_downloaded(page, "Ringkasan PDF (A4, 1 halaman)", "lain-rencana.pdf")
        assert "Kota Samarinda" in pdf_text(brief)[0]
    finally:
        stop.touch()
        try:
            out, _ = others.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            others.kill()  # its browser goes with it
            out, _ = others.communicate()
    assert int(out.strip()) >= 6  # the other sessions really ran the app meanwhile


def test_files_made_after_an_upload_hold_the_upload(one_process, page, tmp_path):
    path = tmp_path / "balikpapan-juni-2026.csv"
    path.write_text(UPLOAD, encoding="utf-8")
    page.goto(f"{one_process}/unggah")
    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_text(f"kab/kota di berkas {path.name} dipakai").wait_for(timeout=60_000)
    mark = f"DATA UNGGAHAN ({path.name})"

    # within the app (a new address would be a new session, without the upload)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Profil Wilayah").click()
    box = page.get_by_label("Cari wilayah (nama atau kode)")
    box.click()
    page.keyboard.type("Balikpapan")
    page.keyboard.press("Enter")
    sheet = pdf_text(made_and_downloaded(page, "Lembar fakta Kota Balikpapan",
                                         "unggahan-balikpapan.pdf"))[0]
    assert mark in sheet and "Angka terbaru Kota Balikpapan: 97,5 %" in sheet
    bundle = pdf_text(made_and_downloaded(page, "Semua kab/kota Kalimantan Timur (10 halaman)",
                                          "unggahan-kaltim.pdf"))
    assert all(mark in p for p in bundle) and any("97,5 %" in p for p in bundle)

    page.locator('[data-testid="stSidebarNav"]').get_by_text("Peta Cakupan").click()
    # the map page has run (its map is there) before its downloads are opened: a click while
    # the page is still being replaced can land on an element that is then drawn again closed
    page.locator(MAP_IFRAME).wait_for(timeout=60_000)
    page.get_by_text("Unduh untuk slide, cetak dan analisis").click()
    map_pdf = pdf_text(made_and_downloaded(page, "PDF A4", "unggahan-peta.pdf"))[0]
    assert mark in map_pdf and "97,5 %" in map_pdf

    page.locator('[data-testid="stSidebarNav"]').get_by_text("Rencana").click()
    page.get_by_label("Wilayah").first.wait_for(timeout=60_000)
    page.get_by_label("Wilayah").first.click()
    page.keyboard.type("Balikpapan")
    page.keyboard.press("Enter")
    page.get_by_text("Kota Balikpapan", exact=False).first.wait_for()
    brief = pdf_text(made_and_downloaded(page, "Ringkasan PDF (A4, 1 halaman)",
                                         "unggahan-rencana.pdf"))[0]
    assert mark in brief and "97,5 %" in brief
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Rencana dalam XLSX").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    cells = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert any(path.name in c for c in cells)
    about = book["Keterangan"]  # every figure used, each with where it comes from
    header = next(r for r in about.iter_rows(values_only=True) if r and "Asal" in r)
    origin = header.index("Asal")
    rows = [r for r in about.iter_rows(values_only=True) if r and r[0] and str(r[0])[:1] == "U"]
    assert rows and all(r[origin] == "data unggahan" for r in rows)
    regencies = list(book["Kab-kota"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(regencies) if r and r[0] == "Kab/Kota")
    col = regencies[head].index("Asal")
    origins = {r[0]: r[col] for r in regencies[head + 1:] if r and r[0]}
    assert origins["Kota Balikpapan"] == "data unggahan"
    assert origins["Kota Samarinda"] == "data bersumber"


def test_a_visitors_clear_cache_message_empties_nothing_shared(one_process, new_page, regions):
    """Any browser can send Streamlit's clear-cache message; here it clears only that
    visitor's own session, never the data every visitor's page is drawn from."""
    log = ARTIFACTS / "exports.log"
    to_server = []
    sender = new_page()
    sender.route_web_socket(re.compile(r".*/_stcore/stream$"),
                            lambda ws: to_server.append(ws.connect_to_server()))
    sender.goto(f"{one_process}/?provinsi=62")
    wait_for_codes(sender, set(regions.loc[regions["kode_prov"] == "62", "kode"]))
    assert log.read_text().count("bundled data read") == 1  # once, for every visitor so far
    clear = BackMsg()
    clear.clear_cache = True
    for _ in range(5):
        to_server[-1].send(clear.SerializeToString())
    other = new_page()
    other.goto(f"{one_process}/?provinsi=63")
    wait_for_codes(other, set(regions.loc[regions["kode_prov"] == "63", "kode"]))
    assert log.read_text().count("bundled data read") == 1
