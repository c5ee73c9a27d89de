"""Editors publish: a table read and checked as an upload is, what would change, the source
stated, published as a new version; the versions, each downloadable, and rollback."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map.data import upload
from coverage_map.figures import coverage
from coverage_map.language.i18n import current_language, fmt_date, fmt_value, t
from coverage_map.render import spreadsheet
from coverage_map.store import accounts, db, versions
from coverage_map.ui import cache, published, sign_in
from coverage_map.ui.text import file_name, safe
from coverage_map.ui.report_view import report_details, table_file
from coverage_map.ui.widgets import MISSING

_ROUND = "_terbit_putaran"
CHANGE_ORDER = (versions.GAIN, versions.CHANGE, versions.LOSE, versions.ADD, versions.DISAGREE)


def editor_page(data) -> None:
    """Sign in, or, signed in: publish and the versions."""
    editor = sign_in.signed_in()
    st.title(t("page_editor") if editor is None else t("editor_title"))
    if editor is None:
        if published.current() is None:
            st.error(t("publish_unavailable"), icon=":material/cloud_off:")
            return
        sign_in.sign_in_form()
        return
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.markdown(sign_in.editor_line(editor, data.table.provinces))
    right.button(t("signin_out"), on_click=sign_in.sign_out, key="keluar_editor",
                 icon=":material/logout:")
    done = st.session_state.pop("_terbit_selesai", None)
    if done:
        st.success(t("publish_done", n=done), icon=":material/check_circle:")
    publish_section(data, editor)
    versions_section(editor, data)


def publish_section(data, editor: accounts.Editor) -> None:
    st.subheader(t("publish_heading"))
    st.markdown(t("publish_intro"))
    round_ = st.session_state.get(_ROUND, 0)  # a new, empty form after each publication
    left, right = st.columns(2)
    as_of = left.text_input(t("upload_as_of"), key=f"terbit_tanggal_{round_}",
                            help=t("upload_as_of_help"))
    source = right.text_input(t("publish_source"), key=f"terbit_sumber_{round_}",
                              max_chars=versions.MAX_SOURCE, help=t("publish_source_help"),
                              placeholder=t("publish_source_placeholder"))
    given = table_file(f"terbit_berkas_{round_}", as_of)
    if given is None:
        return
    uploaded, parsed_date = given
    data_bytes = uploaded.getvalue()
    report = upload.validate(data_bytes, uploaded.name, data.table, as_of=parsed_date)
    if not report.usable:
        st.error(t("upload_failed", name=file_name(report.file)))
        report_details(report)
        return
    with st.expander(t("publish_report", n=len(report.figures), rows=len(report.matched))):
        report_details(report)
    preview = versions.preview(report.figures, editor, cache.bundled().figures)
    if preview.refused:
        st.error(t("pub_other_province") + "\n\n" +
                 "\n".join(f"- {safe(row)}" for row in preview.refused))
        return
    preview_section(preview)
    if not versions.clean_text(source):
        st.info(t("pub_need_source"), icon=":material/edit_note:")
    if st.button(t("publish_button"), type="primary", key="terbitkan",
                 disabled=not versions.clean_text(source), icon=":material/publish:"):
        _publish(report.figures, editor, source, uploaded.name, data_bytes)


def _publish(figures, editor, source, name, data_bytes) -> None:
    editor = sign_in.signed_in()  # still signed in, the account still open
    if editor is None:
        st.error(t("signin_expired"))
        return
    try:
        number = versions.publish(figures, editor, source, name, data_bytes)
    except versions.PublishError as exc:
        st.error(t(exc.key, **exc.values) + "".join(f"\n- {safe(r)}" for r in exc.rows))
        return
    except db.Unavailable:
        st.error(t("publish_unavailable"))
        return
    st.session_state["_terbit_selesai"] = number
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
    published.settle()
    st.rerun()


def preview_section(preview: versions.Preview) -> None:
    """What readers would see change, by kind, with the numbers before and after."""
    st.markdown(f"**{t('preview_heading')}**")
    counts = [t(f"pub_change_{kind}", n=preview.count(kind)) for kind in CHANGE_ORDER
              if preview.count(kind)]
    st.markdown("\n".join(f"- {line}" for line in counts) or t("preview_nothing"))
    if preview.count(versions.DISAGREE):
        st.warning(t("preview_disagree"), icon=":material/compare_arrows:")
    rows = [{t("col_change"): t(f"pub_kind_{c.kind}"), t("col_region"): c.area_name,
             t("col_metric"): coverage.metric_label(c.metric),
             t("col_as_of"): fmt_date(c.as_of) if c.as_of else t("date_missing"),
             t("col_before"): _number(c.before, c.metric),
             t("col_after"): _number(c.after, c.metric),
             t("col_source"): c.before_source or MISSING}
            for c in sorted(preview.changes, key=lambda c: (CHANGE_ORDER.index(c.kind),
                                                            c.area_name))]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder=MISSING)


def _number(value, metric: str) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return fmt_value(value, upload.METRIC_UNITS.get(metric, "persons"))


def versions_section(editor: accounts.Editor, data) -> None:
    st.subheader(t("versions_heading"))
    listed = versions.listing()
    if not listed:
        st.markdown(t("versions_none"))
        return
    newest = listed[-1].number
    for v in reversed(listed):
        line = version_line(v)
        cols = st.columns([4, 1], vertical_alignment="center")
        cols[0].markdown(("**" + t("versions_current") + "** · " if v.number == newest else "")
                         + line)
        if v.number != newest:
            cols[1].button(t("versions_rollback"), key=f"kembali_{v.number}",
                           help=t("versions_rollback_help", n=v.number), on_click=_rollback,
                           args=(v.number,), icon=":material/history:")
    message = st.session_state.pop("_kembali_pesan", None)
    if message:
        st.info(message)


def version_line(v: versions.Version, lang: str | None = None, markdown: bool = True) -> str:
    """``Versi 3 · 4 Desember 2026 · kalsel · BPJS …: 12 angka dari kalsel.csv`` (for
    markdown, its texts escaped; else as written, for a file)."""
    shown = safe if markdown else str
    what = (t("pub_rollback_to", lang, n=v.rollback_to) if v.rollback_to is not None
            else t("pub_rows", lang, n=v.row_count,
                   file=file_name(v.file_name) if markdown else v.file_name))
    return t("versions_line", lang, n=v.number,
             date=fmt_date(accounts.local(v.created_at).date().isoformat(), lang),
             time=accounts.local(v.created_at).strftime(
                 "%H.%M" if (lang or current_language()) == "id" else "%H:%M"),
             editor=shown(v.editor), source=shown(v.source), what=what)


def _rollback(number: int) -> None:
    editor = sign_in.signed_in()
    if editor is None:
        return
    try:
        made = versions.rollback(number, editor)
        st.session_state["_kembali_pesan"] = t("versions_rolled_back", n=number, made=made)
    except versions.PublishError as exc:
        st.session_state["_kembali_pesan"] = t(exc.key, **exc.values) + "".join(
            f"\n- {safe(r)}" for r in exc.rows)
    except db.Unavailable:
        st.session_state["_kembali_pesan"] = t("publish_unavailable")


def version_download(number: int, lang: str) -> bytes:
    """A version's own table, as CSV with a header naming the version, its source and date
    (Sumber & Metode offers one per version)."""
    v = versions.version(number)
    header = [version_line(v, lang, markdown=False)] if v else []
    return spreadsheet.table_csv(versions.version_table(number), header)


def published_versions() -> None:
    """On Sumber & Metode: every published version, who published it, from what source, and
    its own table to download."""
    try:
        listed = versions.listing()
    except db.Unavailable:
        st.warning(t("published_unavailable"))
        return
    if not listed:
        return
    st.subheader(t("sources_heading_published"))
    st.markdown(t("sources_published_intro"))
    lang = current_language()
    for v in reversed(listed):
        cols = st.columns([4, 1], vertical_alignment="center")
        cols[0].markdown(version_line(v))
        if v.rollback_to is None:
            cols[1].download_button(
                t("versions_download"), lambda n=v.number: version_download(n, lang),
                f"data-resmi-versi-{v.number}.csv", "text/csv", on_click="ignore",
                key=f"unduh_versi_{v.number}", icon=":material/download:")
