"""Fokus IKN & PPU: key facts on protection, the kecamatan map, shares and figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map.figures import coverage, ikn, wording
from coverage_map.render import charts, focus_map
from coverage_map.ui import cache, component
from coverage_map.language.i18n import current_language, fmt_number, fmt_value, t
from coverage_map.ui.text import safe
from coverage_map.ui.widgets import MISSING, link_column, figure_columns


def ikn_key_facts(data, overlay: pd.DataFrame) -> None:
    """Locator inset and the key numbers beside the focus map."""
    st.image(cache.locator_png(), caption=t("ikn_locator_caption"), width="stretch")
    inside = ikn.inside(overlay)
    st.metric(t("ikn_metric_land_2022"), f"±{fmt_number(ikn.LAND_HA_UU_3_2022)} ha")
    st.metric(t("ikn_metric_land_2023"), f"±{fmt_number(ikn.LAND_HA_UU_21_2023)} ha")
    st.metric(t("ikn_metric_kecamatan"), len(inside))
    st.caption(t("ikn_metric_kecamatan_value", ppu=int((inside["kode_kab"] == ikn.PPU).sum()),
                 kukar=int((inside["kode_kab"] == ikn.KUKAR).sum())))
    sepaku = overlay.set_index("nama").loc["Sepaku", "pct_kecamatan"]
    st.metric(t("ikn_metric_sepaku"), fmt_value(round(sepaku), "pct"))


# what the IKN page answers first: how well are workers protected in IKN and PPU?
KEY_FACTS = (("area_ppu", "coverage_pct"), ("area_ikn", "construction_participants"),
             ("area_ppu", "vulnerable_workers_apbd"), ("area_kaltim", "coverage_pct"))


def ikn_protection_facts(data) -> None:
    """Key facts on worker protection in PPU and IKN, each with certainty, date and source
    (before land areas); "belum ada angka publik" where that is the truth."""
    rows = {(r.area, r.indicator): r.figure for r in ikn.focus_figures(data.figures)}
    with st.container(border=True):
        st.markdown(f"**{t('ikn_facts_heading')}**")
        cols = [c for _ in range(2) for c in st.columns(2)]  # two by two: labels stay whole
        for col, (area, metric) in zip(cols, KEY_FACTS):
            fig = rows.get((area, metric))
            label = f"{coverage.metric_label(metric)}, {t(area)}"
            if fig is None:
                col.metric(label, t("kpi_area_none"))
                col.caption(t("ikn_fact_none"))
                continue
            col.metric(label, wording.value_text(fig))
            col.caption(safe(" · ".join(x for x in (
                wording.certainty(fig), wording.date_text(fig), fig["source_publisher"],
                t(f"group_{fig['group']}") if fig["kind"] == "group" else "",
                f"{t('tooltip_id')}: {fig['figure_id']}") if x)))


def ikn_map(data, overlay: pd.DataFrame) -> None:
    def build():
        shown = ikn.focus_area(data.kecamatan, data.ikn)
        notes = dict(zip(data.ikn_reference["kode"], data.ikn_reference["catatan"]))
        for kode, text in ikn.kecamatan_figure_texts(data.figures, shown).items():
            notes[kode] = " ".join(x for x in (notes.get(kode, ""), text) if x)
        return focus_map.focus_map(shown, overlay, ikn.regencies_from_kecamatan(shown), data.ikn,
                              notes, ikn.focus_bounds(data.kecamatan, data.ikn))

    key = ("peta-ikn", current_language())
    component.show(cache.rendered_map(key, build), 600, "-".join(key))
    st.caption(t("map_caption"))


def ikn_kecamatan_table(data, overlay: pd.DataFrame) -> None:
    """Which kecamatan the IKN takes from which kabupaten, computed and checked."""
    compared = ikn.compare_with_reference(ikn.inside(overlay), data.ikn_reference)
    st.subheader(t("ikn_kecamatan_heading"))
    st.caption(t("ikn_kecamatan_caption",
                 max=fmt_number(compared["selisih_pp"].max(), 1)))
    st.dataframe(pd.DataFrame({
        t("col_kecamatan"): compared["nama"],
        t("col_kabupaten"): compared["nama_kab"],
        t("col_pct_kecamatan"): [fmt_value(round(v, 1), "pct") for v in compared["pct_kecamatan"]],
        t("col_pct_ref"): [fmt_value(v, "pct") for v in compared["pct_kecamatan_dalam_ikn"]],
        t("col_km2"): [fmt_number(v, 1) for v in compared["luas_dalam_ikn_km2"]],
        t("col_pct_ikn"): [fmt_value(round(v, 1), "pct") for v in compared["pct_ikn"]],
        t("col_note"): compared["catatan"],
    }), hide_index=True, placeholder=MISSING)


def ikn_known_figures(data, target: float = coverage.DEFAULT_TARGET) -> None:
    """Sourced figures for PPU, Kukar, IKN, Kaltim and Kalimantan; missing ones said so."""
    rows = ikn.focus_figures(data.figures)
    st.subheader(t("ikn_known_heading"))
    st.caption(t("ikn_known_caption"))
    present = [r for r in rows if r.figure is not None]
    pct = [r for r in rows if r.figure is None or r.figure["unit"] == "pct"]
    def measured(r) -> bool:  # a bar only for a region's own figure, never for a statement
        return r.figure is not None and r.figure["kind"] in wording.MEASURED and \
            r.indicator == "coverage_pct"

    chart = pd.DataFrame({
        "wilayah": [f"{t(r.area)} · {coverage.metric_label(r.indicator)}" for r in pct],
        "nilai": [float(r.figure["value"]) if measured(r) else 0.0 for r in pct],
        "label": [t("no_figure") if r.figure is None else
                  (wording.describe(r.figure) if measured(r) else
                   f"{wording.certainty(r.figure)}: {wording.describe(r.figure)}")
                  for r in pct],
    })
    target_text = fmt_value(target, "pct")
    st.altair_chart(charts.in_language(charts.percent_bars(
        chart, target, t("chart_pct_title", target=target_text),
        t("chart_target", target=target_text)), current_language()), width="stretch")
    missing = [f"{t(r.area)} ({coverage.metric_label(r.indicator)})" for r in rows
               if r.figure is None]
    if missing:
        st.warning(t("ikn_missing_list", items="; ".join(missing)))
    table = pd.DataFrame([r.figure for r in present]).reset_index(drop=True)
    st.dataframe(pd.concat([
        pd.DataFrame({t("col_focus_area"): [t(r.area) for r in present],
                      t("col_metric"): [coverage.metric_label(r.indicator) for r in present]}),
        figure_columns(table)], axis=1), hide_index=True, placeholder=MISSING,
        column_config=link_column())
    kec = ikn.kecamatan_figures(data.figures)
    if not kec.empty:
        st.markdown(f"**{t('ikn_kecamatan_figures_heading')}**")
        st.dataframe(pd.concat([
            pd.DataFrame({t("col_area"): kec["area_name"],
                          t("col_metric"): [coverage.metric_label(m) for m in kec["metric"]]}),
            figure_columns(kec)], axis=1), hide_index=True, placeholder=MISSING,
            column_config=link_column())
