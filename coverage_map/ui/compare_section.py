"""Bandingkan wilayah, on the map page: two to five regions chosen by name (the choice in the
link, ``?banding=64.09,64.02``), shown over time as a chart and as a table of the same
numbers (``figures.compare``)."""

from __future__ import annotations

import streamlit as st

from coverage_map.figures import compare
from coverage_map.language.i18n import current_language, fmt_value, t
from coverage_map.render import charts
from coverage_map.ui import cache
from coverage_map.ui.link_state import KEEP
from coverage_map.ui.page_link import LinkParam, restore_linked, write_linked
from coverage_map.ui.session import uploaded_data
from coverage_map.ui.widgets import MISSING, region_choices

KEY = "bandingkan"


def compare_link(choices: dict[str, str]) -> list[LinkParam]:
    return [LinkParam(KEY, "banding", [], ",".join,
                      lambda text: [k for k in text.split(",") if k in choices]
                      [:compare.MAX_REGIONS] or None)]


def compare_in_link(data) -> None:
    """On the light first view (nothing of the comparison drawn yet): the link's choice kept
    for the rest of the page, and in the link."""
    linked = compare_link(region_choices(data))
    restore_linked(linked)
    write_linked(linked)


def add_to_comparison(kode: str) -> None:
    """A region chosen on the map ("Bandingkan"): added to the regions compared (at most
    ``compare.MAX_REGIONS``; the reader is told when it is full or already there)."""
    ss = st.session_state
    chosen = list(ss.get(KEY, ss.get(KEEP + KEY, [])) or [])
    if kode in chosen:
        st.toast(t("compare_already"), icon=":material/compare_arrows:")
    elif len(chosen) >= compare.MAX_REGIONS:
        st.toast(t("compare_full", n=compare.MAX_REGIONS), icon=":material/block:")
    else:
        ss[KEY] = chosen + [kode]
        st.toast(t("compare_added", n=len(chosen) + 1), icon=":material/compare_arrows:")


def compare_regions(data, target: float) -> None:
    """The regions chosen, side by side over time: a chart and a table (tabs)."""
    lang = current_language()
    choices = region_choices(data)
    linked = compare_link(choices)
    restore_linked(linked)
    st.subheader(t("compare_title"))
    chosen = st.multiselect(t("compare_pick", n=compare.MAX_REGIONS), list(choices), key=KEY,
                            format_func=choices.get, max_selections=compare.MAX_REGIONS,
                            placeholder=t("compare_placeholder"))
    write_linked(linked)
    if len(chosen) < compare.MIN_REGIONS:
        st.caption(t("compare_hint", n=compare.MIN_REGIONS, most=compare.MAX_REGIONS))
        return
    names = {k: choices[k].split(" · ")[0] for k in chosen}
    figures = cache.session_lookup(uploaded_data())
    points = compare.points(figures, chosen, names, lang)
    chart_tab, table_tab = st.tabs([t("compare_tab_chart"), t("compare_tab_table")])
    with chart_tab:
        dated = points[points["x"].notna()]
        if dated.empty:
            st.info(t("compare_none"))
        else:
            order = [names[k] for k in chosen]
            chart = charts.timeline(
                dated, target, t("compare_chart_title"), t("legend_target", target=fmt_value(
                    target, "pct")), "%", order, colours=list(compare.COLOURS[:len(order)]),
                legend_columns=1)  # a region's name per line: the legend fits a phone
            st.altair_chart(charts.in_language(chart, lang), width="stretch")
            st.caption(t("timeline_bases", bases=charts.base_key(dated)))
            st.caption(t("profile_timeline_key"))
    with table_tab:
        st.dataframe(compare.table(points, lang), hide_index=True, placeholder=MISSING)
    missing = [names[k] for k in chosen if k not in set(points["kode"])]
    if missing:
        st.caption(t("compare_missing", names=", ".join(missing)))
