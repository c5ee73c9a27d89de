"""Reading the bundled files: the only module that knows where they are.

Every reader raises ``DataFileError`` naming the file and what to do when a file is missing or
cannot be parsed, so the app can show a clear page instead of a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from coverage_map.data import topo
from coverage_map.data.regions import RegionTable
from coverage_map.data.schema import Problem, SchemaError, validate_figures

ROOT = Path(__file__).resolve().parents[2]
GEODATA = ROOT / "geodata"
DATASETS = ROOT / "datasets"
STATIC = ROOT / "static"

BOUNDARY_FILES = {
    "kabkota": "kabkota.geojson",
    "provinsi": "provinsi.geojson",
    "kecamatan_kaltim": "kecamatan_kaltim.geojson",
    "ikn_delineasi": "ikn_delineasi.geojson",
}
REGIONS_FILE = DATASETS / "regions.csv"
IKN_REFERENCE_FILE = GEODATA / "ikn_kecamatan.csv"
FIGURES_FILE = DATASETS / "coverage_figures.csv"


class DataFileError(RuntimeError):
    """A bundled file is missing or unreadable."""

    def __init__(self, path: Path, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path.name}: {problem}")


def read_meta(path: Path) -> dict:
    """The ``.meta.json`` sidecar of a data file (empty when there is none)."""
    sidecar = path.with_name(path.name + ".meta.json")
    if not sidecar.exists():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DataFileError(sidecar, f"berkas rusak ({type(exc).__name__})") from exc
    if not isinstance(meta, dict):
        raise DataFileError(sidecar, "berkas rusak (bukan objek JSON)")
    return meta


def _read_text_csv(path: Path) -> pd.DataFrame:
    """A CSV with every column as text; missing or unreadable files raise DataFileError."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:
        raise DataFileError(path, "berkas tidak ditemukan") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"berkas tidak bisa dibaca ({exc})") from exc


def read_regions(path: Path = REGIONS_FILE) -> pd.DataFrame:
    """The 56 kab/kota reference table, all columns as text."""
    df = _read_text_csv(path)
    needed = {"kode", "nama", "kode_prov", "provinsi", "jenis", "kode_bps", "aliases"}
    if missing := needed - set(df.columns):
        raise DataFileError(path, f"kolom tidak ada: {', '.join(sorted(missing))}")
    return df


def read_figures(path: Path = FIGURES_FILE, regions: pd.DataFrame | None = None
                 ) -> tuple[pd.DataFrame, list[Problem]]:
    """Validated coverage figures and the problems of the rows that were left out."""
    regions = read_regions() if regions is None else regions
    raw = _read_text_csv(path)
    known = set(regions["kode"]) | set(regions["kode_prov"])
    try:
        return validate_figures(raw, known)
    except SchemaError as exc:
        raise DataFileError(path, str(exc)) from exc


def read_boundaries(name: str) -> gpd.GeoDataFrame:
    """One of the processed boundary layers (see ``BOUNDARY_FILES``)."""
    if name not in BOUNDARY_FILES:
        raise ValueError(f"`name` was {name!r} but is expected to be in {list(BOUNDARY_FILES)}")
    path = GEODATA / BOUNDARY_FILES[name]
    try:  # plain JSON + shapely: no GDAL in the server process (memory)
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        gdf = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    except FileNotFoundError as exc:
        raise DataFileError(path, "berkas tidak ditemukan") from exc
    except Exception as exc:  # JSON, key, geometry errors: the file is damaged
        raise DataFileError(path, f"berkas rusak ({type(exc).__name__}: {exc})") from exc
    if gdf.empty or gdf.geometry.isna().any():
        raise DataFileError(path, "berkas tidak berisi geometri yang lengkap")
    return gdf


def read_ikn_reference(path: Path = IKN_REFERENCE_FILE) -> pd.DataFrame:
    """Kecamatan in or bordering the IKN delineation, with reference shares and legal notes."""
    df = _read_text_csv(path)
    for col in ("luas_kecamatan_km2", "luas_dalam_ikn_km2", "pct_kecamatan_dalam_ikn",
                "pct_dari_daratan_ikn"):
        if col not in df.columns:
            raise DataFileError(path, f"kolom tidak ada: {col}")
        try:
            df[col] = pd.to_numeric(df[col], errors="raise")
        except (ValueError, TypeError) as exc:
            raise DataFileError(path, f"kolom {col} berisi nilai yang bukan angka") from exc
    return df


def region_table(regions: pd.DataFrame | None = None) -> RegionTable:
    return RegionTable(read_regions() if regions is None else regions)


class Bundle:
    """Everything the app reads at start, loaded once and shared read-only between sessions."""

    def __init__(self):
        self.regions = read_regions(REGIONS_FILE)
        self.figures, self.problems = read_figures(FIGURES_FILE, regions=self.regions)
        self.kabkota = read_boundaries("kabkota")
        self.provinsi = read_boundaries("provinsi")
        self.table = RegionTable(self.regions)
        missing = set(self.regions["kode"]) ^ set(self.kabkota["kode"])
        if missing:
            raise DataFileError(GEODATA / BOUNDARY_FILES["kabkota"],
                                f"kode tidak cocok dengan regions.csv: {sorted(missing)}")
        self.topology = topo.build(self.kabkota)  # shared borders once, for the main map
        self.kecamatan = read_boundaries("kecamatan_kaltim")
        self.ikn = read_boundaries("ikn_delineasi")
        self.ikn_reference = read_ikn_reference(IKN_REFERENCE_FILE)
        self.geodata_meta = read_meta(GEODATA / BOUNDARY_FILES["kabkota"])
        self.figures_meta = read_meta(FIGURES_FILE)
