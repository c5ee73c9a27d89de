"""Build ``datasets/`` (regions and coverage figures) from ``../shared/datasets-src/``.

Load inputs -> process -> save outputs, rerunnable; never hand-edit the outputs.

* ``datasets/regions.csv``: the 56 kab/kota reference from ``kabkota_reference.csv``, with the
  reviewed extra aliases below.
* ``datasets/coverage_figures.csv``: one figure per row, in the schema of
  ``coverage_map.schema``, from ``coverage_reports.csv`` (404 figures) and
  ``kabkota_workforce_bps.csv`` (BPS workforce, 14 regencies). Values are copied exactly; the
  ``quote`` column stays in ``../shared`` (each row's ``origin`` points back to it).

Region codes go through the reference table: a row whose code and name disagree is either in
the reviewed ``CODE_CORRECTIONS`` below or stops the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coverage_map.regions import RegionTable  # noqa: E402
from coverage_map.schema import COLUMNS, validate_figures  # noqa: E402

DEFAULT_SRC = ROOT.parent / "shared"
OUT = ROOT / "datasets"

# Reviewed additions to the alias list (forms seen in newspapers and official letters).
EXTRA_ALIASES = {
    "62.71": ["Palangka raya"],
    "64.01": ["Kab. Pasir"],
    "64.02": ["Kab. Kukar", "Kutai Kartanegara ing Martadipura"],
    "64.03": ["Kab. Berau"],
    "64.07": ["Kab. Kubar"],
    "64.08": ["Kab. Kutim"],
    "64.11": ["Kab. Mahulu"],
    "62.02": ["Kab. Kotim"],
    "62.01": ["Kab. Kobar"],
    "63.06": ["Kab. HSS"],
    "63.07": ["Kab. HST"],
    "63.08": ["Kab. HSU"],
    "63.04": ["Kab. Batola"],
    "63.10": ["Kab. Tanbu"],
}

# Reviewed code corrections: (code in source, name in source) -> Kemendagri code.
# coverage_reports.csv numbers Kaltara regencies with BPS codes (6502 Bulungan, 6504 Nunukan)
# written with a dot; the Kemendagri codes are 65.01 Bulungan and 65.03 Nunukan.
CODE_CORRECTIONS = {
    ("65.02", "Kabupaten Bulungan"): "65.01",
    ("65.04", "Kabupaten Nunukan"): "65.03",
}

WORKFORCE_METRICS = {
    "angkatan_kerja": ("bps_angkatan_kerja", "angkatan kerja (penduduk 15+ yang bekerja atau "
                       "menganggur), BPS Sakernas"),
    "penduduk_bekerja": ("bps_penduduk_bekerja", "penduduk 15+ yang bekerja, BPS Sakernas"),
    "pekerja_formal": ("bps_pekerja_formal", "pekerja sektor formal, BPS Sakernas"),
    "pekerja_informal": ("bps_pekerja_informal", "pekerja sektor informal, BPS Sakernas"),
    "pengangguran": ("bps_pengangguran", "pengangguran terbuka, BPS Sakernas"),
}

_NUM = r"(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)"
_QUAL_WORDS = [
    (r"hampir", "hampir"),
    (r"sekitar|kurang lebih|kira-kira|±|~|kisaran|di kisaran", "sekitar"),
    (r"lebih dari|di atas|diatas|lebih", "lebih_dari"),
    (r"di bawah|dibawah|kurang dari", "kurang_dari"),
]


def parse_id_number(text: str, scale: str = "") -> float:
    """'1.234.567' -> 1234567, '63,5' -> 63.5; 'ribu'/'juta' scale it."""
    value = float(text.replace(".", "").replace(",", ".")) if "." in text and "," not in text \
        and re.fullmatch(r"\d{1,3}(\.\d{3})+", text) else float(text.replace(",", "."))
    return value * {"ribu": 1e3, "juta": 1e6}.get(scale, 1)


def qualifier_for(value: float, unit: str, note: str, quote: str) -> str:
    """How exact the source's statement is; derived from the note and the quoted sentence."""
    low = note.lower()
    if "below" in low and "band" in low:
        return "kurang_dari"
    if "above" in low and "band" in low:
        return "lebih_dari"
    if "range" in low or "lower bound" in low or "lower end" in low:
        return "batas_bawah_rentang"
    if "'lebih dari" in low:
        return "lebih_dari"
    q = quote.lower()
    for match in re.finditer(_NUM + r"\s*(persen|%|ribu|juta)?", q):
        number, scale = match.group(1), match.group(2) or ""
        try:
            parsed = parse_id_number(number, scale if scale in ("ribu", "juta") else "")
        except ValueError:
            continue
        if abs(parsed - value) > max(1e-6, abs(value) * 1e-6):
            continue
        before = q[max(0, match.start() - 22):match.start()]
        for pattern, qual in _QUAL_WORDS:
            if re.search(rf"(?:{pattern})\s*(?:sebesar|mencapai|angka|yakni|baru)?\s*$", before):
                return qual
        return ""
    if "approx" in low or "sekitar" in low:
        return "sekitar"
    return ""


def load_inputs(src: Path):
    ref = pd.read_csv(src / "geodata-src" / "kabkota_reference.csv", dtype=str)
    reports = pd.read_csv(src / "datasets-src" / "coverage_reports.csv", dtype=str,
                          keep_default_na=False)
    workforce = pd.read_csv(src / "datasets-src" / "kabkota_workforce_bps.csv", dtype=str,
                            keep_default_na=False)
    return ref, reports, workforce


def build_regions(ref: pd.DataFrame) -> pd.DataFrame:
    out = ref.rename(columns={"alias_names": "aliases"})
    out["aliases"] = [
        "|".join(dict.fromkeys([*str(a).split("|"), *EXTRA_ALIASES.get(k, [])]))
        for k, a in zip(out["kode"], out["aliases"])
    ]
    cols = ["kode", "nama", "kode_prov", "provinsi", "jenis", "ibukota", "kode_bps", "aliases",
            "luas_km2_big2024"]
    return out[cols].sort_values("kode").reset_index(drop=True)


def resolve_code(table: RegionTable, level: str, kode: str, name: str) -> str:
    if level in ("region", "ikn"):
        return ""
    if (kode, name) in CODE_CORRECTIONS:
        return CODE_CORRECTIONS[(kode, name)]
    if level == "province":
        return kode
    base = re.sub(r"\s*\(.*\)$", "", name)  # "Kota Bontang (BPJS TK Kantor Cabang ...)"
    if level == "kecamatan":  # "Kec. Sepaku (Kab. Penajam Paser Utara)": the parent regency
        base = re.search(r"\((.*)\)", name).group(1)
    match = table.match_code(kode, header="kode_kemendagri", name=base)
    if match.kode is None:
        raise SystemExit(f"code {kode!r} and name {name!r} disagree ({match.reason}); review "
                         "the row and add it to CODE_CORRECTIONS if the name is right")
    return match.kode


def build_figures(reports: pd.DataFrame, workforce: pd.DataFrame, table: RegionTable):
    rows = []
    for i, r in reports.iterrows():
        value = float(r["value"])
        rows.append({
            "figure_id": f"F{i + 1:03d}",
            "level": "region" if r["region_level"] == "region" else r["region_level"],
            "kode": resolve_code(table, r["region_level"], r["kode"], r["region_name"]),
            "area_name": r["region_name"],
            "scope": "kantor_cabang" if "Kantor Cabang" in r["region_name"] else "wilayah",
            "metric": r["metric"],
            "value": r["value"],
            "unit": r["unit"],
            "qualifier": qualifier_for(value, r["unit"], r["denominator_note"], r["quote"]),
            "as_of": r["as_of"],
            "published": r["published"],
            "definition": r["denominator_note"],
            "source_title": r["source_title"],
            "source_publisher": r["source_publisher"],
            "source_url": r["source_url"],
            "origin": f"datasets-src/coverage_reports.csv baris {i + 1}",
        })
    for i, r in workforce.iterrows():
        metric, definition = WORKFORCE_METRICS[r["metric"]]
        month = f"-{int(r['month']):02d}" if r["month"] else ""
        rows.append({
            "figure_id": f"W{i + 1:03d}",
            "level": "kabkota",
            "kode": table.match_code(r["kode"], header="kode_kemendagri",
                                     name=r["region_name"]).kode,
            "area_name": r["region_name"],
            "scope": "wilayah",
            "metric": metric,
            "value": r["value"],
            "unit": "persons",
            "qualifier": "",
            "as_of": f"{r['year']}{month}",
            "published": r["published"],
            "definition": definition + (f" Agustus {r['year']}" if r["month"] == "8" else
                                        f" {r['year']} (bulan tidak disebut)"),
            "source_title": r["source_title"],
            "source_publisher": r["source_publisher"],
            "source_url": r["source_url"],
            "origin": f"datasets-src/kabkota_workforce_bps.csv baris {i + 1}",
        })
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    if out["kode"].isna().any():
        raise SystemExit(f"unplaced workforce rows: {out[out['kode'].isna()]}")
    return out


def write_with_sidecar(name: str, df: pd.DataFrame, meta: dict) -> None:
    data = df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    (OUT / name).write_bytes(data)
    meta = {"file": name, **meta, "rows": len(df), "columns": list(df.columns),
            "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    (OUT / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    built = dt.date.today().isoformat()

    ref, reports, workforce = load_inputs(args.src)
    regions = build_regions(ref)
    table = RegionTable(regions)
    figures = build_figures(reports, workforce, table)
    known = set(regions["kode"]) | set(regions["kode_prov"])
    _, problems = validate_figures(figures, known)
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    for (kode, name), fixed in CODE_CORRECTIONS.items():
        n = int((reports["kode"].eq(kode) & reports["region_name"].eq(name)).sum())
        print(f"code correction {kode} {name} -> {fixed}: {n} rows")

    write_with_sidecar("regions.csv", regions, {
        "producer": "derived from shared/geodata-src/kabkota_reference.csv (codes and names: "
                    "cahyadsn/wilayah_boundaries, MIT; luas_km2_big2024: BIG 2024 via "
                    "cahyadsn/wilayah, MIT; kode_bps, ibukota, aliases: compiled facts)",
        "licence": "MIT (see geodata/LICENSE-cahyadsn-wilayah*.txt)",
        "built": built, "built_by": "scripts/build_datasets.py", "key": "kode",
        "review": "aliases extended with the reviewed EXTRA_ALIASES of the build script",
    })
    write_with_sidecar("coverage_figures.csv", figures, {
        "producer": "compiled from public web pages (shared/datasets-src/coverage_reports.csv "
                    "and kabkota_workforce_bps.csv); each row cites its own source",
        "licence": "facts with citations; each source's own terms apply to its text",
        "built": built, "built_by": "scripts/build_datasets.py", "key": "figure_id",
        "schema": "coverage_map/schema.py",
        "code_corrections": {f"{k} {n}": v for (k, n), v in CODE_CORRECTIONS.items()},
    })
    print(f"regions: {len(regions)}, figures: {len(figures)}; qualifiers: "
          f"{figures['qualifier'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
