"""The IKN page's first screen answers "how protected are workers around IKN?": PPU's and
Kukar's own figures (or "belum ada angka publik"), the workers on IKN projects, the Kaltim group
statement said to be one, and a chart whose tooltips speak the reader's language."""

import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from coverage_map.language.i18n import t

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
ELEMENTS = ("title", "subheader", "markdown", "caption", "metric", "warning", "info")


def open_focus(lang: str = "id") -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.switch_page("pages/ikn.py")
    if lang != "id":
        at.query_params["bahasa"] = lang
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.fixture(scope="module")
def focus_id():
    return open_focus("id")


@pytest.fixture(scope="module")
def focus_en():
    return open_focus("en")


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def texts_in_order(at) -> list[str]:
    """The page's texts in the order drawn: metrics as "label = value"."""
    out = []
    for element in at.main:  # depth first, the order on screen
        kind = element.type
        if is_map(element):
            out.append("<map>")
        elif kind == "metric":
            out.append(f"{element.label} = {element.value}")
        elif kind in ELEMENTS:
            out.append(plain(str(element.value)))
    return out


def is_map(element) -> bool:
    return element.type == "component_instance" and \
        element.proto.component_name == "streamlit_folium.st_folium"


def first_screen(at) -> list[str]:
    """Everything before the map."""
    out = []
    for element in at.main:
        if is_map(element):
            break
        if element.type == "metric":
            out.append(f"{element.label} = {element.value}")
        elif element.type in ELEMENTS:
            out.append(plain(str(element.value)))
    return out


def vega_charts(at) -> list[tuple[dict, dict[str, list[dict]]]]:
    """Each Vega-Lite chart the page sends: its spec and its datasets as rows."""
    out = []
    for element in at.main:
        if element.type != "vega_lite_chart":
            continue
        datasets = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist()
                    for d in element.proto.datasets}
        out.append((json.loads(element.proto.spec), datasets))
    return out


def tooltips(spec: dict) -> list[dict]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "tooltip":
                    found.extend(value if isinstance(value, list) else [value])
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(spec)
    return found


def test_first_screen_names_ppu_and_kukar_with_their_own_figure_or_none(focus_id):
    screen = first_screen(focus_id)
    assert screen[0].startswith("Fokus: IKN")
    assert screen[1] == "Seberapa terlindungi pekerja di sekitar IKN?"
    # PPU before Kukar, each with its code; neither has a coverage figure of its own in the data
    ppu = screen.index("**Kab. Penajam Paser Utara** (64.09)")
    kukar = screen.index("**Kab. Kutai Kartanegara** (64.02)")
    assert ppu < kukar < 8
    assert screen[ppu + 1] == ("Cakupan kepesertaan, angka Kab. Penajam Paser Utara sendiri = "
                               "belum ada angka publik")
    assert screen[kukar + 1] == ("Cakupan kepesertaan, angka Kab. Kutai Kartanegara sendiri = "
                                 "belum ada angka publik")
    # the group's "sekitar 60 %" is nowhere a metric of PPU or Kukar; the province's neither
    metrics = [s for s in screen if " = " in s]
    assert not any("60 %" in m or "58,53 %" in m for m in metrics)
    # PPU's own partial statement is there, said to be partial, with its source
    partial = screen[ppu + 3]
    assert partial.startswith("Pernyataan sebagian, bukan cakupan semua pekerja. Segmen formal")
    assert "sekitar 80 %" in partial and "Sonora.id" in partial and "F344" in partial
    assert "Per: tanpa tanggal" in partial  # its date is missing and said so


def test_group_statement_is_labelled_as_one(focus_id):
    screen = first_screen(focus_id)
    heading = screen.index(
        "**Pernyataan tentang sekelompok kab/kota, bukan angka PPU atau Kukar sendiri**")
    statement = screen[heading + 1]
    assert statement.startswith("sekitar 60 %: pernyataan Kepala BPJS Ketenagakerjaan Cabang "
                                "Samarinda tentang semua kab/kota Kalimantan Timur selain "
                                "Bontang dan Kutai Timur.")
    for part in ("pernyataan kelompok", "Per: Mei 2025", "Sumber: infosatu.co",
                 "Dasar: tidak disebut sumber"):
        assert part in statement
    assert heading > screen.index("**Kab. Kutai Kartanegara** (64.02)")


def test_first_screen_then_workers_on_ikn_projects(focus_id):
    screen = first_screen(focus_id)
    metrics = dict(s.split(" = ", 1) for s in screen if " = " in s)
    assert metrics["Peserta jasa konstruksi (Jakon) di proyek IKN"] == "lebih dari 134.000"
    assert metrics["Cakupan pekerja konstruksi (Jakon) di proyek IKN"] == \
        "belum ada angka publik"
    assert metrics["Pekerja rentan dibiayai APBD, Kab. Penajam Paser Utara"] == "20.000"
    assert metrics["Pekerja rentan dibiayai APBD, Kab. Kutai Kartanegara"] == "13.289"
    captions = [s for s in screen if "F403" in s or "F320" in s]
    assert any("Per: Januari 2025" in c and "Media Indonesia" in c for c in captions)
    assert any("Per: Desember 2025" in c and "Kaltimtoday.co" in c for c in captions)
    # the land areas and the map come after the answer
    texts = texts_in_order(focus_id)
    assert texts.index("<map>") == len(screen)
    assert texts.index("Daratan IKN, UU 3/2022 = ±256.142 ha") > len(screen)


def test_chart_tooltips_are_words_in_the_language(focus_id):
    (spec, datasets), = vega_charts(focus_id)
    tips = tooltips(spec)
    assert tips and all(tip.get("title") and tip["title"].strip() for tip in tips)
    titles = {tip["title"] for tip in tips}
    assert titles == {"Wilayah", "Nilai", "Kepastian", "Per", "Sumber", "Dasar persentase",
                      "ID angka", "Target"}
    fields = {tip["field"] for tip in tips}
    assert not titles & fields  # no field shown under its raw name
    assert spec.get("mark", {}).get("tooltip") is None  # no automatic tooltip of every field
    rows = datasets[spec["data"]["name"]]
    # rows in the page's order (PPU and Kukar first), not the bars' regions first
    order = [layer["encoding"]["y"]["sort"] for layer in spec["layer"][:2]]
    assert order[0] == order[1] == [r["wilayah"] for r in rows]
    assert order[0][0] == "Kab. Penajam Paser Utara"
    by_area = {r["t_area"]: r for r in rows}
    group = by_area["Kab/kota Kaltim selain Bontang dan Kutai Timur (pernyataan kelompok) · "
                    "Cakupan kepesertaan"]
    assert group["nilai"] is None  # a statement: no bar, never a 0
    assert group["t_value"].startswith("sekitar 60 %: pernyataan Kepala BPJS")
    assert group["label"] == "pernyataan kelompok: sekitar 60 %"
    assert group["t_date"] == "Mei 2025" and group["t_kind"] == "pernyataan kelompok"
    ppu = by_area["Kab. Penajam Paser Utara · Cakupan kepesertaan"]
    assert ppu["nilai"] is None and ppu["t_value"] == "belum ada angka publik"
    kaltim = by_area["Provinsi Kalimantan Timur · Cakupan kepesertaan"]
    assert kaltim["nilai"] == 58.53 and kaltim["t_value"] == "58,53 %"
    assert kaltim["t_base"] == "penduduk bekerja (BPS)" and kaltim["t_source"] == "Interaksi.co"
    for row in rows:
        shown = [str(v) for k, v in row.items() if k.startswith("t_") or k == "label"]
        assert not any(re.search(r"\bnilai 0\b|\bNone\b|\bnan\b", v) for v in shown), row
    assert spec["config"]["locale"]["number"]["decimal"] == ","


ENGLISH_ONLY = re.compile(r"\b(the|of|and|figure|coverage|workers|source|statement)\b")
INDONESIAN_ONLY = re.compile(
    r"\b(belum ada|angka|pekerja|sumber|pernyataan|cakupan|sekitar|lebih dari|tanpa tanggal|"
    r"kelompok|dibiayai|Per:|Dasar|Nilai|Wilayah|Kepastian)\b")


def test_english_first_screen_and_chart(focus_en):
    screen = first_screen(focus_en)
    assert screen[1] == "How protected are workers around the new capital (IKN)?"
    assert "Membership coverage, Kabupaten Penajam Paser Utara's own figure = " \
           "no public figure yet" in screen
    assert "Membership coverage, Kabupaten Kutai Kartanegara's own figure = " \
           "no public figure yet" in screen
    assert "Construction (Jakon) participants on IKN projects = more than 134,000" in screen
    assert any(s.startswith("about 60 %: statement by the head of the BPJS") for s in screen)
    # names of places, programmes and publishers stay as they are; nothing else Indonesian
    names = re.compile(r"Penajam Paser Utara|Kutai Kartanegara|Kutai Timur|Kalimantan|"
                       r"BPJS Ketenagakerjaan|Ibu Kota Nusantara|Kaltimtoday.co \(Prokom Kukar\)|"
                       r"Koran Seruya Kaltim|Media Indonesia|Diskominfo Kaltim|Sepaku|"
                       r"\(PU\)|Jakon|APBD|IKN")
    for text in screen[1:]:
        assert not INDONESIAN_ONLY.search(names.sub("", text)), text
    (spec, datasets), = vega_charts(focus_en)
    assert {tip["title"] for tip in tooltips(spec)} == {
        "Area", "Value", "Certainty", "As of", "Source", "Base of the percentage", "Figure ID",
        "Target"}
    rows = datasets[spec["data"]["name"]]
    kaltim = next(r for r in rows if r["t_area"].startswith("Kalimantan Timur"))
    assert kaltim["t_value"] == "58.53 %" and kaltim["t_date"] == "1 December 2025"
    for row in rows:
        for key in ("t_value", "t_kind", "t_date", "t_base", "label"):
            assert not INDONESIAN_ONLY.search(names.sub("", row[key])), row[key]
    assert spec["config"]["locale"]["number"]["decimal"] == "."


def test_indonesian_first_screen_has_no_english(focus_id):
    allowed = re.compile(r"Sonora\.id|infosatu\.co|Media Indonesia|Kaltimtoday\.co|Insightkaltim")
    for text in first_screen(focus_id)[1:]:
        assert not ENGLISH_ONLY.search(allowed.sub("", text)), text
        assert "None" not in text and "nan" not in text.split()


def test_focus_link_opens_the_page():
    linked = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    linked.query_params["fokus"] = "ikn"
    linked.run()
    assert not linked.exception and linked.title[0].value.startswith("Fokus: IKN")
    assert linked.subheader[0].value == t("ikn_answer_heading", "id")


def test_below_the_answer_the_delineation_and_every_figure(focus_id):
    metrics = {m.label: m.value for m in focus_id.metric}
    assert metrics["Kecamatan yang terkena"] == "7"
    assert metrics["Sepaku di dalam IKN"] == "71 %"
    assert "UU No. 21 Tahun 2023" in focus_id.info[0].value
    assert "252.660" in focus_id.info[0].value
    assert list(focus_id.dataframe[0].value["Kecamatan"])[0] == "Sepaku"
    # neither regency nor IKN has a coverage figure of its own, and the page says so
    assert focus_id.warning[0].value == (
        "Tidak ada angka untuk: Kab. Penajam Paser Utara (Cakupan kepesertaan); "
        "Kab. Kutai Kartanegara (Cakupan kepesertaan); Wilayah/proyek IKN (Cakupan kepesertaan).")
    figures = focus_id.dataframe[1].value
    areas = list(figures[t("col_focus_area", "id")])
    assert areas[-1] == "Kab/kota Kaltim selain Bontang dan Kutai Timur (pernyataan kelompok)"
