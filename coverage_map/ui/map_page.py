"""Peta Cakupan: the summary, the choropleth, KPIs, downloads, the ranked table and the province
figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coverage_map.figures import classify, coverage, wording
from coverage_map.render import export, maps, spreadsheet
from coverage_map.ui import cache, component
from coverage_map.language.i18n import current_language, fmt_value, set_language, t
from coverage_map.data.regions import with_codes
from coverage_map.ui.compare_section import add_to_comparison
from coverage_map.ui.frame import PRESENTATION_MAP_HEIGHT, area_name
from coverage_map.ui.link_state import current_state, share_url
from coverage_map.ui.text import safe
from coverage_map.ui.downloads import FileSpec, made_file, preview
from coverage_map.ui.session import area_figure, bundled_or_uploaded, data_version, uploaded_data
from coverage_map.ui.widgets import (MISSING, PLAN_PAGE, figure_columns, link_column,
                                     numbers_in_language, open_profile, profile_of_row)


def summary_sentence(data, view: coverage.View, table: pd.DataFrame) -> None:
    """The generated sentence that says what the map shows."""
    area = area_name(data, view.province)
    text = coverage.summary_sentence(coverage.summarise(table, view), view, area, table)
    fig = area_figure(view)
    if fig is not None:  # the area's own figure first: on a phone it is the first answer
        text = t("summary_area_first", area=area,
                 figure=wording.describe_for_year(fig, view.year)) + " " + text
    st.markdown(safe(text))


def kpis(data, view: coverage.View, table: pd.DataFrame) -> None:
    """The KPI row: regions, with a figure, below target (or median), the area's own figure."""
    area = area_name(data, view.province)
    stats = coverage.summarise(table, view)
    cols = st.columns(5)
    cols[0].metric(t("kpi_regions"), stats.n_regions)
    cols[1].metric(t("kpi_with_value"), stats.n_with_value)
    cols[2].metric(t("kpi_statements"), stats.n_statements)
    if view.metric == "coverage_pct":
        cols[3].metric(t("kpi_below_target"), stats.n_below_target)
    else:
        cols[3].metric(t("kpi_median"), fmt_value(stats.median, table["unit"].iloc[0]))
    fig = area_figure(view)
    cols[4].metric(t("kpi_area_figure", area=area),
                   wording.value_text(fig) if fig is not None else t("kpi_area_none"))
    if fig is not None:
        details = " · ".join(x for x in (wording.base_text(fig), wording.caveats_text(fig),
                                         f"{t('tooltip_id')}: {fig['figure_id']}") if x)
        st.caption(t("area_figure_caption", area=safe(area),
                     figure=safe(wording.describe_for_year(fig, view.year)),
                     definition=safe(details)))
    national = bundled_or_uploaded(lambda: cache.national_figure(view),
                                   lambda figures: coverage.national_figure(figures, view))
    if view.province is None and national is not None:
        st.caption(safe(t("national_figure", figure=wording.describe(national))))


def coverage_map(data, view: coverage.View, scheme: str, table: pd.DataFrame,
                 tiles: bool = False, presentation: bool = False,
                 embedded: bool = False) -> classify.Classes:
    """The choropleth, drawn without rerunning the app on pan/zoom; returns its classes.
    ``embedded`` (``ui.embed``): the map filling its frame, without the hint under it or the
    way to a region's profile (that is the full app's)."""
    classes = classify.classify(table["value"], view.metric, scheme, view.target)
    note = legend_note(view)
    height = PRESENTATION_MAP_HEIGHT if presentation else 620

    def build():
        frame = None
        if presentation:
            texts = view_texts(data, view, table, classes)
            frame = (texts.title, t("frame_subtitle", dates=export.dates_span(table),
                                    sources=export.sources_line(export.on_map(table), 3)))
        return maps.coverage_map(data.kabkota, table, classes, view.metric,
                                 coverage.metric_label(view.metric), note,
                                 topology=data.topology, height=height, tiles=tiles,
                                 target=view.target, frame_title=frame,
                                 legend_scale=1.45 if presentation else 1.0,
                                 labels=export.value_labels(table) if labels else None,
                                 presentation=presentation)

    labels = presentation or bool(current_state().labels)  # a projector: names on the map
    key = ("peta", view, scheme, tiles, presentation, labels, current_language())
    rendered = bundled_or_uploaded(lambda: cache.rendered_map(key, build),
                                   lambda _figures: component.rendered(build()))
    component.show(component.filling_its_frame(rendered) if embedded else rendered,
                   height, "-".join(map(str, key)))
    if embedded:
        return classes
    if not presentation:  # no hover hint in the picture on a projector
        st.caption(t("map_caption"))
    profile_from_map()
    return classes


_PROFILE_SEEN = "_profil_dari_peta_terakhir"


def profile_from_map() -> None:
    """Open the profile or the plan of the region the reader chose on the map (its popup or
    sheet), or add it to the comparison under the map."""
    asked = component.profile_asked("profil_dari_peta")
    if asked and asked["at"] != st.session_state.get(_PROFILE_SEEN):
        st.session_state[_PROFILE_SEEN] = asked["at"]
        if asked.get("page") == "rencana":
            open_profile(asked["kode"], PLAN_PAGE)
        elif asked.get("page") == "banding":
            add_to_comparison(asked["kode"])
        else:
            open_profile(asked["kode"])


def legend_note(view: coverage.View) -> str:
    """The line under the legend: the year shown (a year chosen or played), then the target,
    or the unit of a count."""
    note = t("legend_target", target=fmt_value(view.target, "pct")) \
        if view.metric == "coverage_pct" else t("legend_unit_persons")
    return f"{t('legend_year', year=view.year)} · {note}" if view.year else note


def provinces_of(data, view: coverage.View):
    return data.provinsi if view.province is None else \
        data.provinsi[data.provinsi["kode"] == view.province]


def view_texts(data, view: coverage.View, table: pd.DataFrame, classes) -> export.ExportText:
    area = area_name(data, view.province)
    sentence = coverage.summary_sentence(coverage.summarise(table, view), view, area, table)
    fig = area_figure(view)
    upload_state = uploaded_data()
    return export.view_texts(view, table, classes, area, sentence, share_url(""), fig,
                             upload_state["name"] if upload_state else "")


def export_panel(data, view: coverage.View, scheme: str, table: pd.DataFrame,
                 classes: classify.Classes) -> None:
    """Slide-ready PNG/PDF/SVG of this view and the table as CSV/XLSX, made when clicked."""
    texts = view_texts(data, view, table, classes)
    lang = current_language()
    provinces = provinces_of(data, view)
    stem = export.file_stem(texts.title)

    def image(fmt: str):
        def make(on_page=None) -> bytes:
            return export.static_map(data.kabkota, table, classes, provinces, texts, fmt,
                                     export.value_labels(table), export.meets_target(table, view),
                                     view.target if view.metric == "coverage_pct" else None)
        return make

    def portable() -> str:
        set_language(lang)  # runs on another thread: carry the language over
        subtitle = " · ".join(x for x in (texts.uploaded_mark, texts.area_line, t(
            "frame_subtitle", dates=export.dates_span(table),
            sources=export.sources_line(export.on_map(table), 6)), texts.link) if x)
        fmap = maps.coverage_map(
            data.kabkota, table, classes, view.metric, coverage.metric_label(view.metric),
            legend_note(view), topology=data.topology, target=view.target, frame_title=(texts.title, subtitle),
            labels=export.value_labels(table))
        return maps.portable_html(fmap, texts.title, lang)

    shown = ranked_frame(view, table, codes=True)
    header = [texts.title, *([texts.uploaded_mark] if texts.uploaded else []), texts.subtitle,
              spreadsheet.download_date_line(), texts.source_line,
              t("export_link", link=texts.link)]
    dates = {t("col_as_of"): coverage.ranked(table, view.metric)["as_of"].fillna("").tolist()}
    with st.expander(t("export_heading"), icon=":material/download:"):
        st.download_button(t("export_html"), portable, f"{stem}.html", "text/html",
                           on_click="ignore", key="unduh_html", icon=":material/public:",
                           help=t("export_html_help"))
        cols = st.columns(7)
        version = (texts, lang, data_version())
        for col, (fmt, label, ending, mime, key) in zip(cols, (
                ("png_16x9", t("export_png_169"), "-16x9.png", "image/png", "unduh_png169"),
                ("png_a4", t("export_png_a4"), "-a4.png", "image/png", "unduh_pnga4"),
                ("pdf_a4", t("export_pdf_a4"), "-a4.pdf", "application/pdf", "unduh_pdf"),
                ("svg_16x9", t("export_svg"), "-16x9.svg", "image/svg+xml", "unduh_svg"))):
            with col:
                made_file(FileSpec(key, label, stem + ending, mime), image(fmt), version)
        cols[4].download_button("CSV", lambda: spreadsheet.table_csv(shown, header, dates=dates),
                                f"{stem}.csv", "text/csv", on_click="ignore", key="unduh_csv",
                                width="stretch")
        cols[5].download_button(t("export_csv_excel_id"), lambda: spreadsheet.table_csv(
            shown, header, excel_id=True, dates=dates), f"{stem}-excel.csv", "text/csv",
            on_click="ignore", key="unduh_csv_id", help=t("export_csv_excel_id_help"), width="stretch")
        cols[6].download_button("XLSX", lambda: spreadsheet.table_xlsx(
            shown, header, dates=dates, links=[t("col_link", lang)], lang=lang), f"{stem}.xlsx",
            spreadsheet.XLSX_MIME, on_click="ignore", key="unduh_xlsx", width="stretch")
        st.caption(t("export_alt", alt=safe(texts.alt)))
        if st.toggle(t("export_preview"), key="pratinjau"):
            shown = preview("_pratinjau_peta", image("png_16x9"), version)
            if shown is not None:
                st.image(shown, caption=texts.alt, width="stretch")


def ranked_frame(view: coverage.View, table: pd.DataFrame, codes: bool = False) -> pd.DataFrame:
    """The ranked table as shown (and downloaded): every value with its date and source. The
    rank is what is certain (``ranking``): a number, or ``"1–7"`` where a band or statement
    cannot be placed exactly (tied regions share a number). ``codes``: with the Kemendagri and
    BPS codes after the region's name (the downloads; a phone's screen is spared them)."""
    ranked = coverage.ranked(table, view.metric)
    sides = [coverage.target_side(r, view.target) for r in ranked.to_dict("records")]
    status = [("✓ " + t("target_met")) if side == "met" else
              (t("target_not_met") if side == "below" else "–") for side in sides]
    columns = {
        t("col_rank"): pd.Series([int(r) if r.isdigit() else (r or None) for r in ranked["rank"]],
                                 dtype=object).to_numpy(),
        t("col_region"): ranked["nama"].to_numpy(),
        t("col_province"): ranked["provinsi"].to_numpy(),
    }
    if view.metric == "coverage_pct":
        columns[t("col_target", target=fmt_value(view.target, "pct"))] = status
    frame = pd.concat([
        pd.DataFrame(columns),
        figure_columns(ranked),
        pd.DataFrame({t("col_number"): ranked["value"].to_numpy(),
                      t("col_also_cited"): [x or "–" for x in ranked["also_cited"]],
                      t("col_conflicts"): [x or "–" for x in ranked["conflicts"]],
                      t("col_other"): [" · ".join(o) or "–" for o in ranked["other_figures"]]}),
    ], axis=1)
    return with_codes(frame, ranked["kode"], t("col_region")) if codes else frame


def ranked_table(view: coverage.View, table: pd.DataFrame) -> None:
    """The ranked table of the regions shown, with sources (the text version of the map)."""
    if view.metric in coverage.COUNTS:
        st.subheader(t("table_title_counts", metric=coverage.metric_label(view.metric)))
        st.caption(t("table_caption_counts") + " " + t("table_caption") + " "
                   + t("table_pick_profile"))
    else:
        st.subheader(t("table_title"))
        st.caption(t("table_caption") + " " + t("table_pick_profile"))
    kodes = coverage.ranked(table, view.metric)["kode"].tolist()
    shown = ranked_frame(view, table)
    shown[t("col_rank")] = shown[t("col_rank")].map(lambda r: MISSING if r is None else str(r))
    profile_of_row(st.dataframe(numbers_in_language(shown, current_language()),
                                hide_index=True, placeholder=MISSING,
                                column_config=link_column(pinned=t("col_region")),
                                on_select="rerun", selection_mode="single-row",
                                key="peringkat_pilih"), kodes)


def province_figures(data, view: coverage.View) -> None:
    """Province-level figures, labelled as such (never spread onto regencies)."""
    prov = bundled_or_uploaded(lambda: cache.latest(view.metric, "province"),
                               lambda figures: coverage.latest(figures, view.metric, "province"))
    if view.province is not None:
        prov = prov[prov.index == view.province]
    if prov.empty:
        return
    st.subheader(t("province_figures_title"))
    st.caption(t("province_figures_caption"))
    shown = pd.concat([pd.DataFrame({t("col_province"): [data.table.provinces[k]
                                                         for k in prov.index]}),
                       figure_columns(prov.reset_index(drop=True))], axis=1)
    st.dataframe(shown, hide_index=True, placeholder=MISSING, column_config=link_column())
