"""The words a reader sees: every page in Indonesian says nothing of the list of English
fragments, duplicated words and wrong sentences that readers found (issue 27), and Streamlit's
own English controls (a table's toolbar with its second CSV download, "Clear all", a file's
"143.0B") are taken off every page."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coverage_map.language.i18n import t
from coverage_map.ui.frame import STREAMLIT_WORDS_CSS

ROOT = Path(__file__).resolve().parents[2]
PAGES = [("pages/peta.py", {}), ("pages/peta.py", {"provinsi": "64", "nama": "ya"}),
         ("pages/wilayah.py", {"kode": "64.09"}), ("pages/analisis.py", {}),
         ("pages/rencana.py", {"kode": "64"}), ("pages/sumber.py", {}),
         ("pages/unggah.py", {})]
# what readers found in Indonesian mode (issue 27), and what must never be shown
NEVER_IN_INDONESIAN = [
    "Natural breaks", "Download as CSV", "tetap memakai belum ada angka", "cakupan Cakupan",
    "di Seluruh Kalimantan", "Sekarang APBD", "Klik wilayah untuk", "nilai 0", "target_label",
    "None", "nan %", "NaN",
]


def words_of(at) -> str:
    """Everything the page sends that a reader can see: texts, labels, options, chart specs
    (titles, tooltips) and the map's own page (its sheet, legend and labels), as one text."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    text = "\n".join(out)
    return text.encode().decode("unicode_escape", errors="ignore") if "\\u" in text else text


def page(path: str, params: dict, lang: str = "id"):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=180)
    at.switch_page(path)
    for key, value in {**params, "bahasa": lang}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("path,params", PAGES)
def test_no_listed_fragment_in_indonesian(path, params):
    at = page(path, params)
    seen = words_of(at)
    style = re.sub(r"<style>.*?</style>", "", seen, flags=re.S)  # CSS has "display: none"
    found = [w for w in NEVER_IN_INDONESIAN if re.search(rf"(?<![\w-]){re.escape(w)}(?!\w)",
                                                          style)]
    assert not found, found
    # Streamlit's English controls are hidden on every page (the frame's style)
    assert any(STREAMLIT_WORDS_CSS in h.proto.body for h in at.get("html"))


def test_streamlit_controls_in_english_are_the_ones_hidden():
    """The style names exactly the controls that speak English: the element toolbar (a
    table's "Download as CSV", "Search", "Fullscreen"), the multiselect's "Clear all", the
    uploaded file's size."""
    for selector in ('[data-testid="stElementToolbar"]', '[aria-label="Clear all"]',
                     '[data-testid="stFileChipName"] + div'):
        assert selector in STREAMLIT_WORDS_CSS
    assert "display: none" in STREAMLIT_WORDS_CSS


def test_group_mark_is_explained_where_it_is_shown():
    """Kaltim's map with names: "sekitar 60 %*" is a group statement; the legend says what the
    star means."""
    at = page("pages/peta.py", {"provinsi": "64", "nama": "ya"})
    seen = words_of(at)
    assert "60 %*" in seen
    said = t("legend_group_mark", "id", mark="*")
    assert said.split(" (")[0] in seen and said.split("), ")[1] in seen  # quotes are escaped


def test_a_link_to_one_figure_opens_on_it():
    at = page("pages/sumber.py", {"id": "F385"})
    headers = [h.value for h in at.subheader]
    assert headers[0] == "Angka F385"  # above the method, not at the end of the page
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["F385"]
    assert not any(h.startswith("Semua angka") for h in headers)


def test_all_kalimantan_inside_a_sentence_and_as_a_label():
    assert t("analysis_caption", "id", n=3, total=56, area=t("all_kalimantan", "id"),
             target="80 %").startswith("3 dari 56 kab/kota di seluruh Kalimantan ")
    assert t("export_title", "id", metric="Cakupan", area=t("all_kalimantan", "id")) == \
        "Cakupan: Seluruh Kalimantan"
    assert t("analysis_caption", "en", n=3, total=56, area=t("all_kalimantan", "en"),
             target="80 %").startswith("3 of 56 regencies/cities in all of Kalimantan ")


def test_the_ranking_charts_say_their_numbers():
    """Analisis: the bars carry their number; the tooltip names the region and the number
    with its date and source, each under its own title (two equal titles hide one)."""
    at = page("pages/analisis.py", {})
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    bars = next(s for s in specs if "layer" in s and any(
        layer.get("mark", {}).get("type") == "text" for layer in s["layer"]))
    text = next(layer for layer in bars["layer"] if layer["mark"]["type"] == "text")
    assert text["encoding"]["text"]["field"] == "belum_terlindungi_teks"
    bar = next(layer for layer in bars["layer"] if layer["mark"]["type"] == "bar")
    titles = [tip["title"] for tip in bar["encoding"]["tooltip"]]
    assert titles == ["Kab/Kota", "Pekerja belum terlindungi"] and len(set(titles)) == 2


def test_the_years_play_from_the_first_to_the_latest():
    """The time control: a slider over the years with figures, and a button that plays them
    (the map then shows the figures up to each year in turn) and stops at the latest."""
    from coverage_map.ui import frame

    at = page("pages/peta.py", {"provinsi": "64"})
    years = at.select_slider(key="tahun").options
    assert years[-1] == "Terbaru" and len(years) >= 3
    assert at.button(key="tahun_putar").label == "▶ Putar tahun demi tahun"
    at.button(key="tahun_putar").click().run()
    shown = [at.select_slider(key="tahun").value]
    assert str(shown[0]) == years[0] and at.button(key="tahun_putar").label == "■ Hentikan"
    for _ in range(len(years) + 2):  # each step once a frame has been shown its time
        if frame._PLAYING not in at.session_state:
            break
        at.session_state[frame._PLAYING] = -1e9
        at.run()
        assert not at.exception
        shown.append(at.select_slider(key="tahun").value)
    # every year in turn, the latest shown its time too, then the end
    assert [str(y) if y else "Terbaru" for y in shown] == [*years, "Terbaru"]
    assert at.button(key="tahun_putar").label == "▶ Putar tahun demi tahun"


def test_a_year_shown_is_said_on_the_map_and_names_stay_in_view_on_a_phone():
    at = page("pages/peta.py", {"provinsi": "64", "tahun": "2023"})
    # under the legend, before the target (the "·" between them comes escaped in the page)
    assert re.search(r"Angka sampai 2023 \S+ Target: 80 %", words_of(at))
    ranked = next(d for d in at.dataframe if "Kab/Kota" in d.value.columns)
    config = json.loads(ranked.proto.columns)
    assert config["Kab/Kota"]["pinned"] is True  # a phone scrolls the rest sideways
    latest = words_of(page("pages/peta.py", {"provinsi": "64"}))
    assert not re.search(r"Angka sampai \d{4}", latest)  # the latest: no year to say
