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


# after PPU's and Kukar's own figures: the workers on IKN projects and the APBD-funded ones
KEY_FACTS = tuple(row[0] for row in ikn.WORKER_ROWS)


def provenance(fig) -> str:
    """How exact, date, source, base, caveats and ID of a figure, in one line."""
    return " · ".join(x for x in (
        wording.certainty(fig), f"{t('tooltip_as_of')}: {wording.date_text(fig)}",
        f"{t('tooltip_source')}: {wording.publisher(fig)}", wording.base_text(fig),
        wording.caveats_text(fig), f"{t('tooltip_id')}: {fig['figure_id']}") if x)


def regency_answer(answer: ikn.RegencyAnswer) -> None:
    """A regency's own newest coverage statement, or "belum ada angka publik"; then its own
    partial statements (segment shares), each said to be partial."""
    st.markdown(f"**{safe(t(answer.area))}** ({safe(answer.kode)})")
    if answer.own is None:
        st.metric(t("ikn_own_label", area=t(answer.area)), t("ikn_no_public"))
        st.caption(t("ikn_no_public_caption", area=t(answer.area)))
    else:
        st.metric(t("ikn_own_label", area=t(answer.area)), wording.value_text(answer.own))
        st.caption(safe(provenance(answer.own)))
    for fig in answer.partial:
        st.caption(safe(t("ikn_partial", segment=t(f"segment_{fig['segment']}"),
                          v=wording.value_text(fig)) + " · " + provenance(fig)))


def worker_fact(col, row: ikn.FocusFigure, others) -> None:
    fig = row.figure
    if fig is None:
        col.metric(t(row.area), t("ikn_no_public"))
        col.caption(t("ikn_fact_none_caption"))
        return
    col.metric(t(row.area), wording.value_text(fig))
    other = "; ".join(wording.describe(o) + f" [{o['figure_id']}]" for o in others)
    col.caption(safe(provenance(fig) + (f" · {t('tooltip_conflicts')}: {other}" if other
                                        else "")))


# the answers' values and labels ("belum ada angka publik", a long regency name) wrap on a
# phone instead of being cut off
WRAP_METRICS = """<style>
[class*="st-key-ikn_answer"] [data-testid="stMetricValue"],
[class*="st-key-ikn_answer"] [data-testid="stMetricValue"] *,
[class*="st-key-ikn_answer"] [data-testid="stMetricLabel"],
[class*="st-key-ikn_answer"] [data-testid="stMetricLabel"] * {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; line-height: 1.2;}
[class*="st-key-ikn_answer"] [data-testid="stMetricValue"] div {
  font-size: clamp(1.5rem, 6vw, 2.25rem) !important;}
</style>"""


def ikn_protection_facts(data) -> None:
    """The first screen: how protected are workers around IKN? PPU's and Kukar's own coverage
    statements (or "belum ada angka publik"), the statement about a group of regencies
    labelled as such, then the workers on IKN projects and the APBD-funded vulnerable workers;
    each with how exact, date, source and base."""
    figures = data.figures
    st.html(WRAP_METRICS)
    with st.container(border=True, key="ikn_answer_regencies"):
        st.subheader(t("ikn_answer_heading"))
        st.caption(t("ikn_answer_caption"))
        answers = ikn.regency_answers(figures)
        for col, answer in zip(st.columns(len(answers)), answers):
            with col:
                regency_answer(answer)
        group = ikn.group_statement(figures)
        if group is not None:
            st.markdown(f"**{safe(t('ikn_group_heading'))}**")
            st.caption(safe(t("ikn_group_text", v=wording.value_text(group),
                              group=t(f"group_{group['group']}"))) + " · "
                       + safe(provenance(group)))
    with st.container(border=True, key="ikn_answer_workers"):
        st.markdown(f"**{safe(t('ikn_workers_heading'))}**")
        rows = ikn.worker_figures(figures)
        projects, budgets = st.columns(2)  # IKN's projects on the left, the APBD's on the right
        for row in rows:
            others = [] if row.figure is None else \
                ikn.same_date_others(figures, row.figure).to_dict("records")
            worker_fact(budgets if row.indicator == "vulnerable_workers_apbd" else projects,
                        row, others)


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


def chart_rows(rows: list[ikn.FocusFigure]) -> pd.DataFrame:
    """The percentage chart's rows: a bar only for a region's own measured coverage; a band,
    a segment share or a group statement in words, never as a number of its own; where there
    is no figure, "belum ada angka publik". Every tooltip text in the reader's language."""
    def measured(r) -> bool:
        return r.figure is not None and r.figure["kind"] in wording.MEASURED and \
            r.indicator == "coverage_pct"

    def value(r) -> str:
        fig = r.figure
        if fig is None:
            return t("chart_no_public")
        if fig["kind"] == "group":
            return wording.statement(fig)
        if fig["kind"] == "segment":
            return f"{t('segment_' + fig['segment'])}: {wording.value_text(fig)}"
        return wording.value_text(fig)

    def base(fig) -> str:
        return "" if pd.isna(fig["base"]) or not fig["base"] else t(f"base_{fig['base']}")

    def field(r, get) -> str:
        return MISSING if r.figure is None else (get(r.figure) or MISSING)

    return pd.DataFrame({
        "wilayah": [t(r.area) if r.indicator == "coverage_pct" else
                    f"{t(r.area)} · {coverage.metric_label(r.indicator)}" for r in rows],
        "nilai": [float(r.figure["value"]) if measured(r) else None for r in rows],
        "label": [t("chart_no_public") if r.figure is None else
                  wording.value_text(r.figure) if measured(r) else
                  t("chart_statement_of", kind=wording.certainty(r.figure),
                    v=wording.value_text(r.figure)) for r in rows],
        "t_area": [f"{t(r.area)} · {coverage.metric_label(r.indicator)}" for r in rows],
        "t_value": [value(r) for r in rows],
        "t_kind": [field(r, wording.certainty) for r in rows],
        "t_date": [field(r, wording.date_text) for r in rows],
        "t_source": [field(r, wording.publisher) for r in rows],
        "t_base": [field(r, base) for r in rows],
        "t_id": [field(r, lambda f: f["figure_id"]) for r in rows],
    })


def ikn_known_figures(data, target: float = coverage.DEFAULT_TARGET) -> None:
    """Sourced figures for PPU, Kukar, IKN, Kaltim and Kalimantan; missing ones said so."""
    rows = ikn.focus_figures(data.figures)
    st.subheader(t("ikn_known_heading"))
    st.caption(t("ikn_known_caption"))
    present = [r for r in rows if r.figure is not None]
    pct = [r for r in rows if r.figure is None or r.figure["unit"] == "pct"]
    target_text = fmt_value(target, "pct")
    tooltip = [("t_area", t("col_area_name")), ("t_value", t("col_value")),
               ("t_kind", t("col_certainty")), ("t_date", t("col_as_of")),
               ("t_source", t("col_source")), ("t_base", t("col_base")),
               ("t_id", t("tooltip_id"))]
    st.altair_chart(charts.in_language(charts.percent_bars(
        chart_rows(pct), target, t("chart_pct_title", target=target_text),
        t("chart_target", target=target_text), tooltip, t("chart_target_title")),
        current_language()), width="stretch")
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
