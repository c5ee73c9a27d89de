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
