"""What an uploaded table's header row says: which column holds the region, which figure each
other column holds (a reviewed vocabulary, Indonesian and English), the base a workforce header
names, where the header row is (one or two rows, merged cells combined), and how the file
writes numbers. Also the reading of one cell as a number (``parse_number``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from coverage_map.data import reading
from coverage_map.data.regions import normalise
from coverage_map.language import numbers
from coverage_map.language.i18n import t

# The largest number that can be meant, per unit: beyond them a number is a typing error.
PLAUSIBLE = {"pct": 1_000.0, "persons": 50_000_000.0}

# Reviewed header vocabulary (normalised). Wide format: one column per metric.
METRIC_HEADERS = {
    "active_participants": ["peserta aktif", "jumlah peserta aktif", "peserta", "jumlah peserta",
                            "total peserta", "peserta bpjs ketenagakerjaan", "pekerja terlindungi",
                            "tenaga kerja terlindungi", "active participants", "participants"],
    "workforce": ["angkatan kerja", "jumlah angkatan kerja", "tenaga kerja", "jumlah tenaga kerja",
                  "jumlah pekerja", "pekerja", "potensi peserta", "potensi pekerja",
                  "penduduk bekerja", "workforce", "labour force", "labor force"],
    "coverage_pct": ["cakupan", "cakupan persen", "persentase cakupan", "cakupan kepesertaan",
                     "capaian", "capaian cakupan", "coverage", "coverage pct", "coverage percent",
                     "cakupan kepesertaan persen", "persen cakupan", "uc", "ucj"],
    "uncovered_workers": ["belum terlindungi", "pekerja belum terlindungi", "belum terdaftar",
                          "uncovered", "uncovered workers"],
    "vulnerable_workers_apbd": ["pekerja rentan apbd", "rentan apbd", "pekerja rentan dibiayai apbd",
                                "pekerja rentan"],
}
CODE_HEADERS = ["kode", "kode wilayah", "kode kemendagri", "kode dagri", "kode bps", "kode kab",
                "kode kabupaten", "kode kab kota", "kd", "kode daerah", "code", "bps code"]
NAME_HEADERS = ["wilayah", "kabupaten", "kabupaten kota", "kab kota", "kota", "kab", "nama",
                "nama wilayah", "nama kabupaten", "nama kabupaten kota", "daerah", "region",
                "regency", "kabupaten kota provinsi", "kab kota kalimantan", "nama daerah",
                "nama kab kota", "nama kota", "kabupaten atau kota", "wilayah kabupaten kota",
                "region name", "regency city"]
# what the error for a header it does not know lists as accepted (the vocabulary's best known)
ACCEPTED_REGION = ["kode", "kode_kemendagri", "kode bps", "kabupaten/kota", "kab/kota",
                   "nama daerah", "wilayah"]
ACCEPTED_FIGURES = ["peserta aktif", "jumlah peserta", "angkatan kerja", "tenaga kerja",
                    "potensi peserta", "cakupan (%)", "belum terlindungi", "pekerja rentan apbd"]
LONG_HEADERS = {"metric": ["indikator", "metrik", "metric", "jenis data", "variabel"],
                "value": ["nilai", "value", "angka", "jumlah"],
                "date": ["tanggal", "periode", "per", "tahun", "bulan", "date", "as of", "as_of"],
                "source": ["sumber", "source", "sumber data"]}
TOTAL_ROW = re.compile(r"^(jumlah|total|grand total|jumlah total|total keseluruhan|kalimantan"
                       r"( timur| barat| selatan| tengah| utara)?|provinsi .*)$")
METRIC_UNITS = {"coverage_pct": "pct", "active_participants": "persons", "workforce": "persons",
                "uncovered_workers": "persons", "vulnerable_workers_apbd": "persons"}
MISSING = {"", "-", "–", "—", "n/a", "na", "tidak ada", "belum ada", "x", "..", "...", "nan"}


# --- numbers and text ----------------------------------------------------------------------

def parse_number(value: object, unit: str | None = None,
                 convention: str | None = None) -> float | None:
    """A cell as a number (``numbers.read_cell``: ``1.234.567``, ``63,5``, ``63.5``,
    ``1,234,567``, ``(5)``); None for missing. ``unit`` (``persons``, ``pct``) settles what
    it can (a count is not written with three decimals: ``81.436`` persons is 81436; a
    coverage of 63500 % is not meant: ``63.500`` % is 63,5). Raises ``numbers.NumberError``
    (a ``ValueError``) for text, and for a number with two readings (``ambiguous``) that
    ``convention`` (how the file writes numbers: ``id``/``en``) does not settle."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise numbers.NumberError("text", str(value))
    if isinstance(value, (int, float)):
        return None if pd.isna(value) else float(value)
    text = str(value).strip()
    if normalise(text) in MISSING or text in MISSING:
        return None
    return float(numbers.read_cell(text, whole=unit == "persons", limit=PLAUSIBLE.get(unit),
                                   convention=convention))


ENGLISH_HEADERS = {"active participants", "participants", "workforce", "labour force",
                   "labor force", "coverage", "coverage pct", "coverage percent", "uncovered",
                   "uncovered workers", "code", "bps code", "region", "regency", "region name",
                   "regency city", "value", "date", "as of", "as_of", "source", "metric"}


def file_convention(rows, layout: "Layout") -> tuple[str | None, str]:
    """How a file writes numbers (``id``: ``1.234,5``; ``en``: ``1,234.5``) and why:
    ``numbers`` (its numbers that only one way reads all read that way), ``headers`` (no such
    number; its headers are all in one language), or (None, "") when nothing says it or its
    numbers are written both ways."""
    columns = list(layout.metric_cols) + [c for r, c in layout.long_cols.items() if r == "value"]
    texts = [row[c] for row in rows for c in columns if c < len(row) and isinstance(row[c], str)]
    found = numbers.conventions_of(texts)
    if found:  # written both ways: nothing is decided for the file
        return (found.pop(), "numbers") if len(found) == 1 else (None, "")
    used = [h for j, h in enumerate(layout.columns)
            if h and (j in columns or j in (layout.code_col, layout.name_col))]
    languages = {_header_language(h) for h in used}
    return (languages.pop(), "headers") if len(languages) == 1 else (None, "")


def _header_language(header: str) -> str:
    """``en`` for a header in the English vocabulary (``Active participants (persons)``),
    else ``id``."""
    norm = header_norm(header)
    english = any(norm == e or norm.startswith(e + " ") or norm.endswith(" " + e)
                  for e in ENGLISH_HEADERS)
    return "en" if english else "id"


def cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_norm(text: str) -> str:
    """Header text compared on words: case, punctuation, underscores and "%" folded."""
    text = text.replace("_", " ").replace("%", " persen ")
    return re.sub(r"\s+", " ", normalise(text)).strip()


def match_header(text: str, vocabulary: list[str]) -> bool:
    norm = header_norm(text)
    return norm in vocabulary or norm.replace(" persen", "") in vocabulary


# what a workforce column's header says it counts -> the base (``schema.BASES``)
HEADER_BASES = {"angkatan_kerja": ["angkatan kerja", "labour force", "labor force"],
                "penduduk_bekerja": ["penduduk bekerja", "penduduk yang bekerja",
                                     "employed population"],
                "potensi": ["potensi peserta", "potensi pekerja", "potential participants"]}


def header_base(header: str) -> str:
    """The base a header names (``Angkatan Kerja (orang)`` -> ``angkatan_kerja``), or ``""``."""
    norm = header_norm(header)
    return next((b for b, words in HEADER_BASES.items() if any(w in norm for w in words)), "")


def metric_of(header: str) -> str | None:
    for metric, vocab in METRIC_HEADERS.items():
        if match_header(header, vocab):
            return metric
    # "Cakupan (%)", "Peserta Aktif (orang)", "Jumlah Peserta Aktif per Des 2025"
    norm = header_norm(header)
    for metric, vocab in METRIC_HEADERS.items():
        if any(len(v) > 6 and (norm.startswith(v + " ") or norm.endswith(" " + v)) for v in vocab):
            return metric
    return None


# --- reading files: coverage_map.data.reading, in a child process with bounded time and memory ----

MAX_BYTES, MAX_ROWS, HEADER_SCAN_ROWS = reading.MAX_BYTES, reading.MAX_ROWS, reading.HEADER_SCAN_ROWS


# --- layout --------------------------------------------------------------------------------

@dataclass
class Layout:
    header_row: int  # 0-based index of the (last) header row
    columns: list[str]  # combined header names
    code_col: int | None
    name_col: int | None
    metric_cols: dict[int, str]  # wide: column -> metric
    long_cols: dict[str, int]  # long: role -> column


def _first_rows(rows: list[list[object]]):
    """(index, row) of the first ``HEADER_SCAN_ROWS`` rows that are not empty (a template's
    instruction lines above its header count as empty)."""
    seen = 0
    for i, row in enumerate(rows):
        if not any(cell_text(c) for c in row):
            continue
        seen += 1
        if seen > HEADER_SCAN_ROWS:
            return
        yield i, row


def find_layout(rows: list[list[object]]) -> Layout | None:
    """The header row (one or two rows, merged cells combined) and what each column holds."""
    for i, row in _first_rows(rows):
        texts = [cell_text(c) for c in row]
        if sum(bool(x) for x in texts) < 2:
            continue
        region = [j for j, x in enumerate(texts) if x and (match_header(x, CODE_HEADERS)
                                                            or match_header(x, NAME_HEADERS))]
        if not region:
            continue
        columns = texts
        header_row = i
        nxt = [cell_text(c) for c in rows[i + 1]] if i + 1 < len(rows) else []
        if nxt and all(not nxt[j] or nxt[j] == texts[j] for j in region) and any(
                x and _is_texty(x) and x != texts[j] for j, x in enumerate(nxt)):
            # a second header row under merged cells ("Peserta" over "PU" | "BPU" | "Total")
            columns = [(_combine(a, b)) for a, b in zip(texts + [""] * len(nxt), nxt)]
            header_row = i + 1
        return _assign(columns, header_row)
    return None


def no_header_message(rows: list[list[object]]) -> str:
    """Why no header was found: the headers the file has (its first row of several texts),
    what is missing of them, and the headers that are understood."""
    found: list[str] = []
    for _, row in _first_rows(rows):
        texts = [cell_text(c) for c in row]
        if sum(bool(x) and _is_texty(x) for x in texts) >= 2:
            found = [x for x in texts if x]
            break
    accepted = t("up_accepted", region=", ".join(f'"{h}"' for h in ACCEPTED_REGION),
                 figures=", ".join(f'"{h}"' for h in ACCEPTED_FIGURES))
    if not found:
        return t("up_no_header") + " " + accepted
    region = any(match_header(x, CODE_HEADERS) or match_header(x, NAME_HEADERS) for x in found)
    missing = t("up_missing_figures") if region else t("up_missing_region")
    shown = ", ".join(f'"{x[:40]}"' for x in found[:12]) + (", …" if len(found) > 12 else "")
    return t("up_headers_found", found=shown, missing=missing) + " " + accepted


def _is_texty(text: str) -> bool:
    try:
        parse_number(text)
        return False
    except numbers.NumberError as exc:
        return exc.code != "ambiguous"  # 1.000 is a number, whichever it is


def _combine(top: str, sub: str) -> str:
    if not sub or sub == top:
        return top
    if not top:
        return sub
    return sub if metric_of(sub) else f"{top} {sub}"


def _assign(columns: list[str], header_row: int) -> Layout:
    code_col = name_col = None
    metric_cols: dict[int, str] = {}
    long_cols: dict[str, int] = {}
    for j, name in enumerate(columns):
        if not name:
            continue
        if code_col is None and match_header(name, CODE_HEADERS):
            code_col = j
        elif name_col is None and match_header(name, NAME_HEADERS):
            name_col = j
        elif (metric := metric_of(name)) and metric not in metric_cols.values():
            metric_cols[j] = metric
        else:
            for role, vocab in LONG_HEADERS.items():
                if role not in long_cols and match_header(name, vocab):
                    long_cols[role] = j
    if "metric" in long_cols and "value" in long_cols:
        metric_cols = {}
    return Layout(header_row, columns, code_col, name_col, metric_cols, long_cols)
