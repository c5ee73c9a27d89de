"""Rencana: how many workers to protect to reach the target and what their premiums cost, for
one region and every regency of its province, with a brief (PDF, XLSX) to take away. Every
choice is in the link (``/rencana?kode=64.72&tarif=16800``)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from coverage_map.figures import (derived, derived_words, plan_compute, plan_inputs,
                                  plan_words, profile, wording)
from coverage_map.figures.plan_inputs import (GAP, MAX_RATE, MAX_TARGET, MAX_WORKERS, MIN_RATE,
                                              RATES, TYPE, Choices, canonical)
from coverage_map.render import brief, charts
from coverage_map.ui import cache
from coverage_map.figures.coverage import DEFAULT_TARGET
from coverage_map.language.i18n import current_language, fmt_value, set_language, t
from coverage_map.ui.link_state import current_state, share_url
from coverage_map.ui.text import safe, shown_value
from coverage_map.ui.inputs import number_box
from coverage_map.ui.page_link import LinkParam, restore_linked, write_linked
from coverage_map.ui.downloads import FileSpec, made_file
from coverage_map.ui.session import bundled_or_uploaded, data_version, uploaded_data
from coverage_map.ui.widgets import (MISSING, PLAN_PAGE, figure_columns, link_column,
                                     numbers_in_language, reading, region_being_read,
                                     region_choices, region_links)

DEFAULT_REGION = "64"  # Kalimantan Timur: the province the app's focus (IKN, PPU) lies in
K = "rencana_"  # the page's widget keys


def _number(upper: float, lower: float = 0.0, zero_ok: bool = False, whole: bool = False):
    """A number in the link as the page writes it (``canonical``: ``16800``, ``62.5``);
    raises ``plan_inputs.InputError`` where it cannot be used (``16.800``: two readings)."""
    def read(text: str) -> float:
        return plan_inputs.read_link_amount(text, upper, lower, zero_ok, whole)
    return read


def linked(regions: dict[str, str]) -> list[LinkParam]:
    """The page's choices as its link writes them."""
    rates = RATES
    return [
        LinkParam(K + "kode", "kode", DEFAULT_REGION, str, lambda x: x if x in regions else None),
        LinkParam(K + "dasar", "dasar", "", str, lambda x: x[:20]),
        LinkParam(K + "tk", "tk", None, canonical, _number(MAX_WORKERS, whole=True)),
        LinkParam(K + "sasaran", "sasaran", "", str, lambda x: x[:20]),
        LinkParam(K + "sasaran_angka", "sasaran_angka", None, canonical,
                  _number(MAX_TARGET, lower=1)),
        LinkParam(K + "dibiayai", "dibiayai", GAP, str,
                  lambda x: x if x in (GAP, TYPE) else None),
        LinkParam(K + "pekerja", "pekerja", None, canonical,
                  _number(MAX_WORKERS, zero_ok=True, whole=True)),
        LinkParam(K + "tarif", "tarif", rates["jkk_jkm"].monthly, canonical,
                  _number(MAX_RATE, MIN_RATE)),
        LinkParam(K + "jht", "jht", False, lambda v: "ya", lambda x: True if x == "ya" else None),
        LinkParam(K + "tarif_jht", "tarif_jht", rates["jht"].monthly, canonical,
                  _number(MAX_RATE, MIN_RATE)),
    ]


def choices_from_state() -> Choices:
    ss = st.session_state
    return Choices(
        workforce=ss[K + "dasar"], workforce_typed=ss.get(K + "tk"),
        target=ss[K + "sasaran"], target_typed=ss.get(K + "sasaran_angka"),
        app_target=float(current_state().target), enrol=ss[K + "dibiayai"],
        enrol_typed=ss.get(K + "pekerja"), rate=float(ss[K + "tarif"]), jht=bool(ss[K + "jht"]),
        jht_rate=float(ss[K + "tarif_jht"]))


def _keep_known(key: str, options: list[str]) -> None:
    """A choice the region does not offer (a link made for another region) falls back to the
    default, with a notice when it was not the default."""
    ss = st.session_state
    if ss.get(key) not in options:
        if ss.get(key):
            st.warning(t("link_rejected", items=f"{shown_value(key.removeprefix(K))}="
                         f"'{shown_value(ss[key])}'"))
        ss[key] = ""


# a range ("between Rp6.05 billion and Rp16.13 billion") wraps instead of being cut off
WRAP_METRICS = """<style>
[class*="st-key-rencana_angka"] [data-testid="stMetricValue"],
[class*="st-key-rencana_angka"] [data-testid="stMetricValue"] * {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; line-height: 1.15;
  font-size: clamp(1.5rem, 5.5vw, 2.25rem);}
</style>"""


def plan_view(data) -> None:
    """The whole page below its title."""
    st.html(WRAP_METRICS)
    lang = current_language()
    # the figures sorted out once (bundled: once per process); plans of the bundled data are
    # cached by their inputs, an upload's are computed for this session
    figures = cache.session_lookup(uploaded_data())
    regions = region_choices(data)
    params = linked(regions)
    entering = K + "kode" not in st.session_state  # from another page
    restore_linked(params)
    if entering and not st.query_params.get("kode") and region_being_read() in regions:
        st.session_state[K + "kode"] = region_being_read()  # from a profile: the same region
    kode = st.selectbox(t("plan_region"), list(regions), key=K + "kode", format_func=regions.get)
    reading(kode)
    known = plan_compute.facts(figures, kode)  # the bundled data's: worked out once per region
    bases, default_base = known.bases, known.default_base
    base_ids = [""] + [i for i in bases["figure_id"]
                       if default_base is None or i != default_base["figure_id"]] + [TYPE]
    targets = known.targets
    _keep_known(K + "dasar", base_ids)
    _keep_known(K + "sasaran", ["", *targets["figure_id"], TYPE])
    choices = choices_from_state()
    p = bundled_or_uploaded(lambda: cache.region_plan(kode, choices), lambda _: plan_compute.build(
        data.regions, data.table.provinces, figures, kode, choices))
    region_links(p.kode, p.name, p.province, p.province_name, PLAN_PAGE)
    now_section(p, bases, default_base, base_ids, lang)
    gap_section(p, data, targets, lang)
    cost_section(p, lang)
    plans = bundled_or_uploaded(
        lambda: cache.province_plans(p.province, plan_inputs.province_choices(choices)),
        lambda _: plan_compute.province_rows(data.regions, data.table.provinces, figures,
                                             p.province, choices))
    province_section(p, plans, lang, key=None if uploaded_data() else (
        p.province, plan_inputs.province_choices(choices), lang))
    write_linked(params)
    brief_section(data, p, plans, lang)


def now_section(p: plan_compute.Plan, bases: pd.DataFrame, default_base: dict | None,
                base_ids: list[str], lang: str) -> None:
    st.subheader(t("plan_now_title"))
    if p.start is None:
        st.markdown(safe(t("profile_no_public", name=p.name)))
    elif p.start["metric"] == "active_participants":
        st.markdown(safe(t("plan_start_participants", name=p.name,
                           figure=derived_words.figure_text(p.start, lang, listed=True))))
    else:
        st.markdown(f"**{safe(profile.latest_sentence(p.name, p.start, lang))}**")
    by_id = {r["figure_id"]: r for r in bases.to_dict("records")}

    def label(choice: str) -> str:
        if choice == TYPE:
            return t("plan_base_type", lang)
        if choice == "":
            if default_base is not None:
                return t("plan_base_default", lang, figure=derived_words.figure_text(
                    default_base, lang, listed=True))
            return t("plan_base_none_same" if len(bases) else "plan_base_none", lang)
        return derived_words.figure_text(by_id[choice], lang, listed=True)

    choice = st.selectbox(t("plan_base_label"), base_ids, key=K + "dasar", format_func=label,
                          help=t("plan_base_help"))
    if choice == TYPE:
        number_box(K + "tk", t("plan_base_typed_label"), t("plan_base_typed_what"), lang,
                   MAX_WORKERS, "250.000" if lang == "id" else "250,000", lower=1,
                   whole=True)
        st.caption(t("plan_typed_caption"))
    if p.need.mixed_base:
        st.caption(safe(t("plan_base_mixed", coverage=derived_words.figure_text(
            p.start, lang, listed=True))))


def gap_section(p: plan_compute.Plan, data, targets: pd.DataFrame, lang: str) -> None:
    st.subheader(t("plan_target_title"))
    by_id = {r["figure_id"]: r for r in targets.to_dict("records")}
    app = float(current_state().target)

    def label(choice: str) -> str:
        if choice == TYPE:
            return t("plan_target_type", lang)
        if choice == "":
            return t("plan_target_app" if app == DEFAULT_TARGET else "plan_target_app_typed",
                     lang, v=fmt_value(app, "pct", lang))
        fig = by_id[choice]
        area = fig["area_name"] if fig["kode"] else t("level_national", lang)
        what = t("plan_target_ucj_of" if fig.get("base") == "target_ucj" else "plan_target_of",
                 lang, area=area)
        return t("plan_target_figure", lang, v=fmt_value(fig["value"], "pct", lang), what=what,
                 year=str(fig["as_of"] or "")[:4] or t("date_missing", lang),
                 source=wording.publisher(fig, lang), id=fig["figure_id"])

    left, right = st.columns([3, 2])
    with left:
        choice = st.selectbox(t("plan_target_label"), ["", *targets["figure_id"], TYPE],
                              key=K + "sasaran", format_func=label)
        if choice == TYPE:
            number_box(K + "sasaran_angka", t("plan_target_typed_label"),
                       t("plan_target_typed_what"), lang, MAX_TARGET,
                       "75" if lang == "id" else "75", lower=1)
    right.container(key=K + "angka_selisih").metric(
        t("plan_gap_metric"), plan_words.gap_words(p, lang) if p.need.known else MISSING)
    st.markdown(safe(plan_words.need_text(p, lang)))


def cost_section(p: plan_compute.Plan, lang: str) -> None:
    st.subheader(t("plan_cost_title"))
    left, right = st.columns([3, 2])
    with left:
        enrol = st.radio(t("plan_enrol_label"), [GAP, TYPE], key=K + "dibiayai",
                         horizontal=True, format_func=lambda c: t(
                             "plan_enrol_gap" if c == GAP else "plan_enrol_type", lang))
        if enrol == TYPE:
            number_box(K + "pekerja", t("plan_enrol_typed_label"), t("plan_enrol_typed_what"),
                       lang, MAX_WORKERS, "10.000" if lang == "id" else "10,000",
                       zero_ok=True, whole=True)
            st.caption(t("plan_typed_caption"))
        number_box(K + "tarif", t("plan_rate_label"), t("plan_rate_what"), lang, MAX_RATE,
                   "16.800" if lang == "id" else "16,800", unit="Rp", lower=MIN_RATE)
        st.caption(f"{t(RATES['jkk_jkm'].basis)}. {t('rate_check')}")
    known = not math.isnan(p.enrol_low)
    right.container(key=K + "angka_biaya").metric(
        t("plan_cost_metric"), plan_words.cost_words(p.cost, lang) if known else MISSING)
    st.markdown(safe(plan_words.cost_text(p, lang)))
    with left:
        jht = st.toggle(t("plan_jht_toggle"), key=K + "jht")
        if jht:
            number_box(K + "tarif_jht", t("plan_jht_rate_label"), t("plan_rate_what"), lang,
                       MAX_RATE, "20.000" if lang == "id" else "20,000", unit="Rp",
                       lower=MIN_RATE)
            st.caption(f"{t(RATES['jht'].basis)}. {t('rate_check')}")
    if jht:
        right.container(key=K + "angka_jht").metric(t("plan_jht_metric"), plan_words.cost_words(
            derived.add(p.cost, p.jht_cost), lang) if known else MISSING)
        st.markdown(safe(plan_words.jht_text(p, lang)))
    st.markdown(f"**{t('plan_apbd_title')}**")
    st.markdown(safe(plan_words.apbd_text(p, lang)))
    if len(p.apbd):
        with st.expander(t("plan_apbd_figures") + f" ({len(p.apbd)})"):
            st.dataframe(figure_columns(p.apbd), hide_index=True, placeholder=MISSING,
                         column_config=link_column())


def province_section(p: plan_compute.Plan, plans: list[plan_compute.Plan], lang: str,
                     key: tuple | None = None) -> None:
    """Every regency of the province; ``key``: what the bundled data's plans were made from
    (province, the choices they take, language): the table and chart are then made once."""
    st.subheader(t("plan_province_title", province=p.province_name))
    st.caption(t("plan_province_intro"))

    def parts():
        table = plan_words.province_table(plans, lang)
        shown = table[table["perlu_maks"].fillna(0) > 0]
        chart = None
        if len(shown):
            shown = charts.largest_first(shown.assign(label=shown["perlu_teks"]), "perlu_min",
                                         "perlu_maks")
            chart = charts.in_language(charts.range_bars(
                shown, t("plan_chart_title", lang), t("plan_gap_metric", lang), "perlu_min",
                "perlu_maks", names=t("col_region", lang), value_text="perlu_teks"), lang)
        return (len(table), plan_words.province_frame(table, p.jht, lang),
                plan_words.province_lines(plans, p.jht, lang), chart and (
                    # the same chart whatever the numbers: checked against Altair's schema on
                    # the way an upload's is shown (st.altair_chart), not for every rate typed
                    chart if key is None else chart.to_dict(validate=False)))

    rows, frame, lines, chart = parts() if key is None else cache.view_part(
        ("plan_province", *key), parts)
    st.dataframe(numbers_in_language(frame, lang), hide_index=True, placeholder=MISSING,
                 key=K + "tabel", height=36 * (rows + 1) + 4)  # every regency at once
    for line in lines:
        st.markdown(safe(line))
    if chart is not None:
        if key is None:
            st.altair_chart(chart, width="stretch")
        else:  # the chart's specification, made once per key
            st.vega_lite_chart(chart, width="stretch")
        st.caption(t("plan_chart_caption"))


def brief_section(data, p: plan_compute.Plan, plans: list[plan_compute.Plan], lang: str) -> None:
    """The one-page PDF (made when asked for, in turn) and the XLSX (made when clicked)."""
    st.subheader(t("plan_brief_title"))
    upload = uploaded_data()
    uploaded = upload["name"] if upload else ""
    link = "" if uploaded else share_url("rencana")

    def xlsx() -> bytes:
        set_language(lang)  # runs on another thread: carry the language over
        return brief.xlsx(p, plans, link, lang, uploaded=uploaded)

    stem = brief.file_stem(p.name)
    cols = st.columns(2)
    with cols[0]:
        made_file(FileSpec(K + "pdf", t("plan_brief_pdf"), f"{stem}.pdf", "application/pdf",
                           ":material/picture_as_pdf:"),
                  lambda on_page: brief.pdf(p, plans, link, lang, uploaded=uploaded),
                  (share_url("rencana"), lang, data_version()))
    cols[1].download_button(t("plan_brief_xlsx"), xlsx, f"{stem}.xlsx", brief.XLSX_MIME,
                            on_click="ignore", key=K + "xlsx", icon=":material/table_view:",
                            width="stretch")
    st.caption(t("plan_brief_caption"))
