"""The plan to take away: a one-page A4 PDF (matplotlib, real text, every text inside the page)
and an XLSX, each stating every input, where it comes from and its source, and which numbers
the user typed (``plan_words.input_rows``)."""

from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd

from coverage_map.figures import (derived, derived_words, plan_compute, plan_inputs,
                                  plan_words, wording)
from coverage_map.render import spreadsheet
from coverage_map.figures.coverage import metric_label
from coverage_map.render.page_text import fit_inside, new_figure, pdf_pages, region_list, wrapped
from coverage_map.render.factsheet import A4_PORTRAIT
from coverage_map.language.i18n import fmt_date, t
from coverage_map.data.regions import with_codes

XLSX_MIME = spreadsheet.XLSX_MIME
LEFT, WIDTH = 0.07, 0.86


def file_stem(name: str) -> str:
    return "rencana-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def figures_used(p: plan_compute.Plan, plans: list[plan_compute.Plan]) -> list[dict]:
    """Every figure the plan and its province's regencies rest on, once each, the plan's
    first."""
    seen, out = set(), []
    for q in [p, *plans]:
        for fig in (q.figures_used() if q is p else [q.start, *q.need.figures()]):
            if fig is not None and fig["figure_id"] not in seen:
                seen.add(fig["figure_id"])
                out.append(fig)
    return out


def source_line(fig: dict, lang: str | None = None) -> str:
    """``F375 · Cakupan kepesertaan: sekitar 40 % · November 2025 · Nomor Satu Kaltim · url``."""
    parts = [fig["figure_id"], f"{fig['area_name']}: {metric_label(fig['metric'], lang)} "
                               f"{plan_words.short_statement(fig, lang)}",
             wording.date_text(fig, lang), wording.publisher(fig, lang)]
    if wording.uploaded(fig):
        parts.append(t("caveat_unggahan", lang))
    if fig.get("source_url"):
        parts.append(re.sub(r"^https?://(www\.)?", "", str(fig["source_url"])))
    return " · ".join(str(x) for x in parts if x)


def input_lines(p: plan_compute.Plan, lang: str | None = None) -> list[str]:
    """``Target: 80 % — bawaan aplikasi (…)``: every input with its origin and source."""
    out = []
    for r in plan_words.input_rows(p, lang):
        origin = f" — {r['origin']}" if r["origin"] else ""
        source = f" ({r['source']})" if r["source"] else ""
        out.append(f"{r['input']}: {r['value']}{origin}{source}")
    return out


def regency_lines(plans: list[plan_compute.Plan], lang: str | None = None) -> list[str]:
    out = []
    for q in plans:
        if q.need.known:
            out.append(t("brief_row", lang, name=q.name, start=_start(q, lang),
                         need=plan_words.gap_words(q, lang),
                         cost=plan_words.cost_words(derived.cost(q.need, q.rate), lang)))
        else:
            out.append(t("brief_row_none", lang, name=q.name,
                         why=t(f"why_short_{q.need.reason}", lang)))
    return out


def _start(q: plan_compute.Plan, lang: str | None) -> str:
    mark = f", {t('origin_unggahan', lang)}" if wording.uploaded(q.start) else ""
    return f"{wording.value_text(q.start, lang)} ({wording.date_text(q.start, lang)}{mark})"


def origin_words(figs: list[dict | None], lang: str | None = None) -> str:
    """Where the figures a row rests on come from: ``data unggahan`` when any of them is
    from this session's upload, ``data bersumber`` otherwise (``–`` without figures)."""
    figs = [f for f in figs if f is not None]
    if not figs:
        return plan_words.MISSING
    return t("origin_" + (plan_inputs.UPLOADED if any(wording.uploaded(f) for f in figs)
                          else plan_inputs.DATA), lang)


def result_lines(p: plan_compute.Plan, lang: str | None = None) -> list[tuple[str, str]]:
    """(heading, text) of what the plan computes."""
    out = [(t("brief_result_need", lang), plan_words.need_text(p, lang)),
           (t("brief_result_cost", lang), plan_words.cost_text(p, lang))]
    if p.jht:
        out.append((t("brief_result_jht", lang), plan_words.jht_text(p, lang)))
    out.append((t("brief_result_apbd", lang), plan_words.apbd_text(p, lang)))
    return out


def _now(p: plan_compute.Plan, lang: str | None) -> str:
    from coverage_map.figures.profile import latest_sentence

    if p.start is not None and p.start["metric"] == "active_participants":
        return t("plan_start_participants", lang, name=p.name,
                 figure=derived_words.figure_text(p.start, lang, listed=True))
    return latest_sentence(p.name, p.start, lang)


def page(p: plan_compute.Plan, plans: list[plan_compute.Plan], link: str, lang: str | None = None,
         uploaded: str = "", printed: date | None = None):
    """The brief on one A4 page: the region, where it stands, the gap, the cost, the budget's
    current effort, every input with its origin, the province's regencies, every figure
    used, the date printed and the link."""
    fig = new_figure(A4_PORTRAIT, 100)
    fig.text(LEFT, 0.965, t("brief_title", lang, name=p.name), fontsize=18, fontweight="bold",
             va="top", parse_math=False)
    printed = printed or date.today()
    sub = " · ".join(x for x in (
        p.province_name if p.level == "kabkota" else "", t("brief_kind", lang),
        t("factsheet_printed", lang, date=fmt_date(printed.isoformat(), lang)),
        t("export_uploaded_mark", lang, name=uploaded) if uploaded else "") if x)
    y = wrapped(fig, LEFT, 0.93, sub, 9, WIDTH, color="#333333")
    y = wrapped(fig, LEFT, y - 0.012, _now(p, lang), 9.5, WIDTH, fontweight="bold")
    for head, body in result_lines(p, lang):
        y = wrapped(fig, LEFT, y - 0.010, head, 9.5, WIDTH, fontweight="bold")
        y = wrapped(fig, LEFT, y - 0.003, body, 8.5, WIDTH)
    y = wrapped(fig, LEFT, y - 0.012, t("brief_inputs", lang), 9.5, WIDTH, fontweight="bold")
    y = wrapped(fig, LEFT, y - 0.003, "\n".join(input_lines(p, lang)), 7.5, WIDTH)
    y = wrapped(fig, LEFT, y - 0.012, t("brief_province", lang, province=p.province_name), 9.5,
                WIDTH, fontweight="bold")
    y = wrapped(fig, LEFT, y - 0.003, "\n".join([*plan_words.province_lines(plans, p.jht, lang),
                                                 *regency_lines(plans, lang)]), 7, WIDTH)
    footer = t("brief_footer", lang, link=link) if link else t("brief_footer_nolink", lang)
    bottom = 0.03
    wrapped(fig, LEFT, bottom + 0.025, footer, 7, WIDTH, color="#444444")
    used = figures_used(p, plans)
    y = wrapped(fig, LEFT, y - 0.012, t("brief_sources", lang, n=len(used)), 9.5, WIDTH,
                fontweight="bold")
    region_list(fig, (LEFT, bottom + 0.035, WIDTH, max(0.04, y - 0.004 - bottom - 0.035)), "",
                [source_line(f, lang) for f in used], 7)
    fit_inside(fig)
    return fig


def pdf(p: plan_compute.Plan, plans: list[plan_compute.Plan], link: str, lang: str | None = None,
        uploaded: str = "") -> bytes:
    """The brief as a one-page PDF (``uploaded``: the uploaded file's name, marked on the page;
    then no link is printed)."""
    return pdf_pages([page(p, plans, "" if uploaded else link, lang, uploaded)],
                     t("brief_title", lang, name=p.name))


def xlsx(p: plan_compute.Plan, plans: list[plan_compute.Plan], link: str, lang: str | None = None,
         uploaded: str = "") -> bytes:
    """The plan's inputs and results on the first sheet, the regencies on the second, the
    header block and every figure used on the About sheet."""
    rows = [{t("col_input", lang): r["input"], t("col_amount", lang): None,
             t("col_value", lang): r["value"], t("col_origin", lang): r["origin"],
             t("col_source_or_basis", lang): r["source"]} for r in plan_words.input_rows(p, lang)]
    numbers = _input_numbers(p)
    for r, n in zip(rows, numbers):
        r[t("col_amount", lang)] = n
    for head, body in result_lines(p, lang):
        rows.append({t("col_input", lang): head, t("col_amount", lang): None,
                     t("col_value", lang): body, t("col_origin", lang): t("origin_dihitung", lang),
                     t("col_source_or_basis", lang): ""})
    sheet = pd.DataFrame(rows)
    header = [t("brief_title", lang, name=p.name), t("brief_kind", lang),
              spreadsheet.download_date_line(lang),
              t("analysis_header_uploaded", lang, name=uploaded) if uploaded else
              t("analysis_header_sources", lang),
              *plan_words.province_lines(plans, p.jht, lang),
              t("brief_footer", lang, link=link) if link else t("brief_footer_nolink", lang)]
    used = pd.DataFrame([{t("col_id", lang): f["figure_id"], t("col_region", lang): f["area_name"],
                          t("col_metric", lang): metric_label(f["metric"], lang),
                          t("col_value", lang): wording.statement(f, lang) if f.get("kind") in (
                              "band", "group") else wording.value_text(f, lang),
                          t("col_as_of", lang): wording.date_text(f, lang),
                          t("col_origin", lang): origin_words([f], lang),
                          t("col_source", lang): wording.publisher(f, lang),
                          t("col_title", lang): f["source_title"],
                          t("col_link", lang): f["source_url"] or ""}
                         for f in figures_used(p, plans)])
    regencies = plan_words.province_frame(plan_words.province_table(plans, lang), p.jht, lang,
                                          words=False)
    regencies[t("col_origin", lang)] = [origin_words([q.start, q.workforce_figure], lang)
                                        for q in plans]
    regencies = with_codes(regencies, [q.kode for q in plans], t("col_region", lang), lang)
    extra = {t("brief_sheet_regencies", lang): regencies}
    return spreadsheet.table_xlsx(sheet, header, t("brief_sheet_plan", lang), sources=used,
                                  extra_sheets=extra, lang=lang)


def _input_numbers(p: plan_compute.Plan) -> list[float | None]:
    """The numbers of ``plan_words.input_rows``, in its order, for a spreadsheet to compute with."""
    out = [None, _number(p.start), p.workforce, p.target,
           p.enrol_best if math.isfinite(p.enrol_best) else None, p.rate]
    if p.jht:
        out.append(p.jht_rate)
    return out


def _number(fig: dict | None) -> float | None:
    if fig is None or fig.get("kind") not in wording.MEASURED:
        return None
    value = float(fig["value"])
    return value if math.isfinite(value) else None
