"""Profil Wilayah: one region's story over time, its gap to the target, every figure it has, and
its one-page fact sheet (a province's regencies as a bundle)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map.figures import coverage, profile
from coverage_map.render import charts, factsheet
from coverage_map.ui import cache
from coverage_map.language.i18n import current_language, fmt_value, t
from coverage_map.ui.link_state import PROFILE_KEY, current_state, page_params, share_url
from coverage_map.ui.text import safe
from coverage_map.ui.text import shown_value
from coverage_map.ui.downloads import FileSpec, made_file
from coverage_map.ui.session import bundled_or_uploaded, data_version, uploaded_data
from coverage_map.ui.widgets import (MISSING, PROFILE_PAGE, figure_columns, link_column,
                                     reading, region_being_read, region_choices, region_links)

_FROM_LINK = "_kode_dari_tautan"  # the last region a link asked for


def region_choice(data) -> str | None:
    """The region to show: the link's ``?kode=`` when it asks for a new one, else the search
    box (a region's name or code, typed)."""
    choices = region_choices(data)
    ss = st.session_state
    wanted = st.query_params.get("kode", "")
    if wanted and (wanted != ss.get(_FROM_LINK) or PROFILE_KEY not in ss):  # a new link,
        # or a way here from the map (the box's own choice is not overruled by the old link)
        ss[_FROM_LINK] = wanted
        if wanted in choices:
            ss[PROFILE_KEY] = wanted
        else:
            st.warning(t("profile_unknown_code", code=shown_value(wanted)))
    elif not wanted and PROFILE_KEY not in ss and region_being_read() in choices:
        ss[PROFILE_KEY] = region_being_read()  # from the plan of a region: the same region
    if ss.get(PROFILE_KEY) not in choices:
        ss[PROFILE_KEY] = None
    kode = st.selectbox(t("profile_choose"), list(choices), key=PROFILE_KEY,
                        format_func=choices.get, placeholder=t("profile_choose_placeholder"))
    reading(kode)
    ss[_FROM_LINK] = kode or ""
    page_params(kode=kode or "")
    return kode


def _profile(data, kode: str) -> profile.Profile:
    return _profile_for(data, kode, float(current_state().target), current_language())


def region_profile(data, kode: str) -> None:
    """The whole profile of one region."""
    p = _profile(data, kode)
    lang = current_language()
    st.page_link("pages/peta.py", label=t("profile_back_to_map"), icon=":material/arrow_back:")
    st.header(p.name)
    region_links(p.kode, p.name, p.province, p.province_name, PROFILE_PAGE)
    if p.level == "kabkota":
        st.caption(p.province_name)
    text, side = st.columns([3, 1])
    with text:
        st.markdown(f"**{safe(p.statement())}**")
        rank = profile.rank_text(p)
        if rank:
            st.markdown(safe(rank))
        if p.latest is None and len(p.figures):
            st.caption(t("profile_other_figures_only"))
    side.image(cache.region_locator(kode), caption=t("profile_locator", name=p.name),
               width=220)
    timeline_section(p, lang)
    gap_section(p)
    counts_section(p)
    figures_section(p)
    fact_sheet_downloads(data, p, lang)


def timeline_section(p: profile.Profile, lang: str) -> None:
    st.subheader(t("profile_timeline_title"))
    points = profile.labelled(p, lang)
    if not (points["series"] == "region").any():
        st.info(t("profile_timeline_none", name=p.name))
    order = list(dict.fromkeys(points["series_label"]))
    target = fmt_value(p.target, "pct")
    chart = charts.timeline(points, p.target, t("profile_timeline_chart", name=p.name),
                            t("legend_target", target=target), "%", order)
    st.altair_chart(charts.in_language(chart, lang), width="stretch")
    st.caption(t("timeline_bases", bases=charts.base_key(points)))
    st.caption(t("profile_timeline_key"))
    undated = p.points[p.points["x"].isna()]
    if len(undated):
        st.caption(t("profile_undated", ids=", ".join(undated["figure_id"])))
    notes = p.base_changes + p.disagreements
    if notes:
        st.markdown(f"**{t('profile_jumps_title')}**\n\n" +
                    "\n".join(f"- {safe(n)}" for n in notes))


def gap_section(p: profile.Profile) -> None:
    st.subheader(t("profile_gap_title", target=fmt_value(p.target, "pct")))
    st.markdown(safe(profile.gap_sentence(p)))


def counts_section(p: profile.Profile) -> None:
    st.subheader(t("profile_counts_title"))
    if p.counts.empty:
        st.markdown(t("profile_counts_none"))
        return
    counts = p.counts.assign(metric_label=[coverage.metric_label(m) for m in p.counts["metric"]])
    columns = figure_columns(counts)  # the table, and the chart's labels
    chart_points = counts.assign(x=[profile.as_date(a) for a in counts["as_of"]],
                                 label=[f"{v} [{i}]" for v, i in zip(
                                     columns[t("col_value")], counts["figure_id"])])
    chart_points = chart_points[chart_points["x"].notna()]
    panels = charts.counts_over_time(chart_points) if len(chart_points) else []
    for row in range(0, len(panels), 2):  # two a row; on a phone one under the other
        for column, panel in zip(st.columns(2), panels[row:row + 2]):
            column.altair_chart(charts.in_language(panel, current_language()), width="stretch")
    st.dataframe(pd.concat([pd.DataFrame({t("col_metric"): counts["metric_label"]}), columns],
                           axis=1), hide_index=True, placeholder=MISSING,
                 column_config=link_column())


def figures_section(p: profile.Profile) -> None:
    st.subheader(t("profile_figures_title", n=len(p.figures)))
    if p.figures.empty:
        st.markdown(t("profile_no_figures", name=p.name))
        return
    st.caption(t("profile_figures_caption"))
    st.dataframe(pd.concat([pd.DataFrame({t("col_metric"): [coverage.metric_label(m)
                                                            for m in p.figures["metric"]]}),
                            figure_columns(p.figures)], axis=1),
                 hide_index=True, placeholder=MISSING, column_config=link_column())


def fact_sheet_downloads(data, p: profile.Profile, lang: str) -> None:
    """The region's one-page fact sheet, and its province's regencies as one PDF, each made
    from this session's figures (the upload included) when asked for."""
    st.subheader(t("factsheet_title"))
    target = p.target
    upload_state = uploaded_data()
    uploaded = upload_state["name"] if upload_state else ""
    link = share_url("wilayah")
    kodes = data.regions[data.regions["kode_prov"] == p.province].sort_values("kode")["kode"]

    def sheets(chosen: list[str], links: list[str]):
        def make(on_page) -> bytes:
            profiles = [_profile_for(data, k, target, lang) for k in chosen]
            return factsheet.pdf(profiles, data, links, lang, uploaded=uploaded,
                                 locator=cache.region_locator, on_page=on_page)
        return make

    base = link.split("?", 1)[0]
    version = (p.kode, target, lang, link, data_version())
    stem = factsheet.file_stem(p.name)
    cols = st.columns(2)
    with cols[0]:
        made_file(FileSpec("lembar_fakta", t("factsheet_one", name=p.name), f"{stem}.pdf",
                           "application/pdf", ":material/picture_as_pdf:"),
                  sheets([p.kode], [link]), version)
    with cols[1]:
        made_file(FileSpec("lembar_fakta_provinsi", t("factsheet_bundle",
                                                      province=p.province_name, n=len(kodes)),
                           f"{factsheet.file_stem(p.province_name)}-kabkota.pdf",
                           "application/pdf", ":material/library_books:", pages=len(kodes)),
                  sheets(list(kodes), [f"{base}?kode={k}" for k in kodes]), version)
    st.caption(t("factsheet_caption"))


def _profile_for(data, kode: str, target: float, lang: str) -> profile.Profile:
    """A region's profile on this session's figures (the upload included; files are made in
    the session's own run, so they see it too)."""
    return bundled_or_uploaded(
        lambda: cache.profile(kode, target, lang),
        lambda _: profile.build(data.regions, data.table.provinces,
                                cache.session_lookup(uploaded_data()), kode, target, lang))


