"""A session's first view: the map is drawn before the rest of the page arrives, and the rest
arrives without drawing the map again (issue 6: time to polygons, slow networks)."""

import pytest

from test_map_browser import map_frame, wait_for_codes

# In the top window: when the first map iframe, filter and data grid or exit button appeared,
# and when the map first had regions drawn.
SEEN = """
if (window === window.top) {
  window.__seen = {};
  const drawn = () => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const layer = frame && frame.contentWindow && frame.contentWindow.regencyLayer;
    let n = 0;
    if (layer) layer.eachLayer(l => { if (l._path && l._path.isConnected) n++; });
    if (n) window.__seen.drawn = performance.now(); else setTimeout(drawn, 10);
  };
  drawn();
  const marks = {map: 'iframe[title="streamlit_folium.st_folium"]',
                 filter: '[data-testid=stSidebar] [data-testid=stSelectbox]',
                 grid: '[data-testid=stDataFrame]',
                 exit: '[data-testid=stButton]'};
  new MutationObserver(() => {
    for (const [name, sel] of Object.entries(marks)) {
      if (!(name in window.__seen) && document.querySelector(sel)) {
        window.__seen[name] = performance.now();
      }
    }
  }).observe(document, {subtree: true, childList: true});
}
"""


@pytest.mark.parametrize("query, rest", [("", ["filter", "grid"]),
                                         ("?tampilan=presentasi", ["exit", "grid"])])
def test_first_view_map_first_then_the_rest_without_redrawing(server, new_page, regions, query,
                                                              rest):
    page = new_page()
    page.add_init_script(SEEN)
    # on a slow network ("hotel Wi-Fi", as in bench/run_bench.py) the order shows most clearly
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 80,
                                                  "downloadThroughput": 4e6 / 8,
                                                  "uploadThroughput": 1e6 / 8})
    page.goto(f"{server}/{query}")
    assert wait_for_codes(page, set(regions["kode"])) == set(regions["kode"])
    map_frame(page).evaluate("window.__first_map = true")  # this map document, marked

    for name in rest:  # the rest of the page follows by itself
        page.wait_for_function("(name) => name in window.__seen", arg=name, timeout=30_000)
    seen = page.evaluate("window.__seen")
    # the map's regions were drawn before any filter, grid or button appeared: the rest of the
    # page waits for the map (it would take bandwidth from the map's files on a slow network)
    assert all(seen["map"] < seen["drawn"] < seen[name] for name in rest), seen
    # and it is the same map document: the whole page did not draw the map a second time
    assert map_frame(page).evaluate("window.__first_map === true")
    assert wait_for_codes(page, set(regions["kode"])) == set(regions["kode"])
