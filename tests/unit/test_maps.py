"""The map HTML, asserted without a browser: fills, hatch, tooltips, no CDN."""

import re

import pytest

from coverage_map import classify, coverage, maps
from coverage_map.coverage import View


def render(bundle, view, scheme="tetap"):
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric, scheme, view.target)
    provinces = bundle.provinsi if view.province is None else \
        bundle.provinsi[bundle.provinsi["kode"] == view.province]
    fmap = maps.coverage_map(bundle.kabkota, table, classes, provinces, view.metric, "Legenda")
    return fmap.get_root().render(), classes


def fill_of(html: str, kode: str) -> str:
    """The fillColor folium's style switch gives a regency."""
    match = re.search(r'case "' + re.escape(kode) + r'":[^{]*?return (\{[^}]*\})', html)
    assert match, f"no style for {kode}"
    return re.search(r'"fillColor": "([^"]+)"', match.group(1)).group(1)


@pytest.fixture(scope="module")
def kaltim(bundle):
    return render(bundle, View(province="64"))


def test_known_values_get_their_class_colour(kaltim):
    html, classes = kaltim
    assert fill_of(html, "64.11") == classes.colours[0]  # Mahakam Ulu 12,7 % -> "< 40 %"
    assert fill_of(html, "64.74") == classes.colours[-1]  # Bontang 100 % -> ">= 100 %"
    assert fill_of(html, "64.71") == classes.colours[2]  # Balikpapan 67 % -> "60-80 %"


def test_missing_values_are_hatched_not_coloured(kaltim):
    html, classes = kaltim
    assert fill_of(html, "64.09") == maps.NO_DATA_FILL  # PPU has no exact coverage %
    assert maps.NO_DATA_FILL not in classes.colours
    assert 'id=\\"tanpa-data\\"' in html or 'id="tanpa-data"' in html
    assert "Belum ada data" in html


def test_tooltip_fields(kaltim):
    html, _ = kaltim
    for text in ["Kabupaten Mahakam Ulu", "Cakupan kepesertaan: 12,7 %", "Per: Juli 2025",
                 "Sumber: Tribun Kaltim", "Definisi:"]:
        assert text in html
    assert "Angka tingkat provinsi Kalimantan Timur" in html  # PPU's tooltip, labelled


def test_only_regencies_of_the_view(bundle, kaltim):
    html, _ = kaltim
    assert '"kode": "64.09"' in html and '"kode": "63.01"' not in html


def test_no_cdn_no_tiles_local_leaflet(kaltim):
    html, _ = kaltim
    urls = set(re.findall(r'(?:src|href)="([^"]+)"', html))
    assert urls == {maps.LEAFLET_JS_URL, maps.LEAFLET_CSS_URL}
    assert "tileLayer" not in html
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)


def test_tooltip_text_is_escaped(bundle):
    table = coverage.view_table(bundle.regions, bundle.figures, View(province="64"))
    table.loc[0, "nama"] = "<img src=x onerror=alert(1)>"
    html = maps.tooltip_html(table.iloc[0], "coverage_pct")
    assert "<img" not in html and "&lt;img" in html


def test_counts_map_uses_quantiles(bundle):
    html, classes = render(bundle, View(metric="vulnerable_workers_apbd"), "kuantil")
    assert len(classes.bins) == 5
    assert "Pekerja rentan dibiayai APBD" in html


def test_base_tiles_only_when_asked(bundle):
    table = coverage.view_table(bundle.regions, bundle.figures, View(province="65"))
    classes = classify.classify(table["value"], "coverage_pct")
    with_tiles = maps.coverage_map(bundle.kabkota, table, classes, bundle.provinsi, "coverage_pct",
                                   "L", tiles=True).get_root().render()
    assert "tile.openstreetmap.org" in with_tiles
