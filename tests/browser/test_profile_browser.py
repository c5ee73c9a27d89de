"""From the map to a region's profile and back, in a browser."""

import re

import shapely

from coverage_map.data import io
from test_map_browser import ARTIFACTS, MAP_IFRAME, map_frame, wait_for_codes


def test_map_click_opens_the_profile_and_the_way_back_keeps_the_view(server, page, regions):
    kaltim = set(regions.loc[regions["kode_prov"] == "64", "kode"])
    page.goto(f"{server}/?provinsi=64")
    wait_for_codes(page, kaltim)
    frame = map_frame(page)
    frame.wait_for_function("() => typeof window.cmOpenProfile === 'function'")
    kab = io.read_boundaries("kabkota").set_index("kode")
    point = shapely.point_on_surface(kab.loc["64.72", "geometry"])  # Kota Samarinda
    x, y = frame.evaluate("([lat, lng]) => { const p = map_div.latLngToContainerPoint([lat, lng]);"
                          " return [p.x, p.y]; }", [point.y, point.x])
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    assert "Klik atau ketuk wilayah untuk membuka profilnya" in \
        frame.locator(".leaflet-tooltip").inner_text()
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = frame.locator(".cm-pop")
    popup.wait_for(timeout=10_000)
    assert "Kota Samarinda" in popup.inner_text()
    popup.locator("button.cm-open").click()
    page.wait_for_url("**/wilayah?*kode=64.72*", timeout=60_000)
    page.get_by_role("heading", name="Kota Samarinda").wait_for(timeout=60_000)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    assert "provinsi=64" in page.url  # the view travels with the reader
    # the statement once (a regular expression: case-sensitive, unlike a text; the gap sentence
    # below says "angka terbaru Kota Samarinda" too)
    assert page.get_by_text(re.compile("Angka terbaru Kota Samarinda")).count() == 1
    page.get_by_role("heading", name="Lembar fakta (PDF A4)").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0  # the whole page ran
    page.screenshot(path=str(ARTIFACTS / "profil-samarinda.png"), full_page=True)
    page.get_by_role("link", name="Kembali ke peta").click()
    assert wait_for_codes(page, kaltim) == kaltim  # the same province, drawn again
    assert page.get_by_role("combobox", name="Provinsi").input_value() == "Kalimantan Timur"
