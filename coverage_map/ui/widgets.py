"""Shared table widgets: figure columns in the app's language, link columns, numbers written as the
language writes them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map.figures import wording
from coverage_map.language.i18n import fmt_date, fmt_plain, t
from coverage_map.ui import urlstate
from coverage_map.ui.link_state import current_state


MISSING = "–"  # what a table shows where there is no figure (Streamlit's own is "None")


def figure_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Shared display columns for tables of figures: what is known, its certainty, date,
    source, base, caveats and ID, all in the app's language."""
    rows = df.to_dict("records")

    def text(r) -> str:
        if r.get("status") == "statement":
            return r["statement"]
        if not r.get("kind") or pd.isna(r.get("value")):
            return "–"
        return wording.value_text(r) if r.get("kind") != "group" else wording.statement(r)

    return pd.DataFrame({
        t("col_value"): [text(r) for r in rows],
        t("col_certainty"): [wording.certainty(r) if r.get("kind") else "–" for r in rows],
        t("col_as_of"): [fmt_date(r["as_of"]) if r.get("kind") else "–" for r in rows],
        t("col_source"): [wording.publisher(r) or "–" for r in rows],
        t("col_link"): [r["source_url"] if isinstance(r.get("source_url"), str) else ""
                        for r in rows],
        t("col_base"): [t(f"base_{r['base']}") if r.get("base") else "–" for r in rows],
        t("col_caveats"): [wording.caveats_text(r).partition(": ")[2] or "–" for r in rows],
        t("col_id"): [r["figure_id"] or "–" for r in rows],
    })


def link_column(pinned: str | None = None) -> dict:
    """``column_config`` that shows the link column as a short clickable word, in the app's
    language (the column's name is the language's too); ``pinned``: a column (the region's
    name) that stays in view when a phone scrolls the table sideways."""
    config = {t("col_link"): st.column_config.LinkColumn(t("col_link"),
                                                        display_text=t("link_text"))}
    if pinned:
        config[pinned] = st.column_config.TextColumn(pinned, pinned=True)
    return config


def numbers_in_language(frame: pd.DataFrame, lang: str):
    """``frame`` for ``st.dataframe`` with its numbers written as in the app's language, not the
    browser's (``298,061`` is a decimal to an Indonesian reader); columns still sort by value."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    return frame.style.format({c: lambda v: "–" if pd.isna(v) else fmt_plain(v, lang)
                               for c in numeric})


# --- one region, from any page -----------------------------------------------------------

PROFILE_PAGE = "pages/wilayah.py"


def region_choices(data) -> dict[str, str]:
    """Every region a profile can show: provinces first, then their kab/kota, by code."""
    choices = {}
    for prov in sorted(data.table.provinces):
        choices[prov] = data.table.provinces[prov]
        regs = data.regions[data.regions["kode_prov"] == prov].sort_values("kode")
        choices.update({k: f"{n} · {data.table.provinces[prov]}"
                        for k, n in zip(regs["kode"], regs["nama"])})
    return choices


READING = "_wilayah_dibaca_"  # the region the reader last read on a page for one region
PLAN_PAGE, ANALYSIS_PAGE = "pages/rencana.py", "pages/analisis.py"


def reading(kode: str | None) -> None:
    """Remember the region being read (its profile, its plan): the other page for one region,
    opened from the sidebar, opens on it."""
    if kode:
        st.session_state[READING] = kode


def region_being_read() -> str | None:
    return st.session_state.get(READING)


def region_links(kode: str, name: str, province: str, province_name: str, here: str) -> None:
    """Links to the same region on the other pages (its profile, its plan, its province's
    regencies in Analisis), keeping the view's other settings (target, language ...)."""
    view = urlstate.to_params(current_state())
    links = [(PROFILE_PAGE, t("link_profile_of", name=name), ":material/insights:",
              {"kode": kode}),
             (PLAN_PAGE, t("link_plan_of", name=name), ":material/calculate:", {"kode": kode}),
             (ANALYSIS_PAGE, t("link_analysis_of", name=province_name),
              ":material/table_chart:", {"prov": province})]
    shown = [x for x in links if x[0] != here]
    for column, (page, label, icon, params) in zip(st.columns(len(shown)), shown):
        column.page_link(page, label=label, icon=icon, query_params={**view, **params})


def open_profile(kode: str, page: str = PROFILE_PAGE) -> None:
    """Go to a region's profile (from the map, a table row), or to its plan (``PLAN_PAGE``),
    keeping the view's other settings."""
    st.switch_page(page, query_params={**urlstate.to_params(current_state()), "kode": kode})


def profile_of_row(event, kodes: list[str]) -> None:
    """A table row chosen: open that region's profile."""
    rows = event.selection.rows if event is not None else []
    if rows:
        open_profile(kodes[rows[0]])
