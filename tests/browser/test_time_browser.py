"""The time control in a real browser (issue 27): "Putar" steps the map through the years that
have figures, one every two seconds, the link following each year, and stops at the latest."""

from test_map_browser import eventually


def test_the_years_play_in_the_browser_and_stop_at_the_latest(server, new_page):
    page = new_page()
    page.goto(f"{server}/?provinsi=64")
    page.get_by_text("Unduh untuk slide, cetak dan analisis").wait_for(timeout=60_000)
    page.get_by_role("button", name="▶ Putar tahun demi tahun").click()
    years = []

    def moved_on() -> bool:  # the link says each year in turn
        year = page.evaluate("() => new URLSearchParams(location.search).get('tahun')")
        if year and (not years or years[-1] != year):
            years.append(year)
        return len(years) >= 3

    eventually(moved_on, timeout=60, interval=0.2)
    assert years == sorted(years) and years[0] == "2018"
    page.get_by_role("button", name="▶ Putar tahun demi tahun").wait_for(timeout=60_000)
    shown = [x for x in page.locator(".st-key-tahun").inner_text().split("\n") if x.strip()]
    assert shown[1] == "Terbaru"  # label, the value shown, the slider's two ends
