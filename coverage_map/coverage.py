"""From tidy figures to what a view shows: latest value per region, conflicts, gaps, summary.

Pure pandas; no Streamlit, no folium. A *view* is the province filter, the metric and the
target. Branch-office totals (``scope == "kantor_cabang"``) are never used as a region's value,
province figures are never spread onto regencies, and nothing missing is filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from coverage_map.i18n import fmt_date, fmt_value, qualified, t
from coverage_map.schema import MAP_METRICS

METRIC_UNIT = {"coverage_pct": "pct", "active_participants": "persons",
               "vulnerable_workers_apbd": "persons", "uncovered_workers": "persons"}
# For the ranking: for these metrics a high value is the problem.
HIGH_IS_WORSE = {"uncovered_workers"}
DEFAULT_TARGET = 80.0
OTHER_FIGURES_IN_TOOLTIP = 4


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


def data_years(figures: pd.DataFrame) -> list[int]:
    """The years that figures refer to, for the date control."""
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
    """The newest of some figures (reference date, then publication date, then id)."""
    keyed = figures.assign(_key=date_key(figures["as_of"], figures["published"]))
    return keyed.sort_values(["_key", "figure_id"], ascending=[False, True]).iloc[0].drop("_key")


def latest(figures: pd.DataFrame, metric: str, level: str = "kabkota") -> pd.DataFrame:
    """The latest figure per ``kode`` for one metric and level, with the figures it beat.

    Adds ``n_figures`` (how many figures the region has for this metric) and ``conflicts``: the
    other figures with the same reference date but a different value (shown, never hidden).
    """
    sel = figures[(figures["metric"] == metric) & (figures["level"] == level)
                  & (figures["scope"] == "wilayah")]
    if sel.empty:
        return sel.assign(n_figures=pd.Series(dtype=int), conflicts=pd.Series(dtype=object))
    sel = sel.assign(_key=date_key(sel["as_of"], sel["published"]))
    sel = sel.sort_values(["kode", "_key", "figure_id"], ascending=[True, False, True])
    best = sel.drop_duplicates("kode").set_index("kode", drop=False)
    rival = sel.merge(best[["as_of", "value"]].rename(columns=lambda c: c + "_best"),
                      left_on="kode", right_index=True)
    rival = rival[(rival["as_of"] == rival["as_of_best"]) & (rival["value"] != rival["value_best"])]
    conflicts = {k: g.drop(columns=["_key", "as_of_best", "value_best"]).to_dict("records")
                 for k, g in rival.groupby("kode")}
    best = best.drop(columns="_key").rename_axis(None)
    best["n_figures"] = sel.groupby("kode").size().reindex(best.index).to_numpy()
    best["conflicts"] = [conflicts.get(k, []) for k in best.index]
    return best


def describe(fig: dict | pd.Series, with_source: bool = True) -> str:
    """One figure as text: value with qualifier, date, publisher."""
    text = qualified(fmt_value(fig["value"], fig["unit"]), fig["qualifier"])
    text += f" ({fmt_date(fig['as_of'])}"
    return text + (f"; {fig['source_publisher']})" if with_source else ")")


def view_table(regions: pd.DataFrame, figures: pd.DataFrame, view: View) -> pd.DataFrame:
    """One row per kab/kota in the view, with its value for the metric (or missing).

    Columns: kode, nama, provinsi, kode_prov, jenis, value, unit, qualifier, as_of, published,
    source_publisher, source_title, source_url, definition, figure_id, n_figures, conflicts
    (text), other_figures (tuple of texts), province_figure (text, where the regency has no value).
    """
    figures = until(figures, view.year)
    regs = regions if view.province is None else regions[regions["kode_prov"] == view.province]
    base = regs[["kode", "nama", "provinsi", "kode_prov", "jenis"]].set_index("kode", drop=False)
    best = latest(figures, view.metric)
    cols = ["value", "unit", "qualifier", "as_of", "published", "source_publisher",
            "source_title", "source_url", "definition", "figure_id", "n_figures", "conflicts"]
    out = base.join(best[cols] if not best.empty else pd.DataFrame(columns=cols), how="left")
    out["unit"] = METRIC_UNIT[view.metric]
    out["n_figures"] = out["n_figures"].fillna(0).astype(int)
    out["conflicts"] = [
        "; ".join(f"{describe(c)}: {c['definition']}" for c in cs) if isinstance(cs, list) else ""
        for cs in out["conflicts"]
    ]
    out["other_figures"] = other_figures_by_region(figures, out.index, view.metric)
    prov = latest(figures, view.metric, level="province")
    out["province_figure"] = [
        t("province_figure", name=row["provinsi"], figure=describe(prov.loc[row["kode_prov"]]))
        if pd.isna(row["value"]) and row["kode_prov"] in prov.index else ""
        for _, row in out.iterrows()
    ]
    return out.reset_index(drop=True)


def other_figures(figures: pd.DataFrame, kode: str, metric: str) -> tuple[str, ...]:
    """The latest figure of each other metric a regency has (bands, segments, counts)."""
    return other_figures_by_region(figures, [kode], metric)[0]


def other_figures_by_region(figures: pd.DataFrame, kodes, metric: str) -> list[tuple[str, ...]]:
    """``other_figures`` for many regencies at once (one filter, one sort)."""
    kodes = list(kodes)
    sel = figures[(figures["level"] == "kabkota") & (figures["scope"] == "wilayah")
                  & (figures["metric"] != metric) & figures["kode"].isin(kodes)]
    if sel.empty:
        return [() for _ in kodes]
    # coverage bands and segment shares first (closest to the question), then newest first
    sel = sel.assign(_key=date_key(sel["as_of"], sel["published"]),
                     _band=~((sel["metric"] == "other") & (sel["unit"] == "pct")))
    sel = sel.sort_values(["kode", "_band", "_key"], ascending=[True, True, False])
    sel = sel.drop_duplicates(["kode", "metric", "unit"])
    sel = sel.groupby("kode", sort=False).head(OTHER_FIGURES_IN_TOOLTIP)
    texts: dict[str, list[str]] = {}
    for r in sel.to_dict("records"):
        text = f"{metric_label(r['metric'])}: {describe(r)}"
        if r["metric"] == "other":
            text += f" [{r['definition']}]"
        texts.setdefault(r["kode"], []).append(text)
    return [tuple(texts.get(k, ())) for k in kodes]


def metric_label(metric: str, lang: str | None = None) -> str:
    return t(f"metric_{metric}", lang)


def ranked(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The view's table ranked worst first (lowest coverage, most uncovered); missing last."""
    ascending = metric not in HIGH_IS_WORSE
    out = table.sort_values(["value", "nama"], ascending=[ascending, True], na_position="last")
    out = out.reset_index(drop=True)
    out.insert(0, "peringkat", [i + 1 if pd.notna(v) else None
                                for i, v in enumerate(out["value"])])
    return out


@dataclass(frozen=True)
class Summary:
    n_regions: int
    n_with_value: int
    n_below_target: int | None  # only for coverage_pct
    median: float | None
    lowest: pd.Series | None
    highest: pd.Series | None


def summarise(table: pd.DataFrame, view: View) -> Summary:
    have = table[table["value"].notna()]
    below = int((have["value"] < view.target).sum()) if view.metric == "coverage_pct" else None
    return Summary(
        n_regions=len(table),
        n_with_value=len(have),
        n_below_target=below,
        median=float(have["value"].median()) if len(have) else None,
        lowest=have.loc[have["value"].idxmin()] if len(have) else None,
        highest=have.loc[have["value"].idxmax()] if len(have) else None,
    )


def summary_sentence(summary: Summary, view: View, area: str) -> str:
    """The generated sentence above the map (also the text alternative of the map)."""
    missing = summary.n_regions - summary.n_with_value
    if summary.n_with_value == 0:
        return t("summary_none", area=area, n=summary.n_regions, metric=metric_label(view.metric))
    if view.metric == "coverage_pct":
        text = t("summary_coverage", below=summary.n_below_target, n=summary.n_with_value,
                 target=fmt_value(view.target, "pct"), area=area)
    else:
        text = t("summary_other", n=summary.n_with_value, total=summary.n_regions,
                 metric=metric_label(view.metric), area=area)
    if summary.lowest is not None and summary.n_with_value > 1:
        low, high = summary.lowest, summary.highest
        text += " " + t("summary_range", low_name=low["nama"], low=describe(low, False),
                        high_name=high["nama"], high=describe(high, False))
    if missing:
        text += " " + t("summary_missing", missing=missing)
    return text


def area_figure(figures: pd.DataFrame, view: View) -> pd.Series | None:
    """The latest figure for the whole area of the view: the province, or Kalimantan."""
    figures = until(figures, view.year)
    if view.province is None:
        sel = figures[(figures["level"] == "region") & (figures["metric"] == view.metric)]
        if sel.empty:
            return None
        return newest(sel)
    prov = latest(figures, view.metric, level="province")
    return prov.loc[view.province] if view.province in prov.index else None
