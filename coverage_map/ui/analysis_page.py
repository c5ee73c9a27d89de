"""Analisis: the regions' numbers side by side, a ranking chart, downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map import analysis, charts, export, profile
from coverage_map.i18n import current_language, fmt_date, fmt_value, t
from coverage_map.ui.frame import area_name, current_state, share_url
from coverage_map.ui.map_page import profile_of_row
from coverage_map.ui.session import active_figures
from coverage_map.ui.widgets import LINK, numbers_in_language


def analyst_view(data) -> None:
    """Regions of the chosen provinces with participants, workforce, coverage, gaps; downloads."""
    lang = current_language()
    provinces = st.multiselect(t("filter_provinces"), sorted(data.table.provinces),
                               key="analisis_provinsi",
                               format_func=lambda k: area_name(data, k, lang),
                               placeholder=t("all_kalimantan"))
    left, right = st.columns([2, 1])
    query = left.text_input(t("filter_region_text"), key="analisis_cari")
    only_values = right.toggle(t("filter_only_values"), key="analisis_ada_angka", value=True)
    target = float(current_state().target)
    table = analysis.analyst_table(data.regions, active_figures(data), provinces or None, target)
    if query.strip():
        table = table[table["nama"].str.contains(query.strip(), case=False, regex=False)]
    if only_values:
        numbers = ["peserta", "tenaga_kerja", "cakupan", "belum_terlindungi"]
        table = table[table[numbers].notna().any(axis=1)]
    shown = analyst_frame(table, target)
    st.caption(t("analysis_caption", n=len(shown), target=fmt_value(target, "pct")))
    st.caption(t("table_pick_profile"))
    profile_of_row(st.dataframe(numbers_in_language(shown, lang), hide_index=True,
                                column_config=LINK, on_select="rerun",
                                selection_mode="single-row", key="analisis_pilih"),
                   table["kode"].tolist())
    ranked = table[table["belum_terlindungi"].notna()].sort_values("belum_terlindungi",
                                                                  ascending=False)
    if len(ranked):
        st.altair_chart(charts.count_bars(ranked.head(20), t("analysis_chart_title"),
                                          t("metric_uncovered_workers")), width="stretch")
    header = [t("analysis_title"), t("analysis_header_sources"),
              t("export_link", link=share_url("analisis"))]
    cols = st.columns(2)
    cols[0].download_button("CSV", export.table_csv(shown, header), "analisis-cakupan.csv",
                            "text/csv", on_click="ignore", key="analisis_csv")
    cols[1].download_button("XLSX", lambda: export.table_xlsx(shown, header),
                            "analisis-cakupan.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            on_click="ignore", key="analisis_xlsx")


def analyst_frame(table: pd.DataFrame, target: float) -> pd.DataFrame:
    """The analyst table with labelled columns, exactly as shown and downloaded."""
    return pd.DataFrame({
        t("col_region"): table["nama"], t("col_province"): table["provinsi"],
        t("col_participants"): table["peserta"], t("col_workforce"): table["tenaga_kerja"],
        t("col_coverage_num"): table["cakupan"], t("col_uncovered"): table["belum_terlindungi"],
        t("col_gap", target=fmt_value(target, "pct")): table["selisih_target"],
        t("col_as_of"): [fmt_date(d) if d else "–" for d in table["tanggal"]],
        t("col_source"): table["sumber"], t("col_link"): table["tautan"],
        t("col_participants_note"): table["peserta_ket"],
        t("col_workforce_note"): table["tenaga_kerja_ket"],
        t("col_uncovered_note"): table["belum_terlindungi_ket"],
    }).reset_index(drop=True)


def province_trends(data) -> None:
    """The five provinces, Kalimantan and Indonesia over time, with why the rate fell."""
    lang = current_language()
    st.subheader(t("trends_title"))
    st.markdown(t("trends_intro"))
    figures = active_figures(data)
    points = profile.province_trends(figures, data.table.provinces, lang)
    if points.empty:
        st.info(t("trends_none"))
        return
    order = [data.table.provinces[k] for k in sorted(data.table.provinces)] + [
        t("trend_kalimantan"), t("level_national")]
    target = float(current_state().target)
    chart = charts.timeline(points, target, t("trends_chart"),
                            t("legend_target", target=fmt_value(target, "pct")), "%", order,
                            height=540)
    st.altair_chart(charts.in_language(chart, lang), width="stretch")
    st.caption(t("timeline_bases", bases=charts.base_key(points)))
    st.caption(t("trends_key"))
    why = profile.trend_explanation(figures, lang=lang)
    if why:
        st.info(why, icon=":material/help:")
