"""Masuk untuk editor under AppTest: sign-in, its lock, what a signed-in editor sees, rollback
from the page, published figures on the public pages with their version, ``?versi=``, and
the bundled data with a notice when the database cannot be reached. Each test has a store of
its own."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from coverage_map.data import io, upload
from coverage_map.store import accounts, db, versions

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "rahasia-panjang-1"
TAPIN = "Wilayah;Peserta aktif;Angkatan kerja\nTapin;{n}.000;100.000\n"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """An empty store for this test, and no cached result of another test's store."""
    monkeypatch.setenv("CM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CM_DATABASE_URL", raising=False)
    db.forget()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield db.engine()
    db.forget()
    st.cache_data.clear()
    st.cache_resource.clear()


def publish_tapin(n: int, editor) -> int:
    report = upload.validate(TAPIN.format(n=n).encode(), "tapin.csv", io.region_table(),
                             as_of="2026-06")
    return versions.publish(report.figures, editor, f"BPJS Kanwil, surat {n}/2026", "tapin.csv",
                            b"x")


def app(page: str = "", **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    if page:
        at.switch_page(page)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="masuk_nama").input(name)
    at.text_input(key="masuk_sandi").input(password)
    [button] = [b for b in at.button if b.label == "Masuk"]
    return button.click().run()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + \
        [i.value for i in at.info] + [w.value for w in at.warning] + [s.value for s in at.success]
    return "\n".join(parts).replace("\\", "")  # markdown's escapes off


def widget_keys(at: AppTest) -> set[str]:
    widgets = [*at.text_input, *at.button, *at.get("file_uploader"), *at.get("download_button")]
    return {w.key for w in widgets if getattr(w, "key", None)}


def test_a_visitor_sees_only_the_sign_in_form_and_cannot_reach_publishing(store):
    at = app("pages/editor.py")
    assert [t.label for t in at.text_input] == ["Nama akun", "Kata sandi"]
    assert "masuk_nama" in widget_keys(at)
    assert not any(k.startswith(("terbit", "kembali_")) for k in widget_keys(at))
    # no page offers a publishing or rollback widget to a session that never signed in
    for page in ("pages/peta.py", "pages/unggah.py", "pages/sumber.py", "pages/wilayah.py"):
        at = app(page)
        assert not any(k.startswith(("terbit", "kembali_")) for k in widget_keys(at)), page
        assert "Terbitkan tabel" not in texts(at)


def test_wrong_passwords_are_refused_then_lock_and_the_right_one_signs_in(store):
    accounts.add("kalsel", "63", PASSWORD)
    at = sign_in(app("pages/editor.py"), "kalsel", "salah-sekali")
    assert "Nama akun atau kata sandi salah." in texts(at)
    at = sign_in(app("pages/editor.py"), "siapa", PASSWORD)  # an unknown name: the same words
    assert "Nama akun atau kata sandi salah." in texts(at)
    for _ in range(accounts.MAX_FAILED - 1):
        at = sign_in(app("pages/editor.py"), "kalsel", "salah-sekali")
    assert "dikunci sementara" in texts(at)
    at = sign_in(app("pages/editor.py"), "kalsel", PASSWORD)
    assert "dikunci sementara" in texts(at)  # locked: the right password too


def test_a_signed_in_editor_publishes_sees_versions_and_rolls_back(store):
    editor = accounts.add("kalsel", "63", PASSWORD)
    publish_tapin(30, editor)
    publish_tapin(35, editor)
    at = sign_in(app("pages/editor.py"), "kalsel", PASSWORD)
    shown = texts(at)
    assert "Masuk sebagai **kalsel**, editor Kalimantan Selatan." in shown
    assert "Terbitkan tabel" in [h.value for h in at.subheader]
    assert "Versi 2" in shown and "surat 35/2026" in shown
    at.button(key="kembali_1").click().run()
    assert versions.current() == 3
    assert "Versi 1 berlaku lagi (sebagai versi 3)." in texts(at)
    at.button(key="keluar_editor").click().run()
    assert [t.label for t in at.text_input] == ["Nama akun", "Kata sandi"]


def test_published_figures_show_with_their_version_and_a_link_keeps_its_version(store):
    editor = accounts.add("kalsel", "63", PASSWORD)
    publish_tapin(30, editor)
    publish_tapin(35, editor)
    at = app("pages/wilayah.py", kode="63.05")
    shown = texts(at)
    assert "Angka terbaru Kabupaten Tapin: 35 %" in shown
    assert "surat 35/2026 (data resmi, versi 2)" in shown
    assert "Dasar: menurut tabel resmi yang diterbitkan" in shown  # not "berkas unggahan"
    pinned = app("pages/wilayah.py", kode="63.05", versi="1")
    shown = texts(pinned)
    assert "Angka terbaru Kabupaten Tapin: 30 %" in shown
    assert "Anda melihat angka versi 1, seperti dalam tautan. Versi terbaru: 2." in shown
    assert pinned.query_params["versi"] == "1"  # kept in the address bar
    sources = app("pages/sumber.py")
    assert "Data resmi yang diterbitkan" in [h.value for h in sources.subheader]
    downloads = {b.key for b in sources.get("download_button")}
    assert {"unduh_versi_1", "unduh_versi_2"} <= downloads
    from coverage_map.ui.publish_page import version_download

    text = version_download(1, "id").decode("utf-8-sig")
    assert text.splitlines()[0].strip('"').startswith("Versi 1 · ")
    assert "3 angka dari tapin.csv" in text.splitlines()[0]
    assert "surat 30/2026" in text.splitlines()[0] and "63.05" in text


def test_without_the_database_the_bundled_data_is_shown_with_a_notice(store, monkeypatch):
    editor = accounts.add("kalsel", "63", PASSWORD)
    publish_tapin(30, editor)
    monkeypatch.setenv("CM_DATABASE_URL", "postgresql://cm@127.0.0.1:1/none")
    db.forget()
    st.cache_data.clear()
    at = app("pages/wilayah.py", kode="63.05")
    shown = texts(at)
    assert "Data resmi yang diterbitkan tidak dapat dibaca saat ini." in shown
    assert "data resmi, versi" not in shown
    at = app("pages/editor.py")
    assert "Penerbitan tidak tersedia saat ini" in texts(at)


def test_a_shared_upload_link_shows_its_figures_marked_and_a_dead_link_says_so(store):
    from coverage_map.store import shares

    report = upload.validate(TAPIN.format(n=42).encode(), "tapin.csv", io.region_table(),
                             as_of="2026-06")
    share = shares.create("10.0.0.9", "tapin.csv", report.figures)
    at = app("pages/wilayah.py", kode="63.05", bagikan=share.token)
    shown = texts(at)
    assert "Angka terbaru Kabupaten Tapin: 42 %" in shown
    assert any("belum diterbitkan dan belum diperiksa" in c.value for c in at.caption)
    assert at.query_params["bagikan"] == share.token  # a reload keeps it
    shares.delete(share.token)
    at = app("pages/wilayah.py", kode="63.05", bagikan=share.token)
    assert "Tautan unggahan bersama ini tidak berlaku lagi" in texts(at)
    assert "Angka terbaru Kabupaten Tapin: 42 %" not in texts(at)


def test_an_organisation_sign_in_is_offered_when_streamlit_auth_is_configured(store):
    at = app("pages/editor.py")
    assert "masuk_organisasi" not in widget_keys(at)  # no [auth]: the password form alone
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x" * 32, "client_id": "peta",
                          "client_secret": "s", "server_metadata_url":
                          "http://localhost:1/.well-known/openid-configuration"}
    at.switch_page("pages/editor.py").run()
    assert not at.exception
    assert at.button(key="masuk_organisasi").label == "Masuk dengan akun organisasi"
    assert [t.label for t in at.text_input] == ["Nama akun", "Kata sandi"]  # still there


def test_a_version_in_the_link_that_is_not_a_number_is_refused_plainly(store):
    editor = accounts.add("kalsel", "63", PASSWORD)
    publish_tapin(30, editor)
    for given in ("²", "0", "abc", "99"):
        at = app("pages/wilayah.py", kode="63.05", versi=given)
        shown = texts(at)
        assert "Versi dalam tautan tidak ada. Ditampilkan versi terbaru (1)." in shown, given
        assert "Angka terbaru Kabupaten Tapin: 30 %" in shown


def test_an_upload_in_use_joins_a_publication_made_after_it(store):
    from coverage_map.store import shares

    editor = accounts.add("kalsel", "63", PASSWORD)
    other = upload.validate("Wilayah;Peserta aktif;Angkatan kerja\nBalangan;20.000;80.000\n"
                            .encode(), "balangan.csv", io.region_table(), as_of="2026-06")
    share = shares.create("10.0.0.9", "balangan.csv", other.figures)
    at = app("pages/wilayah.py", kode="63.05", bagikan=share.token)
    assert "Belum ada angka publik tentang cakupan Kabupaten Tapin." in texts(at)
    publish_tapin(30, editor)
    st.cache_data.clear()  # (the 2 s until every process asks again)
    at.run()
    assert "Angka terbaru Kabupaten Tapin: 30 %" in texts(at)  # the upload stays joined
    assert any("belum diterbitkan" in c.value for c in at.caption)
