"""A national-scale fixture for the bench (never shipped data): the 56 kab/kota of Kalimantan,
their five provinces, their figures and their boundaries copied 9 times (504 kab/kota, 45
provinces), each copy with its own codes (provinces 10-49 beside the original 61-65), names
("Kalimantan Timur 3"), figure IDs (DF375 for F375 in the fourth copy) and its boundaries
moved so the copies lie side by side. Written as the bundled files are, into a folder of its own; ``use``
points ``coverage_map.data.io`` at it, so the app reads it as it reads its own data.

Run alone to write it: .venv/bin/python bench/national.py DIR
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
COPIES = 9
SHIFT = (13.0, 11.0)  # degrees between copies (Kalimantan is about 11.4 x 10.3)


def province_code(copy: int, prov: str, provinces: list[str]) -> str:
    return prov if copy == 0 else str(10 + 5 * (copy - 1) + provinces.index(prov))


def new_kode(copy: int, kode: str, provinces: list[str]) -> str:
    if not kode or copy == 0:
        return kode
    prov, _, rest = kode.partition(".")
    return province_code(copy, prov, provinces) + (f".{rest}" if rest else "")


def regions(src: pd.DataFrame, provinces: list[str]) -> pd.DataFrame:
    out = []
    for c in range(COPIES):
        part = src.copy()
        if c:
            part["kode"] = [new_kode(c, k, provinces) for k in part["kode"]]
            part["kode_prov"] = [province_code(c, p, provinces) for p in part["kode_prov"]]
            part["kode_bps"] = [p + b[2:] for p, b in zip(part["kode_prov"], part["kode_bps"])]
            part["provinsi"] = part["provinsi"] + f" {c + 1}"
            part["nama"] = part["nama"] + f" {c + 1}"
            part["aliases"] = ""
        out.append(part)
    return pd.concat(out, ignore_index=True)


def figures(src: pd.DataFrame, provinces: list[str], names: dict[str, str]) -> pd.DataFrame:
    out = [src]
    own = src[src["level"].isin(["kabkota", "province"])]
    for c in range(1, COPIES):
        part = own.copy()
        part["kode"] = [new_kode(c, k, provinces) for k in part["kode"]]
        part["figure_id"] = [f"{chr(65 + c)}{i}" for i in part["figure_id"]]
        part["area_name"] = [names.get(k, a) for k, a in zip(part["kode"], part["area_name"])]
        out.append(part)
    return pd.concat(out, ignore_index=True)


def boundaries(path: Path, provinces: list[str], key: str = "kode") -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    features = []
    for c in range(COPIES):
        dx, dy = SHIFT[0] * (c % 3), SHIFT[1] * (c // 3)
        for f in data["features"]:
            props = dict(f["properties"])
            props[key] = new_kode(c, props[key], provinces)
            if "kode_prov" in props:
                props["kode_prov"] = province_code(c, props["kode_prov"], provinces)
            features.append({"type": "Feature", "properties": props,
                             "geometry": moved(f["geometry"], dx, dy)})
    return {**data, "features": features}


def moved(geometry: dict, dx: float, dy: float) -> dict:
    def walk(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0] + dx, 6), round(coords[1] + dy, 6), *coords[2:]]
        return [walk(c) for c in coords]
    return {**geometry, "coordinates": walk(geometry["coordinates"])}


def write(folder: Path) -> Path:
    """The fixture in ``folder`` (``datasets/``, ``geodata/``), as the bundled files are."""
    from coverage_map.data import io

    data, geo = folder / "datasets", folder / "geodata"
    data.mkdir(parents=True, exist_ok=True)
    geo.mkdir(parents=True, exist_ok=True)
    src_regions = io.read_regions(io.REGIONS_FILE)
    provinces = sorted(src_regions["kode_prov"].unique())
    regs = regions(src_regions, provinces)
    regs.to_csv(data / "regions.csv", index=False)
    names = dict(zip(regs["kode"], regs["nama"]))
    names.update(dict(zip(regs["kode_prov"], regs["provinsi"])))
    raw = pd.read_csv(io.FIGURES_FILE, dtype=str, keep_default_na=False)
    figures(raw, provinces, names).to_csv(data / "coverage_figures.csv", index=False)
    for name in ("kabkota", "provinsi"):
        path = io.GEODATA / io.BOUNDARY_FILES[name]
        (geo / path.name).write_text(json.dumps(boundaries(path, provinces)), encoding="utf-8")
    for name in ("kecamatan_kaltim", "ikn_delineasi"):
        shutil.copy(io.GEODATA / io.BOUNDARY_FILES[name], geo)
    shutil.copy(io.IKN_REFERENCE_FILE, geo)
    return folder


def use(folder: Path) -> None:
    """Point ``coverage_map.data.io`` at the fixture in ``folder`` (made by ``write``)."""
    from coverage_map.data import io

    io.REGIONS_FILE = folder / "datasets" / "regions.csv"
    io.FIGURES_FILE = folder / "datasets" / "coverage_figures.csv"
    io.GEODATA = folder / "geodata"
    io.IKN_REFERENCE_FILE = folder / "geodata" / io.IKN_REFERENCE_FILE.name


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    out = write(Path(sys.argv[1]))
    from coverage_map.data import io as data_io

    use(out)
    bundle = data_io.Bundle()
    print(f"{len(bundle.regions)} kab/kota, {len(bundle.table.provinces)} provinces, "
          f"{len(bundle.figures)} figures ({len(bundle.problems)} problems) in {out}")
