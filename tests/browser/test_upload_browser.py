"""Upload in one browser session; another session still sees the bundled data."""

from test_map_browser import ARTIFACTS, eventually, map_frame, wait_for_codes

FILL_OF = """(kode) => { let fill = null; map_div.eachLayer(l => {
  if (l.feature && l.feature.properties.kode === kode && l._path) fill = l._path.getAttribute('fill');
}); return fill; }"""
# a reload or a closed tab would drop the upload: the page asks first
LEAVING_ASKS = """() => { const e = new Event('beforeunload', {cancelable: true});
  window.dispatchEvent(e); return e.defaultPrevented; }"""
UPLOAD = "Kode;Kabupaten/Kota;Peserta Aktif;Angkatan Kerja\n64.09;PPU;70.000;80.130\n" \
         "64.11;Kab. Mahakam Ulu;3.000;14.000\n"


def badge_caption(page, name: str):
    """The line beside the upload badge: the file's name and how its figures are used."""
    return page.locator('[data-testid="stCaptionContainer"]', has_text=f"{name} · ")


def upload_and_open_map(page, server, path, regions) -> None:
    """Upload ``path`` on the upload page, then follow the link to the map and wait for it."""
    page.goto(f"{server}/unggah")
    page.get_by_text("Unduh templat CSV").wait_for(timeout=60_000)
    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_text(f"kab/kota di berkas {path.name} dipakai").wait_for(timeout=30_000)
    page.get_by_role("link", name="Lihat di peta").click()
    page.locator(".stMarkdownBadge", has_text="Data unggahan").wait_for(timeout=30_000)
    badge_caption(page, path.name).wait_for(timeout=30_000)  # the file, beside it
    wait_for_codes(page, set(regions["kode"]))


def visitor_with_upload(browser, url: str, regions, tmp_path):
    """A visitor whose map shows an uploaded file, in a browser context of its own that stops
    (and records) any request off ``url`` but lets failed answers pass: while processes are
    down or frozen, nginx answers 502, as it should. Returns (context, page, off_host)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    off_host = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        (url, "data:", "blob:", "about:")) else (off_host.append(route.request.url),
                                                 route.abort()))
    page = context.new_page()
    path = tmp_path / "ppu.csv"
    path.write_text(UPLOAD, encoding="utf-8")
    upload_and_open_map(page, url, path, regions)
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=60_000)  # the whole page
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    return context, page, off_host


def test_upload_changes_only_this_session(server, new_page, regions, tmp_path):
    mine = new_page()
    path = tmp_path / "ppu-des-2025.csv"
    path.write_text(UPLOAD, encoding="utf-8")
    upload_and_open_map(mine, server, path, regions)
    ppu_fill = eventually(lambda: map_frame(mine).evaluate(FILL_OF, "64.09"))
    assert ppu_fill.startswith("#")  # 87,36 % -> a class colour (bundled: a group statement)
    # not in the file: Balikpapan keeps its bundled figure (the file adds, it does not replace)
    balikpapan = map_frame(mine).evaluate(FILL_OF, "64.71")
    assert balikpapan not in (None, "url(#tanpa-data)")
    mine.screenshot(path=str(ARTIFACTS / "peta-unggahan.png"))
    # leaving or reloading asks first: the upload lives only in this browser session
    assert eventually(lambda: mine.evaluate(LEAVING_ASKS))

    other = new_page()  # a second browser context: another person, another session
    other.goto(server)
    wait_for_codes(other, set(regions["kode"]))
    assert map_frame(other).evaluate(FILL_OF, "64.09") == "url(#rentang-2)"  # the statement
    assert map_frame(other).evaluate(FILL_OF, "64.71") not in (None, "url(#tanpa-data)")
    assert other.get_by_text("Data unggahan").count() == 0
    other.get_by_text("32 dari 36 kab/kota").first.wait_for()

    mine.get_by_role("button", name="Kembali ke data bawaan").click()
    mine.get_by_text("32 dari 36 kab/kota").first.wait_for(timeout=30_000)
    # the bundled map replaces the uploaded one: PPU drawn with its group statement again
    eventually(lambda: map_frame(mine).evaluate(FILL_OF, "64.09") == "url(#rentang-2)")
    assert map_frame(mine).evaluate(FILL_OF, "64.71") == balikpapan
    eventually(lambda: mine.evaluate(LEAVING_ASKS) is False)  # nothing to lose any more
    assert other.evaluate(LEAVING_ASKS) is False


def test_two_sessions_upload_at_the_same_time(server, new_page, regions, tmp_path):
    files = {"a.csv": "Kabupaten/Kota;Cakupan (%)\nPPU;90\n",
             "b.csv": "Kabupaten/Kota;Cakupan (%)\nKota Balikpapan;10\n"}
    pages = {}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        pages[name] = new_page()
        pages[name].goto(f"{server}/unggah")
    for name, page in pages.items():
        page.get_by_text("Unduh templat CSV").wait_for(timeout=60_000)
    for name, page in pages.items():  # both uploads in flight before either is checked
        page.locator('input[type="file"]').set_input_files(str(tmp_path / name))
    for name, page in pages.items():
        page.get_by_text(f"kab/kota di berkas {name} dipakai").wait_for(timeout=30_000)
        page.get_by_role("link", name="Lihat di peta").click()
        page.locator(".stMarkdownBadge", has_text="Data unggahan").wait_for(timeout=30_000)
        badge_caption(page, name).wait_for(timeout=30_000)
        wait_for_codes(page, set(regions["kode"]))
    a, b = pages["a.csv"], pages["b.csv"]
    # each session sees its own file's figure, and the bundled one where its file has none
    assert eventually(lambda: map_frame(a).evaluate(FILL_OF, "64.09")).startswith("#")
    assert map_frame(b).evaluate(FILL_OF, "64.09") == "url(#rentang-2)"  # bundled statement
    assert map_frame(a).evaluate(FILL_OF, "64.71") != map_frame(b).evaluate(FILL_OF, "64.71")
    assert a.get_by_text("b.csv").count() == 0
    assert b.get_by_text("a.csv").count() == 0
