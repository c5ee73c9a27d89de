"""Build ``datasets/`` (regions and coverage figures) from ``../shared/datasets-src/``.

Load inputs -> process -> save outputs, rerunnable; never hand-edit the outputs.

* ``datasets/regions.csv``: the 56 kab/kota reference from ``kabkota_reference.csv``, with the
  reviewed extra aliases below.
* ``datasets/coverage_figures.csv``: one figure per row, in the schema of
  ``coverage_map.data.schema``, from ``coverage_reports.csv`` (404 figures) and
  ``kabkota_workforce_bps.csv`` (BPS workforce). Values are copied exactly; the ``quote``
  column stays in ``../shared`` (each row's ``origin`` points back to it).

How each figure was stated (kind: exact, approximate, band, group statement, segment share,
target), what a percentage is a share of (base), its bounds, segment or group, and the caveats
a reader needs are decided once, by a person, in the reviewed table ``scripts/review/figures.csv``
(one row per source row). The build checks that table against the source: the row still holds
the same code, metric and value, the value is in the quoted sentence, and every statement that
is not exact cites the words of the quote that make it so (column ``evidence``). The compiler's
notes are kept as ``note`` for Sumber & Metode only; publisher names lose the compiler's
remarks in brackets (what they said is a caveat now).

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

from coverage_map.data.regions import RegionTable  # noqa: E402
from coverage_map.data.schema import COLUMNS, validate_figures  # noqa: E402

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

# Reviewed code corrections: (code in source, name in source) -> Kemendagri code. The second
# research pass corrected the source in place (all codes are Kemendagri codes now); a row whose
# code and name disagree stops the build until it is reviewed here.
CODE_CORRECTIONS: dict[tuple[str, str], str] = {}
REVIEW = ROOT / "scripts" / "review" / "figures.csv"

WORKFORCE_METRICS = {
    "angkatan_kerja": ("bps_angkatan_kerja", "angkatan kerja (penduduk 15+ yang bekerja atau "
                       "menganggur), BPS Sakernas"),
    "penduduk_bekerja": ("bps_penduduk_bekerja", "penduduk 15+ yang bekerja, BPS Sakernas"),
    "pekerja_formal": ("bps_pekerja_formal", "pekerja sektor formal, BPS Sakernas"),
    "pekerja_informal": ("bps_pekerja_informal", "pekerja sektor informal, BPS Sakernas"),
    "pengangguran": ("bps_pengangguran", "pengangguran terbuka, BPS Sakernas"),
}

# Publisher names as the reader sees them: the outlet, without the compiler's remarks in
# brackets ("(citing ANTARA)", "(adv)"); what those remarks said is kept as caveats
# (agregator, advertorial) in the reviewed table. Brackets that are part of the name stay.
PUBLISHER_NAMES = {
    "Pemerintah Kota Banjarmasin (Satu Data)": "Pemerintah Kota Banjarmasin (Satu Data)",
    "Prokalteng (Jawa Pos group); Pemprov Kalteng (Staf Ahli Gubernur Yuas Elko) at "
    "Rakortekrenbang follow-up, 26 Mar 2025": "Prokalteng (Jawa Pos Group)",
    "BPS Kabupaten Sambas (BRS No.03/01/6101/Th. II, copy on Scribd)": "BPS Kabupaten Sambas",
    "BPS Kabupaten Malinau (press release)": "BPS Kabupaten Malinau",
    "Databoks (Katadata), citing Kemnaker": "Databoks (Katadata)",
    "Databoks (Katadata), from BPS data": "Databoks (Katadata)",
    "Pemkab Sanggau news portal (reprint of TribunPontianak; Kadisnakertrans Sanggau)":
        "Pemkab Sanggau",
    "Pemkab Sanggau news portal (reprint of TribunPontianak; Kadisnakertrans Sanggau; BPS not "
    "named; 'x ribu lebih' stored as x*1000)": "Pemkab Sanggau",
    # nested brackets, which the remark pattern below does not remove
    "Aktual.com (citing Kepala BPS Kalbar Pitono, Sakernas Agustus 2019; statement dated only "
    "'Rabu (6/11)', i.e. 6 Nov 2019)": "Aktual.com",
    # the outlet is not shown: the site that holds the copy, as for the other such sites
    "unknown outlet (re-hosted copy on southsoundcraftcrawl.com)": "southsoundcraftcrawl.com",
    "MMC Kotawaringin Barat (Pemkab Kobar media center)": "MMC Kotawaringin Barat",
    "iNews Kobar via RCTI+": "iNews Kobar (RCTI+)",
}
_REMARK = re.compile(r"\s*\((?:[^()]*\b(?:citing|from|news page|reposting|aggregator|copy|same|"
                     r"at|via|photo|press|source|reprint|adv|ADV|advertorial|pariwara|hms|"
                     r"dilansir|mengutip|Menaker|Dirut|Deputi|Kepala|Kemendagri|Kilas|"
                     r"Balikpapan|Disnaker|Dinas|Plt|Kadis|SIMP4TIK)\b[^()]*)\)")
PRIMARY = re.compile(r"^(BPJS|BPS |Pemerintah|Pemkab|Pemprov|Pro Kutim|MMC |Kemnaker)")


def publisher_name(raw: str) -> str:
    """The outlet's name for readers (see ``PUBLISHER_NAMES``)."""
    if raw in PUBLISHER_NAMES:
        return PUBLISHER_NAMES[raw]
    return _REMARK.sub("", raw).strip()


def source_rank(publisher: str, url: str, caveats: str) -> int:
    """0: BPJS Ketenagakerjaan, BPS or a government body; 1: the press; 2: an aggregator's
    copy or an advertorial. When sources agree, the map cites the lowest rank."""
    if PRIMARY.match(publisher) or re.match(r"https?://[^/]*\.go\.id/", url):
        return 0
    return 2 if {"agregator", "advertorial"} & set(caveats.split("|")) else 1


def clean_title(raw: str) -> str:
    """Titles the archive did not show are left empty (the app says so in words); a title
    rebuilt from the address is kept without the compiler's marker."""
    if raw.startswith(("[title not shown", "[untitled]")):
        return ""
    return re.sub(r"^\[title from URL slug\]\s*", "", raw)


def clean_area(raw: str) -> str:
    """"Kota X (BPJS TK Kantor Cabang X branch area, incl. Y)" in Indonesian."""
    out = re.sub(r"\((.*?) branch area", r"(wilayah layanan \1", raw)
    return out.replace(", incl. ", ", termasuk ")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def number_forms(value: str) -> set[str]:
    """How a source may print ``value``: 31,69 / 31.69 / 100 / 1.170.000 / 1,17 juta."""
    v = float(value)
    forms = {value, value.replace(".", ",")} | ({"nihil"} if v == 0 else set())
    if v == int(v):
        forms |= {str(int(v)), f"{int(v):,}".replace(",", ".")}
    for scale, word in ((1e6, "juta"), (1e3, "ribu"), (1e9, "miliar"), (1e12, "triliun")):
        if v >= scale:
            x = v / scale
            text = f"{x:.3f}".rstrip("0").rstrip(".")
            forms |= {f"{text.replace('.', ',')} {word}", f"{text} {word}"}
    return forms


def check_review(review: pd.DataFrame, reports: pd.DataFrame, workforce: pd.DataFrame) -> None:
    """Every figure has exactly one reviewed row that still matches its source, and each
    reviewed statement (approximate, band, group) is in the quoted sentence."""
    problems = []
    for name, src in (("coverage_reports.csv", reports), ("kabkota_workforce_bps.csv", workforce)):
        rows = review[review["source"] == name]
        if sorted(rows["row"].astype(int)) != list(range(1, len(src) + 1)):
            problems.append(f"{REVIEW.name}: the rows for {name} must be 1..{len(src)}, once each")
            continue
        for _, rv in rows.iterrows():
            sr = src.iloc[int(rv["row"]) - 1]
            where = f"{name} row {rv['row']}"
            if (rv["kode"], rv["metric_src"], rv["value"]) != (sr["kode"], sr["metric"],
                                                             sr["value"]):
                problems.append(f"{where}: review says {rv['kode']} {rv['metric_src']} "
                                f"{rv['value']}, source says {sr['kode']} {sr['metric']} "
                                f"{sr['value']}: the source changed; review the row again")
                continue
            quote = _norm(sr["quote"])
            if rv["evidence"] and _norm(rv["evidence"]) not in quote:
                problems.append(f"{where}: evidence {rv['evidence']!r} is not in the quote")
            if rv["kind"] in ("approximate", "band", "group") and not rv["evidence"]:
                problems.append(f"{where}: a {rv['kind']} needs the words of the quote that "
                                "say so (column evidence)")
            if sr.get("unit") == "pct" and not any(
                    _norm(f) in quote.replace(", ", ",") for f in number_forms(sr["value"])):
                problems.append(f"{where}: the value {sr['value']} is not in the quote")
    if problems:
        raise SystemExit("\n".join(problems))


def load_inputs(src: Path):
    ref = pd.read_csv(src / "geodata-src" / "kabkota_reference.csv", dtype=str)
    reports = pd.read_csv(src / "datasets-src" / "coverage_reports.csv", dtype=str,
                          keep_default_na=False)
    workforce = pd.read_csv(src / "datasets-src" / "kabkota_workforce_bps.csv", dtype=str,
                            keep_default_na=False)
    review = pd.read_csv(REVIEW, dtype=str, keep_default_na=False)
    return ref, reports, workforce, review


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
    if level in ("national", "region", "ikn"):
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


REVIEWED = ("kind", "qualifier", "lower", "upper", "segment", "group", "base", "caveats")


def build_figures(reports: pd.DataFrame, workforce: pd.DataFrame, review: pd.DataFrame,
                  table: RegionTable) -> pd.DataFrame:
    """One row per figure: the source's values, the reviewed classification, clean names."""
    reviewed = {(r["source"], int(r["row"])): r for _, r in review.iterrows()}
    rows = []
    for i, r in reports.iterrows():
        rv = reviewed[("coverage_reports.csv", i + 1)]
        caveats = rv["caveats"]
        publisher = publisher_name(r["source_publisher"])
        rows.append({
            "figure_id": f"F{i + 1:03d}",
            "level": r["region_level"],
            "kode": resolve_code(table, r["region_level"], r["kode"], r["region_name"]),
            "area_name": clean_area(r["region_name"]),
            "scope": "kantor_cabang" if "Kantor Cabang" in r["region_name"] else "wilayah",
            "metric": rv["metric"],
            "value": r["value"],
            "unit": r["unit"],
            **{c: rv[c] for c in REVIEWED},
            "as_of": r["as_of"],
            "published": r["published"],
            "source_title": clean_title(r["source_title"]),
            "source_publisher": publisher,
            "source_url": r["source_url"],
            "source_rank": source_rank(publisher, r["source_url"], caveats),
            "note": r["denominator_note"],
            "origin": f"datasets-src/coverage_reports.csv baris {i + 1}",
        })
    for i, r in workforce.iterrows():
        rv = reviewed[("kabkota_workforce_bps.csv", i + 1)]
        metric, definition = WORKFORCE_METRICS[r["metric"]]
        month = f"-{int(r['month']):02d}" if r["month"] else ""
        publisher = publisher_name(r["source_publisher"])
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
            **{c: rv[c] for c in REVIEWED},
            "as_of": f"{r['year']}{month}",
            "published": r["published"],
            "source_title": clean_title(r["source_title"]),
            "source_publisher": publisher,
            "source_url": r["source_url"],
            "source_rank": source_rank(publisher, r["source_url"], rv["caveats"]),
            "note": definition + (f" Agustus {r['year']}" if r["month"] == "8" else
                                  f" {r['year']} (bulan tidak disebut)"),
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

    ref, reports, workforce, review = load_inputs(args.src)
    check_review(review, reports, workforce)
    regions = build_regions(ref)
    table = RegionTable(regions)
    figures = build_figures(reports, workforce, review, table)
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
        "schema": "coverage_map/data/schema.py",
        "code_corrections": {f"{k} {n}": v for (k, n), v in CODE_CORRECTIONS.items()},
        "review": "kind, qualifier, bounds, segment, group, base and caveats of every figure "
                  "from the reviewed scripts/review/figures.csv, each checked against its quote",
    })
    print(f"regions: {len(regions)}, figures: {len(figures)}; kinds: "
          f"{figures['kind'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
