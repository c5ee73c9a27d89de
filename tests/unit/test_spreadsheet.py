"""Downloads an analyst opens in a spreadsheet: read back as Excel and pandas read them."""

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from coverage_map import spreadsheet

HEADER = ["Analisis per kab/kota", "Penyaring: provinsi Kalimantan Barat.",
          "Diunduh: 2 Desember 2026", "Tautan tampilan: http://localhost:8501/analisis?prov=61"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "Kab/Kota": ["Kabupaten Sambas", "Kabupaten Mempawah", "Kota Bontang"],
        "Tenaga kerja": [298061.0, None, 93930.0],
        "Per (tenaga kerja)": ["2022-08", "", "2024-08"],
        "Cakupan (%)": [24.0, 38.54, 100.0],
        "Per (cakupan)": ["2025-08", "2024-09", "2025-12-01"],
        "Tautan": ["https://example.org/sambas", "", "https://example.org/bontang"],
    })


DATES = {"Per (tenaga kerja)": ["2022-08", "", "2024-08"],
         "Per (cakupan)": ["2025-08", "2024-09", "2025-12-01"]}


def test_csv_writes_integers_as_integers_and_keeps_the_header():
    text = spreadsheet.table_csv(frame(), HEADER, dates=DATES).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[:4] == [f'"{h}"' for h in HEADER] and lines[4] == ""
    assert lines[6].startswith("Kabupaten Sambas,298061,2022-08,24,2025-08,")
    assert "298061.0" not in text
    assert lines[7].startswith("Kabupaten Mempawah,,,38.54,2024-09,")
    back = pd.read_csv(io.StringIO(text), skiprows=5)
    assert back["Tenaga kerja"].tolist()[0] == 298061


def test_csv_for_excel_set_to_indonesian():
    text = spreadsheet.table_csv(frame(), HEADER, excel_id=True,
                                 dates=DATES).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[5] == ("Kab/Kota;Tenaga kerja;Per (tenaga kerja);Cakupan (%);Per (cakupan);"
                        "Tautan")
    assert lines[7].startswith("Kabupaten Mempawah;;;38,54;2024-09;")
    back = pd.read_csv(io.StringIO(text), skiprows=5, sep=";", decimal=",")
    assert back["Cakupan (%)"].tolist() == [24.0, 38.54, 100.0]
    assert back["Tenaga kerja"].tolist()[0] == 298061


def test_excel_date_keeps_only_what_is_known():
    assert spreadsheet.excel_date("2025", "id") == (dt.date(2025, 1, 1), "[$-421]yyyy")
    assert spreadsheet.excel_date("2025-08", "id") == (dt.date(2025, 8, 1), "[$-421]mmmm yyyy")
    assert spreadsheet.excel_date("2025-12-01", "en") == (dt.date(2025, 12, 1),
                                                          "[$-409]d mmmm yyyy")
    assert spreadsheet.excel_date("", "id") is None
    assert spreadsheet.excel_date("2025-13", "id") is None


def test_xlsx_is_ready_to_sort_filter_and_print():
    sources = pd.DataFrame({"ID": ["W001", "F167"], "Sumber": ["BPS Kabupaten Sambas", "X"],
                            "Tautan": ["https://example.org/bps", "https://example.org/x"]})
    data = spreadsheet.table_xlsx(frame(), HEADER, dates=DATES, links=["Tautan"],
                                  sources=sources, lang="id")
    book = load_workbook(io.BytesIO(data))
    ws, info = book.worksheets
    assert [c.value for c in ws[1]] == list(frame().columns)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F4"
    # numbers are numbers, with thousand and decimal formats
    assert ws["B2"].value == 298061 and ws["B2"].number_format == "#,##0"
    assert ws["B3"].value is None  # missing stays empty
    assert ws["D3"].value == 38.54 and ws["D3"].number_format == "#,##0.0#"
    # dates are dates, shown as precisely as they are known
    assert ws["C2"].value == dt.datetime(2022, 8, 1) and ws["C2"].is_date
    assert ws["C2"].number_format == "[$-421]mmmm yyyy"
    assert ws["E4"].value == dt.datetime(2025, 12, 1) and ws["E4"].number_format == \
        "[$-421]d mmmm yyyy"
    assert ws["C3"].value is None
    # links are links
    assert ws["F2"].hyperlink.target == "https://example.org/sambas"
    assert ws["F3"].value is None
    # widths follow the content; printing fits the page width with the header on every page
    assert ws.column_dimensions["A"].width >= len("Kabupaten Mempawah")
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    # the second sheet: the header block, then the sources used
    assert info.title == "Keterangan"
    assert [info.cell(i, 1).value for i in range(1, 5)] == HEADER
    cells = [c.value for row in info.iter_rows() for c in row if c.value is not None]
    assert "Sumber" in cells and "W001" in cells and "BPS Kabupaten Sambas" in cells
    link = next(c for row in info.iter_rows() for c in row if c.value == "https://example.org/bps")
    assert link.hyperlink.target == "https://example.org/bps"


def test_xlsx_in_english_names_its_sheet_and_months_in_english():
    data = spreadsheet.table_xlsx(frame(), ["Analysis"], dates=DATES, links=["Tautan"],
                                  lang="en")
    ws, info = load_workbook(io.BytesIO(data)).worksheets
    assert info.title == "About" and ws["C2"].number_format == "[$-409]mmmm yyyy"
