"""What a reader sees is worded from the figures' fields, never from the compiler's notes.

The compiler's notes (``note``, mostly English research remarks) belong on Sumber & Metode only.
Every other output is checked here for them: map tooltips and legends of every indicator and
province in both languages, the summary sentence, the ranked table and its CSV/XLSX, and the
text of the PNG/PDF exports.
"""

import io
import re

import pytest
from map_html import embedded
from pypdf import PdfReader

from coverage_map.figures import classify, coverage
from coverage_map.render import export, maps, spreadsheet
from coverage_map.figures.coverage import View
from coverage_map.language.i18n import set_language
from coverage_map.data.schema import MAP_METRICS

# the compiler's own words: none of them belongs in a text an Indonesian official reads
ENGLISH = re.compile(r"\b(unknown|citing|inferred|summary|branch area|approx|ambiguous|NOT|"
                     r"CONFLICTS|article|lower bound|upper bound|segment only|denominator|"
                     r"reposting|aggregator)\b")


@pytest.fixture(scope="module")
def notes(figures):
    """Distinctive note texts (short ones like "angkatan kerja" are ordinary words)."""
    return [n for n in set(figures["note"]) if len(n) >= 30]


def leaked(text: str, notes: list[str]) -> list[str]:
    return [n for n in notes if n in text]


def tooltips_and_legend(bundle, view):
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric, "tetap", view.target)
    html = maps.coverage_map(bundle.kabkota, table, classes, view.metric, "L",
                             target=view.target, topology=bundle.topology).get_root().render()
    tips = maps.unpack_tips(embedded(html, "tips"))
    lines = [text for parts in tips.values() for _, text in parts]
    return table, classes, "\n".join(lines), html





@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("metric", MAP_METRICS)
def test_no_note_reaches_a_tooltip_or_summary(bundle, notes, lang, metric):
    set_language(lang)
    try:
        for province in (None, "61", "62", "63", "64", "65"):
            view = View(province=province, metric=metric)
            table, _, text, html = tooltips_and_legend(bundle, view)
            text += "\n" + coverage.summary_sentence(coverage.summarise(table, view), view,
                                                     "X", table)
            assert leaked(text, notes) == []
            if lang == "id":  # publishers are names; what surrounds them is Indonesian
                found = ENGLISH.findall(text)
                assert found == [], (province, metric, found)
    finally:
        set_language("id")


def test_no_note_reaches_the_ranked_table_or_its_downloads(bundle, notes):
    from openpyxl import load_workbook

    from coverage_map import ui

    for province in (None, "62", "64"):
        view = View(province=province)
        table = coverage.view_table(bundle.regions, bundle.figures, view)
        frame = ui.ranked_frame(view, table)
        cells = "\n".join(map(str, frame.astype(str).to_numpy().ravel()))
        assert leaked(cells, notes) == [] and ENGLISH.findall(cells) == []
        csv = spreadsheet.table_csv(frame, ["header"]).decode("utf-8-sig")
        assert leaked(csv, notes) == []
        book = load_workbook(io.BytesIO(spreadsheet.table_xlsx(frame, ["header"])))
        xlsx = "\n".join(str(c.value) for row in book.active.iter_rows() for c in row)
        assert leaked(xlsx, notes) == []


def test_no_note_reaches_a_pdf_export(bundle, notes):
    view = View(province="64")
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric, "tetap", view.target)
    sentence = coverage.summary_sentence(coverage.summarise(table, view), view,
                                         "Kalimantan Timur", table)
    texts = export.view_texts(view, table, classes, "Kalimantan Timur", sentence,
                              "http://localhost:8501/?provinsi=64")
    pdf = export.static_map(bundle.kabkota, table, classes, bundle.provinsi, texts, "pdf_a4",
                            export.value_labels(table), export.meets_target(table, view),
                            view.target)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert leaked(text, notes) == [] and ENGLISH.findall(text) == []
    # the statements are on the page as what they are
    assert "Penajam Paser Utara" in text and "sekitar 60 %*" in text
    assert "Rentang/pernyataan" in text or "Bergaris" in text


def test_sumber_keeps_the_notes_labelled(bundle):
    """The notes are not lost: Sumber & Metode shows them in their own, labelled column."""
    from coverage_map.language.i18n import t
    assert t("col_note") == "Catatan asli penyusun data"
    assert bundle.figures["note"].str.len().gt(0).mean() > 0.9
