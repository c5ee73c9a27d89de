"""The map on a phone (390x844, touch; issue 27): the legend folds and starts folded, so it
covers no region that cannot be dragged into view; every region of every province view can be
tapped and gets its own sheet, with the way to its source, its profile and its plan; the search
box finds a region and goes to it; the profile's counts charts fit the phone's width."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from coverage_map.figures import profile
from coverage_map.figures.coverage import metric_label
from coverage_map.language.i18n import t
from test_map_browser import ARTIFACTS, MAP_IFRAME, map_frame, wait_for_codes

# a point of the region where the region itself is what a finger lands on (not the legend,
# a control, or another region), inside the part of the frame the screen shows; null if none
TAP_POINT = """([kode, top, bottom]) => {
  const layer = regencyLayer.getLayers().find(l => l.feature.properties.kode === kode);
  const el = layer.getElement(), r = el.getBoundingClientRect();
  for (let n = 4; n <= 64; n *= 2) {
    for (let i = 1; i < n; i++) {
      for (let j = 1; j < n; j++) {
        const x = r.left + r.width * i / n, y = r.top + r.height * j / n;
        if (x < 2 || x > innerWidth - 2 || y < top || y > bottom) continue;
        if (document.elementFromPoint(x, y) === el) return [x, y];
      }
    }
  }
  return null;
}"""


# the map has stopped moving: every region's box the same as at the last look (polled)
SETTLED = """() => {
  const now = JSON.stringify(regencyLayer.getLayers().map(l => {
    const r = l.getElement().getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }));
  const same = now === window.__cmBoxes; window.__cmBoxes = now;
  return same && !map_div._animatingZoom;
}"""


def settled_map(page, codes: set[str]):
    """The whole page (its first light view replaced) with its map drawn and still."""
    page.get_by_text("Unduh untuk slide, cetak dan analisis").wait_for(timeout=60_000)
    wait_for_codes(page, codes)
    frame = map_frame(page)
    frame.wait_for_function(SETTLED, polling=300, timeout=30_000)
    return frame


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    yield context.new_page()
    context.close()


def test_the_legend_folds_and_starts_folded_on_a_phone(server, phone, regions):
    phone.goto(f"{server}/?provinsi=64")
    frame = settled_map(phone, set(regions.loc[regions["kode_prov"] == "64", "kode"]))
    toggle = frame.locator(".cm-legend-toggle")
    body = frame.locator(".cm-legend-body")
    assert toggle.inner_text() == "Legenda ▸" and not body.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.tap()
    body.wait_for(state="visible", timeout=10_000)
    assert toggle.inner_text() == "Sembunyikan legenda ▾"
    phone.screenshot(path=str(ARTIFACTS / "telepon-legenda-terbuka.png"))
    toggle.tap()
    body.wait_for(state="hidden", timeout=10_000)


ZOOM_TO = """(kode) => {
  const layer = regencyLayer.getLayers().find(l => l.feature.properties.kode === kode);
  map_div.fitBounds(layer.getBounds(), {animate: false, maxZoom: 11});
}"""
MAIN = '[data-testid="stMain"]'


@pytest.mark.parametrize("province", ["61", "62", "63", "64", "65"])
def test_every_region_of_a_province_view_can_be_tapped_on_a_phone(server, phone, regions,
                                                                   province):
    """Penajam Paser Utara (the IKN regency) and Balikpapan were under the legend. A region
    too small to find a finger's place at the province's zoom (a city) is pinched into reach
    first (a pinch zooms on a phone; one finger scrolls the page). Kalbar and Kalsel lost
    regions when the tap that closed a sheet, with the region's tap before it, was taken as a
    double tap (a zoom), and Singkawang's tap landed on the sea a pixel off its coast."""
    mine = regions[regions["kode_prov"] == province]
    codes = set(mine["kode"])
    phone.goto(f"{server}/?provinsi={province}")
    frame = settled_map(phone, codes)
    iframe = phone.locator(MAP_IFRAME)
    pinched, missed, retried = [], [], []
    start = frame.evaluate("() => [[map_div.getCenter().lat, map_div.getCenter().lng],"
                           " map_div.getZoom()]")
    for kode, name in zip(mine["kode"], mine["nama"]):
        height = iframe.bounding_box()["height"]
        point = frame.evaluate(TAP_POINT, [kode, 2, height - 2])
        if point is None:  # pinched into reach
            frame.evaluate(ZOOM_TO, kode)
            frame.wait_for_function(SETTLED, polling=300, timeout=30_000)
            point = frame.evaluate(TAP_POINT, [kode, 2, height - 2])
            pinched.append(name)
        if point is None:
            missed.append(name)
            continue
        iframe.scroll_into_view_if_needed()
        box = iframe.bounding_box()
        if not 70 < box["y"] + point[1] < 830:  # scrolled so that the place is on the screen
            phone.evaluate(f"(dy) => document.querySelector('{MAIN}').scrollBy(0, dy)",
                           box["y"] + point[1] - 422)
            phone.wait_for_function(
                "([sel, y]) => Math.abs(document.querySelector(sel).getBoundingClientRect().y"
                " - y) > 1", arg=[MAP_IFRAME, box["y"]])
            box = iframe.bounding_box()
        sheet = frame.locator(".cm-sheet")
        zoom = frame.evaluate("() => map_div.getZoom()")
        for attempt in range(2):  # a tap that does not take is tapped again, as a person would
            phone.touchscreen.tap(box["x"] + point[0], box["y"] + point[1])
            try:
                frame.wait_for_function(
                    "(name) => { const s = document.querySelector('.cm-sheet');"
                    " return s && s.style.display === 'block'"
                    " && s.querySelector('.cm-tt .n').textContent === name; }",
                    arg=name, timeout=4_000)
                break
            except PlaywrightTimeout:
                retried.append(name)
        else:
            missed.append(name)
            continue
        assert sheet.locator("button.cm-open").count() == 1  # the way to the profile
        assert sheet.locator("button.cm-plan").count() == 1  # and to the plan
        source = sheet.locator("a.cm-source")
        if source.count():  # a figure: it opens on Sumber & Metode, with its source
            assert source.get_attribute("href").startswith("/sumber?id=F")
            assert source.get_attribute("rel") == "noopener"
        sheet.locator(".cm-sheet-x").tap()
        sheet.wait_for(state="hidden", timeout=10_000)
        # the region's tap and the close's were not one double tap: the map did not zoom
        assert frame.evaluate("() => map_div.getZoom()") == zoom, name
        # a person's pace: two taps within the browser's double-tap time (about 300 ms) are one
        # gesture to a phone's browser, not two taps (a duration, not a condition to wait for)
        phone.wait_for_timeout(400)
        if name in pinched:  # pinched back out to the province's view
            frame.evaluate("(v) => map_div.setView(v[0], v[1], {animate: false})", start)
            frame.wait_for_function(SETTLED, polling=300, timeout=30_000)
    assert not missed, f"no place to tap: {missed}"
    assert len(pinched) <= 3, pinched  # the province's view itself reaches nearly all
    assert len(retried) <= 2, retried  # nearly every region at the first tap
    phone.screenshot(path=str(ARTIFACTS / f"telepon-{province}.png"))


def test_the_search_box_goes_to_a_region_whose_sheet_leads_to_its_plan(server, phone, regions):
    """"Cari wilayah" on a phone: the list narrows to the names with what is typed; a tap on
    one zooms the map to it, above its sheet; the sheet's plan button opens Rencana on that
    region with the view's other settings."""
    mine = regions[regions["kode_prov"] == "61"]
    phone.goto(f"{server}/?provinsi=61&target=75")
    frame = settled_map(phone, set(mine["kode"]))
    search = frame.locator(".cm-search input")
    assert search.get_attribute("placeholder") == t("map_search", "id") == "Cari wilayah"
    search.tap()
    options = frame.locator(".cm-search-list button")
    options.first.wait_for(timeout=10_000)
    assert sorted(options.all_inner_texts()) == sorted(mine["nama"])  # focused: every region
    search.press_sequentially("zzz")
    assert frame.locator(".cm-search-none").inner_text() == t("map_search_none", "id")
    search.fill("")
    search.press_sequentially("PONTIA")  # any part of the name, in any case
    wanted = [n for n in mine["nama"] if "pontia" in n.lower()]
    assert wanted == ["Kota Pontianak"]
    frame.wait_for_function("(n) => document.querySelectorAll('.cm-search-list button')"
                            ".length === n", arg=len(wanted))
    assert options.all_inner_texts() == wanted
    start = frame.evaluate("() => map_div.getZoom()")
    options.first.tap()
    sheet = frame.locator(".cm-sheet")
    sheet.wait_for(timeout=10_000)
    assert sheet.locator(".cm-tt .n").inner_text() == "Kota Pontianak"
    frame.wait_for_function(SETTLED, polling=300, timeout=30_000)
    assert frame.evaluate("() => map_div.getZoom()") > start
    assert not frame.locator(".cm-search-list").is_visible()
    # the region is in view, whole, above the sheet and below the search box
    region = frame.evaluate("""() => {
      const l = regencyLayer.getLayers().find(l => l.feature.properties.kode === '61.71');
      const r = l.getElement().getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom, innerWidth,
              document.querySelector('.cm-sheet').getBoundingClientRect().top,
              document.querySelector('.cm-search').getBoundingClientRect().bottom]; }""")
    left, top, right, bottom, width, sheet_top, search_bottom = region
    assert 0 <= left < right <= width and search_bottom <= top < bottom <= sheet_top, region
    assert right - left > 60  # large enough to see and tap
    phone.screenshot(path=str(ARTIFACTS / "telepon-cari-pontianak.png"))
    plan = sheet.locator("button.cm-plan")
    assert plan.inner_text() == t("map_open_plan", "id")
    plan.tap()
    phone.wait_for_url("**/rencana?*", timeout=60_000)
    link = parse_qs(urlparse(phone.url).query)
    assert link["kode"] == ["61.71"] and link["target"] == ["75"] and link["provinsi"] == ["61"]
    chosen = phone.get_by_role("combobox", name=t("plan_region", "id"))
    chosen.wait_for(timeout=60_000)
    assert chosen.input_value().startswith("Kota Pontianak")
    phone.screenshot(path=str(ARTIFACTS / "telepon-rencana-pontianak.png"))


def test_the_search_box_on_a_wide_screen_in_english(server, page, regions):
    """1920x1080, English: Enter goes to the first region with what is typed, outlined, with its
    tooltip; no request leaves the machine (the ``page`` fixture)."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/?bahasa=en")
    page.get_by_text("Download for slides, print and analysis").wait_for(timeout=60_000)
    wait_for_codes(page, set(regions["kode"]))
    frame = map_frame(page)
    search = frame.locator(".cm-search input")
    assert search.get_attribute("placeholder") == t("map_search", "en") == "Find a region"
    start = frame.evaluate("() => map_div.getZoom()")
    search.click()
    search.press_sequentially("balikpapan")
    search.press("Enter")
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert tooltip.locator(".cm-tt .n").inner_text() == "Kota Balikpapan"
    assert frame.evaluate("() => map_div.getZoom()") > start
    assert frame.evaluate("""() => {
      const l = regencyLayer.getLayers().find(l => l.feature.properties.kode === '64.71');
      const r = l.getElement().getBoundingClientRect();
      return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight
        && l.options.weight === 3; }""")
    page.screenshot(path=str(ARTIFACTS / "layar-lebar-cari-balikpapan.png"))


def test_the_profile_counts_charts_fit_a_phone(server, phone, bundle):
    """The counts over time, one chart each (a facet's panels had a fixed width: the right
    column was cut off), are as wide as the phone's page: none reaches past the screen's right
    edge or hides a part to scroll to."""
    counts = profile.counts(bundle.figures, "64.72")
    shown = {m for m, a in zip(counts["metric"], counts["as_of"])
             if profile.as_date(a) is not None}
    assert len(shown) >= 2  # Kota Samarinda has several counts, so two would not fit side by side
    phone.goto(f"{server}/wilayah?kode=64.72")
    phone.get_by_role("heading", name=t("profile_counts_title", "id")).wait_for(timeout=60_000)
    drawn = ('[data-testid="stVegaLiteChart"] canvas, '
             '[data-testid="stVegaLiteChart"] svg.marks')
    # the timeline, then one chart per count
    phone.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n",
                            arg=[drawn, len(shown) + 1], timeout=60_000)
    boxes = phone.evaluate("""(sel) => Array.from(document.querySelectorAll(sel), c => {
      const e = c.closest('[data-testid="stVegaLiteChart"]');
      const r = c.getBoundingClientRect(), o = e.getBoundingClientRect();
      return [r.left, r.right, r.width, o.left, o.right, e.scrollWidth, e.clientWidth]; })""",
                           drawn)
    screen = phone.evaluate("() => document.documentElement.clientWidth")
    assert screen == 390
    for left, right, width, outer_left, outer_right, scroll, client in boxes:
        assert 0 <= outer_left <= left and right <= outer_right <= screen, boxes
        assert scroll <= client and width > 300, boxes  # nothing hidden; the page's width
    counts_title = phone.get_by_role("heading", name=t("profile_counts_title", "id"))
    counts_title.scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "telepon-profil-jumlah.png"))
