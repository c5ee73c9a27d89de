"""What reading an upload found, for the person who sent it: each ``Issue`` with where it is
(file, sheet, row, column, value) and what to do, and the ``Report`` of a whole file (matched
and unplaced rows, issues, the usable figures). Messages follow the current language."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from coverage_map.data.schema import COLUMNS
from coverage_map.language.i18n import fmt_number, t


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
