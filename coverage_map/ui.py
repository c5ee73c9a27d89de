"""Streamlit building blocks for the pages: each draws one part of the UI from package calls."""

from __future__ import annotations

import logging
import re
import runpy

import pandas as pd
import streamlit as st

from coverage_map import (analysis, cache, charts, classify, component, coverage, export, ikn,
                          maps, memory, upload, urlstate, wording)
from coverage_map.i18n import (LANG_NAMES, LANGS, current_language, fmt_date, fmt_number,
                               fmt_plain, fmt_value, set_language, t)
from coverage_map.io import DataFileError, ROOT
from coverage_map.schema import MAP_METRICS


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def safe(text: object) -> str:
    """Text from data or a user shown through Streamlit's markdown: every markdown character
    escaped, so names, notes and file names cannot add links, images, HTML or formulas."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def ensure_frame() -> None:
    """Run the app's frame when Streamlit ran this page without it.

    With a ``pages/`` folder beside the entry file, Streamlit starts in its legacy multipage mode
    until the frame first calls ``st.navigation``: on a cold start through a shared deep link
    (``/ikn``) it would run the page file alone, with the wrong navigation and layout. Running
    the frame instead ends that mode (the frame then runs this page itself).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        runpy.run_path(str(ROOT / "streamlit_app.py"), run_name="__main__")
        st.stop()


def load_data_or_stop():
    """The shared data bundle; a clear error page (never a traceback) when a file is broken."""
    try:
        cache.leaflet_ready()
        cache.memory_janitor()
        return cache.bundle()
    except DataFileError as exc:
        st.error(f"**{t('data_error_title')}**\n\n" + t(
            "data_error_body", file=exc.path.name, problem=exc.problem,
            path=exc.path.relative_to(ROOT) if exc.path.is_relative_to(ROOT) else exc.path))
        st.stop()
    except Exception:  # anything else: a clear page for the visitor, the details in the log
        logging.getLogger(__name__).exception("the bundled data could not be loaded")
        st.error(f"**{t('data_error_title')}**\n\n{t('data_error_unknown')}")
        st.stop()


def page_title(data, view: coverage.View) -> str:
    """The map page's title names the area shown ("… Kalimantan: Kalimantan Timur")."""
    if view.province is None:
        return t("app_title")
    return t("app_title_area", area=area_name(data, view.province))


def area_name(data, province: str | None, lang: str | None = None) -> str:
    """"Seluruh Kalimantan" or the province's name."""
    return t("all_kalimantan", lang) if province is None else data.table.provinces[province]


def view_from_state() -> tuple[coverage.View, str, bool]:
    """The view the filters (or, before they are drawn, the link) ask for."""
    state = current_state()
    return (coverage.View(province=state.province, metric=state.metric, target=float(state.target),
                          year=state.year), state.scheme, bool(state.tiles))


def view_controls(data) -> tuple[coverage.View, str, bool]:
    """Sidebar filters: province, indicator, date, classes, target, optional base tiles.

    The widgets take their values from the session state that ``restore_state`` filled from
    the link, so no default is passed here.
    """
    lang = current_language()  # labels are formatted with it, whichever thread asks
    with st.sidebar:
        provinces = [urlstate.ALL, *sorted(data.table.provinces)]
        st.selectbox(t("filter_province"), provinces, key="provinsi",
                     format_func=lambda k: area_name(data, _none(k), lang))
        metric = st.selectbox(t("filter_metric"), MAP_METRICS, key="indikator",
                              format_func=lambda m: coverage.metric_label(m, lang))
        years = coverage.data_years(active_figures(data))  # an upload's own dates too
        if st.session_state.get("tahun") not in (LATEST, *years):
            st.session_state["tahun"] = LATEST
        st.selectbox(t("filter_year"), [LATEST, *reversed(years)],
                     key="tahun", help=t("year_help"),
                     format_func=lambda y: t("year_latest", lang) if y == LATEST else str(y))
        scheme = st.radio(t("filter_scheme"), classify.SCHEMES, key="kelas",
                          format_func=lambda s: t(f"scheme_{s}", lang))
        if scheme == "tetap" and metric != "coverage_pct":
            st.caption(t("scheme_counts_note"))
        st.number_input(t("filter_target"), min_value=1.0, max_value=200.0, step=5.0,
                        format="%.1f", key="target", help=t("target_help"))
        st.toggle(t("filter_labels"), key="nama_wilayah", help=t("labels_help"))
        st.toggle(t("filter_tiles"), key="peta_dasar", help=t("tiles_help"))
    return view_from_state()


# --- the view in the link -----------------------------------------------------------------

# widget key -> ViewState field
STATE_KEYS = {"provinsi": "province", "indikator": "metric", "kelas": "scheme",
              "target": "target", "tahun": "year", "bahasa": "lang",
              "presentasi": "presentation", "peta_dasar": "tiles", "nama_wilayah": "labels"}
_KEEP = "_simpan_"
LATEST = 0  # widget value for "the latest figures" (a selectbox shows None as empty)


def _none(value):
    """Widget sentinels ("semua", 0) to the view's None."""
    return None if value in (urlstate.ALL, LATEST) else value


def _widget_value(key: str, value):
    if key == "provinsi" and value is None:
        return urlstate.ALL
    if key == "tahun" and value is None:
        return LATEST
    return value


def restore_state() -> urlstate.ViewState:
    """Fill the widgets' state from the link on a session's first run; keep it across pages.

    Streamlit forgets a widget's value on a page that does not draw it; a copy under another
    key brings it back. Sets the language of this run.
    """
    ss = st.session_state
    if "_dari_tautan" not in ss:
        try:
            data = cache.bundle()
            provinces, years = data.table.provinces, coverage.data_years(data.figures)
        except Exception:  # the page then shows the clear error page (load_data_or_stop)
            provinces, years = {}, []
        state, rejected = urlstate.parse(st.query_params.to_dict(), provinces, years)
        for key, field in STATE_KEYS.items():
            ss[_KEEP + key] = _widget_value(key, getattr(state, field))
        ss["_tautan_ditolak"] = rejected
        ss["_dari_tautan"] = True
    for key in STATE_KEYS:
        if key not in ss:
            ss[key] = ss[_KEEP + key]
    set_language(ss["bahasa"])
    return current_state()


def current_state() -> urlstate.ViewState:
    """The view as the widgets (or, on pages without them, their kept copies) say."""
    ss = st.session_state

    def value(key: str):
        raw = ss.get(key, ss.get(_KEEP + key))
        return _none(raw) if key in ("provinsi", "tahun") else raw

    return urlstate.ViewState(**{field: value(key) for key, field in STATE_KEYS.items()})


def remember_and_write_url() -> None:
    """After the page ran: remember the widget values and put the view in the address bar."""
    ss = st.session_state
    for key in STATE_KEYS:
        if key in ss:
            ss[_KEEP + key] = ss[key]
    st.query_params.from_dict(urlstate.to_params(current_state()))


def frame_controls(page_path: str, light: bool = False) -> None:
    """Language, presentation and the shareable link, in the sidebar of every page; a notice
    when the link asked for something unknown (on a light first view the controls come with
    the rest of the page)."""
    state = current_state()
    if not light:
        with st.sidebar:
            st.selectbox(t("language"), LANGS, key="bahasa", format_func=LANG_NAMES.get)
            st.toggle(t("presentation_toggle"), key="presentasi", help=t("presentation_help"))
            # in a popover: the code block (its copy button) brings 1.6 MB of highlighter and
            # font to the browser, only for those who open it
            with st.popover(t("share_button"), icon=":material/link:", width="stretch"):
                if uploaded_data():  # the link carries the view, not the uploaded figures
                    st.warning(t("share_upload_note"), icon=":material/info:")
                st.caption(t("share_link"))
                st.code(share_url(page_path, state), language=None, wrap_lines=True)
    rejected = st.session_state.get("_tautan_ditolak")
    if rejected:  # stays until read: the same elements on the first view and the whole page
        st.warning(t("link_rejected", items=safe(", ".join(f"{k}={v!r}" for k, v in rejected))))
        st.button(t("link_rejected_ok"), key="tautan_dibaca", on_click=_link_notice_read)
    if state.presentation:
        presentation_style(exit_button=not light)


def _link_notice_read() -> None:
    st.session_state["_tautan_ditolak"] = []


# --- a session's first view: the map before the rest ------------------------------------

FULL_PAGE = "_halaman_lengkap"  # session flag: whole pages from now on
MAP_DRAWN = "_peta_tergambar"  # the first view's component: true once the map is drawn
_REST_ASKED = "_sisa_diminta"
REST_AT_THE_LATEST_S = 15.0


def light_first_view(page_is_map: bool) -> bool:
    """Whether this run is a browser session's first view of the map, drawn light.

    Streamlit's browser client loads the code of each kind of element the first time it shows
    one. On a session's first page that code (sidebar widgets, metrics, data grids: about 2 MB)
    would compete with the map for the visitor's CPU and, on a slow network, for the bandwidth.
    So the first run of a session on the map page sends the title, the summary sentence and
    the map; ``rest_of_page_soon`` brings the whole page once the map is drawn (the map keeps
    its iframe: nothing is drawn twice). Other pages, every later run, and clients that are not
    browsers (no request headers: scripts, AppTest) get whole pages.
    """
    ss = st.session_state
    if not page_is_map or not st.context.headers or ss.get(MAP_DRAWN):
        ss[FULL_PAGE] = True
    return not ss.get(FULL_PAGE, False)


def rest_of_page_soon() -> None:
    """After a light first view: the whole page as soon as the browser says the map is drawn
    (``component.map_drawn``: its answer reruns the app), and at the latest
    ``REST_AT_THE_LATEST_S`` later, should that answer never come."""
    ss = st.session_state
    component.map_drawn(MAP_DRAWN)

    @st.fragment(run_every=REST_AT_THE_LATEST_S)
    def at_the_latest():
        if ss.get(FULL_PAGE):  # already whole: a late tick does nothing
            return
        if ss.get(_REST_ASKED):  # the timer fired
            ss[FULL_PAGE] = True
            st.rerun(scope="app")
        ss[_REST_ASKED] = True

    at_the_latest()


def share_url(page_path: str, state: urlstate.ViewState | None = None) -> str:
    return urlstate.link(st.context.url or "http://localhost:8501/", page_path,
                         state or current_state())


def presentation_style(exit_button: bool = True) -> None:
    """Projector view: no sidebar, large type, the map filling the screen."""
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    if exit_button:
        st.button(t("presentation_exit"), key="keluar_presentasi",
                  on_click=_leave_presentation, icon=":material/close_fullscreen:")
    else:  # its place, so that the map below keeps its own (and is not drawn again)
        st.empty()


def _leave_presentation() -> None:
    st.session_state["presentasi"] = False


PRESENTATION_MAP_HEIGHT = 820  # a 1080-line projector: the map and the summary on one screen
PRESENTATION_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"] {display: none;}
.block-container, .stMainBlockContainer {padding: 0.6rem 1.2rem 1rem; max-width: 100%;}
h1 {font-size: 3rem !important;}
[data-testid="stMarkdownContainer"] p {font-size: 1.55rem; line-height: 1.4;}
[data-testid="stMetricValue"] div {font-size: 3rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem;}
/* the way out: a small control in the corner, out of the picture */
.st-key-keluar_presentasi {position: fixed; left: 6px; top: 6px; z-index: 1000;
  opacity: .45; width: auto !important;}
.st-key-keluar_presentasi:hover, .st-key-keluar_presentasi:focus-within {opacity: 1;}
.st-key-keluar_presentasi button {min-height: 0; padding: 2px 8px; font-size: .8rem;}
</style>"""


PHONE_CSS = """<style>
@media (max-width: 640px) {
  h1 {font-size: 1.7rem !important; line-height: 1.2 !important;}
  .block-container, .stMainBlockContainer {padding-top: 2.2rem;}
}
</style>"""


def phone_style() -> None:
    """On a phone the title does not fill the first screen."""
    st.markdown(PHONE_CSS, unsafe_allow_html=True)


def summary_sentence(data, view: coverage.View, table: pd.DataFrame) -> None:
    """The generated sentence that says what the map shows."""
    area = area_name(data, view.province)
    text = coverage.summary_sentence(coverage.summarise(table, view), view, area, table)
    fig = bundled_or_uploaded(lambda: cache.area_figure(view),
                              lambda figures: coverage.area_figure(figures, view))
    if fig is not None:  # the area's own figure first: on a phone it is the first answer
        text = t("summary_area_first", area=area, figure=wording.describe(fig)) + " " + text
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
    fig = bundled_or_uploaded(lambda: cache.area_figure(view),
                              lambda figures: coverage.area_figure(figures, view))
    cols[4].metric(t("kpi_area_figure", area=area),
                   wording.value_text(fig) if fig is not None else t("kpi_area_none"))
    if fig is not None:
        details = " · ".join(x for x in (wording.base_text(fig), wording.caveats_text(fig),
                                         f"{t('tooltip_id')}: {fig['figure_id']}") if x)
        st.caption(t("area_figure_caption", area=safe(area), figure=safe(wording.describe(fig)),
                     definition=safe(details)))
    national = bundled_or_uploaded(lambda: cache.national_figure(view),
                                   lambda figures: coverage.national_figure(figures, view))
    if view.province is None and national is not None:
        st.caption(safe(t("national_figure", figure=wording.describe(national))))


def coverage_map(data, view: coverage.View, scheme: str, table: pd.DataFrame,
                 tiles: bool = False, presentation: bool = False) -> classify.Classes:
    """The choropleth, drawn without rerunning the app on pan/zoom; returns its classes."""
    classes = classify.classify(table["value"], view.metric, scheme, view.target)
    note = t("legend_target", target=fmt_value(view.target, "pct")) \
        if view.metric == "coverage_pct" else t("legend_unit_persons")
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
    component.show(bundled_or_uploaded(lambda: cache.rendered_map(key, build),
                                       lambda _figures: component.rendered(build())),
                   height, "-".join(map(str, key)))
    if not presentation:  # no hover hint in the picture on a projector
        st.caption(t("map_caption"))
    return classes


def provinces_of(data, view: coverage.View):
    return data.provinsi if view.province is None else \
        data.provinsi[data.provinsi["kode"] == view.province]


def view_texts(data, view: coverage.View, table: pd.DataFrame, classes) -> export.ExportText:
    area = area_name(data, view.province)
    sentence = coverage.summary_sentence(coverage.summarise(table, view), view, area, table)
    fig = bundled_or_uploaded(lambda: cache.area_figure(view),
                              lambda figures: coverage.area_figure(figures, view))
    upload_state = uploaded_data()
    return export.view_texts(view, table, classes, area, sentence, share_url(""), fig,
                             upload_state["name"] if upload_state else "")


def export_panel(data, view: coverage.View, scheme: str, table: pd.DataFrame,
                 classes: classify.Classes) -> None:
    """Slide-ready PNG/PDF of this view and the table as CSV/XLSX, made when clicked."""
    texts = view_texts(data, view, table, classes)
    lang = current_language()
    provinces = provinces_of(data, view)
    stem = export.file_stem(texts.title)

    def image(fmt: str):
        def make() -> bytes:
            set_language(lang)  # runs on another thread: carry the language over
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
            t("legend_target", target=fmt_value(view.target, "pct"))
            if view.metric == "coverage_pct" else t("legend_unit_persons"),
            topology=data.topology, target=view.target, frame_title=(texts.title, subtitle),
            labels=export.value_labels(table))
        return maps.portable_html(fmap, texts.title, lang)

    shown = ranked_frame(view, table)
    header = [texts.title, texts.subtitle, texts.source_line, t("export_link", link=texts.link)]
    with st.expander(t("export_heading"), icon=":material/download:"):
        st.download_button(t("export_html"), portable, f"{stem}.html", "text/html",
                           on_click="ignore", key="unduh_html", icon=":material/public:",
                           help=t("export_html_help"))
        cols = st.columns(5)
        cols[0].download_button(t("export_png_169"), image("png_16x9"), f"{stem}-16x9.png",
                                "image/png", on_click="ignore", key="unduh_png169")
        cols[1].download_button(t("export_png_a4"), image("png_a4"), f"{stem}-a4.png",
                                "image/png", on_click="ignore", key="unduh_pnga4")
        cols[2].download_button(t("export_pdf_a4"), image("pdf_a4"), f"{stem}-a4.pdf",
                                "application/pdf", on_click="ignore", key="unduh_pdf")
        cols[3].download_button("CSV", lambda: export.table_csv(shown, header), f"{stem}.csv",
                                "text/csv", on_click="ignore", key="unduh_csv")
        cols[4].download_button("XLSX", lambda: export.table_xlsx(shown, header), f"{stem}.xlsx",
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                on_click="ignore", key="unduh_xlsx")
        st.caption(t("export_alt", alt=safe(texts.alt)))
        if st.toggle(t("export_preview"), key="pratinjau"):
            st.image(image("png_16x9")(), caption=texts.alt, width="stretch")


def _figure_columns(df: pd.DataFrame) -> pd.DataFrame:
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
        t("col_source"): [r["source_publisher"] or "–" for r in rows],
        t("col_link"): [r["source_url"] if isinstance(r.get("source_url"), str) else ""
                        for r in rows],
        t("col_base"): [t(f"base_{r['base']}") if r.get("base") else "–" for r in rows],
        t("col_caveats"): [wording.caveats_text(r).partition(": ")[2] or "–" for r in rows],
        t("col_id"): [r["figure_id"] or "–" for r in rows],
    })


LINK = {t("col_link"): st.column_config.LinkColumn(t("col_link"), display_text=t("link_text"))}


def ranked_frame(view: coverage.View, table: pd.DataFrame) -> pd.DataFrame:
    """The ranked table as shown (and downloaded): every value with its date and source."""
    ranked = coverage.ranked(table, view.metric)
    sides = [coverage.target_side(r, view.target) for r in ranked.to_dict("records")]
    status = [("✓ " + t("target_met")) if side == "met" else
              (t("target_not_met") if side == "below" else "–") for side in sides]
    columns = {
        t("col_rank"): ranked["peringkat"].astype("Int64").to_numpy(),
        t("col_region"): ranked["nama"].to_numpy(),
        t("col_province"): ranked["provinsi"].to_numpy(),
    }
    if view.metric == "coverage_pct":
        columns[t("col_target", target=fmt_value(view.target, "pct"))] = status
    return pd.concat([
        pd.DataFrame(columns),
        _figure_columns(ranked),
        pd.DataFrame({t("col_number"): ranked["value"].to_numpy(),
                      t("col_also_cited"): [x or "–" for x in ranked["also_cited"]],
                      t("col_conflicts"): [x or "–" for x in ranked["conflicts"]],
                      t("col_other"): [" · ".join(o) or "–" for o in ranked["other_figures"]]}),
    ], axis=1)


def ranked_table(view: coverage.View, table: pd.DataFrame) -> None:
    """The ranked table of the regions shown, with sources (the text version of the map)."""
    st.subheader(t("table_title"))
    st.caption(t("table_caption"))
    st.dataframe(numbers_in_language(ranked_frame(view, table), current_language()),
                 hide_index=True, column_config=LINK)


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
                       _figure_columns(prov.reset_index(drop=True))], axis=1)
    st.dataframe(shown, hide_index=True, column_config=LINK)


def all_figures(data, figures: pd.DataFrame | None = None, key: str = "semua") -> None:
    """Every figure with its source link (Sumber & Metode), filterable by region and
    indicator; ``?id=F385`` opens the table on that figure. The compiler's original notes are
    shown here only, in a column labelled as such."""
    f = data.figures if figures is None else figures
    lang = current_language()
    wanted = st.query_params.get("id", "") if figures is None else ""
    if wanted and wanted not in set(f["figure_id"]):
        st.warning(t("sources_figure_unknown", id=safe(wanted)))
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
        st.info(t("sources_figure_selected", id=safe(wanted)))
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
        _figure_columns(f),
        pd.DataFrame({t("col_title"): [x or t("title_missing") for x in f["source_title"]],
                      t("col_published"): [fmt_date(p) if p else "–" for p in f["published"]],
                      t("col_scope"): [t(f"scope_{s}") for s in f["scope"]],
                      t("col_note"): f["note"].to_numpy()}),
    ], axis=1)
    shown = shown[[t("col_id"), *[c for c in shown.columns if c != t("col_id")]]]
    st.caption(t("sources_note_caption"))
    st.dataframe(shown, hide_index=True, column_config=LINK,
                 height=min(560, 38 + 35 * max(1, len(shown))))
    if figures is None and data.problems:
        st.warning(t("data_problems", n=len(data.problems)) + "\n\n" +
                   "\n".join(f"- {safe(p)}" for p in data.problems))


def bases_explained() -> None:
    """What each base of a percentage means (Sumber & Metode)."""
    from coverage_map.schema import BASES

    st.subheader(t("sources_heading_bases"))
    st.markdown(t("sources_bases_intro") + "\n\n" + "\n".join(
        f"- **{t('base_' + b)}**: {t('base_explain_' + b)}" for b in BASES if b))


# --- IKN / PPU focus ----------------------------------------------------------------------

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


# what the IKN page answers first: how well are workers protected in IKN and PPU?
KEY_FACTS = (("area_ppu", "coverage_pct"), ("area_ikn", "construction_participants"),
             ("area_ppu", "vulnerable_workers_apbd"), ("area_kaltim", "coverage_pct"))


def ikn_protection_facts(data) -> None:
    """Key facts on worker protection in PPU and IKN, each with certainty, date and source
    (before land areas); "belum ada angka publik" where that is the truth."""
    rows = {(r.area, r.indicator): r.figure for r in ikn.focus_figures(data.figures)}
    with st.container(border=True):
        st.markdown(f"**{t('ikn_facts_heading')}**")
        cols = [c for _ in range(2) for c in st.columns(2)]  # two by two: labels stay whole
        for col, (area, metric) in zip(cols, KEY_FACTS):
            fig = rows.get((area, metric))
            label = f"{coverage.metric_label(metric)}, {t(area)}"
            if fig is None:
                col.metric(label, t("kpi_area_none"))
                col.caption(t("ikn_fact_none"))
                continue
            col.metric(label, wording.value_text(fig))
            col.caption(safe(" · ".join(x for x in (
                wording.certainty(fig), wording.date_text(fig), fig["source_publisher"],
                t(f"group_{fig['group']}") if fig["kind"] == "group" else "",
                f"{t('tooltip_id')}: {fig['figure_id']}") if x)))


def ikn_map(data, overlay: pd.DataFrame) -> None:
    def build():
        shown = ikn.focus_area(data.kecamatan, data.ikn)
        notes = dict(zip(data.ikn_reference["kode"], data.ikn_reference["catatan"]))
        for kode, text in ikn.kecamatan_figure_texts(data.figures, shown).items():
            notes[kode] = " ".join(x for x in (notes.get(kode, ""), text) if x)
        return maps.focus_map(shown, overlay, ikn.regencies_from_kecamatan(shown), data.ikn,
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
    }), hide_index=True)


def ikn_known_figures(data, target: float = coverage.DEFAULT_TARGET) -> None:
    """Sourced figures for PPU, Kukar, IKN, Kaltim and Kalimantan; missing ones said so."""
    rows = ikn.focus_figures(data.figures)
    st.subheader(t("ikn_known_heading"))
    st.caption(t("ikn_known_caption"))
    present = [r for r in rows if r.figure is not None]
    pct = [r for r in rows if r.figure is None or r.figure["unit"] == "pct"]
    def measured(r) -> bool:  # a bar only for a region's own figure, never for a statement
        return r.figure is not None and r.figure["kind"] in wording.MEASURED and \
            r.indicator == "coverage_pct"

    chart = pd.DataFrame({
        "wilayah": [f"{t(r.area)} · {coverage.metric_label(r.indicator)}" for r in pct],
        "nilai": [float(r.figure["value"]) if measured(r) else 0.0 for r in pct],
        "label": [t("no_figure") if r.figure is None else
                  (wording.describe(r.figure) if measured(r) else
                   f"{wording.certainty(r.figure)}: {wording.describe(r.figure)}")
                  for r in pct],
    })
    target_text = fmt_value(target, "pct")
    st.altair_chart(charts.percent_bars(chart, target, t("chart_pct_title", target=target_text),
                                        t("chart_target", target=target_text)), width="stretch")
    missing = [f"{t(r.area)} ({coverage.metric_label(r.indicator)})" for r in rows
               if r.figure is None]
    if missing:
        st.warning(t("ikn_missing_list", items="; ".join(missing)))
    table = pd.DataFrame([r.figure for r in present]).reset_index(drop=True)
    st.dataframe(pd.concat([
        pd.DataFrame({t("col_focus_area"): [t(r.area) for r in present],
                      t("col_metric"): [coverage.metric_label(r.indicator) for r in present]}),
        _figure_columns(table)], axis=1), hide_index=True, column_config=LINK)
    kec = ikn.kecamatan_figures(data.figures)
    if not kec.empty:
        st.markdown(f"**{t('ikn_kecamatan_figures_heading')}**")
        st.dataframe(pd.concat([
            pd.DataFrame({t("col_area"): kec["area_name"],
                          t("col_metric"): [coverage.metric_label(m) for m in kec["metric"]]}),
            _figure_columns(kec)], axis=1), hide_index=True, column_config=LINK)


# --- uploaded data (this browser session only) --------------------------------------------

UPLOAD_KEY = "_unggahan"


def uploaded_data() -> dict | None:
    """This session's uploaded data ({"name", "figures"}), if any."""
    return st.session_state.get(UPLOAD_KEY)


def active_figures(data) -> pd.DataFrame:
    """The figures the views use: the session's upload, or the bundled data."""
    return bundled_or_uploaded(lambda: data.figures, lambda figures: figures)


def bundled_or_uploaded(cached, compute):
    """``compute(figures)`` on this session's upload (never cached across sessions), or else
    ``cached()``: the result for the bundled data, shared by every session."""
    upload_state = uploaded_data()
    return compute(upload_state["figures"]) if upload_state else cached()


def view_table(data, view: coverage.View) -> pd.DataFrame:
    return bundled_or_uploaded(lambda: cache.view_table(view, current_language()),
                               lambda figures: coverage.view_table(data.regions, figures, view))


def upload_badge() -> None:
    """On every page while uploaded data is in use: what is shown, and the way back."""
    upload_state = uploaded_data()
    if not upload_state:
        return
    left, right = st.columns([3, 1], vertical_alignment="center")
    # the badge's label is not escaped markdown: the file name goes beside it, escaped
    left.badge(t("upload_badge_plain"), icon=":material/upload_file:", color="orange")
    left.caption(safe(upload_state["name"]))
    right.button(t("upload_back"), on_click=_drop_upload, key="kembali_bawaan",
                 icon=":material/undo:")


def _drop_upload() -> None:
    st.session_state.pop(UPLOAD_KEY, None)


def upload_section(data) -> None:
    """Template, upload, validation report; usable figures replace the view's data."""
    st.markdown(t("upload_intro"))
    template = upload.template(data.regions)
    cols = st.columns(2)
    cols[0].download_button(t("upload_template_csv"), export.table_csv(template, []),
                            "templat-cakupan-jamsostek.csv", "text/csv", on_click="ignore",
                            key="templat_csv")
    cols[1].download_button(t("upload_template_xlsx"),
                            lambda: export.table_xlsx(template, [], sheet="Templat"),
                            "templat-cakupan-jamsostek.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            on_click="ignore", key="templat_xlsx")
    left, right = st.columns(2)
    as_of = left.text_input(t("upload_as_of"), key="unggah_tanggal", help=t("upload_as_of_help"))
    source = right.text_input(t("upload_source"), key="unggah_sumber", help=t("upload_source_help"))
    uploaded = st.file_uploader(t("upload_file"), type=["csv", "txt", "xlsx"], key="berkas",
                                max_upload_size=upload.MAX_BYTES // 1_000_000)
    if uploaded is None:
        return
    parsed_date = upload.parse_date(as_of) if as_of.strip() else ""
    if as_of.strip() and not parsed_date:
        st.warning(t("up_bad_date") + " " + t("up_hint_date"))
    signature = (uploaded.file_id, parsed_date, source.strip(), current_language())
    if st.session_state.get("_laporan_kunci") != signature:
        report = upload.validate(uploaded.getvalue(), uploaded.name, data.table,
                                 as_of=parsed_date, source=source.strip())
        st.session_state["_laporan"] = report
        st.session_state["_laporan_kunci"] = signature
        if report.usable:
            st.session_state[UPLOAD_KEY] = {"name": uploaded.name, "figures": report.figures}
        memory.release()  # the file's text and any earlier report
    upload_report(st.session_state["_laporan"])


def upload_report(report: upload.Report) -> None:
    """The validation report: what was used, what was not and why, what to do."""
    if report.usable:
        st.success(t("upload_ok", figures=len(report.figures), rows=len(report.matched),
                     name=safe(report.file)))
        st.page_link("pages/peta.py", label=t("upload_to_map"), icon=":material/map:")
    else:
        st.error(t("upload_failed", name=safe(report.file)))
    for issue in report.errors:
        st.error(safe(issue))
    for issue in report.warnings:
        st.warning(safe(issue))
    if report.unmatched:
        st.markdown(f"**{t('upload_unmatched', n=len(report.unmatched))}**")
        st.dataframe(pd.DataFrame(report.unmatched).rename(columns={
            "row": t("col_row"), "given": t("col_given"), "reason": t("col_reason"),
            "candidates": t("col_candidates")}), hide_index=True)
    if report.matched:
        with st.expander(t("upload_matched", n=len(report.matched))):
            st.dataframe(pd.DataFrame([
                {t("col_row"): m["row"], t("col_given"): m["given"], "kode": m["kode"],
                 t("col_region"): m["nama"],
                 **{coverage.metric_label(k): fmt_value(v, upload.METRIC_UNITS[k])
                    for k, v in m["metrics"].items()}} for m in report.matched]),
                hide_index=True)


# --- analyst view ----------------------------------------------------------------------------

def analyst_view(data) -> None:
    """Regions of the chosen provinces with participants, workforce, coverage, gaps; downloads."""
    lang = current_language()
    provinces = st.multiselect(t("filter_provinces"), sorted(data.table.provinces),
                               key="analisis_provinsi",
                               format_func=lambda k: area_name(data, k, lang),
                               placeholder=t("all_kalimantan"))
    left, right = st.columns([2, 1])
    query = left.text_input(t("filter_region_text"), key="analisis_cari")
    only_values = right.toggle(t("filter_only_values"), key="analisis_ada_angka", value=True)
    target = float(current_state().target)
    table = analysis.analyst_table(data.regions, active_figures(data), provinces or None, target)
    if query.strip():
        table = table[table["nama"].str.contains(query.strip(), case=False, regex=False)]
    if only_values:
        numbers = ["peserta", "tenaga_kerja", "cakupan", "belum_terlindungi"]
        table = table[table[numbers].notna().any(axis=1)]
    shown = analyst_frame(table, target)
    st.caption(t("analysis_caption", n=len(shown), target=fmt_value(target, "pct")))
    st.dataframe(numbers_in_language(shown, lang), hide_index=True, column_config=LINK)
    ranked = table[table["belum_terlindungi"].notna()].sort_values("belum_terlindungi",
                                                                  ascending=False)
    if len(ranked):
        st.altair_chart(charts.count_bars(ranked.head(20), t("analysis_chart_title"),
                                          t("metric_uncovered_workers")), width="stretch")
    header = [t("analysis_title"), t("analysis_header_sources"),
              t("export_link", link=share_url("analisis"))]
    cols = st.columns(2)
    cols[0].download_button("CSV", export.table_csv(shown, header), "analisis-cakupan.csv",
                            "text/csv", on_click="ignore", key="analisis_csv")
    cols[1].download_button("XLSX", lambda: export.table_xlsx(shown, header),
                            "analisis-cakupan.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            on_click="ignore", key="analisis_xlsx")


def numbers_in_language(frame: pd.DataFrame, lang: str):
    """``frame`` for ``st.dataframe`` with its numbers written as in the app's language, not the
    browser's (``298,061`` is a decimal to an Indonesian reader); columns still sort by value."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    return frame.style.format({c: lambda v: "–" if pd.isna(v) else fmt_plain(v, lang)
                               for c in numeric})


def analyst_frame(table: pd.DataFrame, target: float) -> pd.DataFrame:
    """The analyst table with labelled columns, exactly as shown and downloaded."""
    return pd.DataFrame({
        t("col_region"): table["nama"], t("col_province"): table["provinsi"],
        t("col_participants"): table["peserta"], t("col_workforce"): table["tenaga_kerja"],
        t("col_coverage_num"): table["cakupan"], t("col_uncovered"): table["belum_terlindungi"],
        t("col_gap", target=fmt_value(target, "pct")): table["selisih_target"],
        t("col_as_of"): [fmt_date(d) if d else "–" for d in table["tanggal"]],
        t("col_source"): table["sumber"], t("col_link"): table["tautan"],
        t("col_participants_note"): table["peserta_ket"],
        t("col_workforce_note"): table["tenaga_kerja_ket"],
        t("col_uncovered_note"): table["belum_terlindungi_ket"],
    }).reset_index(drop=True)
