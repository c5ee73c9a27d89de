"""Analisis: the regions' numbers side by side, the uncovered workers ranked, the provinces
compared, their trends, downloads that say what they hold."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map.figures import analysis, profile
from coverage_map.render import charts, spreadsheet
from coverage_map.figures.coverage import metric_label
from coverage_map.language.i18n import current_language, fmt_date, fmt_value, set_language, t
from coverage_map.data.regions import with_codes
from coverage_map.ui.frame import area_name
from coverage_map.ui.link_state import current_state, share_url
from coverage_map.ui import cache
from coverage_map.ui.page_link import LinkParam, restore_linked, write_linked
from coverage_map.ui.session import active_figures, bundled_or_uploaded, uploaded_data
from coverage_map.ui.widgets import (MISSING, figure_columns, link_column, profile_of_row,
                                     numbers_in_language)


def filters(provinces: list[str]) -> list[LinkParam]:
    """The page's filters as they are written in its link (``?prov=61,62&cari=kapuas``)."""
    return [
        LinkParam("analisis_provinsi", "prov", [], ",".join,
                  lambda text: [k for k in provinces if k in text.split(",")] or None),
        LinkParam("analisis_cari", "cari", "", str, lambda text: text[:80]),
        LinkParam("analisis_ada_angka", "semua_baris", True, lambda v: "ya",
                  lambda text: False if text == "ya" else None),
    ]


NUMBERS = ["peserta", "tenaga_kerja", "cakupan", "belum_terlindungi_min"]


def analyst_view(data) -> None:
    """Regions of the chosen provinces with participants, workforce, coverage, gaps; the
    uncovered workers ranked; downloads."""
    lang = current_language()
    provinces_known = sorted(data.table.provinces)
    linked = filters(provinces_known)
    restore_linked(linked)
    provinces = st.multiselect(t("filter_provinces"), provinces_known, key="analisis_provinsi",
                               format_func=lambda k: area_name(data, k, lang),
                               placeholder=t("all_kalimantan"))
    left, right = st.columns([2, 1])
    query = left.text_input(t("filter_region_text"), key="analisis_cari")
    only_values = right.toggle(t("filter_only_values"), key="analisis_ada_angka")
    write_linked(linked)
    target = float(current_state().target)
    # the bundled data's tables are made once per choice of provinces, target and language
    table = bundled_or_uploaded(
        lambda: cache.analyst_table(tuple(sorted(provinces)), target, lang),
        lambda _: analysis.analyst_table(data.regions, cache.session_lookup(uploaded_data()),
                                         provinces or None, target, lang))
    total = len(table)

    def rows() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        chosen = table
        if query.strip():
            chosen = chosen[chosen["nama"].str.contains(query.strip(), case=False, regex=False)]
        if only_values:
            chosen = chosen[chosen[NUMBERS].notna().any(axis=1)]
        shown = analyst_frame(chosen, target)
        return chosen, shown, for_screen(shown, chosen)

    table, shown, screen = made(("analyst", tuple(sorted(provinces)), query.strip(),
                                 only_values, target, lang), rows)
    area = ", ".join(area_name(data, k, lang) for k in provinces) if provinces else t(
        "all_kalimantan")
    st.caption(t("analysis_caption", n=len(shown), total=total, area=area,
                 target=fmt_value(target, "pct")))
    st.caption(t("table_pick_profile"))
    profile_of_row(st.dataframe(numbers_in_language(screen, lang),
                                hide_index=True, placeholder=MISSING,
                                column_config=link_column(pinned=t("col_region")),
                                on_select="rerun", selection_mode="single-row",
                                key="analisis_pilih"),
                   table["kode"].tolist())
    uncovered_chart(table, total, area,
                    key=(tuple(sorted(provinces)), query.strip(), only_values, target))
    downloads(data, "analisis", shown, table, header(data, provinces, query, only_values, target),
              "analisis-cakupan")


def made(key: tuple, make):
    """``make()``: for the bundled data made once per ``key`` (everything it depends on) and
    shared by every session (read only); for an upload made in this run."""
    return make() if uploaded_data() else cache.view_part(key, make)


def show_chart(key: tuple | None, make) -> None:
    """The chart ``make()`` builds: the bundled data's made once per ``key`` (everything it
    depends on) and shared; an upload's (or one without a key) made in this run."""
    if key is None or uploaded_data():
        st.altair_chart(make(), width="stretch")
    else:
        st.vega_lite_chart(cache.chart_spec(key, make), width="stretch")


def uncovered_chart(table: pd.DataFrame, total: int, area: str, top: int = 20,
                    key: tuple | None = None) -> None:
    """The regions with the most workers not yet protected: reported and computed told apart,
    and how many regions the chart covers."""
    low, high = "belum_terlindungi_min", "belum_terlindungi_maks"
    known = table[table[low].notna() & (table[high] != float("inf"))]
    if known.empty:
        st.info(t("analysis_chart_none", area=area))
        return
    ranked = charts.largest_first(known, low, high)  # by what is certain: a range by its least
    lang = current_language()
    hows = (analysis.REPORTED, analysis.COMPUTED, analysis.DIFFER)
    bars = ranked.head(top)
    bars = bars.assign(
        cara=[t(f"an_how_{h}") for h in bars["belum_terlindungi_cara"]],
        label=[f"{v} ({fmt_date(d)}) · {note}" for v, d, note in zip(
            bars["belum_terlindungi_teks"], bars["belum_terlindungi_per"],
            bars["belum_terlindungi_ket"])])
    show_chart(key and ("analysis_uncovered", *key, top, lang), lambda: charts.in_language(
        charts.range_bars(bars, t("analysis_chart_title", lang),
                          t("metric_uncovered_workers", lang), low, high,
                          [t(f"an_how_{h}", lang) for h in hows], names=t("col_region", lang),
                          value_text="belum_terlindungi_teks"), lang))
    how = ranked["belum_terlindungi_cara"].value_counts()
    st.caption(t("analysis_chart_caption" if len(ranked) > top else "analysis_chart_caption_all",
                 shown=top, n=len(ranked),
                 total=total, area=area, reported=int(how.get(analysis.REPORTED, 0)),
                 computed=int(how.get(analysis.COMPUTED, 0)),
                 differ=int(how.get(analysis.DIFFER, 0))))


def header(data, provinces: list[str], query: str, only_values: bool, target: float
           ) -> list[str]:
    """The header block of the analyst table's downloads."""
    lang = current_language()
    filters = [t("an_filter_provinces", names=", ".join(
        area_name(data, k, lang) for k in provinces) if provinces else t("all_kalimantan"))]
    if query.strip():
        filters.append(t("an_filter_query", query=query.strip()))
    filters.append(t("an_filter_only_values") if only_values else t("an_filter_all_rows"))
    return download_header(t("analysis_title"), filters, target)


def download_header(title: str, filters: list[str], target: float) -> list[str]:
    """A download's header block: what, which filters (and the target), when, from where,
    how its derived numbers are computed, the link."""
    upload = uploaded_data()
    filters = [*filters, t("an_filter_target", target=fmt_value(target, "pct"))]
    return [title, t("an_filters", filters="; ".join(filters)),
            spreadsheet.download_date_line(),
            t("analysis_header_uploaded", name=upload["name"]) if upload else
            t("analysis_header_sources"), t("analysis_header_derived"),
            t("export_link", link=share_url("analisis"))]


def downloads(data, key: str, shown: pd.DataFrame, table: pd.DataFrame, head: list[str],
              stem: str) -> None:
    """CSV, CSV for Excel set to Indonesian, XLSX (with the sources used on a second sheet),
    each made when clicked."""
    lang = current_language()
    figures = active_figures(data)
    dates = {col: table[field].tolist() for col, field in date_columns().items()
             if col in shown.columns}

    def xlsx() -> bytes:
        set_language(lang)  # runs on another thread: carry the language over
        used = sources_frame(analysis.sources_of(figures, table))
        return spreadsheet.table_xlsx(shown, head, dates=dates, links=[t("col_link", lang)],
                                      sources=used, lang=lang)

    st.caption(t("an_downloads"))
    cols = st.columns(3)
    cols[0].download_button("CSV", lambda: spreadsheet.table_csv(shown, head, dates=dates),
                            f"{stem}.csv", "text/csv", on_click="ignore", key=f"{key}_csv")
    cols[1].download_button(t("export_csv_excel_id"), lambda: spreadsheet.table_csv(
        shown, head, excel_id=True, dates=dates), f"{stem}-excel.csv", "text/csv",
        on_click="ignore", key=f"{key}_csv_id", help=t("export_csv_excel_id_help"))
    cols[2].download_button("XLSX", xlsx, f"{stem}.xlsx", spreadsheet.XLSX_MIME,
                            on_click="ignore", key=f"{key}_xlsx")


def sources_frame(used: pd.DataFrame) -> pd.DataFrame:
    """The figures used, for the XLSX's About sheet: what each says, its date and source."""
    return pd.concat([pd.DataFrame({t("col_region"): used["area_name"].tolist(),
                                    t("col_metric"): [metric_label(m) for m in used["metric"]]}),
                      figure_columns(used.reset_index(drop=True)),
                      pd.DataFrame({t("col_title"): used["source_title"].tolist()})], axis=1)


def date_columns() -> dict[str, str]:
    """Shown date column -> the table's ISO date field."""
    return {t("col_as_of_participants"): "peserta_per",
            t("col_as_of_workforce"): "tenaga_kerja_per",
            t("col_as_of_coverage"): "cakupan_per",
            t("col_as_of_uncovered"): "belum_terlindungi_per",
            t("col_as_of_stated"): "cakupan_tertulis_per"}


def for_screen(shown: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The frame as the screen shows it: dates in words, "–" where there is none; the region
    codes are for the downloads (joining to other data), not for a phone's screen."""
    out = shown.drop(columns=[t("col_code_kemendagri"), t("col_code_bps")], errors="ignore")
    for col, field in date_columns().items():
        if col in out.columns:
            out[col] = [fmt_date(d) if d else "–" for d in table[field]]
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and col != t("col_link"):
            out[col] = out[col].map(lambda v: "–" if v is None or v == "" else v)
    if t("col_link") in out.columns:  # no link: an empty cell, not a word that goes nowhere
        out[t("col_link")] = out[t("col_link")].map(lambda v: v or None)
    return out


def analyst_frame(table: pd.DataFrame, target: float) -> pd.DataFrame:
    """The analyst table with labelled columns, exactly as downloaded (dates as ISO text), with
    each region's Kemendagri and BPS code."""
    return with_codes(pd.DataFrame({
        t("col_region"): table["nama"], t("col_province"): table["provinsi"],
        **_numbers(table, target),
        t("col_source"): table["sumber"], t("col_link"): table["tautan"],
        t("col_ids"): table["id_angka"],
        t("col_participants_note"): table["peserta_ket"],
        t("col_workforce_note"): table["tenaga_kerja_ket"],
        t("col_coverage_note"): table["cakupan_ket"],
    }).reset_index(drop=True), table["kode"], t("col_region"))


def _numbers(table: pd.DataFrame, target: float) -> dict:
    """Each number beside its own date and how exact it is; the derived ones with their
    lowest and highest value and what they came from."""
    gap = t("col_gap", target=fmt_value(target, "pct"))
    return {
        t("col_participants"): table["peserta"],
        t("col_as_of_participants"): table["peserta_per"],
        t("col_participants_qualifier"): table["peserta_kualifikasi"],
        t("col_workforce"): table["tenaga_kerja"],
        t("col_as_of_workforce"): table["tenaga_kerja_per"],
        t("col_workforce_qualifier"): table["tenaga_kerja_kualifikasi"],
        t("col_coverage_num"): table["cakupan"],
        t("col_as_of_coverage"): table["cakupan_per"],
        t("col_coverage_qualifier"): table["cakupan_kualifikasi"],
        t("col_uncovered"): table["belum_terlindungi"],
        t("col_uncovered_words"): table["belum_terlindungi_teks"],
        t("col_low", what=t("col_uncovered")): table["belum_terlindungi_min"],
        t("col_high", what=t("col_uncovered")): table["belum_terlindungi_maks"],
        t("col_uncovered_qualifier"): table["belum_terlindungi_kualifikasi"],
        t("col_as_of_uncovered"): table["belum_terlindungi_per"],
        t("col_uncovered_note"): table["belum_terlindungi_ket"],
        gap: table["selisih_target"],
        t("col_gap_words"): table["selisih_target_teks"],
        t("col_low", what=gap): table["selisih_target_min"],
        t("col_high", what=gap): table["selisih_target_maks"],
        t("col_gap_qualifier"): table["selisih_target_kualifikasi"],
        t("col_gap_note"): table["selisih_target_ket"],
    }


def province_comparison(data) -> None:
    """The five provinces and Kalimantan side by side."""
    lang = current_language()
    st.subheader(t("compare_title"))
    st.markdown(t("compare_intro"))
    target = float(current_state().target)
    table = bundled_or_uploaded(
        lambda: cache.province_table(target, lang),
        lambda _: analysis.province_table(data.regions, cache.session_lookup(uploaded_data()),
                                          data.table.provinces, target, lang))
    shown, screen = made(("provinces", target, lang), lambda: (
        province_frame(table, target), for_screen(province_frame(table, target), table)))
    st.dataframe(numbers_in_language(screen, lang), hide_index=True,
                 placeholder=MISSING, column_config=link_column(), key="banding_provinsi")
    downloads(data, "banding", shown, table, download_header(t("compare_title"), [], target),
              "banding-provinsi")


def province_frame(table: pd.DataFrame, target: float) -> pd.DataFrame:
    """The provinces compared, as downloaded: a province's two-digit code in both code columns,
    Kalimantan as a whole "–"."""
    return with_codes(pd.DataFrame({
        t("col_area_name"): table["nama"],
        t("col_stated"): table["cakupan_tertulis"],
        t("col_base"): table["dasar"],
        t("col_as_of_stated"): table["cakupan_tertulis_per"],
        t("col_stated_source"): table["cakupan_tertulis_sumber"],
        **_numbers(table, target),
        t("col_regencies_with_figure"): [
            t("n_of_m", n=n, m=m) for n, m in zip(table["kabkota_dengan_angka"],
                                                   table["kabkota_jumlah"])],
        t("col_source"): table["sumber"], t("col_link"): table["tautan"],
        t("col_ids"): table["id_angka"],
    }).reset_index(drop=True), table["kode"], t("col_area_name"))


def province_trends(data) -> None:
    """The five provinces, Kalimantan and Indonesia over time, with why the rate fell."""
    lang = current_language()
    st.subheader(t("trends_title"))
    st.markdown(t("trends_intro"))
    points, why = bundled_or_uploaded(
        lambda: cache.province_trends(lang),
        lambda figures: (profile.province_trends(figures, data.table.provinces, lang),
                         profile.trend_explanation(figures, lang=lang)))
    if points.empty:
        st.info(t("trends_none"))
        return
    order = [data.table.provinces[k] for k in sorted(data.table.provinces)] + [
        t("trend_kalimantan"), t("level_national")]
    target = float(current_state().target)
    show_chart(("analysis_trends", target, lang), lambda: charts.in_language(charts.timeline(
        points, target, t("trends_chart", lang),
        t("legend_target", lang, target=fmt_value(target, "pct", lang)), "%", order,
        height=540), lang))
    st.caption(t("timeline_bases", bases=charts.base_key(points)))
    st.caption(t("trends_key"))
    if why:
        st.info(why, icon=":material/help:")
