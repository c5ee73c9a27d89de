"""The IKN / PPU focus page in a real browser, opened from a shared link."""

from coverage_map.data import io

from test_map_browser import ARTIFACTS, MAP_IFRAME, map_frame, wait_for_codes

FOCUS_DRAWN = """() => {
  const kode = [];
  let iknOutline = 0;
  map_div.eachLayer(l => {
    if (!l._path || !l._path.isConnected || l._path.getAttribute('d').length < 10) return;
    if (l.feature && l.feature.properties.tooltip) kode.push(l.feature.properties.kode);
    if (l.options && l.options.dashArray === '8 5') iknOutline++;
  });
  return {kode, iknOutline};
}"""


def wait_for_focus_map(page):
    page.wait_for_function(
        """(sel) => { const all = document.querySelectorAll(sel); if (all.length !== 1) return false;
             const f = all[0]; const w = f && f.contentWindow;
             if (!w || !w.map_div || typeof w.map_div.eachLayer !== 'function') return false;
             let n = 0; w.map_div.eachLayer(l => { if (l.options && l.options.dashArray === '8 5'
                 && l._path && l._path.isConnected) n++; }); return n > 0; }""",
        arg=MAP_IFRAME, timeout=60_000)
    return map_frame(page).evaluate(FOCUS_DRAWN)


def test_focus_link_draws_ikn_outline_and_ppu_kecamatan(server, page):
    page.goto(f"{server}/?fokus=ikn")
    page.get_by_text("Fokus: IKN dan Kabupaten Penajam Paser Utara").wait_for(timeout=60_000)
    drawn = wait_for_focus_map(page)
    kec = io.read_boundaries("kecamatan_kaltim")
    ppu = set(kec.loc[kec["kode_kab"] == "64.09", "kode"])
    assert ppu <= set(drawn["kode"]) and drawn["iknOutline"] >= 1
    page.frame_locator(MAP_IFRAME).get_by_text("Seluruhnya di dalam IKN").wait_for()
    page.screenshot(path=str(ARTIFACTS / "fokus-ikn.png"))


def test_cold_start_deep_link_gets_the_real_app(cold_server, page):
    page.goto(f"{cold_server}/ikn")  # the first request this server ever sees
    page.get_by_text("Fokus: IKN dan Kabupaten Penajam Paser Utara").wait_for(timeout=60_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("Peta Cakupan").wait_for()
    assert nav.get_by_text("streamlit app").count() == 0
    wait_for_focus_map(page)


def test_main_map_links_to_focus(server, page, regions):
    page.goto(server)
    wait_for_codes(page, set(regions["kode"]))  # the page has finished its first run
    page.get_by_role("link", name="Fokus IKN & Penajam Paser Utara").click()
    page.get_by_text("Fokus: IKN dan Kabupaten Penajam Paser Utara").wait_for(timeout=60_000)
    wait_for_focus_map(page)


FIRST_SCREEN = """() => {
  const box = el => el.getBoundingClientRect();
  const metrics = [...document.querySelectorAll('[data-testid="stMetric"]')].slice(0, 2);
  const map = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const cut = [...document.querySelectorAll('[class*="st-key-ikn_answer"] [data-testid="stMetric"] *')]
    .filter(el => getComputedStyle(el).overflow === 'hidden' && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.textContent);
  return {metrics: metrics.map(m => ({text: m.innerText, bottom: box(m).bottom,
                                      right: box(m).right})),
          mapTop: box(map).top, width: document.documentElement.clientWidth, cut};
}"""


def test_first_screen_answers_before_the_map(server, new_page):
    page = new_page()
    for size in ({"width": 1366, "height": 768}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        page.goto(f"{server}/ikn")
        page.get_by_text("Seberapa terlindungi pekerja di sekitar IKN?").wait_for(timeout=60_000)
        wait_for_focus_map(page)
        screen = page.evaluate(FIRST_SCREEN)
        ppu, kukar = screen["metrics"]
        assert "Kab. Penajam Paser Utara" in ppu["text"] and "belum ada angka publik" in ppu["text"]
        assert "Kab. Kutai Kartanegara" in kukar["text"]
        assert screen["mapTop"] > kukar["bottom"]  # the answer first, then the map
        assert screen["cut"] == []  # no label or value cut off ("…")
        assert all(m["right"] <= screen["width"] for m in screen["metrics"])
        if size["width"] == 1366:  # both answers on the first screen of a laptop
            assert kukar["bottom"] <= size["height"]
        page.screenshot(path=str(ARTIFACTS / f"fokus-ikn-{size['width']}.png"))
