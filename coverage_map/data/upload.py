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

import pandas as pd

from coverage_map.language import numbers
from coverage_map.data import reading
from coverage_map.data.measures import share_of
from coverage_map.language.i18n import current_language, fmt_value, t
from coverage_map.data.regions import RegionTable, normalise
from coverage_map.data.schema import COLUMNS, validate_figures
from coverage_map.data.upload_headers import (
    MAX_ROWS, METRIC_UNITS, PLAUSIBLE, TOTAL_ROW, Layout, cell_text, file_convention,
    find_layout, header_base, metric_of, no_header_message, parse_number)
from coverage_map.data.upload_report import Issue, Report, collapse
from coverage_map.data.upload_template import is_comment

# reading is bounded by coverage_map.data.reading; placing rows stops at this budget
MAX_SECONDS = 20
MAX_SOURCE = 200  # characters of a source text kept (it reaches every tooltip and table)
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
        sheet.rows = [[] if is_comment(row) else row for row in sheet.rows]
    report.reader_peak_bytes = read.peak_bytes
    for key, values in read.notes:
        report.issues.append(Issue("warning", t(key, **values), filename, kind=key))
    candidates = [(s, find_layout(s.rows)) for s in sheets if s.rows]
    usable = [(s, lay) for s, lay in candidates if lay and (lay.metric_cols or lay.long_cols)]
    if not usable:
        sheet = sheets[0].name if sheets else ""
        report.issues.append(Issue("error", no_header_message(sheets[0].rows if sheets else []),
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
        texts = [cell_text(c) for c in cells]
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
        label = cell_text(cells[layout.long_cols["metric"]])
        metric = metric_of(label) or (label if label in METRIC_UNITS else None)
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
                    layout.columns[col], cell_text(raw), t("up_hint_read_as"),
                    kind="up_read_as"))
            else:
                report.issues.append(_number_issue(exc, filename, sheet, rownum,
                                                   layout.columns[col], cell_text(raw)[:80]))
                continue
        if value is None:
            continue
        if value < 0:
            report.issues.append(Issue("error", t("up_negative"), filename, sheet, rownum,
                                       layout.columns[col], cell_text(raw), kind="up_negative"))
            continue
        if value == 0 and metric == "workforce":  # no region has no workers: a gap in the file
            report.issues.append(Issue("warning", t("up_zero_workforce"), filename, sheet,
                                       rownum, layout.columns[col], cell_text(raw),
                                       kind="up_zero_workforce"))
            continue
        limit = PLAUSIBLE[METRIC_UNITS[metric]]
        if not math.isfinite(value) or value > limit:
            report.issues.append(Issue(
                "error", t("up_implausible", limit=fmt_value(limit, METRIC_UNITS[metric])),
                filename, sheet, rownum, layout.columns[col], cell_text(raw)[:40],
                kind="up_implausible"))
            continue
        metrics[metric] = (value, t("up_definition", column=layout.columns[col]))
    row_as_of = ""
    if (col := layout.long_cols.get("date")) is not None:
        raw = cell_text(cells[col])
        row_as_of = parse_date(raw)
        if raw and not row_as_of:
            report.issues.append(Issue("warning", t("up_bad_date"), filename, sheet, rownum,
                                       layout.columns[col], raw, t("up_hint_date"),
                                       kind="up_bad_date"))
    row_source = cell_text(cells[layout.long_cols["source"]]) \
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
            text = cell_text(cell)
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


