"""The production stack (scripts/serve.py): nginx in front of app processes. Compression, the
cut icon font, security headers, sticky sessions, the upload limit, and what happens when an
app process dies. (Every other browser test runs through the same stack: ``server``.)"""

import os
import signal
import urllib.error
import urllib.request

import pytest
from conftest import ARTIFACTS, served_stack, state
from test_map_browser import eventually, wait_for_codes
from test_upload_browser import visitor_with_upload

ICONS_AS_GLYPHS = """() => [...document.querySelectorAll('[data-testid=stIconMaterial]')]
  .filter(e => e.getBoundingClientRect().width > 0)
  .map(e => [e.textContent, e.getBoundingClientRect().width /
             parseFloat(getComputedStyle(e).fontSize)])"""


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()
    except OSError:  # nothing listens there (yet)
        return 0, {}, b""


@pytest.fixture(scope="module")
def stack():
    """A stack of its own: these tests kill its processes."""
    with served_stack("stack-faults", replicas=2) as (url, run_dir):
        yield url, run_dir



def test_client_files_are_compressed_and_the_icon_font_is_cut(server, new_page):
    status, head, html = get(server + "/", **{"Accept-Encoding": "br, gzip"})
    assert status == 200 and head["content-encoding"] in ("br", "gzip")
    page = new_page()
    sizes = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, r))
    page.goto(server)
    page.get_by_text("Peta Cakupan Jamsostek Kalimantan").first.wait_for(timeout=60_000)
    script = next(u for u in sizes if "/static/js/index." in u)
    _, head, _ = get(script, **{"Accept-Encoding": "br, gzip"})
    assert head["content-encoding"] in ("br", "gzip")
    assert head["cache-control"] == "public, immutable, max-age=31536000"
    font = next(u for u in sizes if "MaterialSymbols" in u)
    _, head, body = get(font)
    assert len(body) < 60_000, len(body)  # the full font is 376 KB
    assert head["cache-control"] == "public, immutable, max-age=31536000"
    # every icon on the pages is drawn as its glyph (a square), never as its name's letters
    for path in ("/", "/analisis", "/unggah"):
        page.goto(server + path)
        page.locator("h1").first.wait_for(timeout=60_000)
        page.evaluate("document.fonts.ready")
        icons = eventually(lambda: page.evaluate(ICONS_AS_GLYPHS))
        assert icons and all(ratio < 1.3 for _, ratio in icons), (path, icons)


# every policy violation in any frame of the page, reported on the console (where the browser
# reports most, but not all: a blocked WebAssembly compile, for one, is only an event)
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", e => console.warn(
  "Content Security Policy violation: " + e.violatedDirective + " " + e.blockedURI + " in "
  + e.documentURI + " " + e.sourceFile + ":" + e.lineNumber), true)"""
PAGES = ("/unggah", "/rencana", "/sumber", "/wilayah", "/ikn")


def script_src(csp: str) -> str:
    return next(d for d in csp.split(";") if d.strip().startswith("script-src"))


def test_security_headers_and_no_policy_violation(server, new_page, regions):
    status, head, _ = get(server + "/")
    assert head["x-content-type-options"] == "nosniff"
    csp = head["content-security-policy"]
    # the public map may be embedded by any site (the default of --embed-origins): no
    # X-Frame-Options to contradict it (test_embed_browser: a list of sites)
    assert "default-src 'self'" in csp and csp.endswith("; frame-ancestors 'self' *")
    assert "object-src 'none'" in csp and "http" not in csp  # nothing from elsewhere
    # no inline script but those named by their hash, no eval
    assert "'unsafe-inline'" not in script_src(csp) and "'unsafe-eval'" not in csp
    assert "'sha256-" in script_src(csp)
    assert "x-frame-options" not in head
    assert "server" not in head or head["server"] == "nginx"  # no version
    # the map's frame alone runs inline scripts (the map streamlit-folium writes), still no eval
    _, head, _ = get(server + "/component/streamlit_folium.st_folium/index.html")
    frame_csp = head["content-security-policy"]
    assert "'unsafe-inline'" in script_src(frame_csp) and "'unsafe-eval'" not in frame_csp
    assert frame_csp.endswith("; frame-ancestors 'self' *") and "http" not in frame_csp
    _, head, _ = get(server + "/component/coverage_map.ui.component.peta_tergambar/index.html")
    assert head["content-security-policy"] == csp
    page = new_page()
    page.context.add_init_script(REPORT_VIOLATIONS)
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(server + "/?provinsi=64&nama=ya")
    wait_for_codes(page, set(regions[regions["kode_prov"] == "64"]["kode"]))
    page.goto(server + "/analisis")
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for(timeout=60_000)
    for path in PAGES:
        page.goto(server + path)
        page.locator("h1").first.wait_for(timeout=60_000)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    assert violations == []


def test_health_and_the_upload_limit_at_the_proxy(server):
    # /healthz: an app process answers (its own health check, through nginx); no cookie
    status, head, body = get(server + "/healthz")
    assert status == 200 and body.strip() == b"ok"
    assert "set-cookie" not in head and head["cache-control"] == "no-store"
    status, _, body = get(server + "/healthz/proxy")  # nginx alone
    assert status == 200 and body == b"ok\n"
    too_big = urllib.request.Request(server + "/_stcore/upload_file/x/y", method="PUT",
                                     data=b"0" * 11_000_000)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(too_big, timeout=60)
    assert refused.value.code == 413


def test_a_browser_sticks_to_one_process(server, new_page):
    page = new_page()
    page.goto(server)
    page.locator("h1").first.wait_for(timeout=60_000)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["cm_proses"]["httpOnly"] and cookies["cm_proses"]["value"] in ("r1", "r2")
    # the cookie keeps its value: the same process
    page.reload()
    page.locator("h1").first.wait_for(timeout=60_000)
    assert {c["name"]: c for c in page.context.cookies()}["cm_proses"]["value"] == \
        cookies["cm_proses"]["value"]


def test_a_dead_process_is_restarted_and_new_visitors_go_to_the_other(stack, new_page,
                                                                    regions):
    url, run_dir = stack
    before = state(run_dir)
    victim_port, victim_pid = next(iter(before["apps"].items()))
    os.kill(victim_pid, signal.SIGKILL)
    # while it is down (and after), every new visitor gets the map
    for _ in range(3):
        page = new_page()
        page.goto(url)
        wait_for_codes(page, set(regions["kode"]))
    after = eventually(lambda: state(run_dir) if state(run_dir)["apps"][victim_port]
                       != victim_pid else None, timeout=60)
    assert after["restarts"] == before["restarts"] + 1
    assert eventually(lambda: get(f"http://127.0.0.1:{victim_port}/_stcore/health")[0] == 200,
                      timeout=90)


def test_a_visitor_whose_process_died_gets_the_view_back_and_is_told_about_the_upload(
        stack, browser, regions, tmp_path):
    url, run_dir = stack
    # a context of its own: while the processes are down, nginx answers 502, as it should
    context, page, off_host = visitor_with_upload(browser, url, regions, tmp_path)
    page.get_by_role("combobox", name="Provinsi").first.click()
    page.get_by_role("option", name="Kalimantan Timur").click()
    eventually(lambda: "provinsi=64" in page.evaluate("location.href"))
    for pid in state(run_dir)["apps"].values():  # every process: the visitor's is among them
        os.kill(pid, signal.SIGKILL)
    notice = page.get_by_text("data unggahan Anda (ppu.csv) tidak ada lagi")
    notice.wait_for(timeout=120_000)
    # the view came back from the link: the same province, the bundled data, no upload badge
    assert "provinsi=64" in page.url
    page.get_by_text("di Kalimantan Timur").first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "proses-mati-unggahan-hilang.png"))
    wait_for_codes(page, set(regions[regions["kode_prov"] == "64"]["kode"]))
    assert page.locator(".stMarkdownBadge", has_text="Data unggahan").count() == 0
    page.get_by_role("button", name="Mengerti").click()
    eventually(lambda: notice.count() == 0)
    context.close()
    assert off_host == []
