"""Reading figures people send: CSV and Excel in the forms they actually have.

Handles a title row or two above the header, merged header cells, "Jumlah"/"Total" rows,
Indonesian numbers (``1.234.567``, ``63,5``, ``63,5%``), ``-`` or empty for missing, regions by
Kemendagri code, BPS code or name, long format (region, metric, value, date, source) and wide
format (one row per region with columns such as peserta aktif, angkatan kerja, cakupan %).
Coverage is computed from participants and workforce where both are given.

``validate`` never raises for bad input: it returns a ``Report`` that says what is wrong and
where (file, sheet, row, column, value) and what to do, with the figures that could be used in
the schema of ``coverage_map.data.schema``. Messages follow the current language.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import asdict, dataclass, field

import pandas as pd

from coverage_map.language import numbers
from coverage_map.data import reading
from coverage_map.data.measures import share_of
from coverage_map.language.i18n import current_language, fmt_number, fmt_value, t
from coverage_map.data.regions import RegionTable, normalise
from coverage_map.data.schema import COLUMNS, validate_figures

# reading is bounded by coverage_map.data.reading; placing rows stops at this budget
MAX_SECONDS = 20
MAX_SOURCE = 200  # characters of a source text kept (it reaches every tooltip and table)
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


@dataclass(frozen=True)
class Issue:
    """One thing the user should know about, with where it is and what to do."""

    severity: str  # "error" (not used) or "warning" (used, but check it)
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None  # row number as the user sees it in the file (1-based)
    column: str = ""
    value: str = ""
    hint: str = ""
    kind: str = ""  # the locale key of the message, where it may repeat (see ``collapse``)

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(t("loc_sheet", sheet=self.sheet))
        if self.row:
            parts.append(t("loc_row", row=self.row))
        if self.column:
            parts.append(t("loc_column", column=self.column))
        return ", ".join(p for p in parts if p)

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message}"
        if self.value:
            text += f" ({t('loc_value')}: {self.value!r})"
        return text + (f" {self.hint}" if self.hint else "")


@dataclass
class Report:
    """What ``validate`` found: usable figures, unplaced rows and issues."""

    file: str
    rows_read: int = 0
    sheet: str = ""
    layout: str = ""  # "lebar" (wide) or "panjang" (long)
    matched: list[dict] = field(default_factory=list)  # row, kode, nama, metrics
    unmatched: list[dict] = field(default_factory=list)  # row, given, reason, candidates
    issues: list[Issue] = field(default_factory=list)
    reader_peak_bytes: int = 0  # the file reader's peak memory (coverage_map.data.reading)
    figures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COLUMNS)))

    @property
    def usable(self) -> bool:
        return not self.figures.empty

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def to_dict(self) -> dict:
        return {
            "file": self.file, "sheet": self.sheet, "layout": self.layout,
            "rows_read": self.rows_read, "usable": self.usable,
            "figures": len(self.figures),
            "matched": self.matched, "unmatched": self.unmatched,
            "errors": [asdict(i) | {"text": str(i)} for i in self.errors],
            "warnings": [asdict(i) | {"text": str(i)} for i in self.warnings],
        }

    def to_text(self) -> str:
        lines = [t("report_head", file=self.file, rows=self.rows_read, matched=len(self.matched),
                   unmatched=len(self.unmatched), figures=len(self.figures))]
        for m in self.matched:
            lines.append("  " + t("report_matched", row=m["row"], given=m["given"], kode=m["kode"],
                                  nama=m["nama"]))
        for u in self.unmatched:
            lines.append("  " + t("report_unmatched", row=u["row"], given=u["given"],
                                  reason=u["reason"], candidates=u["candidates"] or "–"))
        for issue in self.errors:
            lines.append(f"  {t('report_error')}: {issue}")
        for issue in self.warnings:
            lines.append(f"  {t('report_warning')}: {issue}")
        if not self.usable:
            lines.append(t("report_nothing_usable"))
        return "\n".join(lines)


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
    norm = _header_norm(header)
    english = any(norm == e or norm.startswith(e + " ") or norm.endswith(" " + e)
                  for e in ENGLISH_HEADERS)
    return "en" if english else "id"


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_norm(text: str) -> str:
    """Header text compared on words: case, punctuation, underscores and "%" folded."""
    text = text.replace("_", " ").replace("%", " persen ")
    return re.sub(r"\s+", " ", normalise(text)).strip()


def _match_header(text: str, vocabulary: list[str]) -> bool:
    norm = _header_norm(text)
    return norm in vocabulary or norm.replace(" persen", "") in vocabulary


# what a workforce column's header says it counts -> the base (``schema.BASES``)
HEADER_BASES = {"angkatan_kerja": ["angkatan kerja", "labour force", "labor force"],
                "penduduk_bekerja": ["penduduk bekerja", "penduduk yang bekerja",
                                     "employed population"],
                "potensi": ["potensi peserta", "potensi pekerja", "potential participants"]}


def header_base(header: str) -> str:
    """The base a header names (``Angkatan Kerja (orang)`` -> ``angkatan_kerja``), or ``""``."""
    norm = _header_norm(header)
    return next((b for b, words in HEADER_BASES.items() if any(w in norm for w in words)), "")


def _metric_of(header: str) -> str | None:
    for metric, vocab in METRIC_HEADERS.items():
        if _match_header(header, vocab):
            return metric
    # "Cakupan (%)", "Peserta Aktif (orang)", "Jumlah Peserta Aktif per Des 2025"
    norm = _header_norm(header)
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
        if not any(_cell_text(c) for c in row):
            continue
        seen += 1
        if seen > HEADER_SCAN_ROWS:
            return
        yield i, row


def find_layout(rows: list[list[object]]) -> Layout | None:
    """The header row (one or two rows, merged cells combined) and what each column holds."""
    for i, row in _first_rows(rows):
        texts = [_cell_text(c) for c in row]
        if sum(bool(x) for x in texts) < 2:
            continue
        region = [j for j, x in enumerate(texts) if x and (_match_header(x, CODE_HEADERS)
                                                            or _match_header(x, NAME_HEADERS))]
        if not region:
            continue
        columns = texts
        header_row = i
        nxt = [_cell_text(c) for c in rows[i + 1]] if i + 1 < len(rows) else []
        if nxt and all(not nxt[j] or nxt[j] == texts[j] for j in region) and any(
                x and _is_texty(x) and x != texts[j] for j, x in enumerate(nxt)):
            # a second header row under merged cells ("Peserta" over "PU" | "BPU" | "Total")
            columns = [(_combine(a, b)) for a, b in zip(texts + [""] * len(nxt), nxt)]
            header_row = i + 1
        return _assign(columns, header_row)
    return None


def _no_header_message(rows: list[list[object]]) -> str:
    """Why no header was found: the headers the file has (its first row of several texts),
    what is missing of them, and the headers that are understood."""
    found: list[str] = []
    for _, row in _first_rows(rows):
        texts = [_cell_text(c) for c in row]
        if sum(bool(x) and _is_texty(x) for x in texts) >= 2:
            found = [x for x in texts if x]
            break
    accepted = t("up_accepted", region=", ".join(f'"{h}"' for h in ACCEPTED_REGION),
                 figures=", ".join(f'"{h}"' for h in ACCEPTED_FIGURES))
    if not found:
        return t("up_no_header") + " " + accepted
    region = any(_match_header(x, CODE_HEADERS) or _match_header(x, NAME_HEADERS) for x in found)
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
    return sub if _metric_of(sub) else f"{top} {sub}"


def _assign(columns: list[str], header_row: int) -> Layout:
    code_col = name_col = None
    metric_cols: dict[int, str] = {}
    long_cols: dict[str, int] = {}
    for j, name in enumerate(columns):
        if not name:
            continue
        if code_col is None and _match_header(name, CODE_HEADERS):
            code_col = j
        elif name_col is None and _match_header(name, NAME_HEADERS):
            name_col = j
        elif (metric := _metric_of(name)) and metric not in metric_cols.values():
            metric_cols[j] = metric
        else:
            for role, vocab in LONG_HEADERS.items():
                if role not in long_cols and _match_header(name, vocab):
                    long_cols[role] = j
    if "metric" in long_cols and "value" in long_cols:
        metric_cols = {}
    return Layout(header_row, columns, code_col, name_col, metric_cols, long_cols)


# --- validation ----------------------------------------------------------------------------

def validate(data: bytes, filename: str, regions: RegionTable, as_of: str = "",
             source: str = "", on_wait=None) -> Report:
    """Read, place and check an uploaded file; never raises for bad content. ``on_wait(place)``
    is told the file's place in line while it waits for a reader."""
    report = Report(file=filename)
    try:
        read = reading.read(data, filename, on_wait)
    except reading.Unreadable as exc:
        report.reader_peak_bytes = getattr(exc, "peak_bytes", 0)
        report.issues.append(Issue("error", str(exc), filename, hint=t("up_hint_template")))
        return report
    sheets = read.sheets
    for sheet in sheets:  # a template's instruction lines are not data (rows keep their numbers)
        sheet.rows = [[] if _is_comment(row) else row for row in sheet.rows]
    report.reader_peak_bytes = read.peak_bytes
    for key, values in read.notes:
        report.issues.append(Issue("warning", t(key, **values), filename, kind=key))
    candidates = [(s, find_layout(s.rows)) for s in sheets if s.rows]
    usable = [(s, lay) for s, lay in candidates if lay and (lay.metric_cols or lay.long_cols)]
    if not usable:
        sheet = sheets[0].name if sheets else ""
        report.issues.append(Issue("error", _no_header_message(sheets[0].rows if sheets else []),
                                   filename, sheet, hint=t("up_hint_header")))
        return report
    sheet, layout = usable[0]
    report.sheet = sheet.name
    report.layout = "panjang" if layout.long_cols.get("metric") is not None and \
        layout.long_cols.get("value") is not None else "lebar"
    rows = sheet.rows[layout.header_row + 1:]
    if len(rows) > MAX_ROWS:
        report.issues.append(Issue("error", t("up_too_many_rows", limit=MAX_ROWS), filename,
                                   sheet.name))
        return report
    if not as_of and layout.long_cols.get("date") is None:
        as_of = _date_in_title(sheet.rows[:layout.header_row])
        if as_of:
            report.issues.append(Issue("warning", t("up_date_from_title", date=as_of), filename,
                                       sheet.name))
    figures = _collect(rows, layout, report, regions, sheet.name, as_of, source,
                       file_convention(rows, layout))
    if figures:
        df = pd.DataFrame(figures, columns=list(COLUMNS))
        known = set(regions.df.index) | set(regions.provinces)
        good, problems = validate_figures(df, known)
        for p in problems:  # a guard: rows built here should always pass
            report.issues.append(Issue("error", p.message, filename, sheet.name,
                                       column=p.column, value=p.value))
        report.figures = good
    collapse(report)
    return report


SHOWN_PER_KIND = 3


def collapse(report: Report) -> None:
    """One summary line per kind of repeated message: the first few as they are, then how many
    more and on which rows (a file with thousands of duplicate rows gets a short report)."""
    by_kind: dict[tuple[str, str], list[Issue]] = {}
    for issue in report.issues:
        if issue.kind:
            by_kind.setdefault((issue.severity, issue.kind), []).append(issue)
    dropped: set[int] = set()
    summaries = []
    for (severity, _), issues in by_kind.items():
        if len(issues) <= SHOWN_PER_KIND + 1:
            continue
        rest = issues[SHOWN_PER_KIND:]
        dropped |= {id(i) for i in rest}
        rows = [str(i.row) for i in rest if i.row]
        listed = ", ".join(rows[:12]) + (", …" if len(rows) > 12 else "")
        summaries.append(Issue(severity, t("up_more_like_this", n=fmt_number(len(rest)),
                                           rows=listed or "–", message=rest[0].message),
                               report.file, rest[0].sheet))
    if summaries:
        report.issues = [i for i in report.issues if id(i) not in dropped] + summaries


def _collect(rows, layout: Layout, report: Report, regions: RegionTable, sheet: str,
             as_of: str, source: str, convention: tuple[str | None, str] = (None, "")
             ) -> list[dict]:
    filename = report.file
    first_row = layout.header_row + 2  # 1-based row number of the first data row
    seen: dict[tuple[str, str], int] = {}
    figures: list[dict] = []
    deadline = time.monotonic() + MAX_SECONDS
    code_header = layout.columns[layout.code_col] if layout.code_col is not None else ""
    has_workforce = "workforce" in layout.metric_cols.values() or bool(layout.long_cols)
    # the base a workforce column's header names ("Angkatan Kerja", "Potensi Peserta"): the
    # workforce keeps it (a coverage of the same row is paired with it as the same source's)
    base = next((header_base(layout.columns[c]) for c, m in layout.metric_cols.items()
                 if m == "workforce"), "")
    bases = {"workforce": base, "coverage_pct": "berkas"}
    for offset, row in enumerate(rows):
        rownum = first_row + offset
        if time.monotonic() > deadline:
            report.issues.append(Issue("error", t("up_timeout", row=rownum, seconds=MAX_SECONDS),
                                       filename, sheet, rownum))
            break
        cells = list(row) + [None] * (len(layout.columns) - len(row))
        texts = [_cell_text(c) for c in cells]
        if not any(texts):
            continue
        code = texts[layout.code_col] if layout.code_col is not None else ""
        name = texts[layout.name_col] if layout.name_col is not None else ""
        label = name or code
        if any(TOTAL_ROW.match(normalise(x)) for x in ([label] if label else texts) if x):
            report.issues.append(Issue("warning", t("up_total_row"), filename, sheet, rownum,
                                       kind="up_total_row",
                                       value=label or next(x for x in texts if x)))
            continue
        values = _row_values(cells, layout, report, sheet, rownum, convention)
        if values is None:
            continue
        metrics, row_as_of, row_source = values
        if not metrics:  # an empty template row, a note or a footnote: nothing to place
            continue
        report.rows_read += 1
        given = " ".join(x for x in (code, name) if x)
        if not label:
            report.unmatched.append({"row": rownum, "given": "", "reason": t("up_no_region"),
                                     "candidates": ""})
            continue
        match = (regions.match_code(code, header=code_header, name=name or None) if code
                 else regions.match_name(name))
        if match.kode is None:
            report.unmatched.append({
                "row": rownum, "given": given, "reason": match.reason,
                "candidates": "; ".join(f"{k} {regions.name_of(k)}" for k in match.candidates)})
            continue
        if len(match.kode) == 2:  # a province row is not a regency figure
            report.issues.append(Issue("warning", t("up_province_row"), filename, sheet, rownum,
                                       kind="up_province_row",
                                       value=given))
            continue
        usable_metrics = {}
        for metric, value in metrics.items():
            key = (match.kode, metric, row_as_of or as_of)  # a monthly series keeps every month
            if key in seen:
                report.issues.append(Issue(
                    "warning", t("up_duplicate", nama=regions.name_of(match.kode),
                                 first=seen[key]), filename, sheet, rownum, value=given,
                    kind="up_duplicate"))
                continue
            seen[key] = rownum
            usable_metrics[metric] = value
        _derive_coverage(usable_metrics, report, sheet, rownum)
        zero = any(i.kind == "up_zero_workforce" for i in _this_row(report.issues, rownum))
        if "active_participants" in usable_metrics and "coverage_pct" not in usable_metrics \
                and has_workforce and not zero:  # (a workforce of 0 was already reported)
            report.issues.append(Issue("warning", t("up_no_workforce", nama=regions.name_of(
                match.kode)), filename, sheet, rownum, kind="up_no_workforce"))
        if "coverage_pct" in usable_metrics and usable_metrics["coverage_pct"][0] > 100:
            report.issues.append(Issue("warning", t("up_above_100"), filename, sheet, rownum,
                                       kind="up_above_100",
                                       value=fmt_value(usable_metrics["coverage_pct"][0], "pct")))
        if not usable_metrics:
            continue
        report.matched.append({"row": rownum, "given": given, "kode": match.kode,
                               "nama": regions.name_of(match.kode),
                               "metrics": {m: v for m, (v, _) in usable_metrics.items()}})
        for metric, (value, definition) in usable_metrics.items():
            figures.append({
                "figure_id": f"U{len(figures) + 1:04d}", "level": "kabkota", "kode": match.kode,
                "area_name": name or code, "scope": "wilayah", "metric": metric,
                "value": str(value), "unit": METRIC_UNITS[metric], "kind": "exact",
                "qualifier": "", "base": bases.get(metric, ""),
                "source_rank": "1", "as_of": row_as_of or as_of, "published": "",
                "note": definition, "source_title": filename,
                "source_publisher": row_source or source or t("up_publisher"),
                "source_url": "", "origin": t("up_origin", file=filename, row=rownum),
            })
    return figures


def _number_issue(exc: numbers.NumberError, filename: str, sheet: str, rownum: int,
                  column: str, text: str) -> Issue:
    """A cell that is not a number, or a number with two readings (``1.000`` %: 1000 or 1):
    an error with where it is, both readings and how to write it."""
    if exc.code != "ambiguous":
        return Issue("error", t("up_not_number"), filename, sheet, rownum, column, text,
                     t("up_hint_number"), kind="up_not_number")
    words = {}
    for name, value in zip(("first", "second"), exc.readings):
        words[name] = numbers.written(value, current_language())
        words[name + "_plain"] = numbers.written(value, current_language(), grouped=False)
    return Issue("error", t("up_ambiguous", **words), filename, sheet, rownum, column, text,
                 t("up_hint_ambiguous", **words), kind="up_ambiguous")


def _this_row(issues: list[Issue], rownum: int):
    """The issues of the row being read: the last ones (a row's issues come together)."""
    for issue in reversed(issues):
        if issue.row != rownum:
            return
        yield issue


def _row_values(cells, layout: Layout, report: Report, sheet: str, rownum: int,
                convention: tuple[str | None, str] = (None, "")):
    """(metric -> (value, definition), as_of, source) of one data row; None when unusable.
    A number with two readings is read the way the file writes numbers (``convention``: the
    way and why), with a warning saying so; where nothing says which, it is refused."""
    filename = report.file
    metrics: dict[str, tuple[float, str]] = {}
    if layout.long_cols.get("metric") is not None and layout.long_cols.get("value") is not None:
        label = _cell_text(cells[layout.long_cols["metric"]])
        metric = _metric_of(label) or (label if label in METRIC_UNITS else None)
        if metric is None:
            report.issues.append(Issue("error", t("up_unknown_metric"), filename, sheet, rownum,
                                       layout.columns[layout.long_cols["metric"]], label,
                                       t("up_hint_metrics"), kind="up_unknown_metric"))
            return None
        pairs = [(layout.long_cols["value"], metric)]
    else:
        pairs = list(layout.metric_cols.items())
    for col, metric in pairs:
        raw = cells[col] if col < len(cells) else None
        try:
            value = parse_number(raw, METRIC_UNITS[metric])
        except numbers.NumberError as exc:
            way, why = convention
            if exc.code == "ambiguous" and way:
                value = parse_number(raw, METRIC_UNITS[metric], way)
                report.issues.append(Issue(
                    "warning", t("up_read_as_" + why, value=fmt_value(value, METRIC_UNITS[metric]),
                                 way=t("up_way_" + way), language=t("up_language_" + way)),
                    filename, sheet, rownum,
                    layout.columns[col], _cell_text(raw), t("up_hint_read_as"),
                    kind="up_read_as"))
            else:
                report.issues.append(_number_issue(exc, filename, sheet, rownum,
                                                   layout.columns[col], _cell_text(raw)[:80]))
                continue
        if value is None:
            continue
        if value < 0:
            report.issues.append(Issue("error", t("up_negative"), filename, sheet, rownum,
                                       layout.columns[col], _cell_text(raw), kind="up_negative"))
            continue
        if value == 0 and metric == "workforce":  # no region has no workers: a gap in the file
            report.issues.append(Issue("warning", t("up_zero_workforce"), filename, sheet,
                                       rownum, layout.columns[col], _cell_text(raw),
                                       kind="up_zero_workforce"))
            continue
        limit = PLAUSIBLE[METRIC_UNITS[metric]]
        if not math.isfinite(value) or value > limit:
            report.issues.append(Issue(
                "error", t("up_implausible", limit=fmt_value(limit, METRIC_UNITS[metric])),
                filename, sheet, rownum, layout.columns[col], _cell_text(raw)[:40],
                kind="up_implausible"))
            continue
        metrics[metric] = (value, t("up_definition", column=layout.columns[col]))
    row_as_of = ""
    if (col := layout.long_cols.get("date")) is not None:
        raw = _cell_text(cells[col])
        row_as_of = parse_date(raw)
        if raw and not row_as_of:
            report.issues.append(Issue("warning", t("up_bad_date"), filename, sheet, rownum,
                                       layout.columns[col], raw, t("up_hint_date"),
                                       kind="up_bad_date"))
    row_source = _cell_text(cells[layout.long_cols["source"]]) \
        if layout.long_cols.get("source") is not None else ""
    if len(row_source) > MAX_SOURCE:  # it reaches every tooltip, table and export
        report.issues.append(Issue("warning", t("up_source_cut", limit=MAX_SOURCE), filename,
                                   sheet, rownum, kind="up_source_cut"))
        row_source = row_source[:MAX_SOURCE] + "…"
    return metrics, row_as_of, row_source


def _derive_coverage(metrics: dict, report: Report, sheet: str, rownum: int) -> None:
    """Coverage = participants / workforce, where both are given (and check a given one)."""
    if "active_participants" not in metrics or "workforce" not in metrics:
        return
    participants, workforce = metrics["active_participants"][0], metrics["workforce"][0]
    if workforce <= 0:
        return
    computed = round(share_of(participants, workforce), 2)
    if "coverage_pct" not in metrics:
        metrics["coverage_pct"] = (computed, t("up_computed"))
    elif abs(metrics["coverage_pct"][0] - computed) > 1:
        report.issues.append(Issue(
            "warning", t("up_coverage_mismatch", given=fmt_value(metrics["coverage_pct"][0], "pct"),
                         computed=fmt_value(computed, "pct")), report.file, sheet, rownum))


_MONTHS = {m.lower(): i + 1 for names in (
    ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
     "oktober", "november", "desember"],
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"]) for i, m in enumerate(names)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})


def parse_date(text: str) -> str:
    """``2025``, ``2025-05``, ``2025-05-12``, ``12/05/2025``, ``Mei 2025`` -> ISO-like text."""
    text = text.strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[ T].*", text):  # a datetime from Excel
        return "-".join(m.groups())
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        day, month, year = (int(x) for x in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    if m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", text):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            return f"{m.group(2)}-{month:02d}"
    return ""


def _date_in_title(rows: list[list[object]]) -> str:
    """A date written in the title rows above the header ("Per Desember 2025")."""
    for row in rows:
        for cell in row:
            text = _cell_text(cell)
            for m in re.finditer(r"([A-Za-z]+)\.?\s+(\d{4})", text):
                if found := parse_date(m.group(0)):
                    return found
            if m := re.search(r"\b(20\d{2})\b", text):
                return m.group(1)
    return ""


# --- joining the bundled data ---------------------------------------------------------------

ADD, REPLACE = "tambah", "ganti"  # the file's figures join the bundled ones, or replace them
UPLOADED = "unggahan"  # the caveat every uploaded figure carries ("data unggahan")


def combine(bundled: pd.DataFrame, uploaded: pd.DataFrame, mode: str = ADD) -> pd.DataFrame:
    """The figures the views use with an upload. ``ADD``: the bundled figures, except those of
    a region and indicator the file has (the file's win there), and the file's; ``REPLACE``:
    the file's alone. Every uploaded figure carries the caveat ``unggahan``."""
    marked = uploaded.assign(caveats=[
        "|".join(dict.fromkeys([c for c in str(x).split("|") if c] + [UPLOADED]))
        for x in uploaded["caveats"].fillna("")])
    if mode == REPLACE:
        return marked.reset_index(drop=True)
    return pd.concat([bundled[~_set_aside(bundled, marked)], marked], ignore_index=True)


def _set_aside(bundled: pd.DataFrame, uploaded: pd.DataFrame) -> pd.Series:
    """Per bundled figure: whether the file has its region and indicator (the file's win)."""
    keys = set(zip(uploaded["level"], uploaded["kode"], uploaded["metric"]))
    keyed = zip(bundled["level"], bundled["kode"], bundled["metric"])
    return pd.Series([k in keys for k in keyed], index=bundled.index, dtype=bool)


def combined_counts(bundled: pd.DataFrame, uploaded: pd.DataFrame) -> tuple[int, int]:
    """(bundled figures the file's figures take the place of, regions the file adds to)."""
    return int(_set_aside(bundled, uploaded).sum()), uploaded["kode"].nunique()


# --- template --------------------------------------------------------------------------------

TEMPLATE_COLUMNS = ["kode_kemendagri", "kabupaten_kota", "provinsi", "peserta_aktif",
                    "angkatan_kerja", "cakupan_persen", "tanggal", "sumber"]


def template(regions: pd.DataFrame) -> pd.DataFrame:
    """The upload template: the 56 regions pre-filled, figure columns empty."""
    out = pd.DataFrame({
        "kode_kemendagri": regions["kode"], "kabupaten_kota": regions["nama"],
        "provinsi": regions["provinsi"]})
    for col in TEMPLATE_COLUMNS[3:]:
        out[col] = ""
    return out.reset_index(drop=True)


COMMENT = "#"  # a template's instruction line: skipped when the file is read


def example_row(regions: pd.DataFrame, figures: pd.DataFrame) -> dict[str, str] | None:
    """A real row for the template's instructions, from the bundled data (never made up): a
    regency whose participants and workforce one source gave for the same date."""
    p = figures[(figures["metric"] == "active_participants") & (figures["level"] == "kabkota")
                & (figures["kind"] == "exact")]
    w = figures[(figures["metric"] == "workforce") & (figures["kind"].isin(("exact",
                                                                            "approximate")))]
    pairs = p.merge(w, on=["kode", "as_of", "source_publisher"], suffixes=("", "_w"))
    pairs = pairs[pairs["as_of"].str.len() >= 7].sort_values(["as_of", "kode"], ascending=[False,
                                                                                         True])
    if pairs.empty:
        return None
    r = pairs.iloc[0]
    reg = regions.set_index("kode").loc[r["kode"]]
    return {"kode_kemendagri": r["kode"], "kabupaten_kota": reg["nama"],
            "provinsi": reg["provinsi"], "peserta_aktif": fmt_number(float(r["value"])),
            "angkatan_kerja": fmt_number(float(r["value_w"])), "cakupan_persen": "",
            "tanggal": r["as_of"], "sumber": r["source_publisher"], "figure_id": r["figure_id"]}


def instructions(regions: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The template's instructions: per column what goes in it, its unit and an example (a
    real row of the bundled data), then the accepted dates and what the codes mean."""
    example = example_row(regions, figures) or {}
    rows = [{t("tpl_col_column"): col, t("tpl_col_meaning"): t(f"tpl_{col}"),
             t("tpl_col_unit"): t(f"tpl_unit_{col}"), t("tpl_col_example"): example.get(col, "")}
            for col in TEMPLATE_COLUMNS]
    notes = [t("tpl_note_rows"), t("tpl_note_dates"), t("tpl_note_codes"),
             t("tpl_note_numbers"), t("tpl_note_coverage")]
    if example:
        notes.append(t("tpl_note_example", nama=example["kabupaten_kota"],
                       id=example["figure_id"]))
    rows += [{t("tpl_col_column"): "", t("tpl_col_meaning"): n, t("tpl_col_unit"): "",
              t("tpl_col_example"): ""} for n in notes]
    return pd.DataFrame(rows)


def instruction_lines(table: pd.DataFrame) -> list[str]:
    """The instructions (``instructions``) as the CSV template's first lines (each begins
    with ``#``)."""
    lines = [f"{COMMENT} {t('tpl_title')}"]
    for r in table.to_dict("records"):
        col, meaning, unit, example = r.values()
        if col:
            text = f"{col}: {meaning}" + (f" ({unit})" if unit else "")
            lines.append(f"{COMMENT} {text}" + (f"; {t('tpl_col_example').lower()}: {example}"
                                               if example else ""))
        else:
            lines.append(f"{COMMENT} {meaning}")
    return lines


def _is_comment(row: list[object]) -> bool:
    """A template's instruction line: one cell, beginning with ``#`` (a lone ``#`` is a
    column heading, "No")."""
    texts = [x for x in (_cell_text(c) for c in row) if x]
    return len(texts) == 1 and texts[0].startswith(COMMENT) and len(texts[0]) > 1
