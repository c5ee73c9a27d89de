"""From tidy figures to what a view shows: latest value per region, conflicts, gaps, summary.

Pure pandas; no Streamlit, no folium. A *view* is the province filter, the metric and the
target. Branch-office totals (``scope == "kantor_cabang"``) are never used as a region's value,
province figures are never spread onto regencies, and nothing missing is filled in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby

import pandas as pd

from coverage_map.figures import ranking, wording
from coverage_map.language.i18n import fmt_date, fmt_value, t
from coverage_map.figures.ranking import COUNTS
from coverage_map.data.schema import MAP_METRICS
from coverage_map.figures.wording import MEASURED, STATEMENTS, describe

METRIC_UNIT = {"coverage_pct": "pct", "active_participants": "persons",
               "vulnerable_workers_apbd": "persons", "uncovered_workers": "persons"}
# COUNTS (counts of people) are ranked largest first, but a larger count is not "better" or
# "worse" (it follows the region's size); only a share of the workforce ranks regions from worst
# to best
DEFAULT_TARGET = 80.0
OTHER_FIGURES_IN_TOOLTIP = 5


@dataclass(frozen=True)
class View:
    """What the user asked to see."""

    province: str | None = None  # kode_prov, or None for all Kalimantan
    metric: str = "coverage_pct"
    target: float = DEFAULT_TARGET
    year: int | None = None  # use figures dated up to this year; None: all

    def __post_init__(self):
        if self.metric not in MAP_METRICS:
            raise ValueError(f"`metric` was {self.metric!r} but is expected to be in "
                             f"{list(MAP_METRICS)}")
        if not 0 < self.target <= 200:
            raise ValueError(f"`target` was {self.target!r} but is expected to be in (0, 200]")


def until(figures: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """Figures whose reference date is in or before ``year`` (undated ones cannot be placed)."""
    if year is None:
        return figures
    years = pd.to_numeric(figures["as_of"].str[:4], errors="coerce")
    return figures[years <= year]


def data_years(figures: pd.DataFrame, metric: str | None = None) -> list[int]:
    """The years in which figures were measured (of ``metric``, if given), for the date
    control (a target's year is not a year of data)."""
    if "kind" in figures:
        figures = figures[figures["kind"] != "target"]
    if metric is not None:
        figures = figures[figures["metric"] == metric]
    years = pd.to_numeric(figures["as_of"].str[:4], errors="coerce").dropna().astype(int)
    return sorted(set(years))


def date_key(as_of: pd.Series, published: pd.Series) -> pd.Series:
    """Sortable key: the reference date first, the publication date to break ties.

    A missing part sorts first (``2025-05`` before ``2025-05-14``) and an undated figure last.
    A year-only reference date published later ("2025" in a February 2026 article) is a figure
    for the whole year, so it sorts at the end of that year; published within the year, it
    sorts at its publication date.
    """
    def pad(text: str) -> str:
        parts = text.split("-") if text else []
        return "-".join((parts + ["00", "00"])[:3]) if parts else "0000-00-00"

    keys = []
    for ref, pub in zip(as_of.fillna(""), published.fillna("")):
        key = pad(ref)
        if len(ref) == 4 and pub:
            key = min(f"{ref}-12-31", pad(pub))
        keys.append(f"{key}|{pad(pub)}")
    return pd.Series(keys, index=as_of.index)


def newest(figures: pd.DataFrame) -> pd.Series:
    """The newest of some figures (reference date, then publication date, then the primary
    source, then id)."""
    keyed = figures.assign(_key=date_key(figures["as_of"], figures["published"]))
    keyed = keyed.sort_values(["_key", "source_rank", "figure_id"], ascending=[False, True, True])
    return keyed.iloc[0].drop("_key")


def _interval(fig) -> tuple[float, float]:
    """The range a statement allows: a band's bounds, or an approximate point."""
    lower, upper = fig.get("lower"), fig.get("upper")
    lo = -math.inf if lower is None or pd.isna(lower) else float(lower)
    hi = math.inf if upper is None or pd.isna(upper) else float(upper)
    if fig.get("kind") != "band":
        lo = hi = float(fig["value"])
    return lo, hi


def _agrees(measured, band) -> bool:
    lo, hi = _interval(band)
    return lo <= float(measured["value"]) <= hi


def _choose(rows: list[dict]) -> dict:
    """The figure a region is drawn with, from its figures newest first.

    The newest statement wins (a newer exact figure beats an older band or group statement);
    a band that confirms a measured figure of its own or the year before does not hide that
    figure (Kotawaringin Barat: 31,69 % in October 2024, "< 50 %" in March 2025)."""
    first = rows[0]
    if first["kind"] == "band":
        year = str(first["as_of"])[:4]
        for r in rows[1:]:
            if r["kind"] in MEASURED and _agrees(r, first) and (
                    not year or str(r["as_of"])[:4] >= str(int(year) - 1)):
                return r
    return first


def latest(figures: pd.DataFrame, metric: str, level: str = "kabkota",
           measured_only: bool = False) -> pd.DataFrame:
    """The figure per ``kode`` for one metric and level (see ``_choose``), with the rest.

    Adds ``n_figures`` (how many figures the region has for this metric), ``conflicts``: the
    other figures with the same reference date that say something else (shown, never hidden),
    and ``also_cited``: other sources giving the same value for the same date (the map cites the
    primary one, ``source_rank``, and lists these). ``measured_only`` keeps exact and
    approximate figures only (for arithmetic)."""
    sel = figures[(figures["metric"] == metric) & (figures["level"] == level)
                  & (figures["scope"] == "wilayah")]
    if measured_only:
        sel = sel[sel["kind"].isin(MEASURED)]
    if sel.empty:
        return sel.assign(n_figures=pd.Series(dtype=int), conflicts=pd.Series(dtype=object),
                          also_cited=pd.Series(dtype=object))
    sel = sel.assign(_key=date_key(sel["as_of"], sel["published"]))
    sel = sel.sort_values(["kode", "_key", "source_rank", "figure_id"],
                          ascending=[True, False, True, True]).drop(columns="_key")
    chosen, conflicts, also = [], [], []
    records = sel.to_dict("records")  # once: a frame per region costs ~4 ms each
    for _, group in groupby(records, key=lambda r: r["kode"]):
        rows = list(group)
        best = _choose(rows)
        same_date = [r for r in rows if r["as_of"] == best["as_of"] and r is not best]
        also.append([r for r in same_date if r["value"] == best["value"]
                     and r["kind"] == best["kind"]])
        conflicts.append([r for r in same_date if not (
            r["value"] == best["value"] and r["kind"] == best["kind"])
            and not (r["kind"] == "band" and best["kind"] in MEASURED and _agrees(best, r))])
        chosen.append({**best, "n_figures": len(rows)})
    out = pd.DataFrame(chosen).set_index("kode", drop=False).rename_axis(None)
    out["conflicts"] = conflicts
    out["also_cited"] = also
    return out


def status_of(row, statements_apply: bool = True) -> str:
    """``measured`` (exact or approximate figure), ``statement`` (band or group statement),
    ``partial`` (only other figures: segment shares, counts), ``none`` (nothing public).
    Counts stated as a bound ("lebih dari 60.000") are values (``statements_apply`` False)."""
    kind = row.get("kind")
    if isinstance(kind, str) and kind:
        return "statement" if statements_apply and kind in STATEMENTS else "measured"
    return "partial" if row.get("other_figures") else "none"


VIEW_COLUMNS = ["value", "unit", "kind", "qualifier", "lower", "upper", "segment", "group",
                "base", "caveats", "as_of", "published", "source_publisher", "source_title",
                "source_url", "source_rank", "figure_id", "n_figures", "conflicts", "also_cited"]


def view_table(regions: pd.DataFrame, figures: pd.DataFrame, view: View) -> pd.DataFrame:
    """One row per kab/kota in the view, with what is known for the metric (or missing).

    Columns: kode, nama, provinsi, kode_prov, jenis; the chosen figure's fields
    (``VIEW_COLUMNS``), where ``value`` holds measured values only and ``stated`` the number of
    a band or group statement; ``status`` (see ``status_of``); ``statement`` (what is known, in
    words); texts ``conflicts`` and ``also_cited``; ``other_figures`` (tuple of texts);
    ``province_figure`` (text, where the regency has no figure of its own).
    """
    figures = until(figures, view.year)
    regs = regions if view.province is None else regions[regions["kode_prov"] == view.province]
    base = regs[["kode", "nama", "provinsi", "kode_prov", "jenis"]].set_index("kode", drop=False)
    best = latest(figures, view.metric)
    out = base.join(best[VIEW_COLUMNS] if not best.empty else
                    pd.DataFrame(columns=VIEW_COLUMNS), how="left")
    out["unit"] = METRIC_UNIT[view.metric]
    out["n_figures"] = out["n_figures"].fillna(0).astype(int)
    for col in ("kind", "qualifier", "segment", "group", "base", "caveats", "figure_id",
                "source_publisher", "as_of", "published", "source_title", "source_url"):
        out[col] = out[col].astype(object).where(out[col].notna(), "")
    coverage = view.metric == "coverage_pct"
    statements = out["kind"].isin(STATEMENTS) & coverage
    out["value"] = pd.to_numeric(out["value"], errors="coerce")
    out["stated"] = out["value"].where(statements)
    out["value"] = out["value"].where(~statements)
    out["statement"] = [wording.statement({**r, "value": r["stated"]}) if is_statement
                        else (wording.value_text(r) if r["kind"] else "")
                        for r, is_statement in zip(out.to_dict("records"), statements)]
    out["conflicts"] = ["; ".join(_conflict_text(c) for c in cs) if isinstance(cs, list) else ""
                        for cs in out["conflicts"]]
    out["also_cited"] = ["; ".join(f"{c['source_publisher']} ({c['figure_id']})" for c in cs)
                         if isinstance(cs, list) else "" for cs in out["also_cited"]]
    out["other_figures"] = other_figures_by_region(figures, out.index, view.metric,
                                                   out["figure_id"].tolist())
    out["status"] = [status_of(r, coverage) for r in out.to_dict("records")]
    prov = latest(figures, view.metric, level="province")
    out["province_figure"] = [
        t("province_figure", name=row["provinsi"],
          figure=wording.describe_for_year(prov.loc[row["kode_prov"]], view.year))
        if not row["kind"] and row["kode_prov"] in prov.index else ""
        for _, row in out.iterrows()
    ]
    return out.reset_index(drop=True)


def _conflict_text(fig: dict) -> str:
    if fig["kind"] in STATEMENTS:
        return wording.statement(fig)
    return describe(fig)


def other_figures_by_region(figures: pd.DataFrame, kodes, metric: str,
                            shown_ids: list[str] | None = None) -> list[tuple[str, ...]]:
    """``other_figures`` for many regencies at once (one filter, one sort). ``shown_ids`` are
    the figures already drawn (left out)."""
    kodes = list(kodes)
    shown = set(shown_ids or [])
    sel = figures[(figures["level"] == "kabkota") & (figures["scope"] == "wilayah")
                  & figures["kode"].isin(kodes) & ~figures["figure_id"].isin(shown)
                  & (figures["kind"] != "target") & (figures["metric"] != "other")]
    if sel.empty:
        return [() for _ in kodes]
    # the same indicator first (earlier or other statements), then segment shares, then counts;
    # newest first within each
    order = {metric: 0, "segment_coverage_pct": 1}
    sel = sel.assign(_key=date_key(sel["as_of"], sel["published"]),
                     _order=[order.get(m, 2) for m in sel["metric"]])
    sel = sel.sort_values(["kode", "_order", "_key", "source_rank"],
                          ascending=[True, True, False, True])
    same = sel["metric"] == metric
    sel = pd.concat([sel[same].drop_duplicates(["kode", "as_of", "value"]).groupby("kode").head(2),
                     sel[~same].drop_duplicates(["kode", "metric", "segment"])])
    sel = sel.sort_values(["kode", "_order", "_key"], ascending=[True, True, False])
    sel = sel.groupby("kode", sort=False).head(OTHER_FIGURES_IN_TOOLTIP)
    texts: dict[str, list[str]] = {}
    for r in sel.to_dict("records"):
        if r["kind"] == "band" and r["unit"] == "pct":  # the statement names source and date
            body = wording.statement(r)
        elif r["kind"] == "group":
            body = f"{wording.statement(r)} ({wording.publisher(r)})"
        else:
            body = describe(r)
        texts.setdefault(r["kode"], []).append(
            f"{metric_label(r['metric'])}: {body} [{r['figure_id']}]")
    return [tuple(texts.get(k, ())) for k in kodes]


def metric_label(metric: str, lang: str | None = None) -> str:
    return t(f"metric_{metric}", lang)


# a workforce figure's base, where it has one (an upload's header named it): its own label
WORKFORCE_BASES = ("angkatan_kerja", "penduduk_bekerja", "potensi")


def figure_label(fig: dict, lang: str | None = None) -> str:
    """What a figure counts: its metric's label, or for a workforce whose base is known (an
    uploaded column "Angkatan Kerja") that base (``Angkatan kerja``)."""
    if fig.get("metric") == "workforce" and fig.get("base") in WORKFORCE_BASES:
        return t(f"workforce_base_{fig['base']}", lang)
    return metric_label(fig["metric"], lang)


def target_side(row, target: float) -> str:
    """Where a region stands against the target: ``below``, ``met``, or "" when its figure or
    statement does not say (a band across the target, nothing known)."""
    status = row["status"]
    if status == "measured":
        return "below" if row["value"] < target else "met"
    if status != "statement":
        return ""
    lo, hi = _interval({**row, "value": row["stated"]})
    if hi < target or (row["kind"] == "band" and hi == target and pd.isna(row["lower"])):
        return "below"
    return "met" if lo >= target else ""


def ranked(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The view's table ranked by what is certain (``ranking.order``): coverage lowest first,
    counts largest first; a band or group statement takes the place its certain bound gives it
    (``rank``: ``"3"``, or ``"1–7"`` where it cannot be told), the regions without a figure or
    statement of their own come last."""
    return ranking.order(table, metric)


@dataclass(frozen=True)
class Summary:
    n_regions: int
    n_with_value: int  # measured figures (exact or approximate)
    n_statements: int  # bands and group statements
    n_below_target: int | None  # only for coverage_pct: measured and statements
    n_below_by_statement: int | None
    n_met: int | None
    n_partial: int  # only segment shares or other indicators
    median: float | None
    lowest: ranking.Extreme | None  # by what is certain (``ranking.extremes``)
    highest: ranking.Extreme | None


def summarise(table: pd.DataFrame, view: View) -> Summary:
    have = table[table["value"].notna()]
    coverage = view.metric == "coverage_pct"
    sides = [target_side(r, view.target) for r in table.to_dict("records")] if coverage else []
    by_statement = table["status"].eq("statement").tolist()
    ends = ranking.extremes(table, view.metric)
    return Summary(
        n_regions=len(table),
        n_with_value=len(have),
        n_statements=int(table["status"].eq("statement").sum()),
        n_below_target=sides.count("below") if coverage else None,
        n_below_by_statement=sum(s == "below" and b for s, b in zip(sides, by_statement))
        if coverage else None,
        n_met=sides.count("met") if coverage else None,
        n_partial=int(table["status"].eq("partial").sum()),
        median=float(have["value"].median()) if len(have) else None,
        lowest=ends[0] if ends else None,
        highest=ends[1] if ends else None,
    )


def summary_sentence(summary: Summary, view: View, area: str, table: pd.DataFrame | None = None
                     ) -> str:
    """The generated sentence above the map (also the text alternative of the map).

    It counts what is certain: regions below the target by their own figure or by a band or
    group statement (said so), and reads correctly for one region (``table`` then names it).
    """
    known = summary.n_with_value + summary.n_statements
    missing = summary.n_regions - known
    target = fmt_value(view.target, "pct")
    if known == 0:
        return t("summary_none", area=area, n=summary.n_regions, metric=metric_label(view.metric))
    if summary.n_regions == 1 and table is not None:
        row = table.iloc[0]
        side = target_side(row, view.target) if view.metric == "coverage_pct" else ""
        key = {"below": "summary_one_below", "met": "summary_one_met"}.get(side, "summary_one")
        return t(key, name=row["nama"], v=row["statement"], date=fmt_date(row["as_of"]),
                 target=target)
    if view.metric == "coverage_pct":
        text = t("summary_coverage", below=summary.n_below_target, n=known, target=target,
                 area=area)
        if summary.n_below_by_statement:
            text = text[:-1] + t("summary_by_statement", z=summary.n_below_by_statement)
    else:
        text = t("summary_other", n=summary.n_with_value, total=summary.n_regions,
                 metric=metric_label(view.metric), area=area)
    if summary.lowest is not None:  # by what is certain; said so where it rests on a statement
        ends = t("summary_extremes", low=ranking.extreme_text(summary.lowest, "lowest"),
                 high=ranking.extreme_text(summary.highest, "highest"))
        text += " " + ends[:1].upper() + ends[1:]
    if missing:
        text += " " + t("summary_missing", missing=missing)
        if summary.n_partial:
            text = text[:-1] + t("summary_partial", partial=summary.n_partial)
    return text


def area_figure(figures: pd.DataFrame, view: View) -> pd.Series | None:
    """The latest figure for the whole area of the view: the province, or Kalimantan."""
    figures = until(figures, view.year)
    if view.province is None:
        sel = figures[(figures["level"] == "region") & (figures["metric"] == view.metric)
                      & (figures["scope"] == "wilayah")]
        if sel.empty:
            return None
        return newest(sel)
    prov = latest(figures, view.metric, level="province")
    return prov.loc[view.province] if view.province in prov.index else None


def drawn_as(table: pd.DataFrame, classes, target: float | None) -> list[tuple[str, int]]:
    """How each region of a view table is drawn, in its order: ``("value", i)`` a measured
    figure in class ``i``; ``("class", i)``, ``("below", -1)``, ``("above", -1)`` a band or
    group statement (see ``classify.statement_fills``); ``("none", -1)`` hatched."""
    from coverage_map.figures.classify import statement_fills

    rows = table.to_dict("records")
    intervals = [_interval({**r, "value": r["stated"]}) if r["status"] == "statement"
                 else (None, None) for r in rows]
    fills = statement_fills(classes, intervals, target)
    out = []
    for r, i, fill in zip(rows, classes.yb, fills):
        if i >= 0:
            out.append(("value", i))
        elif r["status"] == "statement" and fill[0]:
            out.append(fill)
        else:
            out.append(("none", -1))
    return out


def national_figure(figures: pd.DataFrame, view: View) -> pd.Series | None:
    """Indonesia's latest figure for the metric: context beside Kalimantan's, never drawn."""
    figures = until(figures, view.year)
    sel = figures[(figures["level"] == "national") & (figures["metric"] == view.metric)
                  & figures["kind"].isin(MEASURED)]
    return None if sel.empty else newest(sel)
