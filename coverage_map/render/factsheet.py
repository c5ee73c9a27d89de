"""One-page A4 fact sheets of a region's profile (matplotlib, real text, every text inside the
page), alone or one page per regency of a province, and the small locator map."""

from __future__ import annotations

import io
import re
import threading
from datetime import date

import pandas as pd

from coverage_map.figures import coverage, profile, wording
from coverage_map.language.i18n import fmt_date, fmt_value, t
from coverage_map.render.page_text import (fit_inside, new_figure, pdf_pages, png_bytes,
                                           region_list, wrap_to, wrapped)

A4_PORTRAIT = (8.27, 11.69)
HIGHLIGHT = "#b2182b"
CHART_HEIGHT = 0.2  # of the page: room left for every figure with its source
LEGEND_COLUMNS, LEGEND_FONT = 3, 7.5


def file_stem(name: str) -> str:
    return "lembar-fakta-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def locator_png(provinces, kabkota, kode: str, dpi: int = 110) -> bytes:
    """Kalimantan with the region (a kab/kota or a province) filled and its province outlined."""
    return Locators(provinces, kabkota, dpi).png(kode)


class Locators:
    """Locator maps of one set of boundaries: Kalimantan drawn once, then for each region its
    highlight (shapes made straight from its geometry) added, saved and taken off again (one
    at a time: the figure is shared)."""

    def __init__(self, provinces, kabkota, dpi: int = 110):
        self.provinces, self.kabkota, self.dpi = provinces, kabkota, dpi
        self.fig = new_figure((2.6, 2.6), dpi)
        self.ax = self.fig.add_subplot()
        provinces.plot(ax=self.ax, color="#efefef", edgecolor="#9a9a9a", linewidth=0.5)
        self.ax.set_aspect("equal")
        self.ax.set_axis_off()
        added = self._highlight(str(provinces["kode"].iloc[0]))  # laid out as with a region
        self.fig.tight_layout(pad=0.05)
        for artist in added:
            artist.remove()
        self.ax.set_autoscale_on(False)  # a highlight never moves the map
        self.lock = threading.Lock()

    def png(self, kode: str) -> bytes:
        with self.lock:
            added = self._highlight(kode)
            try:
                return png_bytes(self.fig, self.dpi)
            finally:
                for artist in added:
                    artist.remove()

    def _highlight(self, kode: str) -> list:
        """The region filled (a kab/kota) or its province filled, the province outlined."""
        from shapely.plotting import patch_from_polygon

        prov = kode.split(".")[0]
        province = self.provinces.geometry[(self.provinces["kode"] == prov).to_numpy()]
        if "." in kode:
            region = self.kabkota.geometry[(self.kabkota["kode"] == kode).to_numpy()]
            parts = [(g, dict(facecolor=HIGHLIGHT, edgecolor=HIGHLIGHT, linewidth=0.6))
                     for g in region] + [(g, dict(facecolor="none", edgecolor="#111111",
                                                   linewidth=1.0)) for g in province]
        else:
            parts = [(g, dict(facecolor=HIGHLIGHT, edgecolor="#111111", linewidth=0.8))
                     for g in province]
        # added as artists: ``add_patch`` would walk every curve to update the map's limits
        return [self.ax.add_artist(patch_from_polygon(g, **style)) for g, style in parts
                if g is not None and not g.is_empty]


def timeline_axes(ax, p: profile.Profile, lang: str | None = None) -> list:
    """The timeline drawn as in the app (``charts.timeline``); returns the legend handles."""
    from matplotlib.lines import Line2D

    pts = profile.labelled(p, lang)
    handles, seen = [], set()
    for key, label in dict(zip(pts["series_key"], pts["series_label"])).items():
        colour = profile.SERIES_COLOURS[key]
        handles.append(Line2D([], [], color=colour, marker="o", linestyle="-", label=label))
    for line, group in pts[pts["line"] != ""].groupby("line", sort=False):
        group = group.sort_values("x")
        colour = profile.SERIES_COLOURS[group["series_key"].iloc[0]]
        ax.plot(group["x"], group["y"], color=colour, linewidth=1.6,
                alpha=0.95 if group["series"].iloc[0] == "region" else 0.55, zorder=2)
    top = max(110.0, float(pts["y"].max()) + 10 if len(pts) else 0, p.target + 10)
    for r in pts.to_dict("records"):
        colour = profile.SERIES_COLOURS[r["series_key"]]
        marker = profile.BASE_SHAPES.get(r["base"], ("circle", "o"))[1]
        if r["kind"] == "band":
            lo = 0.0 if r["lo"] is None or pd.isna(r["lo"]) else r["lo"]
            hi = 100.0 if r["hi"] is None or pd.isna(r["hi"]) else r["hi"]
            ax.vlines(r["x"], lo, hi, color=colour, linewidth=7, alpha=0.35, zorder=3)
        elif r["kind"] == "group":
            ax.plot([r["x"]], [r["y"]], marker="_", markersize=18, markeredgewidth=3,
                    color=colour, zorder=4)
        else:
            filled = r["kind"] == "exact"
            ax.plot([r["x"]], [r["y"]], marker=marker, markersize=6.5, linestyle="none",
                    color=colour, markerfacecolor=colour if filled else "white",
                    markeredgewidth=1.4, zorder=5)
        if r["base"] not in seen:
            seen.add(r["base"])
            handles.append(Line2D([], [], color="#444444", marker=marker, linestyle="none",
                                  markerfacecolor="white", label=t("base_" + r["base"], lang)))
    ax.axhline(p.target, color=HIGHLIGHT, linestyle=(0, (6, 4)), linewidth=1.4, zorder=1)
    handles.append(Line2D([], [], color=HIGHLIGHT, linestyle=(0, (6, 4)),
                          label=t("legend_target", lang, target=fmt_value(p.target, "pct", lang))))
    ax.set_ylim(0, top)
    ax.set_ylabel("%")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    return handles


def page(p: profile.Profile, data, link: str, lang: str | None = None,
         uploaded: str = "", printed: date | None = None, locator: bytes | None = None):
    """One A4 page: name, locator, latest statement, timeline, counts, gap, every figure with
    its source and date, the date printed and the profile's link."""
    from matplotlib.image import imread

    fig = new_figure(A4_PORTRAIT, 100)
    left, width = 0.07, 0.86
    fig.text(left, 0.965, p.name, fontsize=20, fontweight="bold", va="top", parse_math=False)
    printed = printed or date.today()
    sub = " · ".join(x for x in (
        p.province_name if p.level == "kabkota" else "", t("factsheet_kind", lang),
        t("factsheet_printed", lang, date=fmt_date(printed.isoformat(), lang)),
        t("export_uploaded_mark", lang, name=uploaded) if uploaded else "") if x)
    y = wrapped(fig, left, 0.93, sub, 9.5, 0.62, color="#333333")
    loc = fig.add_axes((0.73, 0.80, 0.22, 0.17))
    loc.imshow(imread(io.BytesIO(locator or locator_png(
        data.provinsi, data.kabkota, p.kode, dpi=150)), format="png"))
    loc.set_axis_off()  # an image: the page is measured many times, the map drawn once
    y = wrapped(fig, left, y - 0.015, p.statement(lang), 10.5, 0.63, fontweight="bold")
    rank = profile.rank_text(p, lang)
    y = wrapped(fig, left, y - 0.008, rank, 9.5, 0.63)
    chart_top = min(y - 0.03, 0.78)
    ax = fig.add_axes((left + 0.04, chart_top - CHART_HEIGHT, width - 0.04, CHART_HEIGHT))
    handles = timeline_axes(ax, p, lang)
    ax.set_title(t("profile_timeline_chart", lang, name=p.name), fontsize=10, loc="left",
                 parse_math=False)
    column_px = fig.get_window_extent().width * width / LEGEND_COLUMNS * 0.78
    for h in handles:  # each label wrapped to its column: the legend stays on the page
        h.set_label(wrap_to(fig, h.get_label(), LEGEND_FONT, column_px))
    legend = fig.legend(handles=handles, loc="upper left", ncol=LEGEND_COLUMNS,
                        fontsize=LEGEND_FONT, frameon=False,
                        bbox_to_anchor=(left, chart_top - CHART_HEIGHT - 0.025))
    for text in legend.get_texts():
        text.set_parse_math(False)
    y = legend.get_window_extent(fig.canvas.get_renderer()).transformed(
        fig.transFigure.inverted()).y0
    y = wrapped(fig, left, y - 0.005, t("factsheet_key", lang), 7.5, width, color="#333333")
    notes = [*p.base_changes, *p.disagreements]
    blocks = [(t("profile_gap_title", lang, target=fmt_value(p.target, "pct", lang)),
               profile.gap_sentence(p, lang)),
              (t("profile_counts_title", lang),
               "\n".join(profile.count_lines(p, lang)) or t("profile_counts_none", lang))]
    if notes:
        blocks.append((t("profile_jumps_title", lang), "\n".join(notes)))
    for head, body in blocks:
        y = wrapped(fig, left, y - 0.014, head, 10, width, fontweight="bold")
        y = wrapped(fig, left, y - 0.004, body, 8.5, width)
    footer = t("factsheet_footer", lang, link=link) if link else t("factsheet_footer_nolink",
                                                                   lang)
    bottom = 0.035
    wrapped(fig, left, bottom + 0.02, footer, 7, width, color="#444444")
    rows = figure_lines(p, lang)
    y = wrapped(fig, left, y - 0.014, t("factsheet_figures", lang, n=len(rows)), 10, width,
                fontweight="bold")
    region_list(fig, (left, bottom + 0.03, width, max(0.05, y - 0.006 - bottom - 0.03)), "",
                rows or [t("profile_no_figures", lang, name=p.name)], 8)
    fit_inside(fig)
    return fig


def figure_lines(p: profile.Profile, lang: str | None = None) -> list[str]:
    """Every figure of the region, one line each: ID, indicator, value, date, source, base."""
    rows = []
    for r in p.figures.to_dict("records"):
        value = wording.statement(r, lang) if r["kind"] in ("band", "group") else \
            wording.value_text(r, lang)
        parts = [r["figure_id"], f"{coverage.metric_label(r['metric'], lang)}: {value}",
                 wording.date_text(r, lang), wording.publisher(r, lang)]
        if r.get("base"):
            parts.append(wording.base_text(r, lang))
        rows.append(" · ".join(parts))
    return rows


def pdf(profiles: list[profile.Profile], data, links: list[str], lang: str | None = None,
        uploaded: str = "", locator=None, on_page=None) -> bytes:
    """The fact sheets as one PDF, a page each (``uploaded``: the name of the uploaded file
    they were made from, marked on every page; then no link is printed). ``locator(kode)``
    gives a region's locator image (drawn here when not given); ``on_page(done)`` is called
    after each page."""
    pages = (page(p, data, "" if uploaded else link, lang, uploaded,
                  locator=locator(p.kode) if locator else None)
             for p, link in zip(profiles, links))
    title = t("factsheet_kind", lang) + ": " + ", ".join(p.name for p in profiles[:3])
    return pdf_pages(pages, title, on_page)
