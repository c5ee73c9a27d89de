"""Publishing as officials and the public meet it (issue 28), through the production stack
(nginx before two app processes) on a store of its own: an editor signs in and publishes a
Kalsel table; a second, anonymous browser sees Tapin filled and marked as published data with
its source and version, on every app process within 5 s; after a second publication the
``?versi=1`` link still shows the first numbers; a rollback brings them back for everyone."""

import re

import pytest

from conftest import served_stack, state
from coverage_map.store import accounts, db
from test_map_browser import eventually

PASSWORD = "rahasia-panjang-1"
TABLE = "Wilayah;Peserta aktif;Angkatan kerja\nTapin;{n}.000;100.000\nBalangan;20.000;80.000\n"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    data = tmp_path_factory.mktemp("published")
    engine = db.engine(f"sqlite:///{data / db.FILE_NAME}")
    accounts.add("kalsel", "63", PASSWORD, engine)
    with served_stack("stack-publish", env={"CM_DATA_DIR": str(data)}) as (url, run_dir):
        yield url, run_dir, data
    db.forget()


def settled(page):
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')",
                           timeout=60_000)


def open_editor(page, url: str) -> None:
    """The editors' page, signed in (a reload is a new session: signed out)."""
    page.goto(url + "/editor")
    form, signed_in = page.get_by_role("textbox", name="Nama akun"), page.get_by_text("Terbitkan tabel")
    form.or_(signed_in).first.wait_for(timeout=60_000)
    if form.count():
        form.fill("kalsel")
        page.get_by_role("textbox", name="Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
    signed_in.wait_for(timeout=60_000)


def publish(page, url: str, path, n: int, source: str) -> None:
    open_editor(page, url)
    path.write_text(TABLE.format(n=n))
    page.get_by_role("textbox", name="Tanggal data", exact=False).fill("Juni 2026")
    page.keyboard.press("Tab")
    settled(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("Yang akan berubah bagi pembaca").wait_for(timeout=60_000)
    page.get_by_role("textbox", name="Asal tabel", exact=False).fill(source)
    page.keyboard.press("Tab")
    settled(page)
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    page.get_by_text(re.compile(r"Diterbitkan sebagai versi \d+")).wait_for(timeout=60_000)


def headline(page, url: str) -> str:
    """The profile's first sentence for Tapin, as a visitor sees it."""
    page.goto(url)
    line = page.get_by_text("Angka terbaru Kabupaten Tapin")
    line.wait_for(timeout=60_000)
    return line.inner_text()


def test_an_editor_publishes_and_every_visitor_sees_it_by_version(stack, new_page, tmp_path):
    url, run_dir, _ = stack
    editor, visitor = new_page(), new_page()
    visitor.goto(url + "/wilayah?kode=63.05")
    visitor.get_by_text("Belum ada angka publik tentang cakupan Kabupaten Tapin.").wait_for(timeout=60_000)
    assert visitor.get_by_text("data resmi").count() == 0
    publish(editor, url, tmp_path / "kalsel.csv", 30, "BPJS Kanwil Kalimantan, surat 12/2026")
    shown = headline(visitor, url + "/wilayah?kode=63.05")
    assert shown.startswith("Angka terbaru Kabupaten Tapin: 30 %")
    assert "BPJS Kanwil Kalimantan, surat 12/2026 (data resmi, versi 1)" in shown

    publish(editor, url, tmp_path / "kalsel-2.csv", 35, "BPJS Kanwil Kalimantan, surat 13/2026")
    for port in state(run_dir)["apps"]:  # every app process, each asked directly: a process
        direct = new_page()  # asks for the newest version every 2 s; a page load takes ~3 s
        eventually(lambda: "35 %" in headline(direct, f"http://127.0.0.1:{port}/wilayah?kode=63.05"),
                   timeout=15, interval=0.5)
    pinned = headline(visitor, url + "/wilayah?kode=63.05&versi=1")
    assert pinned.startswith("Angka terbaru Kabupaten Tapin: 30 %")
    assert visitor.get_by_text("Anda melihat angka versi 1, seperti dalam tautan").is_visible()

    open_editor(editor, url)
    rollback = editor.locator(".st-key-kembali_1").get_by_role("button", name="Berlakukan lagi")
    rollback.click()
    editor.get_by_text("Versi 1 berlaku lagi (sebagai versi 3).").wait_for(timeout=60_000)
    eventually(lambda: headline(visitor, url + "/wilayah?kode=63.05").startswith(
        "Angka terbaru Kabupaten Tapin: 30 %"), timeout=30, interval=0.5)
