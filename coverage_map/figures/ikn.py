"""IKN (Ibu Kota Nusantara) and Penajam Paser Utara: overlay numbers and the sourced figures.

Pure geopandas/pandas. The IKN polygon is the delineation of UU No. 3/2022 (±256.142 ha); UU
No. 21/2023 changed the boundary (about 252.660 ha of land) and no public polygon of the new one
exists, so every number computed here is labelled as based on the 2022 delineation.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from coverage_map.figures.coverage import newest

EQUAL_AREA = 6933
PPU = "64.09"
KUKAR = "64.02"
KALTIM = "64"
# An intersection this small is where two simplified boundaries disagree, not coverage.
ARTEFACT_KM2 = 1.0
ARTEFACT_PCT = 1.0
FULL_PCT = 99.0

# The legal facts shown on the page (UU 3/2022 Pasal 6 ayat 2; UU 21/2023), from
# shared/geodata-src README, LICENSE-SOURCES.md and ikn_kecamatan.csv.
LAND_HA_UU_3_2022 = 256_142
LAND_HA_UU_21_2023 = 252_660


def overlay(kecamatan: gpd.GeoDataFrame, ikn: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per kecamatan: area, area inside the IKN delineation, and both shares (equal-area).

    Columns: kode, nama, kode_kab, nama_kab, luas_km2, luas_dalam_ikn_km2, pct_kecamatan,
    pct_ikn, status ("seluruh" / "sebagian" / "di luar"). Boundary artefacts (under 1 km2 and
    under 1 %) count as outside.
    """
    kec = kecamatan.to_crs(EQUAL_AREA)
    delineation = ikn.to_crs(EQUAL_AREA).geometry.union_all()
    ikn_km2 = delineation.area / 1e6
    out = pd.DataFrame({
        "kode": kec["kode"], "nama": kec["nama"], "kode_kab": kec["kode_kab"],
        "nama_kab": kec["nama_kab"],
        "luas_km2": kec.geometry.area / 1e6,
        "luas_dalam_ikn_km2": kec.geometry.intersection(delineation).area / 1e6,
    })
    out["pct_kecamatan"] = out["luas_dalam_ikn_km2"] / out["luas_km2"] * 100
    out["pct_ikn"] = out["luas_dalam_ikn_km2"] / ikn_km2 * 100
    artefact = (out["luas_dalam_ikn_km2"] < ARTEFACT_KM2) & (out["pct_kecamatan"] < ARTEFACT_PCT)
    out.loc[artefact, ["luas_dalam_ikn_km2", "pct_kecamatan", "pct_ikn"]] = 0.0
    out["status"] = "di luar"
    out.loc[out["pct_kecamatan"] > 0, "status"] = "sebagian"
    out.loc[out["pct_kecamatan"] >= FULL_PCT, "status"] = "seluruh"
    return out.reset_index(drop=True)


def inside(overlay_table: pd.DataFrame) -> pd.DataFrame:
    """The kecamatan the IKN delineation takes land from, largest share of IKN first."""
    sel = overlay_table[overlay_table["pct_kecamatan"] > 0]
    return sel.sort_values("pct_ikn", ascending=False).reset_index(drop=True)


def compare_with_reference(overlay_table: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Computed shares next to the reference table's (``ikn_kecamatan.csv``), with the gap."""
    ref = reference[["kode", "cakupan_uu3_2022", "pct_kecamatan_dalam_ikn", "pct_dari_daratan_ikn",
                     "catatan", "dasar_hukum"]]
    out = overlay_table.merge(ref, on="kode", how="inner")
    out["selisih_pp"] = (out["pct_kecamatan"] - out["pct_kecamatan_dalam_ikn"]).abs()
    return out


def focus_area(kecamatan: gpd.GeoDataFrame, ikn: gpd.GeoDataFrame, margin: float = 0.12
               ) -> gpd.GeoDataFrame:
    """The kecamatan shown in the focus map: PPU's, and any near the IKN delineation."""
    minx, miny, maxx, maxy = ikn.total_bounds
    near = kecamatan.cx[minx - margin:maxx + margin, miny - margin:maxy + margin]
    keep = set(near["kode"]) | set(kecamatan.loc[kecamatan["kode_kab"] == PPU, "kode"])
    return kecamatan[kecamatan["kode"].isin(keep)].reset_index(drop=True)


def focus_bounds(kecamatan: gpd.GeoDataFrame, ikn: gpd.GeoDataFrame
                 ) -> tuple[float, float, float, float]:
    """The view of the focus map: PPU and the IKN delineation together."""
    ppu = kecamatan[kecamatan["kode_kab"] == PPU].total_bounds
    box = ikn.total_bounds
    return (min(ppu[0], box[0]), min(ppu[1], box[1]), max(ppu[2], box[2]), max(ppu[3], box[3]))


def regencies_from_kecamatan(kecamatan: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Kabupaten/kota outlines dissolved from the detailed kecamatan (so edges coincide)."""
    return kecamatan.dissolve(by=["kode_kab", "nama_kab"], as_index=False)[
        ["kode_kab", "nama_kab", "geometry"]]


@dataclass(frozen=True)
class FocusFigure:
    """One row of the "what is known" section: a figure, or the statement that there is none."""

    area: str
    indicator: str
    figure: pd.Series | None  # None: no such figure exists in the data


# (area label key, level, kode, metric, unit) in the order shown
FOCUS_ROWS = (
    ("area_ppu", "kabkota", PPU, "coverage_pct", "pct"),
    ("area_ppu", "kabkota", PPU, "segment_coverage_pct", "pct"),
    ("area_ppu", "kabkota", PPU, "vulnerable_workers_apbd", "persons"),
    ("area_ppu", "kabkota", PPU, "bps_angkatan_kerja", "persons"),
    ("area_kukar", "kabkota", KUKAR, "coverage_pct", "pct"),
    ("area_kukar", "kabkota", KUKAR, "vulnerable_workers_apbd", "persons"),
    ("area_ikn", "ikn", "", "coverage_pct", "pct"),
    ("area_ikn", "ikn", "", "construction_participants", "persons"),
    ("area_kaltim", "province", KALTIM, "coverage_pct", "pct"),
    ("area_kalimantan", "region", "", "coverage_pct", "pct"),
)
GROUP_AREA = "area_kaltim_group"  # the row of a statement about a group of regencies
OWN_KINDS = ("exact", "approximate", "band")  # a regency's own coverage statement


def _rows(figures: pd.DataFrame, level: str, kode: str, metric: str) -> pd.DataFrame:
    sel = figures[(figures["level"] == level) & (figures["metric"] == metric)
                  & (figures["scope"] == "wilayah")]
    return sel[sel["kode"] == kode] if kode else sel


def _newest_or_none(sel: pd.DataFrame) -> pd.Series | None:
    return None if sel.empty else newest(sel)


def focus_figures(figures: pd.DataFrame) -> list[FocusFigure]:
    """The latest figure for each focus row, or None where the data has none; a statement
    about a group of regencies is never a regency's own row: it has a row of its own, last."""
    rows = []
    for area, level, kode, metric, unit in FOCUS_ROWS:
        sel = _rows(figures, level, kode, metric)
        sel = sel[(sel["unit"] == unit) & (sel["kind"] != "group")]
        rows.append(FocusFigure(area, metric, _newest_or_none(sel)))
    group = group_statement(figures)
    if group is not None:
        rows.append(FocusFigure(GROUP_AREA, "coverage_pct", group))
    return rows


@dataclass(frozen=True)
class RegencyAnswer:
    """What is known about one regency's workers: its own newest coverage statement (None:
    no public figure), its own partial statements (segment shares, newest per segment) and a
    statement about a group of regencies it belongs to (never its own figure)."""

    area: str
    kode: str
    own: pd.Series | None
    partial: tuple[pd.Series, ...]
    group: pd.Series | None


def regency_answers(figures: pd.DataFrame) -> list[RegencyAnswer]:
    """PPU's and Kukar's own coverage statements, in that order."""
    out = []
    for area, kode in (("area_ppu", PPU), ("area_kukar", KUKAR)):
        cov = _rows(figures, "kabkota", kode, "coverage_pct")
        seg = _rows(figures, "kabkota", kode, "segment_coverage_pct")
        out.append(RegencyAnswer(
            area, kode, _newest_or_none(cov[cov["kind"].isin(OWN_KINDS)]),
            tuple(newest(g) for _, g in seg.groupby("segment", sort=True)),
            _newest_or_none(cov[cov["kind"] == "group"])))
    return out


def group_statement(figures: pd.DataFrame) -> pd.Series | None:
    """The newest statement about a group of regencies that includes PPU or Kukar."""
    cov = figures[(figures["level"] == "kabkota") & (figures["kode"].isin((PPU, KUKAR)))
                  & (figures["metric"] == "coverage_pct") & (figures["kind"] == "group")]
    return _newest_or_none(cov)


# the figures about workers on IKN projects and those the regencies' budgets insure:
# (label key, level, kode, metric, segment)
WORKER_ROWS = (
    ("ikn_fact_jakon_participants", "ikn", "", "construction_participants", ""),
    ("ikn_fact_jakon_coverage", "ikn", "", "segment_coverage_pct", "jakon"),
    ("ikn_fact_ikn_workforce", "ikn", "", "workforce", ""),
    ("ikn_fact_apbd_ppu", "kabkota", PPU, "vulnerable_workers_apbd", ""),
    ("ikn_fact_apbd_kukar", "kabkota", KUKAR, "vulnerable_workers_apbd", ""),
)


def worker_figures(figures: pd.DataFrame) -> list[FocusFigure]:
    """Each ``WORKER_ROWS`` row's newest figure (``area`` is its label key), or None.

    Jakon coverage on IKN projects is a coverage share of the IKN area or its Jakon segment."""
    rows = []
    for label, level, kode, metric, segment in WORKER_ROWS:
        sel = _rows(figures, level, kode, metric)
        if segment:
            sel = pd.concat([_rows(figures, level, kode, "coverage_pct"),
                             sel[sel["segment"] == segment]])
        rows.append(FocusFigure(label, metric, _newest_or_none(sel)))
    return rows


def same_date_others(figures: pd.DataFrame, fig: pd.Series) -> pd.DataFrame:
    """Figures of the same region, metric and date as ``fig`` that state another value."""
    def key(column: str) -> tuple[pd.Series, str]:
        value = fig[column]
        return figures[column].fillna(""), "" if pd.isna(value) else value

    same = figures[(figures["level"] == fig["level"]) & (figures["metric"] == fig["metric"])
                   & (figures["scope"] == fig["scope"]) & (figures["value"] != fig["value"])]
    for column in ("kode", "as_of"):
        values, wanted = key(column)
        same = same[values.loc[same.index] == wanted]
    return same.reset_index(drop=True)


def kecamatan_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures reported for single kecamatan of PPU (APBD-funded vulnerable workers)."""
    return figures[(figures["level"] == "kecamatan") & (figures["kode"] == PPU)].reset_index(
        drop=True)


def kecamatan_figure_texts(figures: pd.DataFrame, kecamatan: gpd.GeoDataFrame) -> dict[str, str]:
    """Kecamatan code -> the figures reported for that kecamatan, as text for its tooltip
    (matched on the name in the source's area, "Kec. Sepaku (Kab. Penajam Paser Utara)")."""
    from coverage_map.figures.coverage import metric_label
    from coverage_map.figures.wording import describe

    by_name = dict(zip(kecamatan["nama"].str.lower(), kecamatan["kode"]))
    out: dict[str, list[str]] = {}
    for fig in kecamatan_figures(figures).to_dict("records"):
        name = fig["area_name"].removeprefix("Kec. ").split(" (")[0].strip().lower()
        if name in by_name:
            out.setdefault(by_name[name], []).append(
                f"{metric_label(fig['metric'])}: {describe(fig)} [{fig['figure_id']}]")
    return {k: "; ".join(v) for k, v in out.items()}
