"""Regions side by side over time (the map page's comparison): each chosen region's own
coverage figures and statements as timeline points, one series per region, and the same
numbers as a table. Bands stay ranges, group statements stay marked as such, and the base of
each figure is kept (``profile.timeline``): comparing two regions never turns a statement
into a number. Pure pandas.
"""

from __future__ import annotations

import pandas as pd

from coverage_map.figures import profile
from coverage_map.figures.lookup import Figures
from coverage_map.language.i18n import fmt_date, t

MIN_REGIONS, MAX_REGIONS = 2, 5
# one colour per region compared (ColorBrewer Dark2 and Set1: told apart in print too)
COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#377eb8")


def points(figures: Figures, kodes: list[str], names: dict[str, str],
           lang: str | None = None) -> pd.DataFrame:
    """The chosen regions' coverage points over time (the columns of ``profile.labelled``),
    ``series_label`` the region's name, in the order chosen; undated figures left out (they
    are in ``table``)."""
    parts = []
    for kode in kodes[:MAX_REGIONS]:
        pts = profile.timeline(figures, kode, lang)
        pts = pts[(pts["series"] == "region") & (pts["metric"] == "coverage_pct")]
        parts.append(pts.assign(series_key=kode, series_label=names[kode], kode=kode))
    if not parts:
        return pd.DataFrame(columns=["series_key", "series_label", "kode", "x", "y"])
    out = pd.concat(parts, ignore_index=True)
    out["base_label"] = [t("base_" + b, lang) for b in out["base"]]
    out["kind_label"] = [t("kind_" + k, lang) for k in out["kind"]]
    return out


def table(pts: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The same numbers as the chart: region, date, what was said, how exact, base, source and
    figure ID, newest first within each region."""
    if pts.empty:
        return pd.DataFrame(columns=[t(c, lang) for c in (
            "col_region", "col_as_of", "col_value", "col_certainty", "col_base", "col_source",
            "col_id")])
    order = {k: n for n, k in enumerate(dict.fromkeys(pts["kode"]))}
    rows = pts.assign(_order=pts["kode"].map(order), _x=pts["x"].fillna(pd.Timestamp(0)))
    rows = rows.sort_values(["_order", "_x"], ascending=[True, False], kind="stable")
    return pd.DataFrame({
        t("col_region", lang): rows["series_label"].to_numpy(),
        t("col_as_of", lang): [fmt_date(d, lang) if d else t("date_missing", lang)
                              for d in rows["as_of"]],
        t("col_value", lang): [label.rsplit(" [", 1)[0] for label in rows["label"]],
        t("col_certainty", lang): rows["kind_label"].to_numpy(),
        t("col_base", lang): rows["base_label"].to_numpy(),
        t("col_source", lang): rows["source_publisher"].to_numpy(),
        t("col_id", lang): rows["figure_id"].to_numpy(),
    })
