"""A comparison shared as a link opens with its regions (issue 27): the light first view keeps
``?banding=`` for the rest of the page, and the link still says it afterwards."""


def test_a_shared_comparison_opens_with_its_regions(server, new_page):
    page = new_page()
    page.goto(f"{server}/?banding=64.71,62.06")
    chosen = page.locator(".st-key-bandingkan")
    chosen.get_by_text("Kota Balikpapan · Kalimantan Timur").wait_for(timeout=90_000)
    chosen.get_by_text("Kabupaten Katingan · Kalimantan Tengah").wait_for(timeout=10_000)
    page.get_by_role("tab", name="Tabel").click()
    page.locator("[data-testid=stDataFrame]").last.wait_for(timeout=10_000)
    page.wait_for_function("() => new URLSearchParams(location.search).get('banding')"
                           " === '64.71,62.06'", timeout=10_000)


def test_regions_clicked_on_the_map_join_the_comparison(server, page, regions):
    import shapely

    from coverage_map.data import io
    from test_map_browser import MAP_IFRAME, map_frame, wait_for_codes

    kaltim = set(regions.loc[regions["kode_prov"] == "64", "kode"])
    page.goto(f"{server}/?provinsi=64")
    wait_for_codes(page, kaltim)
    page.locator(".st-key-bandingkan").wait_for(timeout=90_000)  # the whole page is there
    frame = map_frame(page)
    kab = io.read_boundaries("kabkota").set_index("kode")
    box = page.locator(MAP_IFRAME).bounding_box()
    chosen = page.locator(".st-key-bandingkan")
    for kode, name in (("64.72", "Kota Samarinda"), ("64.09", "Kabupaten Penajam Paser Utara")):
        frame = map_frame(page)
        point = shapely.point_on_surface(kab.loc[kode, "geometry"])
        x, y = frame.evaluate("([lat, lng]) => { const p = map_div.latLngToContainerPoint("
                              "[lat, lng]); return [p.x, p.y]; }", [point.y, point.x])
        page.mouse.click(box["x"] + x, box["y"] + y)
        frame.locator(".cm-pop button.cm-cmp").last.click()
        chosen.get_by_text(f"{name} · Kalimantan Timur").wait_for(timeout=60_000)
    page.wait_for_function("() => new URLSearchParams(location.search).get('banding')"
                           " === '64.72,64.09'", timeout=10_000)
    page.get_by_role("tab", name="Grafik").wait_for(timeout=10_000)
