"""The map embedded in another site's page, through the production stack: the snippet
"Sematkan peta" gives, pasted into a page of another site (another origin, and another site for
cookies: ``localhost`` against the stack's ``127.0.0.1``), draws the map with its sources and
the link back; a site that ``--embed-origins`` does not list is refused. One stack for all."""

import contextlib
import functools
import http.server
import threading

import pytest
from conftest import ARTIFACTS, free_port, served_stack
from test_map_browser import MAP_IFRAME, wait_for_codes
from test_proxy_browser import get

EMBED_FRAME = "iframe[src*='sematkan=1']"


@contextlib.contextmanager
def static_site(folder, port: int):
    """A tiny HTTP server of ``folder`` on ``port``: another origin than the app's."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The stack (its URL), and two sites (URL, folder): one it lets embed the map, one not."""
    allowed, other = free_port(), free_port()
    folders = tmp_path_factory.mktemp("allowed"), tmp_path_factory.mktemp("other")
    with served_stack("stack-embed", replicas=2, options=(
            "--embed-origins", f"http://localhost:{allowed} https://peta.example.go.id")) \
            as (url, _), static_site(folders[0], allowed) as allowed_site, \
            static_site(folders[1], other) as other_site:
        yield url, (allowed_site, folders[0]), (other_site, folders[1])


def snippet_from_the_app(page, url: str) -> str:
    """The code "Sematkan peta" shows for the view on screen, as a visitor copies it."""
    page.goto(url + "/?provinsi=64&target=75")
    page.get_by_role("button", name="Sematkan peta").click()
    code = page.locator("[data-testid=stCode] code").filter(has_text="sematkan=1")
    code.wait_for(timeout=60_000)
    return code.inner_text()


def news_page(folder, snippet: str) -> None:
    (folder / "berita.html").write_text(
        "<!doctype html><html lang=id><head><meta charset=utf-8><link rel=icon href='data:,'>"
        "<title>Berita daerah</title></head><body style='max-width:800px;margin:auto'>"
        f"<h1>Berita daerah</h1><p>Sebelum peta.</p>{snippet}<p>Sesudah peta.</p>"
        "</body></html>", encoding="utf-8")


def test_the_snippet_embeds_the_map_on_a_listed_site_and_is_refused_elsewhere(
        sites, new_page, regions):
    url, (allowed_site, allowed_folder), (other_site, other_folder) = sites
    status, head, _ = get(url + "/")
    assert status == 200 and "x-frame-options" not in head
    assert head["content-security-policy"].endswith(
        f"; frame-ancestors 'self' {allowed_site} https://peta.example.go.id")
    snippet = snippet_from_the_app(new_page(), url)
    assert snippet.startswith(f'<iframe src="{url}/?provinsi=64&amp;target=75&amp;sematkan=1"')
    news_page(allowed_folder, snippet)
    news_page(other_folder, snippet)

    # a listed site: the map draws inside the frame, every regency of the province
    page = new_page()
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(allowed_site + "/berita.html")
    embed = page.locator(EMBED_FRAME).element_handle().content_frame()
    kaltim = set(regions[regions["kode_prov"] == "64"]["kode"])
    assert set(wait_for_codes(embed, kaltim)) == kaltim
    # the map alone: no sidebar, navigation or Streamlit toolbar; the map fills the frame
    for chrome in ("[data-testid=stSidebar]", "[data-testid=stHeader]",
                   "[data-testid=stToolbar]", "[data-testid=stSidebarNav]"):
        assert not embed.locator(chrome).is_visible(), chrome
    frame_box = page.locator(EMBED_FRAME).bounding_box()
    map_box = embed.locator(MAP_IFRAME).bounding_box()
    assert map_box["width"] >= frame_box["width"] - 2
    assert map_box["height"] > 0.8 * frame_box["height"]
    # under it, the sources and the way back to the same view in the full app, in a new tab
    foot = embed.locator(".st-key-sematkan_sumber")
    assert foot.inner_text().startswith("Sumber angka: ")
    back = foot.get_by_role("link", name="Buka peta lengkap")
    assert back.get_attribute("href") == f"{url}/?provinsi=64&target=75"
    assert back.get_attribute("target") == "_blank"
    assert "noopener" in back.get_attribute("rel").split()
    foot_box = foot.bounding_box()  # inside the frame, whole
    assert foot_box["y"] + foot_box["height"] <= frame_box["y"] + frame_box["height"] + 1
    page.screenshot(path=str(ARTIFACTS / "sematkan-situs-terdaftar.png"))

    # a site not listed: the browser refuses to show the app in its frame
    page = new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text, timeout=60_000):
        page.goto(other_site + "/berita.html")
    assert "blocked" in refused[0] and f"'self' {allowed_site} " in refused[0]
    frame = page.locator(EMBED_FRAME).element_handle().content_frame()
    assert frame.url.startswith("chrome-error://") or frame.url == "about:blank", frame.url
    assert frame.locator(MAP_IFRAME).count() == 0
    assert frame.get_by_text("Buka peta lengkap").count() == 0
