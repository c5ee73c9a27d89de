"""Invariants of the processed boundary files in geodata/."""

import hashlib
import json

import pytest
import shapely

from coverage_map.data import io


@pytest.fixture(scope="module")
def kab():
    return io.read_boundaries("kabkota")


def test_56_regencies_matching_regions_csv(kab, regions):
    assert len(kab) == 56 and kab["kode"].is_unique
    assert set(kab["kode"]) == set(regions["kode"])
    merged = kab.merge(regions, on="kode", suffixes=("", "_ref"))
    assert (merged["nama"] == merged["nama_ref"]).all()
    assert (merged["kode_prov"] == merged["kode_prov_ref"]).all()


@pytest.mark.parametrize("layer, n", [("kabkota", 56), ("provinsi", 5), ("kecamatan_kaltim", 105)])
def test_layers_are_valid_coverages(layer, n):
    gdf = io.read_boundaries(layer)
    geoms = gdf.geometry.to_numpy()
    assert len(gdf) == n
    assert shapely.coverage_is_valid(geoms)
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}


def test_provinces_are_the_union_of_their_regencies(kab):
    prov = io.read_boundaries("provinsi").set_index("kode")
    for kode, grp in kab.groupby("kode_prov"):
        union = shapely.union_all(grp.geometry.to_numpy())
        assert shapely.symmetric_difference(union, prov.loc[kode, "geometry"]).area < 1e-9


def test_islands_kept_where_they_matter(kab):
    # Berau keeps Derawan/Maratua, Kotabaru keeps Pulau Laut: still multi-part
    parts = kab.set_index("kode").geometry.map(lambda g: len(shapely.get_parts(g)))
    assert parts["64.03"] > 1 and parts["63.02"] > 1


def test_area_close_to_source(kab):
    meta = io.read_meta(io.GEODATA / "kabkota.geojson")
    assert meta["checks"]["max_abs_area_change_pct"] < 5
    assert meta["checks"]["coverage_is_valid"] is True


def test_coordinates_rounded(kab):
    xy = shapely.get_coordinates(kab.geometry.to_numpy())
    assert abs(xy * 1000 - (xy * 1000).round()).max() < 1e-6


def sidecar(name):
    path = io.GEODATA / name
    meta = json.loads(path.with_name(name + ".meta.json").read_text())
    assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert meta["built_by"] == "scripts/build_geodata.py" and meta["derived_from"]
    return meta


@pytest.mark.parametrize("name", ["kabkota.geojson", "provinsi.geojson", "kecamatan_kaltim.geojson",
                                  "ikn_delineasi.geojson"])
def test_boundary_sidecars_carry_source_licence_and_checksum(name):
    meta = sidecar(name)
    assert meta["source_url"].startswith("https://github.com/") and meta["source_commit"]
    assert meta["licence"] and meta["attribution"]
    assert (io.GEODATA / meta["licence_file"]).exists()


def test_derived_table_sidecar_names_its_inputs():
    assert "ikn_delineasi.geojson" in sidecar("ikn_kecamatan.csv")["source_paths"]
