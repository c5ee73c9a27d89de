"""Downloads an analyst opens in a spreadsheet: read back as Excel and pandas read them."""

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from coverage_map.render import spreadsheet

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


# -- the region codes every table download carries (hand-checked in datasets/regions.csv) -------
KNOWN_CODES = {  # name: (Kemendagri, BPS)
    "Kabupaten Penajam Paser Utara": ("64.09", "6409"),
    "Kabupaten Kutai Kartanegara": ("64.02", "6403"),  # the two systems differ
    "Kabupaten Kutai Barat": ("64.07", "6402"),
    "Kabupaten Mahakam Ulu": ("64.11", "6411"),
    "Kota Samarinda": ("64.72", "6472"),
    "Kabupaten Tanah Bumbu": ("63.10", "6310"),  # the trailing zero stays
}


def _xlsx_sheet(data: bytes, index: int = 0) -> pd.DataFrame:
    rows = list(load_workbook(io.BytesIO(data)).worksheets[index].values)
    return pd.DataFrame(rows[1:], columns=rows[0])


def _codes(frame: pd.DataFrame, name_col: str) -> dict[str, tuple[str, str]]:
    return {n: (str(k), str(b)) for n, k, b in zip(frame[name_col], frame["Kode Kemendagri"],
                                                   frame["Kode BPS"])}


def _check(codes: dict, expected: dict) -> None:
    for name, pair in expected.items():
        assert codes[name] == pair, name


def test_map_table_downloads_carry_both_codes(bundle):
    from coverage_map.figures import coverage
    from coverage_map.ui.map_page import ranked_frame

    view = coverage.View()
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    shown = ranked_frame(view, table, codes=True)
    assert list(shown.columns[:4]) == ["Peringkat", "Kab/Kota", "Kode Kemendagri", "Kode BPS"]
    assert "Kode BPS" not in ranked_frame(view, table).columns  # the screen is spared them
    text = spreadsheet.table_csv(shown, HEADER).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), skiprows=len(HEADER) + 1, dtype=str)
    assert len(back) == 56
    _check(_codes(back, "Kab/Kota"), KNOWN_CODES)
    excel = pd.read_csv(io.StringIO(spreadsheet.table_csv(shown, HEADER, excel_id=True)
                                    .decode("utf-8-sig")), skiprows=len(HEADER) + 1, sep=";",
                        dtype=str)
    _check(_codes(excel, "Kab/Kota"), KNOWN_CODES)
    book = _xlsx_sheet(spreadsheet.table_xlsx(shown, HEADER))
    _check(_codes(book, "Kab/Kota"), KNOWN_CODES)
    ranks = dict(zip(book["Kab/Kota"], book["Peringkat"]))
    # 36 regencies placed. Tarakan's 50 %: above 14 figures below 50 and the seven "kurang/jauh
    # di bawah 50 %" (21), below 8 figures, five "sekitar 60 %" and "lebih dari 90 %" (14): 22nd
    assert ranks["Kota Tarakan"] == 22  # a certain rank stays a number
    # Mahakam Ulu's 12,7 %: 28 regions surely above, the seven bands below 50 % undecided
    assert ranks["Kabupaten Mahakam Ulu"] == "1–8"
    # Balangan "lebih dari 90 %": above the 33 others at or below 90, undecided against 100 %
    assert ranks["Kabupaten Balangan"] == "34–36"
    assert ranks["Kota Bontang"] == ranks["Kabupaten Kutai Timur"] == "34–35"  # tied, then ">90"
    assert ranks["Kabupaten Tapin"] is None  # nothing to place


def test_analysis_downloads_carry_both_codes(bundle):
    from coverage_map.figures import analysis
    from coverage_map.ui.analysis_page import analyst_frame, for_screen, province_frame

    table = analysis.analyst_table(bundle.regions, bundle.figures, None, 80.0, "id")
    shown = analyst_frame(table, 80.0)
    assert "Kode BPS" not in for_screen(shown, table).columns
    back = pd.read_csv(io.StringIO(spreadsheet.table_csv(shown, HEADER).decode("utf-8-sig")),
                       skiprows=len(HEADER) + 1, dtype=str)
    _check(_codes(back, "Kab/Kota"), KNOWN_CODES)
    _check(_codes(_xlsx_sheet(spreadsheet.table_xlsx(shown, HEADER)), "Kab/Kota"), KNOWN_CODES)
    provinces = analysis.province_table(bundle.regions, bundle.figures, bundle.table.provinces,
                                        80.0, "id")
    shown = province_frame(provinces, 80.0)
    book = _xlsx_sheet(spreadsheet.table_xlsx(shown, HEADER))
    codes = _codes(book, "Wilayah")
    assert codes["Kalimantan Timur"] == ("64", "64") and codes["Kalimantan Barat"] == ("61", "61")
    assert codes["Seluruh Kalimantan"] == ("–", "–")
    back = pd.read_csv(io.StringIO(spreadsheet.table_csv(shown, HEADER).decode("utf-8-sig")),
                       skiprows=len(HEADER) + 1, dtype=str)
    assert _codes(back, "Wilayah")["Kalimantan Selatan"] == ("63", "63")


def test_plan_brief_regencies_sheet_carries_both_codes(bundle):
    from coverage_map.figures import plan_compute, plan_inputs
    from coverage_map.render import brief

    plans = plan_compute.province_rows(bundle.regions, bundle.table.provinces, bundle.figures,
                                       "64", plan_inputs.Choices())
    book = load_workbook(io.BytesIO(brief.xlsx(plans[0], plans, "http://x/rencana?kode=64",
                                               "id")))
    rows = list(book.worksheets[2].values)
    sheet = pd.DataFrame(rows[1:], columns=rows[0])
    assert len(sheet) == 10
    _check(_codes(sheet, "Kab/Kota"), {k: v for k, v in KNOWN_CODES.items()
                                       if v[0].startswith("64")})
