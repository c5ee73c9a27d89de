"""The declared schema of ``datasets/coverage_figures.csv`` and its validation.

One figure per row. Validation is at the boundary and precise: every problem names the rule,
the row (1-based, as in a spreadsheet after the header), the column and the value. Rows that
fail are reported and left out; the rest load.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

LEVELS = ("national", "region", "province", "kabkota", "kecamatan", "ikn")
SCOPES = ("wilayah", "kantor_cabang")
# How a source stated a figure (decided once, in the build, through scripts/review/figures.csv).
KINDS = ("exact", "approximate", "band", "group", "segment", "target")
# The words of a statement: "sekitar 60 %", "kurang dari 50 %", "66-67 %" ("rentang").
QUALIFIERS = ("", "sekitar", "hampir", "lebih_dari", "kurang_dari", "jauh_di_bawah", "rentang",
              "batas_bawah")
# What a percentage is a share of (labels and explanations in the locales: base_<key>).
BASES = ("", "angkatan_kerja", "penduduk_bekerja", "basis_bpjs", "potensi", "target_ucj",
         "tidak_disebut", "berkas",
         "tabel_resmi")  # tabel_resmi: a published table's own (coverage_map.store.versions)
# Why a reader should be careful with a figure (labels in the locales: caveat_<key>).
CAVEATS = ("tahun_disimpulkan", "kutipan_kedua", "ringkasan", "advertorial", "agregator",
           "bertentangan", "ambigu", "terdaftar",
           "unggahan",  # unggahan: from this session's upload
           "resmi")  # resmi: published by an editor (coverage_map.store.versions)
# Which part of the workforce a segment share or segment target is about.
SEGMENTS = ("", "formal", "informal", "jakon", "non_asn", "rentan")
# Group statements: one statement about several regions (texts in the locales: group_<key>).
GROUPS = ("", "kaltim_selain_bontang_kutim")

# metric -> allowed units. Metrics the map can draw are listed in MAP_METRICS.
METRIC_UNITS: dict[str, tuple[str, ...]] = {
    "coverage_pct": ("pct",),
    "segment_coverage_pct": ("pct",),
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
    "kind": "string",
    "qualifier": "string",
    "lower": "float64",
    "upper": "float64",
    "segment": "string",
    "group": "string",
    "base": "string",
    "caveats": "string",  # CAVEATS joined with "|"
    "as_of": "string",
    "published": "string",
    "source_title": "string",
    "source_publisher": "string",
    "source_url": "string",
    "source_rank": "int64",  # 0 BPJS, BPS or a government body; 1 press; 2 aggregator/advert
    "note": "string",  # the compiler's original note: for Sumber & Metode only
    "origin": "string",
}
KEY = "figure_id"
REQUIRED_TEXT = ("figure_id", "level", "area_name", "scope", "metric", "unit", "kind",
                 "source_publisher")
_CHOICES = (("kind", KINDS), ("qualifier", QUALIFIERS), ("base", BASES),
            ("segment", SEGMENTS), ("group", GROUPS))

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_ID = re.compile(r"^[A-Z]{1,3}\d{3,7}$")


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
        # as text, a missing cell empty (not "nan"); a number column is made text first,
        # since filling it with "" would change its type (an error in pandas 4)
        df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str).str.strip()
    problems: list[Problem] = []
    bad_rows: set[int] = set()

    def report(rule: str, idx: int, col: str, msg: str) -> None:
        problems.append(Problem(rule, idx + 1, col, df.at[idx, col], msg))
        bad_rows.add(idx)

    values = pd.to_numeric(df["value"], errors="coerce")
    bounds = {c: pd.to_numeric(df[c].replace("", None), errors="coerce") for c in ("lower", "upper")}
    ranks = pd.to_numeric(df["source_rank"].replace("", "1"), errors="coerce")
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
        for col, choices in _CHOICES:
            if row[col] and row[col] not in choices:
                report("allowed", idx, col, f"`{col}` harus kosong atau salah satu dari "
                       f"{[c for c in choices if c]}")
        unknown = [c for c in row["caveats"].split("|") if c and c not in CAVEATS]
        if unknown:
            report("allowed", idx, "caveats", f"`caveats` hanya boleh berisi {list(CAVEATS)}, "
                   "dipisah |")
        for col in ("lower", "upper"):
            if row[col] and (pd.isna(bounds[col][idx]) or not math.isfinite(bounds[col][idx])):
                report("type", idx, col, f"`{col}` harus angka atau kosong")
        if row["kind"] == "band" and not (row["lower"] or row["upper"]):
            report("required", idx, "lower", "rentang (`kind` band) perlu `lower` atau `upper`")
        if row["kind"] == "segment" and not row["segment"]:
            report("required", idx, "segment", "pangsa segmen perlu `segment`")
        if row["kind"] == "group" and not row["group"]:
            report("required", idx, "group", "pernyataan kelompok perlu `group`")
        if pd.isna(ranks[idx]) or ranks[idx] not in (0, 1, 2):
            report("allowed", idx, "source_rank", "`source_rank` harus 0, 1 atau 2")
        metric = row["metric"]
        if metric and metric not in METRIC_UNITS:
            report("allowed", idx, "metric", f"metrik tidak dikenal; yang diizinkan: "
                   f"{', '.join(METRIC_UNITS)}")
        elif metric and row["unit"] and row["unit"] not in METRIC_UNITS[metric]:
            report("unit", idx, "unit", f"satuan untuk `{metric}` harus "
                   f"{' atau '.join(METRIC_UNITS[metric])}")
        if pd.isna(values[idx]) or not math.isfinite(values[idx]):
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
    good = good.assign(value=values.loc[good.index], lower=bounds["lower"].loc[good.index],
                       upper=bounds["upper"].loc[good.index],
                       source_rank=ranks.loc[good.index].fillna(1))
    return good.astype(COLUMNS).reset_index(drop=True), problems
