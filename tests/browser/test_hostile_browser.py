"""Hostile names and sources in a real browser: nothing runs, nothing is injected."""

import sys
from pathlib import Path

from test_map_browser import eventually, hover_region, map_frame
from test_upload_browser import upload_and_open_map

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from make_hostile import HOSTILE_CSV, HOSTILE_NAME, TEMPLATE  # noqa: E402

CLEAN = "() => window.__pwned === undefined && !document.querySelector('img[src=\"x\"]')"


def test_hostile_upload_runs_nothing(server, page, regions, tmp_path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    path = tmp_path / "hostile.csv"
    path.write_text(HOSTILE_CSV, encoding="utf-8")
    upload_and_open_map(page, server, path, regions)
    text = eventually(lambda: hover_region(page, "64.01"))  # Paser: the hostile source
    assert '<img src=x onerror="window.__pwned = 1">' in text  # shown as text
    assert TEMPLATE in text  # not run as a template on the server
    frame = map_frame(page)
    assert frame.evaluate("() => document.querySelectorAll('.leaflet-tooltip img').length") == 0
    assert frame.evaluate(CLEAN) and page.evaluate(CLEAN)
    assert dialogs == []
    page.get_by_role("link", name="Sumber & Metode").click()
    page.get_by_text("Angka unggahan di sesi ini").first.wait_for(timeout=30_000)
    assert dialogs == [] and page.evaluate(CLEAN)


def test_hostile_file_name(server, page, tmp_path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/unggah")
    page.get_by_text("Unduh templat CSV").wait_for(timeout=60_000)
    path = tmp_path / HOSTILE_NAME.replace("/", "_")
    path.write_text(HOSTILE_CSV, encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_text("tebal").first.wait_for(timeout=30_000)
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("[data-testid='stMain'] b").filter(has_text=".csv").count() == 0
    assert dialogs == []


def test_50_mb_upload_is_refused_and_the_server_stays_up(server, page, tmp_path):
    import urllib.request

    big = tmp_path / "besar.csv"
    with big.open("wb") as f:
        f.write(b"Kabupaten/Kota,Peserta Aktif\n")
        f.write(b"Kab. Paser,1\n" * (50 * 1024 * 1024 // 13))
    page.goto(f"{server}/unggah")
    page.get_by_text("paling besar 10 MB").wait_for(timeout=60_000)
    page.locator('input[type="file"]').set_input_files(str(big))
    page.get_by_text("10.0MB").wait_for(timeout=30_000)  # Streamlit's own limit message
    with urllib.request.urlopen(f"{server}/_stcore/health", timeout=10) as r:
        assert r.status == 200
    small = tmp_path / "kecil.csv"
    small.write_text("Kabupaten/Kota,Peserta Aktif\nKab. Paser,81.436\n", encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(small))
    page.get_by_text("kab/kota di berkas kecil.csv dipakai").wait_for(timeout=30_000)


TRACE = ("Traceback", 'File "/', ".py\", line", "Error:", "Exception")


def test_hostile_files_never_put_a_traceback_on_the_page(server, new_page, regions, tmp_path):
    """Files made to hurt, one after another in one session: each gets its message; the page
    never shows a stack trace, and another visitor's map is drawn meanwhile."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "upload_corpus"))
    from build_corpus import hostile_cases
    from test_map_browser import wait_for_codes

    page = new_page()
    page.goto(f"{server}/unggah")
    page.get_by_text("Unduh templat CSV").wait_for(timeout=60_000)
    chosen = {"merge_whole_sheet.xlsx", "cells_700k.xlsx", "long_field.csv", "encrypted.xlsx",
              "digits_400.csv", "mac_cr.csv", "utf16_bom.csv"}
    for name, data, expected in hostile_cases():
        if name not in chosen:
            continue
        path = tmp_path / name
        path.write_bytes(data)
        page.locator('input[type="file"]').set_input_files(str(path))
        answer = (f"kab/kota di berkas {name} dipakai" if expected["usable"]
                  else expected["messages"][0])
        page.get_by_text(answer).first.wait_for(timeout=30_000)
        body = page.locator("body").inner_text()
        assert not [marker for marker in TRACE if marker in body], (name, body[-2000:])
    other = new_page()  # another visitor, while this one was uploading
    other.goto(server)
    assert wait_for_codes(other, set(regions["kode"])) == set(regions["kode"])


def test_script_health_check_runs_the_app(server):
    """The check for a proxy: it runs the app once (503 if that fails), unlike /_stcore/health
    which only says the process is up."""
    import urllib.request

    with urllib.request.urlopen(f"{server}/_stcore/script-health-check", timeout=60) as r:
        assert r.status == 200 and r.read() == b"ok"
