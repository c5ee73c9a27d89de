"""Reading an uploaded CSV or XLSX into rows of cells, with bounded work, in a child process.

A file from the public must not slow down or endanger anyone else's session. So:

* the work per file is bounded before it starts: a byte limit, an uncompressed-size limit for
  workbooks, a limit on sheets, on cells (counted in the sheet's XML before any cell is built),
  on rows and on columns (columns past ``MAX_COLS`` are never read), on the length of a field;
* workbooks are read in openpyxl's streaming read-only mode, and merged ranges are read from
  the sheet's XML and filled only inside the area that was read;
* all of it runs in a child process (``read``) with its own memory limit (``MAX_MEMORY``) and
  time limit (``MAX_SECONDS``): whatever a file does to the reader, the server only sees a clear
  message in the user's language.

The child is ``python -m coverage_map.data.reading FILENAME LANG``: the file's bytes on
standard input, a JSON answer on standard output (cells are JSON values; dates become ISO
text). This module
imports only the standard library and the locale strings (openpyxl when a workbook comes), so
the child starts in a fraction of a second.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import math
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from coverage_map.data import slots
from coverage_map.language.i18n import current_language, fmt_number, set_language, t

MAX_BYTES = 10_000_000  # what Streamlit's uploader accepts at maxUploadSize = 10 (MB)
MAX_ROWS = 5_000
HEADER_SCAN_ROWS = 15
MAX_COLS = 100
MAX_SHEETS = 20
MAX_CELLS = 600_000  # cells written in one sheet's XML (5 000 rows x 100 columns, with room)
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_FIELD = 100_000  # characters in one CSV field (the csv module's own limit is 131 072)
MAX_TEXT = 500  # characters kept of one cell's text
MAX_SECONDS = 15  # wall-clock time of the child
MAX_MEMORY = 700 * 1024 * 1024  # address space of the child, bytes
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]


@dataclass
class Read:
    """What was read: the sheets, and notes for the report as (locale key, values) pairs."""

    sheets: list[Sheet]
    notes: list[tuple[str, dict]] = field(default_factory=list)
    peak_bytes: int = 0  # the reader's own peak memory (VmHWM of the child), for the record


class Unreadable(Exception):
    """The file cannot be read at all; the message says why and what to do."""


# --- in the server: ask the child ------------------------------------------------------------

# at most as many readers at once on this machine as it has cores (``CM_READER_SLOTS``): each
# may take 15 s and 700 MB; the others wait their turn
READERS = slots.Slots("unggah", slots.machine_slots("CM_READER_SLOTS"))


def read(data: bytes, filename: str, on_wait=None) -> Read:
    """The sheets of an uploaded file, read by a child process with bounded time and memory,
    once one of the machine's reader slots is free (``on_wait(place)`` while it waits).

    Raises ``Unreadable`` with a message in the current language for anything that cannot be
    read, including a file that makes the reader run out of its time or memory."""
    precheck(data, filename)
    try:
        with READERS.held(on_wait):
            done = subprocess.run(
                [sys.executable, "-m", "coverage_map.data.reading", filename, current_language()],
                input=data, capture_output=True, timeout=MAX_SECONDS, cwd=str(ROOT),
                env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        raise Unreadable(t("up_too_slow", seconds=MAX_SECONDS)) from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        # killed by its memory limit, or it crashed: the server log keeps what it said
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
        raise Unreadable(t("up_too_complex")) from None
    if answer.get("error"):
        error = Unreadable(answer["error"])
        error.peak_bytes = answer.get("peak", 0)
        raise error
    return Read([Sheet(s["name"], s["rows"]) for s in answer["sheets"]],
                [(key, values) for key, values in answer["notes"]], answer.get("peak", 0))


# files people pick by mistake, refused by their name with the format named
NOT_TABLES = (".xls", ".ods", ".numbers", ".pdf", ".docx", ".doc", ".pptx", ".ppt", ".odt",
              ".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".zip", ".rar", ".7z", ".json",
              ".xml", ".html", ".htm", ".shp", ".geojson", ".kml", ".mp4", ".exe")


def precheck(data: bytes, filename: str) -> None:
    """What can be refused without reading the file, at once."""
    if len(data) > MAX_BYTES:
        raise Unreadable(t("up_too_big", size=fmt_number(len(data)), limit=fmt_number(MAX_BYTES)))
    if not data.strip():
        raise Unreadable(t("up_empty"))


# --- in the child ------------------------------------------------------------------------------

def read_here(data: bytes, filename: str) -> Read:
    """Read the file in this process (the child's work; tests may call it directly)."""
    precheck(data, filename)
    name = filename.lower()
    if name.endswith(NOT_TABLES):
        raise Unreadable(t("up_format", ext=name.rsplit(".", 1)[-1]))
    if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE file: old Excel, or an encrypted workbook
        raise Unreadable(t("up_ole"))
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:5] == b"%PDF-":
        raise Unreadable(t("up_format", ext="pdf"))
    return _read_csv(data)


BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))


def decode_text(data: bytes) -> str:
    """Text in the encodings spreadsheets write: UTF-8 (with or without BOM), UTF-16 and UTF-32
    (with a BOM, or UTF-16 without one, as "Unicode text" from Excel), Windows-1252."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                raise Unreadable(t("up_bad_encoding")) from None
    head = data[:4096]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    if b"\x00" in head:
        raise Unreadable(t("up_binary"))
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(data: bytes) -> Read:
    text = decode_text(data)
    if "\x00" in text:
        raise Unreadable(t("up_binary"))
    lines = text.splitlines()[:30]  # \r, \r\n and \n alike (old Mac "CSV (Macintosh)" too)
    counts = {d: sum(line.count(d) for line in lines) for d in (";", ",", "\t")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    notes: list[tuple[str, dict]] = []
    try:
        rows = [_clip_row(r, notes) for r in itertools.islice(reader, MAX_ROWS + HEADER_SCAN_ROWS
                                                                + 1)]
    except csv.Error:
        raise Unreadable(t("up_csv_broken", row=reader.line_num,
                           limit=fmt_number(MAX_FIELD))) from None
    if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
        raise Unreadable(t("up_too_many_rows", limit=fmt_number(MAX_ROWS)))
    return Read([Sheet("", rows)], _dedupe(notes))


def _clip_row(row: list, notes: list) -> list:
    if len(row) > MAX_COLS and any(str(c).strip() for c in row[MAX_COLS:]):
        notes.append(("up_cols_ignored", {"limit": MAX_COLS}))
    return [_clip(c, notes) for c in row[:MAX_COLS]]


def _clip(value: object, notes: list) -> object:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        notes.append(("up_text_cut", {"limit": MAX_TEXT}))
        return value[:MAX_TEXT] + "…"
    return value


def _dedupe(notes: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    seen, out = set(), []
    for key, values in notes:
        marker = (key, json.dumps(values, sort_keys=True))
        if marker not in seen:
            seen.add(marker)
            out.append((key, values))
    return out


_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def _cell_ref(ref: str) -> tuple[int, int]:
    """``"XFD5000"`` -> (row 5000, column 16384), 1-based."""
    m = _REF.fullmatch(ref)
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _sheet_parts(z: zipfile.ZipFile) -> list[str]:
    return sorted((n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                  key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))


def _inspect_sheet(xml: bytes, notes: list) -> list[tuple[int, int, int, int]]:
    """Refuse a sheet with too many cells; its merged ranges (r0, c0, r1, c1), from the XML."""
    if xml.count(b"<c ") + xml.count(b"<c>") > MAX_CELLS:
        raise Unreadable(t("up_too_many_cells", limit=fmt_number(MAX_CELLS)))
    if b"<f>" in xml or b"<f " in xml:
        formulas = without = 0
        for cell in re.finditer(rb"<c\b[^>]*>((?:(?!</c>).)*?)</c>", xml, re.S):
            if b"<f" in cell.group(1):
                formulas += 1
                without += not re.search(rb"<v(?: [^>]*)?>[^<]+</v>", cell.group(1))
        if without:
            notes.append(("up_formula_no_value", {"n": without}))
    merges = []
    for m in re.finditer(rb'<mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"', xml):
        try:
            (r0, c0), (r1, c1) = _cell_ref(m.group(1).decode()), _cell_ref(m.group(2).decode())
        except ValueError:
            continue
        merges.append((r0, c0, r1, c1))
    return merges


def _read_xlsx(data: bytes) -> Read:
    from openpyxl import load_workbook

    notes: list[tuple[str, dict]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or \
                    sum(i.file_size for i in infos) > MAX_XLSX_UNCOMPRESSED:
                raise Unreadable(t("up_zip_bomb"))
            if "EncryptionInfo" in z.namelist():
                raise Unreadable(t("up_ole"))
            parts = _sheet_parts(z)
            if len(parts) > MAX_SHEETS:
                raise Unreadable(t("up_too_many_sheets", limit=MAX_SHEETS))
            merges = [_inspect_sheet(z.read(p), notes) for p in parts]
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Unreadable:
        raise
    except MemoryError:
        raise Unreadable(t("up_too_complex")) from None
    except Exception as exc:  # zipfile.BadZipFile, KeyError, openpyxl's InvalidFileException
        raise Unreadable(t("up_bad_xlsx")) from exc
    sheets = []
    try:
        for index, ws in enumerate(wb.worksheets):
            if not hasattr(ws, "iter_rows"):  # a chart sheet
                continue
            rows = _sheet_rows(ws, notes)
            for r0, c0, r1, c1 in (merges[index] if index < len(merges) else []):
                _fill_merge(rows, r0, c0, r1, c1)
            sheets.append(Sheet(ws.title, rows))
    except Unreadable:
        raise
    except MemoryError:
        raise Unreadable(t("up_too_complex")) from None
    except Exception as exc:  # a damaged sheet part
        raise Unreadable(t("up_bad_xlsx")) from exc
    finally:
        wb.close()
    return Read(sheets, _dedupe(notes))


def _sheet_rows(ws, notes: list) -> list[list[object]]:
    limit = MAX_ROWS + HEADER_SCAN_ROWS
    rows: list[list[object]] = []
    width = ws.max_column or MAX_COLS  # the sheet's declared dimension (may be absent)
    if width > MAX_COLS:
        notes.append(("up_cols_ignored", {"limit": MAX_COLS}))
    for row in ws.iter_rows(max_col=min(width, MAX_COLS), values_only=True):
        values = [_json_cell(c, notes) for c in row]
        if len(rows) >= limit:
            if any(v not in (None, "") for v in values):
                raise Unreadable(t("up_too_many_rows", limit=fmt_number(MAX_ROWS)))
            continue  # trailing empty (formatted) rows
        rows.append(values)
    while rows and all(v in (None, "") for v in rows[-1]):
        rows.pop()
    return rows


def _fill_merge(rows: list[list[object]], r0: int, c0: int, r1: int, c1: int) -> None:
    """A merged range's value fills the range, clipped to the area that was read."""
    if r0 - 1 >= len(rows) or c0 - 1 >= MAX_COLS:
        return
    value = rows[r0 - 1][c0 - 1] if c0 - 1 < len(rows[r0 - 1]) else None
    for r in range(r0 - 1, min(r1, len(rows))):
        row = rows[r]
        for c in range(c0 - 1, min(c1, len(row))):
            row[c] = value


def _json_cell(value: object, notes: list) -> object:
    """A cell as a JSON value: numbers and text as they are, dates as ISO text."""
    if value is None or isinstance(value, (bool, int, str)):
        return _clip(value, notes)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return _clip(str(value), notes)


def _peak_memory() -> int:
    """This process's peak resident memory in bytes (0 where /proc is not there)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_memory() -> None:
    try:
        import resource

        limit = int(os.environ.get("COVERAGE_MAP_READER_MEMORY", MAX_MEMORY))  # tests: lower
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (MAX_SECONDS, MAX_SECONDS + 1))
    except (ImportError, ValueError, OSError):  # not on this platform: the timeout still holds
        pass


def main(argv: list[str]) -> int:
    filename, lang = argv[0], argv[1] if len(argv) > 1 else "id"
    set_language(lang)
    _limit_memory()
    data = sys.stdin.buffer.read()
    try:
        result = read_here(data, filename)
        answer = {"sheets": [{"name": s.name, "rows": s.rows} for s in result.sheets],
                  "notes": result.notes}
    except Unreadable as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        answer = {"error": t("up_too_complex")}
    answer["peak"] = _peak_memory()
    sys.stdout.write(json.dumps(answer, ensure_ascii=False, allow_nan=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
