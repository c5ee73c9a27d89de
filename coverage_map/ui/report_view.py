"""A table file as the pages take it: its box, its date, and its validation report (errors,
warnings, rows not placed and rows placed). Unggah Data and the editors' page read tables the
same way and show the same report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map.data import upload, upload_headers
from coverage_map.figures import coverage
from coverage_map.language.i18n import fmt_value, t
from coverage_map.ui.text import safe
from coverage_map.ui.widgets import MISSING


def table_file(key: str, as_of: str):
    """The file box (``key``) and the date typed for the file: ``(file, date)`` once a file is
    given (the date as ``upload.parse_date`` reads it; a date it cannot read is said so),
    else None."""
    uploaded = st.file_uploader(t("upload_file"), key=key,
                                max_upload_size=upload_headers.MAX_BYTES // 1_000_000)
    if uploaded is None:
        return None
    parsed_date = upload.parse_date(as_of) if as_of.strip() else ""
    if as_of.strip() and not parsed_date:
        st.warning(t("up_bad_date") + " " + t("up_hint_date"))
    return uploaded, parsed_date


def report_details(report: upload.Report) -> None:
    """The report's errors, warnings, rows not placed and rows placed (also on the editors'
    page, which reads tables the same way)."""
    for issue in report.errors:
        st.error(safe(issue))
    for issue in report.warnings:
        st.warning(safe(issue))
    if report.unmatched:
        st.markdown(f"**{t('upload_unmatched', n=len(report.unmatched))}**")
        st.dataframe(pd.DataFrame(report.unmatched).rename(columns={
            "row": t("col_row"), "given": t("col_given"), "reason": t("col_reason"),
            "candidates": t("col_candidates")}), hide_index=True, placeholder=MISSING)
    if report.matched:
        with st.expander(t("upload_matched", n=len(report.matched))):
            st.dataframe(pd.DataFrame([
                {t("col_row"): m["row"], t("col_given"): m["given"], "kode": m["kode"],
                 t("col_region"): m["nama"],
                 **{coverage.metric_label(k): fmt_value(v, upload.METRIC_UNITS[k])
                    for k, v in m["metrics"].items()}} for m in report.matched]),
                hide_index=True, placeholder=MISSING)
