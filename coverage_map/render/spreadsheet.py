"""Tables as files an analyst opens in a spreadsheet: CSV and XLSX.

Both carry a header block (title, filters, export date, sources, the view's link). The CSV comes
in two forms: the plain one (UTF-8 with BOM, commas, a point for decimals, integers written as
integers) and "Excel Indonesia" (semicolons and decimal commas, as Excel set to Indonesian
reads them). The XLSX has the table on its first sheet with number formats, column widths, a
frozen header row, an autofilter, real dates and real hyperlinks, and a second sheet with the
header block and the sources. Text a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence

import pandas as pd

from coverage_map.language.i18n import current_language, fmt_date, t

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60  # characters: a long note wraps in its cell instead of widening the sheet
LINE_HEIGHT = 15  # points per line of text
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's locale codes for month names in a date format
_EXCEL_LOCALE = {"id": "[$-421]", "en": "[$-409]"}


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def download_date_line(lang: str | None = None) -> str:
    """``Diunduh: 2 Desember 2026``: the header block's line saying when the file was made."""
    return t("export_date", lang, date=fmt_date(dt.date.today().isoformat(), lang))


def _whole_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Float columns that hold only whole numbers become integers (``298061``, not
    ``298061.0``); missing stays empty."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s) and s.notna().any() and (
                s.dropna() == s.dropna().round()).all() and s.abs().max() < 2 ** 53:
            out[col] = s.astype("Int64")
    return out


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def _with_dates(df: pd.DataFrame, dates: Mapping[str, Sequence[str]] | None) -> pd.DataFrame:
    """The date columns as their ISO reference dates (``2025-05``), not the shown words."""
    out = df.copy()
    for col, values in (dates or {}).items():
        out[col] = list(values)
    return out


def table_csv(df: pd.DataFrame, header: list[str], excel_id: bool = False,
              dates: Mapping[str, Sequence[str]] | None = None) -> bytes:
    """CSV (UTF-8 with BOM, for Excel) with a header block stating source and date.

    ``excel_id``: semicolons and decimal commas, as Excel set to Indonesian reads them.
    ``dates``: columns written as their ISO reference dates."""
    sep, decimal = (";", ",") if excel_id else (",", ".")
    buf = io.StringIO()
    for line in header:
        buf.write(_csv_cell(neutralise(line)) + "\n")
    if header:
        buf.write("\n")
    _safe(_whole_numbers(_with_dates(df, dates))).to_csv(
        buf, index=False, lineterminator="\n", sep=sep, decimal=decimal, float_format="%.10g")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def excel_date(as_of: str, lang: str | None = None) -> tuple[dt.date, str] | None:
    """A reference date as a spreadsheet date and the format that shows only what is known:
    ``2025`` -> (2025-01-01, ``yyyy``), ``2025-05`` -> (2025-05-01, ``mmmm yyyy``),
    ``2025-12-01`` -> (2025-12-01, ``d mmmm yyyy``); None for an empty or unreadable one."""
    parts = str(as_of or "").split("-")
    try:
        numbers = [int(p) for p in parts]
        day = dt.date(numbers[0], numbers[1] if len(numbers) > 1 else 1,
                      numbers[2] if len(numbers) > 2 else 1)
    except (ValueError, IndexError):
        return None
    locale = _EXCEL_LOCALE.get(lang or current_language(), "")
    return day, locale + ("yyyy", "mmmm yyyy", "d mmmm yyyy")[min(len(numbers), 3) - 1]


def table_xlsx(df: pd.DataFrame, header: list[str], sheet: str = "Data",
               dates: Mapping[str, Sequence[str]] | None = None, links: Sequence[str] = (),
               sources: pd.DataFrame | None = None, extra_sheets: Mapping[str, pd.DataFrame]
               | None = None, lang: str | None = None) -> bytes:
    """XLSX: the table on the first sheet, ready to sort and filter; the header block (and
    ``sources``, a table of the figures used) on a second sheet; ``extra_sheets`` after them.

    ``dates``: columns written as real dates from their ISO reference dates; ``links``: columns
    of URLs written as hyperlinks. Every other text cell is stored as text."""
    from openpyxl import Workbook

    lang = lang or current_language()
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(sheet)
    _write_table(ws, df, dates or {}, set(links), lang)
    if header or sources is not None:
        info = wb.create_sheet(_sheet_name(t("sheet_info", lang)))
        _write_header(info, header)
        if sources is not None and len(sources):
            info.append([])
            info.append([t("sheet_sources", lang)])
            info.cell(info.max_row, 1).font = _bold()
            _write_table(info, sources, {}, {c for c in sources.columns
                                             if c == t("col_link", lang)}, lang,
                         start=info.max_row + 1, freeze=False)
        _print_setup(info, None)
    for name, table in (extra_sheets or {}).items():
        _write_table(wb.create_sheet(_sheet_name(name)), table, {}, set(), lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    return "".join(c for c in name if c not in "[]:*?/\\")[:31] or "Data"


def _bold():
    from openpyxl.styles import Font
    return Font(bold=True)


def _write_header(ws, header: list[str]) -> None:
    for line in header:
        ws.append([neutralise(line)])
        ws.cell(ws.max_row, 1).data_type = "s"
    if header:
        ws["A1"].font = _bold()
    ws.column_dimensions["A"].width = 40  # the lines overflow into the empty cells beside


def _number_format(s: pd.Series) -> str | None:
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return None
    values = s.dropna()
    if values.empty or (values == values.round()).all():
        return "#,##0"
    return "#,##0.0#"


def _alignments():
    from openpyxl.styles import Alignment
    return Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)


TOP, WRAPPED = _alignments()


def _write_table(ws, df: pd.DataFrame, dates: Mapping[str, Sequence[str]], links: set[str],
                 lang: str, start: int = 1, freeze: bool = True) -> None:
    """The table from row ``start``: a bold, frozen header row with an autofilter, numbers
    with thousand and decimal formats, real dates and hyperlinks, widths from the content."""
    from openpyxl.utils import get_column_letter

    safe = _safe(df)
    columns = list(df.columns)
    for j, name in enumerate(safe.columns, start=1):
        cell = ws.cell(start, j, name)
        cell.font = _bold()
        cell.alignment = WRAPPED
    widths = [min(MAX_WIDTH, max(12, len(str(c)) * 0.6)) for c in columns]
    lines: dict[int, int] = {}  # data row -> lines of its tallest wrapped cell
    for j, col in enumerate(columns, start=1):
        fmt = _number_format(df[col]) if col not in dates else None
        iso = list(dates[col]) if col in dates else None
        for i, value in enumerate(safe.iloc[:, j - 1].tolist()):
            cell = ws.cell(start + 1 + i, j)
            if iso is not None and (when := excel_date(iso[i], lang)) is not None:
                cell.value, cell.number_format = when
                cell.alignment = TOP
                widths[j - 1] = max(widths[j - 1], 16)
                continue
            if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
                continue
            cell.alignment = TOP
            if col in links and isinstance(value, str) and value.startswith(("http://",
                                                                             "https://")):
                cell.value, cell.hyperlink, cell.style = value, value, "Hyperlink"
                cell.alignment = TOP  # the style resets it; a URL is cut at the column's edge
                widths[j - 1] = MAX_WIDTH * 0.75
                continue
            else:
                cell.value = value.item() if hasattr(value, "item") else value
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                elif fmt:
                    cell.number_format = fmt
            widths[j - 1] = max(widths[j - 1], min(MAX_WIDTH, len(str(value)) + 2))
            if isinstance(value, str) and len(value) > MAX_WIDTH:
                cell.alignment = WRAPPED
                lines[i] = max(lines.get(i, 1), math.ceil(len(value) / (MAX_WIDTH - 2)))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    # rows as tall as their wrapped text (spreadsheets do not all measure it on opening)
    head = max((math.ceil(len(str(c)) / max(1.0, w - 1)) for c, w in zip(columns, widths)),
               default=1)
    ws.row_dimensions[start].height = LINE_HEIGHT * max(1, head)
    for i, n in lines.items():
        ws.row_dimensions[start + 1 + i].height = LINE_HEIGHT * n
    last = get_column_letter(max(1, len(columns)))
    if columns:
        ws.auto_filter.ref = f"A{start}:{last}{start + len(df)}"
    if freeze:
        ws.freeze_panes = ws.cell(start + 1, 1)
        _print_setup(ws, start)


def _print_setup(ws, header_row: int | None) -> None:
    """Printed: landscape A4, as wide as the page, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
