"""Unggah Data: template, upload, the validation report; the badge on every page."""

from __future__ import annotations

import secrets

import streamlit as st

from coverage_map.data import upload, upload_template
from coverage_map.render import spreadsheet
from coverage_map.ui import component, memory, shared_upload
from coverage_map.language.i18n import current_language, t
from coverage_map.ui.first_view import FULL_PAGE
from coverage_map.ui.text import file_name
from coverage_map.ui.session import UPLOAD_KEY, uploaded_data, use_upload
from coverage_map.ui.report_view import report_details, table_file


def upload_badge() -> None:
    """On every page while uploaded data is in use: what is shown, that it lives only in this
    browser session (leaving or reloading asks first) or, shared, until when its link works,
    and the way back."""
    shared_upload.open_from_link()
    shared_upload.gone_notice()
    upload_state = uploaded_data()
    if not upload_state:
        # in a container drawn on the light first view too, so that what follows keeps its
        # place (the map keeps its frame) when the whole page comes
        slot = st.container()
        if st.session_state.get(FULL_PAGE):  # not on a light first view: the map first
            with slot:
                lost_upload_notice(component.upload_guard("penjaga_unggahan", None,
                                                          _session()))
        return
    left, right = st.columns([3, 1], vertical_alignment="center")
    # the badge's label is not escaped markdown: the file name goes beside it, escaped
    left.badge(t("upload_badge_plain"), icon=":material/upload_file:", color="orange")
    left.caption(file_name(upload_state["name"]) + " · " + t(
        f"upload_badge_{upload_state['mode']}") + " " + (
        shared_upload.badge_words() or t("upload_session_only")))
    right.button(t("upload_back"), on_click=_drop_upload, key="kembali_bawaan",
                 icon=":material/undo:")
    # a shared upload comes back with its link: leaving the page need not ask first
    component.upload_guard("penjaga_unggahan", None if shared_upload.shared()
                           else upload_state["name"], _session())


def _session() -> str:
    """A name for this session, kept in it (the browser tab tells sessions apart by it)."""
    return st.session_state.setdefault("_nama_sesi", secrets.token_hex(8))


def lost_upload_notice(lost: dict | None) -> None:
    """This tab had an upload in a session that is gone (the server process was restarted,
    or the page reloaded): the view came back from the link; the file must be uploaded again.
    Said once per loss (``lost["at"]``), until read."""
    ss = st.session_state
    if lost and lost.get("at") != ss.get(_LOST + "_at"):
        ss[_LOST], ss[_LOST + "_at"] = lost["lost"], lost.get("at")
    if ss.get(_LOST):
        st.warning(t("upload_lost", name=file_name(ss[_LOST])), icon=":material/sync_problem:")
        st.button(t("upload_lost_ok"), key="unggahan_hilang_dibaca",
                  on_click=lambda: ss.pop(_LOST, None))


_LOST = "_unggahan_hilang"


def _drop_upload() -> None:
    st.session_state.pop(UPLOAD_KEY, None)


def upload_section(data) -> None:
    """Template, upload, validation report; usable figures join the bundled ones (or, if the
    reader chooses, replace them)."""
    st.markdown(t("upload_intro"))
    template = upload_template.template(data.regions)
    # made here, in the reader's language (a download made when clicked runs on another thread)
    instructions = upload_template.instructions(data.regions, data.figures)
    sheet, lang = t("tpl_sheet"), current_language()
    cols = st.columns(2)
    cols[0].download_button(t("upload_template_csv"), spreadsheet.table_csv(
        template, upload_template.instruction_lines(instructions)), "templat-cakupan-jamsostek.csv",
        "text/csv", on_click="ignore", key="templat_csv")
    cols[1].download_button(t("upload_template_xlsx"), lambda: spreadsheet.table_xlsx(
        template, [], sheet="Templat", extra_sheets={sheet: instructions}, lang=lang),
        "templat-cakupan-jamsostek.xlsx", spreadsheet.XLSX_MIME, on_click="ignore",
        key="templat_xlsx")
    st.caption(t("upload_template_note"))
    left, right = st.columns(2)
    as_of = left.text_input(t("upload_as_of"), key="unggah_tanggal", help=t("upload_as_of_help"))
    source = right.text_input(t("upload_source"), key="unggah_sumber", help=t("upload_source_help"))
    mode = st.radio(t("upload_mode"), [upload.ADD, upload.REPLACE], key="unggah_cara",
                    format_func=lambda m: t(f"upload_mode_{m}"), horizontal=True,
                    help=t("upload_mode_help"), on_change=_mode_changed, args=(data,))
    # any type is taken here: a file of the wrong type gets the app's own message
    st.html(_uploader_words())
    given = table_file("berkas", as_of)
    if given is None:
        return
    uploaded, parsed_date = given
    signature = (uploaded.file_id, parsed_date, source.strip(), current_language())
    if st.session_state.get("_laporan_kunci") != signature:
        waiting = st.empty()
        report = upload.validate(uploaded.getvalue(), uploaded.name, data.table,
                                 as_of=parsed_date, source=source.strip(),
                                 on_wait=lambda place: waiting.info(
                                     t("upload_in_line", place=place), icon=":material/schedule:"))
        waiting.empty()
        st.session_state["_laporan"] = report
        st.session_state["_laporan_kunci"] = signature
        if report.usable:
            use_upload(data, uploaded.name, report.figures, mode)
        memory.release()  # the file's text and any earlier report
    upload_report(st.session_state["_laporan"], data)


def _uploader_words() -> str:
    """Streamlit writes its file box in English ("Upload", "10MB per file"): the app's words
    are put in their place."""
    def css_text(key: str) -> str:
        return '"' + t(key).replace("\\", "").replace('"', "'") + '"'

    box = ".st-key-berkas [data-testid='stFileUploaderDropzone']"
    return (f"<style>{box} button [data-testid='stMarkdownContainer'] p {{font-size: 0}}"
            f"{box} button [data-testid='stMarkdownContainer'] p::after "
            f"{{content: {css_text('upload_pick')}; font-size: .875rem}}"
            f"{box} [data-testid='stFileUploaderDropzoneInstructions'] span {{font-size: 0}}"
            f"{box} [data-testid='stFileUploaderDropzoneInstructions'] span::after "
            f"{{content: {css_text('upload_drop')}; font-size: .875rem}}</style>")


def _mode_changed(data) -> None:
    """Joined or alone: the upload in use follows the choice at once (before the badge)."""
    upload_state = uploaded_data()
    if upload_state:
        use_upload(data, upload_state["name"], upload_state["figures"],
                   st.session_state["unggah_cara"])
        if "bersama" in upload_state:  # the same file: still shared
            uploaded_data()["bersama"] = upload_state["bersama"]


def upload_report(report: upload.Report, data) -> None:
    """The validation report: what was used, what was not and why, what to do."""
    upload_state = uploaded_data()
    if report.usable:
        st.success(t("upload_ok", figures=len(report.figures), rows=len(report.matched),
                     name=file_name(report.file)))
        if upload_state and upload_state["mode"] == upload.ADD:
            hidden, _ = upload.combined_counts(data.figures, report.figures)
            st.info(t("upload_added", hidden=hidden), icon=":material/join:")
        st.page_link("pages/peta.py", label=t("upload_to_map"), icon=":material/map:")
    else:
        st.error(t("upload_failed", name=file_name(report.file)))
    report_details(report)
