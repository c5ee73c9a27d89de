"""Shared links, the language switch, the presentation view and the PNG download, in a browser."""

import io

from PIL import Image

from test_map_browser import ARTIFACTS, MAP_IFRAME, eventually, hover_region, map_frame, wait_for_codes


def kaltim(regions):
    return set(regions.loc[regions["kode_prov"] == "64", "kode"])


def test_shared_link_reopens_the_same_view(server, page, regions):
    page.goto(f"{server}/?provinsi=64&kelas=kuantil&bahasa=en&target=70")
    page.get_by_text("Jamsostek Coverage Map: Kalimantan Timur").wait_for(
        timeout=60_000)
    assert wait_for_codes(page, kaltim(regions)) == kaltim(regions)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert page.get_by_role("combobox", name="Province").input_value() == "Kalimantan Timur"
    assert sidebar.get_by_label("Quantiles").is_checked()
    sidebar.get_by_role("button", name="Share a link to this view").click()
    link = page.locator('[data-testid="stCode"]').inner_text()
    for part in ("provinsi=64", "kelas=kuantil", "bahasa=en", "target=70"):
        assert part in link and part in page.url


def test_language_switch(server, page, regions):
    page.goto(server)
    wait_for_codes(page, set(regions["kode"]))
    page.get_by_role("combobox", name="Bahasa / Language").click()
    page.get_by_role("option", name="English").click()
    page.get_by_text("32 of the 36 regencies/cities").first.wait_for(timeout=30_000)
    # wait until the map itself is the English one (its legend), not the one being replaced
    eventually(lambda: map_frame(page).locator(".cm-legend").inner_text().count("No public figure yet"))
    wait_for_codes(page, set(regions["kode"]))
    text = eventually(lambda: hover_region(page, "64.11"))
    assert "Membership coverage: 12.7 %" in text and "July 2025" in text
    assert "bahasa=en" in page.url
    page.screenshot(path=str(ARTIFACTS / "peta-english.png"))


def test_presentation_view(server, page, regions):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/?tampilan=presentasi")
    wait_for_codes(page, set(regions["kode"]))
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    frame = page.frame_locator(MAP_IFRAME)
    frame.get_by_text("Cakupan kepesertaan: Seluruh Kalimantan").wait_for()
    assert frame.locator(".cm-title").get_by_text("Sumber:").count() == 1
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["height"] >= 800 and box["width"] >= 1700  # the map fills the screen
    page.screenshot(path=str(ARTIFACTS / "presentasi.png"))
    page.get_by_role("button", name="Keluar dari tampilan presentasi").click()
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=30_000)


def test_png_download(server, page, regions):
    page.goto(f"{server}/?provinsi=62")
    wait_for_codes(page, set(regions.loc[regions["kode_prov"] == "62", "kode"]))
    page.get_by_text("Unduh untuk slide, cetak dan analisis").click()
    page.get_by_role("button", name="PNG 16:9", exact=True).click()  # made on the server
    ready = page.get_by_role("button", name="Unduh PNG 16:9 (")
    ready.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        ready.click()
    path = ARTIFACTS / "unduhan-16x9.png"
    download.value.save_as(path)
    image = Image.open(io.BytesIO(path.read_bytes()))
    assert image.size == (1920, 1080)
    assert download.value.suggested_filename.endswith("-16x9.png")
