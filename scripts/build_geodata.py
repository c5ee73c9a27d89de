"""Build the app's boundary files in ``geodata/`` from ``../shared/geodata-src/``.

Load inputs -> process -> save outputs, rerunnable. The source polygons were simplified
upstream one by one, so neighbours overlap and leave slivers (about 186 km2 and 198 km2 for
the regencies). Each layer is therefore:

1. cleaned as a polygonal coverage (``shapely.coverage_clean``): overlaps go to one neighbour,
   enclosed slivers narrower than ``gap_width`` are merged, shared edges become identical;
2. stripped of islets smaller than ``min_part_km2`` (never a regency's largest part);
3. simplified with ``shapely.coverage_simplify`` so that shared borders stay shared;
4. rounded to a fixed number of decimals, re-cleaned until the rounded coverage is valid.

Provinces are dissolved from the processed regencies, so their borders coincide exactly.
Every output gets a ``.meta.json`` sidecar (source, commit, licence, attribution, parameters,
checks, checksum). Run: ``python scripts/build_geodata.py [--src ../shared/geodata-src]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT.parent / "shared" / "geodata-src"
OUT = ROOT / "geodata"
EQUAL_AREA = 6933

# Parameters per layer; they are recorded in each sidecar.
KABKOTA = dict(gap_width=0.01, min_part_km2=0.5, tolerance=0.015, decimals=3)
KECAMATAN = dict(gap_width=0.002, min_part_km2=0.05, tolerance=0.002, decimals=4)
IKN = dict(tolerance=0.0005, decimals=4)

LICENCE_FILES = [
    "LICENSE-cahyadsn-wilayah_boundaries.txt",
    "LICENSE-cahyadsn-wilayah.txt",
    "LICENSE-ikn-vegetation-analysis.txt",
    "LICENSE-SOURCES.md",
]


def area_km2(geoms) -> np.ndarray:
    """Equal-area (EPSG:6933) area of lon/lat geometries in km2."""
    return gpd.GeoSeries(list(geoms), crs=4326).to_crs(EQUAL_AREA).area.to_numpy() / 1e6


def polygonal(geom):
    """Keep only the polygonal parts of a geometry (make_valid may add lines)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    parts = [q for p in parts for q in shapely.get_parts(p)]
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def drop_small_parts(geoms: np.ndarray, min_km2: float) -> tuple[np.ndarray, int]:
    """Drop polygon parts under ``min_km2``, always keeping each geometry's largest part."""
    out, dropped = [], 0
    for geom in geoms:
        parts = shapely.get_parts(geom)
        areas = area_km2(parts)
        keep = parts[(areas >= min_km2) | (areas == areas.max())]
        dropped += len(parts) - len(keep)
        out.append(keep[0] if len(keep) == 1 else shapely.MultiPolygon(list(keep)))
    return np.array(out, dtype=object), dropped


def round_coverage(geoms: np.ndarray, decimals: int, max_rounds: int = 10) -> np.ndarray:
    """Round coordinates; where rounding breaks the coverage, re-clean and round again."""
    for _ in range(max_rounds):
        geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
        if (
            shapely.coverage_is_valid(geoms)
            and shapely.is_valid(geoms).all()
            and not shapely.is_empty(geoms).any()
        ):
            return np.array([polygonal(g) for g in geoms], dtype=object)
        fixed = shapely.make_valid(geoms, method="structure")
        fixed = np.array([polygonal(g) for g in fixed], dtype=object)
        geoms = shapely.coverage_clean(fixed, snapping_distance=0)
    raise RuntimeError(f"rounding to {decimals} decimals did not converge to a valid coverage")


def process_coverage(gdf: gpd.GeoDataFrame, gap_width, min_part_km2, tolerance, decimals):
    """Clean, thin, simplify and round a polygonal coverage; return it and a report."""
    source_area = area_km2(gdf.geometry)
    geoms = shapely.coverage_clean(gdf.geometry.to_numpy(), gap_width=gap_width)
    geoms, dropped = drop_small_parts(geoms, min_part_km2)
    geoms = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    geoms = round_coverage(geoms, decimals)
    out = gdf.copy()
    out["geometry"] = geoms
    change = (area_km2(geoms) - source_area) / source_area * 100
    report = {
        "vertices_source": int(shapely.get_num_coordinates(gdf.geometry.to_numpy()).sum()),
        "vertices_output": int(shapely.get_num_coordinates(geoms).sum()),
        "parts_dropped_below_min": dropped,
        "max_abs_area_change_pct": round(float(np.abs(change).max()), 2),
        "median_abs_area_change_pct": round(float(np.median(np.abs(change))), 2),
        "coverage_is_valid": bool(shapely.coverage_is_valid(geoms)),
        "all_valid": bool(shapely.is_valid(geoms).all()),
    }
    return out, report


def dissolve_provinces(kab: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Provinces as the coverage union of their processed regencies."""
    rows = []
    for (kode_prov, provinsi), grp in kab.groupby(["kode_prov", "provinsi"], sort=True):
        geom = polygonal(shapely.coverage_union_all(grp.geometry.to_numpy()))
        rows.append({"kode": kode_prov, "nama": provinsi, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def simplify_single(gdf: gpd.GeoDataFrame, tolerance: float, decimals: int):
    geoms = shapely.simplify(gdf.geometry.to_numpy(), tolerance, preserve_topology=True)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    geoms = np.array([polygonal(shapely.make_valid(g)) for g in geoms], dtype=object)
    out = gdf.copy()
    out["geometry"] = geoms
    return out, {
        "vertices_source": int(shapely.get_num_coordinates(gdf.geometry.to_numpy()).sum()),
        "vertices_output": int(shapely.get_num_coordinates(geoms).sum()),
        "all_valid": bool(shapely.is_valid(geoms).all()),
    }


def to_geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """Compact RFC 7946 GeoJSON (exterior rings counter-clockwise), properties in column order."""
    features = []
    for row in gdf.itertuples(index=False):
        props = {c: getattr(row, c) for c in gdf.columns if c != "geometry"}
        props = {k: (v.item() if hasattr(v, "item") else v) for k, v in props.items()}
        geom = shapely.orient_polygons(row.geometry)
        features.append(
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}
        )
    fc = {"type": "FeatureCollection", "features": features}
    return (json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_with_sidecar(name: str, data: bytes, meta: dict) -> None:
    (OUT / name).write_bytes(data)
    meta = {"file": name, **meta, "sha256": sha256(data), "bytes": len(data)}
    (OUT / f"{name}.meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def source_meta(src: Path, name: str) -> dict:
    meta = json.loads((src / f"{name}.meta.json").read_text(encoding="utf-8"))
    data = (src / name).read_bytes()
    if sha256(data) != meta["sha256"]:
        raise SystemExit(f"{name}: checksum differs from its sidecar; refusing to build")
    keep = ("producer", "source_url", "source_commit", "source_paths", "licence", "licence_file",
            "attribution", "admin_code_reference")
    return {
        **{k: meta[k] for k in keep if k in meta},
        "derived_from": f"shared/geodata-src/{name}",
        "derived_from_sha256": meta["sha256"],
        "date_accessed": meta.get("date_accessed"),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    args = parser.parse_args(argv)
    src: Path = args.src
    OUT.mkdir(exist_ok=True)
    built = dt.date.today().isoformat()
    script = "scripts/build_geodata.py"

    # --- load inputs
    kab_src = gpd.read_file(src / "kalimantan_kabkota.geojson").sort_values("kode")
    kec_src = gpd.read_file(src / "kalimantan_timur_kecamatan.geojson").sort_values("kode")
    ikn_src = gpd.read_file(src / "ikn_delineasi.geojson")

    # --- process
    kab, kab_report = process_coverage(kab_src.reset_index(drop=True), **KABKOTA)
    prov = dissolve_provinces(kab)
    kec, kec_report = process_coverage(kec_src.reset_index(drop=True), **KECAMATAN)
    ikn, ikn_report = simplify_single(ikn_src, **IKN)

    # --- save outputs
    common = {"built": built, "built_by": script, "crs": "EPSG:4326"}
    kab_meta = source_meta(src, "kalimantan_kabkota.geojson")
    write_with_sidecar("kabkota.geojson", to_geojson_bytes(kab), {
        **kab_meta, **common, "key": "kode", "features": len(kab),
        "description": "56 kabupaten/kota of Kalimantan (provinces 61-65), cleaned coverage, "
                       "coverage-preserving simplification",
        "parameters": KABKOTA, "checks": kab_report,
    })
    write_with_sidecar("provinsi.geojson", to_geojson_bytes(prov), {
        **kab_meta, **common, "key": "kode", "features": len(prov),
        "description": "5 provinces, dissolved (coverage union) from geodata/kabkota.geojson, "
                       "so province borders coincide with regency borders",
        "parameters": {"dissolved_from": "kabkota.geojson"},
        "checks": {"coverage_is_valid": bool(shapely.coverage_is_valid(prov.geometry.to_numpy()))},
    })
    write_with_sidecar("kecamatan_kaltim.geojson", to_geojson_bytes(kec), {
        **source_meta(src, "kalimantan_timur_kecamatan.geojson"), **common, "key": "kode",
        "features": len(kec),
        "description": "105 kecamatan of Kalimantan Timur (detailed, dissolved from desa upstream), "
                       "cleaned coverage, coverage-preserving simplification",
        "parameters": KECAMATAN, "checks": kec_report,
    })
    write_with_sidecar("ikn_delineasi.geojson", to_geojson_bytes(ikn), {
        **source_meta(src, "ikn_delineasi.geojson"), **common, "features": len(ikn),
        "description": "IKN land delineation of UU 3/2022 (256,142 ha). Superseded by UU 21/2023 "
                       "(about 252,660 ha land); no public polygon of the new one exists. "
                       "Approximate, display only.",
        "parameters": IKN, "checks": ikn_report,
    })
    ikn_table = (src / "ikn_kecamatan.csv").read_bytes()
    write_with_sidecar("ikn_kecamatan.csv", ikn_table, {
        **source_meta(src, "ikn_kecamatan.csv"), "built": built, "built_by": script,
        "key": "kode", "description": "Reference table: kecamatan covered by or bordering the "
        "UU 3/2022 IKN delineation, with area shares and legal citations (copied unchanged)",
    })
    for name in LICENCE_FILES:
        shutil.copyfile(src / name, OUT / name)
    print(json.dumps({"kabkota": kab_report, "kecamatan": kec_report, "ikn": ikn_report}, indent=1))


if __name__ == "__main__":
    main()
