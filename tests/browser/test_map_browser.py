"""The map in a real browser: every regency polygon drawn, real figures on hover, offline."""

import os
import time
from pathlib import Path

import shapely
from playwright.sync_api import Error as PlaywrightError

from coverage_map.data import io

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
ARTIFACTS = Path(os.environ.get("CM_ARTIFACTS") or io.ROOT / "tests" / "artifacts")

DRAWN = """() => {
  const drawn = [];
  map_div.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.kode && l.getTooltip() && l._path
        && l._path.isConnected && l._path.getAttribute('d').length > 10) {
      drawn.push(l.feature.properties.kode);
    }
  });
  return drawn;
}"""


def eventually(check, timeout: float = 60, interval: float = 0.25):
    """Poll ``check`` until it returns a truthy value; a map being swapped by a rerun (detached
    frame) counts as "not yet". Returns the value; raises TimeoutError after ``timeout``."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except PlaywrightError as exc:  # the frame was replaced mid-check
            last_error = exc
        time.sleep(interval)  # polling interval of a wait-for-condition
    raise TimeoutError(f"condition not met in {timeout} s ({last_error})")


def map_frame(page, timeout: float = 60):
    """The map's frame, once exactly one map iframe is on the page and its map exists.

    While Streamlit mounts a component it can briefly show two iframes; the check and the
    lookup are retried together until they agree (a wait for a condition, bounded in time).
    """
    deadline = time.monotonic() + timeout
    while True:
        page.wait_for_function(
            """(sel) => { const all = document.querySelectorAll(sel);
                 if (all.length !== 1) return false;
                 const w = all[0].contentWindow;
                 return !!(w && w.map_div && typeof w.map_div.eachLayer === 'function'); }""",
            arg=MAP_IFRAME, timeout=max(1, deadline - time.monotonic()) * 1000)
        handles = page.locator(MAP_IFRAME).element_handles()
        frame = handles[0].content_frame() if len(handles) == 1 else None
        if frame is not None:  # None: the iframe was just replaced and has no document yet
            return frame
        if time.monotonic() > deadline:
            raise TimeoutError("the map iframe never settled")


def wait_for_codes(page, expected: set[str]):
    page.wait_for_function(
        """([sel, n]) => {
          const frames = document.querySelectorAll(sel);
          if (frames.length !== 1) return false;  // a rerun may briefly keep the old map
          const f = frames[0];
          const w = f && f.contentWindow;
          if (!w || !w.map_div || typeof w.map_div.eachLayer !== "function") return false;
          let c = 0; w.map_div.eachLayer(l => { if (l.feature && l.feature.properties.kode && l.getTooltip()
              && l._path && l._path.isConnected) c++; });
          return c === n;
        }""", arg=[MAP_IFRAME, len(expected)], timeout=60_000)
    return set(map_frame(page).evaluate(DRAWN))


def hover_region(page, kode: str) -> str:
    """Move the mouse onto a point inside the regency and return the tooltip text."""
    kab = io.read_boundaries("kabkota").set_index("kode")
    point = shapely.point_on_surface(kab.loc[kode, "geometry"])
    frame = map_frame(page)
    x, y = frame.evaluate("([lat, lng]) => { const p = map_div.latLngToContainerPoint([lat, lng]);"
                          " return [p.x, p.y]; }", [point.y, point.x])
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    name = io.read_regions().set_index("kode").loc[kode, "nama"]
    tooltip = frame.locator(".leaflet-tooltip").filter(has_text=name)
    tooltip.wait_for(timeout=10_000)
    return tooltip.inner_text()


def test_all_regencies_drawn_and_hover_shows_real_figure(server, page, regions):
    page.goto(server)
    drawn = wait_for_codes(page, set(regions["kode"]))
    assert drawn == set(regions["kode"])  # all 56 regencies of Kalimantan
    text = hover_region(page, "64.11")
    assert "Kabupaten Mahakam Ulu" in text and "12,7 %" in text and "Juli 2025" in text
    assert "Tribun Kaltim" in text
    assert "Dasar: tidak disebut sumber" in text and "ID angka: F353" in text
    fills = map_frame(page).evaluate("""() => { const out = {};
      map_div.eachLayer(l => { if (l.feature && l.feature.properties.kode && l._path)
        out[l.feature.properties.kode] = l._path.getAttribute('fill'); });
      return out; }""")
    hatched = {k for k, f in fills.items() if f == "url(#tanpa-data)"}
    striped = {k for k, f in fills.items() if f.startswith("url(#rentang-")}
    assert len(hatched) == 20 and len(striped) == 13  # 36 of 56 drawn with what is known
    assert {"64.09", "62.06", "62.71"} <= striped and "63.05" in hatched
    text = hover_region(page, "64.09")  # PPU: the Kaltim group statement, said to be one
    assert "sekitar 60 %: pernyataan Kepala BPJS Ketenagakerjaan Cabang Samarinda" in text
    assert "bukan angka khusus wilayah ini" in text
    text = hover_region(page, "63.05")  # Tapin: nothing public, and how to bring data in
    assert "Belum ada angka publik" in text and "Unggah Data" in text
    assert "Angka tingkat provinsi Kalimantan Selatan" in text
    page.screenshot(path=str(ARTIFACTS / "peta-kalimantan.png"))


def test_province_filter_redraws_the_map(server, page, regions):
    page.goto(server)
    wait_for_codes(page, set(regions["kode"]))
    page.get_by_role("combobox", name="Provinsi").click()
    page.get_by_role("option", name="Kalimantan Timur").click()
    kaltim = set(regions.loc[regions["kode_prov"] == "64", "kode"])
    page.get_by_text("8 dari 10 kab/kota di Kalimantan Timur").first.wait_for(timeout=30_000)
    assert wait_for_codes(page, kaltim) == kaltim
    page.screenshot(path=str(ARTIFACTS / "peta-kaltim.png"))


def test_presentation_names_every_region_with_a_figure(server, new_page, regions):
    """On a projector nobody hovers: each region with a figure or statement has its name on
    the map, or a numbered callout with a line in the list; no zoom buttons, a km scale."""
    from coverage_map.data import io as cm_io
    from coverage_map.figures import coverage
    from coverage_map.figures.coverage import View

    page = new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/?tampilan=presentasi")
    wait_for_codes(page, set(regions["kode"]))
    # the labels, looked for in the map's frame of the moment: the whole page coming after the
    # light first view can mount the map's frame again, and a frame looked up before is gone
    eventually(lambda: map_frame(page).locator(".cm-lab").count() > 0, timeout=60)
    frame = map_frame(page)
    texts = frame.evaluate("""() => [...document.querySelectorAll('.cm-lab, .cm-numlist div')]
                                     .map(e => e.textContent)""")
    numbers = frame.evaluate("() => document.querySelectorAll('.cm-num').length")
    listed = frame.evaluate("() => document.querySelectorAll('.cm-numlist div').length")
    assert numbers == listed  # every callout has its line
    bundle = cm_io.Bundle()
    table = coverage.view_table(bundle.regions, bundle.figures, View())
    shown = table[table["status"].isin(["measured", "statement"])]
    for name in shown["nama"]:
        short = name.removeprefix("Kabupaten ")
        assert any(text.startswith(short) or f". {short}:" in text for text in texts), name
    assert frame.locator(".leaflet-control-zoom").count() == 0
    assert frame.locator(".leaflet-control-scale-line").count() == 1
    assert "mi" not in frame.locator(".leaflet-control-scale").inner_text()
    summary = page.get_by_text("32 dari 36 kab/kota").first
    assert summary.bounding_box()["y"] + summary.bounding_box()["height"] <= 1080  # on screen
    page.screenshot(path=str(ARTIFACTS / "presentasi-kalimantan.png"))


def test_portable_html_opens_from_disk_with_the_network_off(server, browser, new_page, regions,
                                                           tmp_path):
    """"Unduh peta interaktif (HTML)": one file that draws every region, its labels and
    tooltips from file://, with no request at all (no server, no internet)."""
    page = new_page()
    page.goto(f"{server}/?provinsi=64")
    wait_for_codes(page, set(regions.loc[regions["kode_prov"] == "64", "kode"]))
    page.get_by_text("Unduh untuk slide, cetak dan analisis").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh peta interaktif (HTML)").click()
    path = tmp_path / "peta.html"
    info.value.save_as(path)
    assert path.stat().st_size < 1_500_000
    offline = browser.new_context(offline=True, viewport={"width": 1366, "height": 768})
    requests = []
    offline.on("request", lambda r: requests.append(r.url))
    local = offline.new_page()
    local.goto(path.as_uri())
    local.wait_for_function("() => window.regencyLayer && window.regencyLayer.getLayers().length"
                            " === 10", timeout=30_000)
    local.locator(".cm-lab").first.wait_for(timeout=10_000)
    assert "Cakupan kepesertaan: Kalimantan Timur" in local.locator(".cm-title").inner_text()
    assert "58,53 %" in local.locator(".cm-title").inner_text()  # the province's own figure
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    local.screenshot(path=str(ARTIFACTS / "peta-portabel.png"))
    offline.close()


def test_phone_tap_shows_a_sheet_inside_the_screen_and_a_swipe_scrolls_the_page(server,
                                                                               browser,
                                                                               regions):
    """390x844 with touch: a tapped region's text sits inside the screen; one finger on the
    map scrolls the page instead of panning the map; a control returns to the whole view."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{server}/?provinsi=64")
        wait_for_codes(page, set(regions.loc[regions["kode_prov"] == "64", "kode"]))
        frame = map_frame(page)
        assert frame.evaluate("() => map_div.dragging.enabled()") is False
        assert frame.locator(".cm-home").count() == 1
        iframe = page.locator(MAP_IFRAME)
        iframe.scroll_into_view_if_needed()
        box = iframe.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.5)
        sheet = frame.locator(".cm-sheet")
        sheet.wait_for(timeout=10_000)
        rect = sheet.bounding_box()
        assert rect["x"] >= box["x"] and rect["x"] + rect["width"] <= box["x"] + box["width"]
        assert rect["x"] + rect["width"] <= 390 and "Kalimantan Timur" in sheet.inner_text()
        assert sheet.locator("button.cm-open").count() == 1  # the way to the profile
        sheet.locator(".cm-sheet-x").tap()  # closed: the finger below lands on the map itself
        frame.locator(".cm-sheet").wait_for(state="hidden", timeout=10_000)
        scroller = """() => document.querySelector('[data-testid="stMain"]').scrollTop"""
        before = page.evaluate(scroller)
        centre = frame.evaluate("() => map_div.getCenter().lat")
        box = iframe.bounding_box()
        x, y = box["x"] + box["width"] / 2, min(box["y"] + box["height"] - 20, 800)
        assert box["y"] < y  # the finger goes down on the map
        cdp = context.new_cdp_session(page)  # one finger moves up 300 px, as a person swipes
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart",
                                              "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 11):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                                  "touchPoints": [{"x": x, "y": y - 30 * step}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        eventually(lambda: page.evaluate(scroller) > before + 100)  # the page moved
        assert frame.evaluate("() => map_div.getCenter().lat") == centre  # the map did not
        page.screenshot(path=str(ARTIFACTS / "telepon-kaltim.png"))
    finally:
        context.close()
