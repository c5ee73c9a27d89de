"""Exported files: sizes, that they open, legend and source text in the PDF text layer."""

import io

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from coverage_map.figures import classify, coverage
from coverage_map.render import export, spreadsheet
from coverage_map.figures.coverage import View
from coverage_map.language.i18n import set_language
from export_view import view_for_export


@pytest.fixture(scope="module")
def view_export(bundle):
    view = View(province="64")
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric, "tetap", view.target)
    texts = export.view_texts(view, table, classes, "Kalimantan Timur", "3 dari 5 kab/kota ...",
                              "http://localhost:8501/?provinsi=64")
    provinces = bundle.provinsi[bundle.provinsi["kode"] == "64"]

    def render(fmt):
        return export.static_map(bundle.kabkota, table, classes, provinces, texts, fmt,
                                 export.value_labels(table), export.meets_target(table, view))
    return render, texts, table


@pytest.mark.parametrize("fmt, size", [("png_16x9", (1920, 1080)), ("png_a4", (2338, 1654))])
def test_png_sizes_and_open(view_export, fmt, size):
    render, _, _ = view_export
    data = render(fmt)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == size
    assert len(data) > 100_000  # a real map, not an empty canvas


def _inside_colour(fig, ax, polygon, dpi) -> tuple[int, int, int]:
    """The colour most of a region's inside is drawn in (labels and borders cover a little)."""
    import collections

    import numpy as np
    import shapely

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    image = Image.open(buf).convert("RGB")
    minx, miny, maxx, maxy = polygon.bounds
    xs, ys = np.meshgrid(np.linspace(minx, maxx, 40), np.linspace(miny, maxy, 40))
    inside = [(x, y) for x, y in zip(xs.ravel(), ys.ravel())
              if polygon.contains(shapely.Point(x, y))]
    pixels = ax.transData.transform(inside)
    height = image.size[1]
    seen = collections.Counter(image.getpixel((int(px), height - 1 - int(py)))
                               for px, py in pixels)
    return seen.most_common(1)[0][0]


@pytest.mark.parametrize("kode, rgb", [
    ("64.11", (0xb2, 0x18, 0x2b)),  # Mahakam Ulu 12,7 %: "< 40 %", #b2182b
    ("64.08", (0x21, 0x66, 0xac)),  # Kutai Timur 100 %: ">= 100 %", #2166ac
])
def test_png_fills_a_region_with_its_class_colour(bundle, kode, rgb):
    view = View(province="64")
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric, "tetap", view.target)
    texts = export.view_texts(view, table, classes, "Kalimantan Timur", "s", "l")
    provinces = bundle.provinsi[bundle.provinsi["kode"] == "64"]
    fig = export.figure(bundle.kabkota, table, classes, provinces, texts, "png_16x9",
                        export.value_labels(table), export.meets_target(table, view))
    polygon = bundle.kabkota.set_index("kode").loc[kode, "geometry"]
    assert _inside_colour(fig, fig.axes[0], polygon, export.FORMATS["png_16x9"][1]) == rgb


def test_pdf_is_a4_with_text_layer(view_export):
    render, texts, _ = view_export
    reader = PdfReader(io.BytesIO(render("pdf_a4")))
    page = reader.pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert round(width_mm) == 297 and round(height_mm) == 210
    text = page.extract_text()
    for expected in ["Cakupan kepesertaan: Kalimantan Timur", "< 40 %", "≥ 100 %",
                     "Belum ada angka publik", "Sumber angka:", "cahyadsn/wilayah_boundaries",
                     "http://localhost:8501/?provinsi=64", "Mahakam Ulu", "12,7 %"]:
        assert expected in text, expected
    assert reader.metadata.subject == texts.alt


def test_export_texts_follow_the_language(bundle):
    set_language("en")
    try:
        view = View()
        table = coverage.view_table(bundle.regions, bundle.figures, view)
        classes = classify.classify(table["value"], view.metric)
        texts = export.view_texts(view, table, classes, "All Kalimantan", "s", "l")
        assert texts.title == "Membership coverage: All Kalimantan"
        assert texts.no_data_label == "No public figure yet" and "✓ = target met" in texts.notes[1]
        assert "12.7 %" in export.value_labels(table)
    finally:
        set_language("id")


def test_csv_and_xlsx_neutralise_formulas():
    import pandas as pd
    df = pd.DataFrame({"Kab/Kota": ["=HYPERLINK(\"http://x\")", "Kota Bontang"],
                       "Nilai": ["+1", "100 %"], "Angka": [1.5, None]})
    header = ["Judul", "@Sumber"]
    csv = spreadsheet.table_csv(df, header).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'+1" in csv and "\"'@Sumber\"" in csv
    wb = load_workbook(io.BytesIO(spreadsheet.table_xlsx(df, header)))
    ws, info = wb.worksheets
    assert info["A1"].value == "Judul" and info["A2"].value == "'@Sumber"
    assert ws["A2"].value.startswith("'=") and ws["A2"].data_type == "s"
    assert ws["C2"].value == 1.5


def test_hostile_text_is_drawn_as_text(bundle):
    import dataclasses

    view = View(province="65")
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric)
    texts = export.view_texts(view, table, classes, "Kalimantan Utara", "$\\frac{a}{b}$ <script>",
                              "http://x/?a=$b$")
    texts = dataclasses.replace(texts, source_line="Sumber: $x^2$ =cmd|' /C calc'!A0")
    data = export.static_map(bundle.kabkota, table, classes, bundle.provinsi, texts, "pdf_a4",
                             export.value_labels(table), export.meets_target(table, view))
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "$\\frac{a}{b}$ <script>" in text and "$x^2$" in text


def export_args(bundle, province, uploaded=""):
    view, table, classes, texts = view_for_export(bundle, province, uploaded)
    provinces = bundle.provinsi if province is None else \
        bundle.provinsi[bundle.provinsi["kode"] == province]
    args = (bundle.kabkota, table, classes, provinces, texts)
    extra = (export.value_labels(table), export.meets_target(table, view), view.target)
    return table, texts, args, extra


@pytest.mark.parametrize("fmt", ["png_16x9", "png_a4", "pdf_a4"])
@pytest.mark.parametrize("province", [None, "62", "64"])
def test_every_text_lies_inside_the_page(bundle, fmt, province):
    _, _, args, extra = export_args(bundle, province)
    fig = export.figure(*args, fmt, *extra)
    assert [a.get_text()[:40] for a in export.overflowing_texts(fig)] == []


@pytest.mark.parametrize("province", [None, "64"])
def test_handout_names_every_region_with_a_figure_and_the_area_figure(bundle, province):
    table, texts, args, extra = export_args(bundle, province)
    pdf = export.static_map(*args, "pdf_a4", *extra)
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    shown = table[table["status"].isin(["measured", "statement"])]
    for name in shown["nama"]:
        assert export.short_name(name) in text, name
    assert texts.area_line and " ".join(texts.area_line.split()) in text
    assert "Wilayah pada peta" in text
    if province == "64":  # Bontang is a few pixels: a numbered callout and a list entry
        assert "Kota Bontang: 100 % (Mei 2025)" in text


def test_export_of_uploaded_data_is_marked_and_has_no_link(bundle):
    _, texts, args, extra = export_args(bundle, "64", uploaded="data-saya.xlsx")
    assert texts.uploaded and "localhost" not in texts.link
    pdf = export.static_map(*args, "pdf_a4", *extra)
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "DATA UNGGAHAN (data-saya.xlsx)" in text and "http://localhost" not in text


def test_svg_is_the_slide_with_text_as_text(view_export):
    """The SVG: valid XML of the slide's size, every region drawn as a path, and the same
    title, legend, source line and region labels as the PNG, as text (not outlines)."""
    import xml.etree.ElementTree as ET

    render, texts, table = view_export
    data = render("svg_16x9")
    root = ET.fromstring(data)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("viewBox") == "0 0 1382.4 777.6"  # 19.2 x 10.8 in
    words = " ".join("".join(e.itertext()) for e in root.iter(f"{ns}text"))
    assert root.find(f"{ns}metadata") is not None and texts.title in data.decode()
    for text in (texts.title, texts.legend_title, *texts.legend_labels, texts.no_data_label):
        assert text in words, text
    assert texts.source_line.split(" ")[0] in words and "cahyadsn" in words
    for nama in table["nama"]:  # every regency named (on the map or in the list beside it)
        assert export.short_name(nama) in words, nama
    # text drawn as outlines would be glyph paths in <defs> ("DejaVuSans-41"), used by <use>
    glyphs = [p for p in root.iter(f"{ns}path") if (p.get("id") or "").startswith("DejaVu")]
    assert glyphs == []
    # the regions: many filled paths (each regency, the provinces' outlines, the legend)
    assert len([p for p in root.iter(f"{ns}path") if p.get("d", "").count("L") > 20]) >= \
        len(table)


def text_boxes(fig) -> list:
    """Each label and callout on the map as drawn: its words' box, with its circle."""
    from matplotlib.transforms import Bbox

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for text in fig.axes[0].texts:
        box = text.get_window_extent(renderer)
        if text.get_bbox_patch() is not None:
            box = Bbox.union([box, text.get_bbox_patch().get_window_extent(renderer)])
        out.append((text.get_text(), box))
    return out


@pytest.mark.parametrize("fmt", ["png_16x9", "png_a4", "pdf_a4"])
@pytest.mark.parametrize("province", [None, "62", "64"])
def test_no_label_or_callout_covers_another(bundle, fmt, province):
    """Issue 27: measured as matplotlib lays them out, no two texts on the map overlap, and
    each stays on the map's part of the page (left of the legend)."""
    table, _, args, extra = export_args(bundle, province)
    fig = export.figure(*args, fmt, *extra)
    boxes = text_boxes(fig)
    clashes = [(a, b) for i, (a, box) in enumerate(boxes) for b, other in boxes[i + 1:]
               if box.overlaps(other)]
    assert clashes == []
    legend_left = fig.axes[1].get_window_extent().x0
    assert [a for a, box in boxes if box.x1 > legend_left] == []
    shown = table[table["status"].isin(["measured", "statement"])]
    assert len(boxes) >= len(shown)  # each region with a figure: a label or a callout
