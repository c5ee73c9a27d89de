"""The map in a real browser: every regency polygon drawn, real figures on hover, offline."""

import shapely

from coverage_map import io

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
ARTIFACTS = io.ROOT / "tests" / "artifacts"

DRAWN = """() => {
  const drawn = [];
  map_div.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.tooltip && l._path
        && l._path.isConnected && l._path.getAttribute('d').length > 10) {
      drawn.push(l.feature.properties.kode);
    }
  });
  return drawn;
}"""


def map_frame(page):
    page.frame_locator(MAP_IFRAME).locator("path.leaflet-interactive").first.wait_for(
        timeout=60_000)
    return next(f for f in page.frames if "st_folium" in f.url)


def wait_for_codes(page, expected: set[str]):
    page.wait_for_function(
        """([sel, n]) => {
          const frames = document.querySelectorAll(sel);
          if (frames.length !== 1) return false;  // a rerun may briefly keep the old map
          const f = frames[0];
          const w = f && f.contentWindow;
          if (!w || !w.map_div || typeof w.map_div.eachLayer !== "function") return false;
          let c = 0; w.map_div.eachLayer(l => { if (l.feature && l.feature.properties.tooltip
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
    tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    return tooltip.inner_text()


def test_all_regencies_drawn_and_hover_shows_real_figure(server, page, regions):
    page.goto(server)
    drawn = wait_for_codes(page, set(regions["kode"]))
    assert drawn == set(regions["kode"])  # all 56 regencies of Kalimantan
    text = hover_region(page, "64.11")
    assert "Kabupaten Mahakam Ulu" in text and "12,7 %" in text and "Juli 2025" in text
    assert "Tribun Kaltim" in text
    text = hover_region(page, "64.09")  # PPU: no exact figure, shown as such
    assert "Belum ada angka Cakupan kepesertaan" in text
    assert "Angka tingkat provinsi Kalimantan Timur" in text
    page.screenshot(path=str(ARTIFACTS / "peta-kalimantan.png"))


def test_province_filter_redraws_the_map(server, page, regions):
    page.goto(server)
    wait_for_codes(page, set(regions["kode"]))
    page.get_by_role("combobox", name="Provinsi").click()
    page.get_by_role("option", name="Kalimantan Timur").click()
    kaltim = set(regions.loc[regions["kode_prov"] == "64", "kode"])
    page.get_by_text("3 dari 5 kab/kota di Kalimantan Timur").first.wait_for(timeout=30_000)
    assert wait_for_codes(page, kaltim) == kaltim
    page.screenshot(path=str(ARTIFACTS / "peta-kaltim.png"))
