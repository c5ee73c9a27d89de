"""The declared schema of ``datasets/coverage_figures.csv`` and its validation.

One figure per row. Validation is at the boundary and precise: every problem names the rule,
the row (1-based, as in a spreadsheet after the header), the column and the value. Rows that
fail are reported and left out; the rest load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

LEVELS = ("region", "province", "kabkota", "kecamatan", "ikn")
SCOPES = ("wilayah", "kantor_cabang")
QUALIFIERS = ("", "sekitar", "hampir", "lebih_dari", "kurang_dari", "batas_bawah_rentang")

# metric -> allowed units. Metrics the map can draw are listed in MAP_METRICS.
METRIC_UNITS: dict[str, tuple[str, ...]] = {
    "coverage_pct": ("pct",),
    "target_coverage_pct": ("pct",),
    "active_participants": ("persons",),
    "formal_participants": ("persons",),
    "informal_participants": ("persons",),
    "construction_participants": ("persons",),
    "uncovered_workers": ("persons",),
    "vulnerable_workers_apbd": ("persons",),
    "non_asn_protected": ("persons",),
    "workforce": ("persons",),
    "formal_workforce": ("persons",),
    "informal_workforce": ("persons",),
    "employers_registered": ("count",),
    "claims_count": ("count",),
    "claims_amount_idr": ("idr",),
    "jkk_cases": ("count",),
    "bps_angkatan_kerja": ("persons",),
    "bps_penduduk_bekerja": ("persons",),
    "bps_pekerja_formal": ("persons",),
    "bps_pekerja_informal": ("persons",),
    "bps_pengangguran": ("persons",),
    "other": ("pct", "persons", "count", "idr"),
}
MAP_METRICS = ("coverage_pct", "active_participants", "vulnerable_workers_apbd",
               "uncovered_workers")

COLUMNS: dict[str, str] = {
    "figure_id": "string",
    "level": "string",
    "kode": "string",
    "area_name": "string",
    "scope": "string",
    "metric": "string",
    "value": "float64",
    "unit": "string",
    "qualifier": "string",
    "as_of": "string",
    "published": "string",
    "definition": "string",
    "source_title": "string",
    "source_publisher": "string",
    "source_url": "string",
    "origin": "string",
}
KEY = "figure_id"
REQUIRED_TEXT = ("figure_id", "level", "area_name", "scope", "metric", "unit",
                 "source_title", "source_publisher")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_ID = re.compile(r"^[A-Z]{1,3}\d{3,5}$")


@dataclass(frozen=True)
class Problem:
    """One validation problem: ``row`` is 1-based over data rows; 0 means the whole file."""

    rule: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"baris {self.row}, " if self.row else ""
        return f"{where}kolom `{self.column}`: {self.message} (nilai: {self.value!r})"


class SchemaError(ValueError):
    """The file cannot be used at all (missing columns): nothing is loaded from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def validate_figures(raw: pd.DataFrame, known_codes: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate a raw (all-text) figures table.

    Returns the typed rows that pass and the problems of those that do not. Raises
    ``SchemaError`` when required columns are missing (then no row can be trusted).
    """
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise SchemaError([
            Problem("columns", 0, c, "", f"kolom wajib `{c}` tidak ada; kolom yang diharapkan: "
                    f"{', '.join(COLUMNS)}") for c in missing
        ])
    df = raw[list(COLUMNS)].copy()
    for col in COLUMNS:
        df[col] = df[col].fillna("").astype(str).str.strip()
    problems: list[Problem] = []
    bad_rows: set[int] = set()

    def report(rule: str, idx: int, col: str, msg: str) -> None:
        problems.append(Problem(rule, idx + 1, col, df.at[idx, col], msg))
        bad_rows.add(idx)

    values = pd.to_numeric(df["value"], errors="coerce")
    dup = df[KEY].duplicated(keep=False) & df[KEY].ne("")
    for idx, row in df.iterrows():
        for col in REQUIRED_TEXT:
            if not row[col]:
                report("required", idx, col, f"`{col}` wajib diisi")
        if row[KEY] and not _ID.match(row[KEY]):
            report("pattern", idx, KEY, "format `figure_id` harus seperti F001")
        if dup[idx]:
            report("unique", idx, KEY, f"`{KEY}` muncul lebih dari sekali")
        if row["level"] and row["level"] not in LEVELS:
            report("allowed", idx, "level", f"`level` harus salah satu dari {list(LEVELS)}")
        if row["scope"] and row["scope"] not in SCOPES:
            report("allowed", idx, "scope", f"`scope` harus salah satu dari {list(SCOPES)}")
        if row["qualifier"] not in QUALIFIERS:
            report("allowed", idx, "qualifier",
                   f"`qualifier` harus kosong atau salah satu dari {list(QUALIFIERS[1:])}")
        metric = row["metric"]
        if metric and metric not in METRIC_UNITS:
            report("allowed", idx, "metric", f"metrik tidak dikenal; yang diizinkan: "
                   f"{', '.join(METRIC_UNITS)}")
        elif metric and row["unit"] and row["unit"] not in METRIC_UNITS[metric]:
            report("unit", idx, "unit", f"satuan untuk `{metric}` harus "
                   f"{' atau '.join(METRIC_UNITS[metric])}")
        if pd.isna(values[idx]):
            report("type", idx, "value", "`value` harus angka")
        elif values[idx] < 0:
            report("range", idx, "value", "`value` tidak boleh negatif")
        level = row["level"]
        if level in ("province", "kabkota", "kecamatan"):
            if not row["kode"]:
                report("required", idx, "kode", f"`kode` wajib untuk level {level}")
            elif row["kode"] not in known_codes:
                report("known_code", idx, "kode", "kode wilayah tidak dikenal (bukan kode "
                       "Kemendagri provinsi/kab/kota Kalimantan)")
            elif (level == "province") != (len(row["kode"]) == 2):
                report("known_code", idx, "kode", f"kode tidak sesuai level {level}")
        elif level in LEVELS and row["kode"]:
            report("allowed", idx, "kode", f"`kode` harus kosong untuk level {level}")
        for col in ("as_of", "published"):
            if row[col] and not _DATE.match(row[col]):
                report("date", idx, col, f"`{col}` harus YYYY, YYYY-MM atau YYYY-MM-DD")
        if row["source_url"] and not _URL.match(row["source_url"]):
            report("url", idx, "source_url", "`source_url` harus tautan http(s)")
    good = df.drop(index=sorted(bad_rows))
    good = good.assign(value=values.loc[good.index]).astype(COLUMNS).reset_index(drop=True)
    return good, problems
