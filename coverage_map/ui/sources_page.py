"""Sumber & Metode: every figure, filterable, and what each base means."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map.figures import coverage
from coverage_map.language.i18n import current_language, fmt_date, t
from coverage_map.ui.text import safe, shown_value
from coverage_map.ui.widgets import MISSING, link_column, figure_columns


def all_figures(data, figures: pd.DataFrame | None = None, key: str = "semua") -> None:
    """Every figure with its source link (Sumber & Metode), filterable by region and
    indicator; ``?id=F385`` opens the table on that figure. The compiler's original notes are
    shown here only, in a column labelled as such."""
    f = data.figures if figures is None else figures
    lang = current_language()
    wanted = figure_in_link() if figures is None else ""
    if wanted and wanted not in set(f["figure_id"]):
        st.warning(t("sources_figure_unknown", id=shown_value(wanted)))
        wanted = ""
    left, right = st.columns(2)
    regions = ["", *sorted(k for k in f["kode"].unique() if k)]
    names = {**data.table.provinces, **dict(zip(data.regions["kode"], data.regions["nama"]))}
    region = left.selectbox(t("sources_filter_region"), regions, key=f"{key}_wilayah",
                            format_func=lambda k: names.get(k, k) if k else
                            t("sources_filter_all", lang))
    metrics = ["", *dict.fromkeys(f["metric"])]
    metric = right.selectbox(t("sources_filter_metric"), metrics, key=f"{key}_indikator",
                             format_func=lambda m: coverage.metric_label(m, lang) if m else
                             t("sources_filter_all", lang))
    if wanted:
        st.info(t("sources_figure_selected", id=shown_value(wanted)))
        if st.button(t("sources_show_all"), key=f"{key}_semua_angka"):
            del st.query_params["id"]
            st.rerun()
        f = f[f["figure_id"] == wanted]
    if region:
        f = f[f["kode"] == region]
    if metric:
        f = f[f["metric"] == metric]
    f = f.reset_index(drop=True)
    shown = pd.concat([
        pd.DataFrame({
            t("col_level"): [t(f"level_{lv}") for lv in f["level"]],
            t("col_area"): f["area_name"].to_numpy(),
            t("col_metric"): [coverage.metric_label(m) for m in f["metric"]],
        }),
        figure_columns(f),
        pd.DataFrame({t("col_title"): [x or t("title_missing") for x in f["source_title"]],
                      t("col_published"): [fmt_date(p) if p else "–" for p in f["published"]],
                      t("col_scope"): [t(f"scope_{s}") for s in f["scope"]],
                      t("col_note"): f["note"].to_numpy()}),
    ], axis=1)
    shown = shown[[t("col_id"), *[c for c in shown.columns if c != t("col_id")]]]
    st.caption(t("sources_note_caption"))
    st.dataframe(shown, hide_index=True, placeholder=MISSING, column_config=link_column(),
                 height=min(560, 38 + 35 * max(1, len(shown))))
    if figures is None and data.problems:
        st.warning(t("data_problems", n=len(data.problems)) + "\n\n" +
                   "\n".join(f"- {safe(p)}" for p in data.problems))


def figure_in_link() -> str:
    """The figure a link asks for (``/sumber?id=F385``): the page opens on it."""
    return str(st.query_params.get("id", ""))


def bases_explained() -> None:
    """What each base of a percentage means (Sumber & Metode)."""
    from coverage_map.data.schema import BASES

    st.subheader(t("sources_heading_bases"))
    st.markdown(t("sources_bases_intro") + "\n\n" + "\n".join(
        f"- **{t('base_' + b)}**: {t('base_explain_' + b)}" for b in BASES if b))
