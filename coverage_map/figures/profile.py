"""A region's story over time: every figure it has, its timeline with context, the gap to the
target in workers, where sources disagree or change their base, its rank in its province.

Pure pandas (no Streamlit, no plotting): the profile page, its charts and the fact sheets are
all drawn from what is computed here, so they say the same thing. A region is a kab/kota
(``64.74``) or a province (``64``). Nothing is filled in: a region without a figure says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from coverage_map.figures import derived, derived_words, ranking, wording
from coverage_map.figures.coverage import View, metric_label, ranked, view_table
from coverage_map.figures.lookup import (Figures, latest_of, lookup, newest_first, once,
                                         own_newest, region_level, table_of)
from coverage_map.language.i18n import fmt_date, fmt_value, t
from coverage_map.figures.ranking import Place
from coverage_map.figures.wording import MEASURED

# percentages drawn on the timeline: the region's coverage (every kind) and its segment shares
PERCENT_METRICS = ("coverage_pct", "segment_coverage_pct")
# the counts a reader follows over time
COUNT_METRICS = ("active_participants", "vulnerable_workers_apbd", "bps_angkatan_kerja",
                 "workforce",
                 # a segment's own counts: a region with only these still has counts
                 "formal_participants", "informal_participants", "construction_participants",
                 "formal_workforce", "informal_workforce", "non_asn_protected")


@dataclass
class Profile:
    """What the profile page, its chart and its fact sheet show for one region."""

    kode: str
    name: str
    level: str  # "kabkota" or "province"
    province: str  # kode_prov (a province: itself)
    province_name: str
    target: float
    latest: dict | None  # the figure the map draws the region with (coverage)
    points: pd.DataFrame  # the timeline: see ``timeline``
    counts: pd.DataFrame  # COUNT_METRICS over time, newest first
    figures: pd.DataFrame  # every figure of the region, by metric and date
    gap: derived.Answer  # workers still to enrol to reach the target (``derived``)
    disagreements: list[str] = field(default_factory=list)
    base_changes: list[str] = field(default_factory=list)
    rank: Place | None = None  # from the lowest, by what is certain (``ranking.places``)

    def statement(self, lang: str | None = None) -> str:
        """The latest statement in one sentence: value, certainty, date, source, base."""
        return latest_sentence(self.name, self.latest, lang)


def latest_sentence(name: str, fig: dict | None, lang: str | None = None) -> str:
    if fig is None:
        return t("profile_no_public", lang, name=name)
    if fig["kind"] == "group":
        text = t("profile_latest_group", lang, name=name, v=wording.value_text(fig, lang),
                 group=t(f"group_{fig['group']}", lang), date=wording.date_text(fig, lang),
                 publisher=wording.publisher(fig, lang))
    else:
        text = t("profile_latest", lang, name=name, v=wording.value_text(fig, lang),
                 certainty=wording.certainty(fig, lang), date=wording.date_text(fig, lang),
                 publisher=wording.publisher(fig, lang))
    extra = [x for x in (wording.base_text(fig, lang), wording.caveats_text(fig, lang)) if x]
    return text + "".join(f" {x}." for x in extra)


def as_date(as_of: str) -> pd.Timestamp | None:
    """Where a reference date sits on a time axis: a month at its middle, a year at its
    middle; an undated figure nowhere."""
    if not as_of:
        return None
    parts = as_of.split("-")
    try:
        if len(parts) == 1:
            return pd.Timestamp(int(parts[0]), 7, 1)
        if len(parts) == 2:
            return pd.Timestamp(int(parts[0]), int(parts[1]), 15)
        return pd.Timestamp(as_of)
    except ValueError:
        return None


def timeline(figures: Figures, kode: str, lang: str | None = None) -> pd.DataFrame:
    """The percentages of a region and its context, one row per figure.

    ``series`` is ``region`` (every coverage figure and segment share of the region: exact,
    approximate, bands, group statements), ``province`` (a kab/kota's province),
    ``kalimantan`` and ``indonesia`` (measured coverage only: context lines). ``x`` is the
    date on the axis (None: undated), ``y`` the value (a band: its stated bound), ``lo``/
    ``hi`` a band's range, ``line`` groups the points a line may join: same series, same
    base, measured only, so a change of base is a break and never a trend.
    """
    level = region_level(kode)
    own = own_newest(figures, kode)
    rows = _points("region", own[own["metric"].isin(PERCENT_METRICS)], lang)
    context = (kode.split(".")[0] if level == "kabkota" else "", lang)
    # the same for every regency of a province: from a ``Lookup``, made once
    rows.extend(once(figures, ("timeline context", *context),
                     lambda: _context(table_of(figures), *context)))
    columns = ["series", "x", "y", "lo", "hi", "kind", "base", "metric", "segment",
               "figure_id", "as_of", "source_publisher", "line", "label"]
    return pd.DataFrame(rows, columns=columns)


def _context(figures: pd.DataFrame, province: str, lang: str | None) -> list[dict]:
    """The context lines' points: the province (of a kab/kota), Kalimantan, Indonesia."""
    coverage = figures[(figures["metric"] == "coverage_pct") & figures["kind"].isin(MEASURED)
                       & (figures["scope"] == "wilayah")]
    parts = [("province", coverage[(coverage["level"] == "province")
                                   & (coverage["kode"] == province)])] if province else []
    parts.append(("kalimantan", coverage[coverage["level"] == "region"]))
    parts.append(("indonesia", coverage[coverage["level"] == "national"]))
    return [row for series, sel in parts for row in _points(series, sel, lang)]


def _points(series: str, sel: pd.DataFrame, lang: str | None) -> list[dict]:
    """One series' points: one per figure, the same figure from another source one point
    citing both."""
    rows: dict[tuple, dict] = {}
    for r in sel.to_dict("records"):
        lower, upper = r.get("lower"), r.get("upper")
        lower = None if lower is None or pd.isna(lower) else float(lower)
        upper = None if upper is None or pd.isna(upper) else float(upper)
        measured = r["kind"] in MEASURED and r["metric"] == "coverage_pct"
        base = r.get("base") or "tidak_disebut"
        key = (r["as_of"], r["value"], r["kind"], base, lower, upper, r["metric"],
               r.get("segment", ""))
        if key in rows:  # the same figure from another source: one point, both cited
            rows[key]["label"] += f"; {_point_label(r, lang)}"
            rows[key]["figure_id"] += f", {r['figure_id']}"
            continue
        rows[key] = {
            "series": series, "x": as_date(r["as_of"]), "y": float(r["value"]),
            "lo": lower, "hi": upper, "kind": r["kind"], "base": base,
            "metric": r["metric"], "segment": r.get("segment", ""),
            "figure_id": r["figure_id"], "as_of": r["as_of"],
            "source_publisher": wording.publisher(r, lang),
            "line": f"{series}|{base}" if measured else "",
            "label": _point_label(r, lang),
        }
    return list(rows.values())


def _point_label(r: dict, lang: str | None) -> str:
    if r["kind"] in ("band", "group"):
        body = wording.statement(r, lang)
        if r["kind"] == "group":
            body += f" ({wording.publisher(r, lang)})"
    else:
        body = wording.describe(r, lang=lang)
    return f"{body} [{r['figure_id']}]"


def counts(figures: Figures, kode: str) -> pd.DataFrame:
    """The region's counts over time (COUNT_METRICS), newest first."""
    own = own_newest(figures, kode)
    return own[own["metric"].isin(COUNT_METRICS) & ~own["kind"].isin(("target",))
               ].reset_index(drop=True)


def disagreements(figures: Figures, kode: str, lang: str | None = None) -> list[str]:
    """Where sources say different things about the region's coverage for the same date."""
    own = own_newest(figures, kode)
    own = own[own["metric"] == "coverage_pct"]
    out = []
    for as_of, group in own.groupby("as_of", sort=False):
        if not as_of:
            continue
        said = list(dict.fromkeys(
            f"{wording.value_text(r, lang)} ({wording.publisher(r, lang)}, {r['figure_id']})"
            for r in group.to_dict("records")))
        values = {(r["kind"], r["value"]) for r in group.to_dict("records")}
        if len(values) > 1:
            out.append(t("profile_disagree", lang, date=fmt_date(as_of, lang),
                         said="; ".join(said)))
    return out


def base_changes(points: pd.DataFrame, lang: str | None = None) -> list[str]:
    """Where the region's line breaks: consecutive measured figures on different stated
    bases (a base the source did not state is not counted as a change)."""
    own = points[(points["series"] == "region") & (points["line"] != "")
                 & points["x"].notna()].sort_values("x")
    out = []
    rows = own.to_dict("records")
    for before, after in zip(rows, rows[1:]):
        if before["base"] != after["base"] and "tidak_disebut" not in (before["base"],
                                                                       after["base"]):
            out.append(t("profile_base_change", lang,
                         a=fmt_value(before["y"], "pct", lang), a_date=fmt_date(before["as_of"], lang),
                         a_base=t("base_" + before["base"], lang),
                         b=fmt_value(after["y"], "pct", lang), b_date=fmt_date(after["as_of"], lang),
                         b_base=t("base_" + after["base"], lang)))
    return out


def rank_in_province(regions: pd.DataFrame, figures: Figures, kode: str, target: float,
                     metric: str = "coverage_pct") -> Place | None:
    """Where the regency stands in its province, counted from the lowest coverage among the
    regencies with a figure or statement of their own, by what is certain (``ranking``, as the
    ranked table and the summary); None where it has neither. From a ``Lookup`` the
    province's ranking is made once for all its regencies."""
    if region_level(kode) != "kabkota":
        return None
    found, province = lookup(figures), kode.split(".")[0]
    table = once(found, ("ranked", province, metric, target), lambda: ranked(
        view_table(regions, found.figures, View(province, metric, target)), metric))
    row = table[(table["kode"] == kode) & table["rank_low"].notna()]
    if row.empty:
        return None
    r = row.iloc[0]
    return Place(int(r["rank_low"]), int(r["rank_high"]), int(table["rank_low"].notna().sum()),
                 tuple(r["tied_with"]), r["status"] == "statement")


def build(regions: pd.DataFrame, provinces: dict[str, str], figures: Figures, kode: str,
          target: float, lang: str | None = None) -> Profile:
    """The whole profile of ``kode`` (a kab/kota or a province), from the figures (a table,
    or a ``Lookup``: what several profiles share is then worked out once)."""
    figures = lookup(figures)
    level = region_level(kode)
    if level == "province":
        name, province = provinces[kode], kode
    else:
        row = regions[regions["kode"] == kode].iloc[0]
        name, province = row["nama"], row["kode_prov"]
    best = latest_of(figures, "coverage_pct", level)
    chosen = best.loc[kode].drop(labels=["conflicts", "also_cited"]).to_dict() \
        if kode in best.index else None
    points = timeline(figures, kode, lang)
    own = figures.own(kode)
    return Profile(
        kode=kode, name=name, level=level, province=province,
        province_name=provinces.get(province, ""), target=target, latest=chosen,
        points=points, counts=counts(figures, kode),
        figures=own[own["metric"] != "other"].sort_values("metric", kind="stable")
        .reset_index(drop=True),
        gap=derived.for_region(figures, kode, derived.GAP, target),
        disagreements=disagreements(figures, kode, lang),
        base_changes=base_changes(points, lang),
        rank=rank_in_province(regions, figures, kode, target),
    )


def gap_sentence(p: Profile, lang: str | None = None) -> str:
    """The gap to the target in words, or why it is not computed (``derived_words``)."""
    return derived_words.sentence(p.gap, lang, p.name)


def rank_text(profile: Profile, lang: str | None = None) -> str:
    return "" if profile.rank is None else ranking.place_text(profile.rank,
                                                              profile.province_name, lang)


def count_lines(profile: Profile, lang: str | None = None) -> list[str]:
    """The latest of each count, in words: ``Peserta aktif: 87.022 (Juni 2020; Apindo)``."""
    out, first = [], {}
    for r in newest_first(profile.counts).to_dict("records"):
        first.setdefault(r["metric"], r)
    for metric in COUNT_METRICS:
        if metric in first:
            fig = first[metric]
            out.append(f"{metric_label(metric, lang)}: {wording.describe(fig, lang=lang)} "
                       f"[{fig['figure_id']}]")
    return out


def trend_explanation(figures: pd.DataFrame, level: str = "region", kode: str = "",
                      lang: str | None = None) -> str:
    """Why a rate fell while participants rose, from the figures themselves: the two newest
    coverage figures of the area that each come with their participants and workforce (the
    same source and date), when the rate fell, participants rose and the workforce grew."""
    sel = figures[(figures["level"] == level) & (figures["scope"] == "wilayah")]
    if kode:
        sel = sel[sel["kode"] == kode]
    triples = []
    for r in newest_first(sel[(sel["metric"] == "coverage_pct") & sel["kind"].isin(MEASURED)]
                     ).to_dict("records"):
        if not r["as_of"]:  # an undated figure cannot be placed before or after another
            continue
        same = sel[(sel["source_publisher"] == r["source_publisher"])
                   & (sel["as_of"] == r["as_of"])]
        p = same[same["metric"] == "active_participants"]
        w = same[same["metric"] == "workforce"]
        if len(p) and len(w):
            triples.append((r, p.iloc[0].to_dict(), w.iloc[0].to_dict()))
    if len(triples) < 2:
        return ""
    (new, new_p, new_w), (old, old_p, old_w) = triples[0], triples[-1]
    if not (new["value"] < old["value"] and new_p["value"] > old_p["value"]
            and new_w["value"] > old_w["value"]):
        return ""
    return t("trend_explained", lang,
             old=fmt_value(old["value"], "pct", lang), old_date=fmt_date(old["as_of"], lang),
             new=fmt_value(new["value"], "pct", lang), new_date=fmt_date(new["as_of"], lang),
             old_p=fmt_value(old_p["value"], "persons", lang),
             new_p=fmt_value(new_p["value"], "persons", lang),
             old_w=fmt_value(old_w["value"], "persons", lang),
             new_w=fmt_value(new_w["value"], "persons", lang),
             old_base=t("base_" + (old.get("base") or "tidak_disebut"), lang),
             new_base=t("base_" + (new.get("base") or "tidak_disebut"), lang),
             ids=", ".join(x["figure_id"] for x in (old, old_p, old_w, new, new_p, new_w)))


# --- how the timeline is drawn (the app's chart and the fact sheet share these) ---------------

SERIES_COLOURS = {"region": "#111111", "province": "#2166ac", "kalimantan": "#b35806",
                  "indonesia": "#7f7f7f", "segment": "#8073ac",
                  # each segment share its own colour (and legend entry): a chart never
                  # calls the informal share formal
                  "segment_formal": "#8073ac", "segment_informal": "#1b7837",
                  "segment_jakon": "#bf812d", "segment_non_asn": "#c51b7d",
                  "segment_rentan": "#35978f",
                  # the provinces side by side (ColorBrewer Dark2)
                  "61": "#1b9e77", "62": "#e6ab02", "63": "#7570b3", "64": "#e7298a",
                  "65": "#66a61e"}
# a base is a marker shape: a change of base reads as a change of symbol (and a break)
BASE_SHAPES = {  # base: (Vega-Lite shape, matplotlib marker)
    "tidak_disebut": ("circle", "o"), "basis_bpjs": ("square", "s"),
    "potensi": ("triangle-up", "^"), "penduduk_bekerja": ("diamond", "D"),
    "angkatan_kerja": ("cross", "P"), "target_ucj": ("triangle-down", "v"),
    "berkas": ("circle", "o"), "tabel_resmi": ("circle", "o"),
}


def labelled(profile: Profile, lang: str | None = None) -> pd.DataFrame:
    """The timeline's points with the words a chart shows: series, base and kind labels."""
    names = {"region": profile.name, "province": profile.province_name,
             "kalimantan": t("trend_kalimantan", lang), "indonesia": t("level_national", lang)}
    pts = profile.points[profile.points["x"].notna()].copy()
    segment = pts["metric"] == "segment_coverage_pct"
    pts["series_key"] = [f"segment_{s}" if seg and s else ("segment" if seg else series)
                         for series, seg, s in zip(pts["series"], segment, pts["segment"])]
    pts["series_label"] = [
        t("trend_segment", lang, name=profile.name, segment=t("segment_" + s, lang))
        if seg and s else names[series]
        for series, seg, s in zip(pts["series"], segment, pts["segment"])]
    pts["base_label"] = [t("base_" + b, lang) for b in pts["base"]]
    pts["kind_label"] = [t("kind_" + k, lang) for k in pts["kind"]]
    return pts.reset_index(drop=True)


def province_trends(figures: pd.DataFrame, provinces: dict[str, str], lang: str | None = None
                    ) -> pd.DataFrame:
    """The measured coverage of the five provinces, Kalimantan and Indonesia over time, as
    chart points (the columns of ``labelled``); a line joins one area's figures on one base."""
    sel = figures[(figures["metric"] == "coverage_pct") & figures["kind"].isin(MEASURED)
                  & (figures["scope"] == "wilayah")
                  & figures["level"].isin(("province", "region", "national"))]
    rows = []
    for r in sel.to_dict("records"):
        x = as_date(r["as_of"])
        if x is None:
            continue
        key = {"region": "kalimantan", "national": "indonesia"}.get(r["level"], r["kode"])
        label = provinces.get(r["kode"], "") if r["level"] == "province" else (
            t("trend_kalimantan", lang) if r["level"] == "region" else t("level_national", lang))
        base = r.get("base") or "tidak_disebut"
        rows.append({"series": "region" if r["level"] == "region" else "context",
                     "series_key": key, "series_label": label, "x": x, "y": float(r["value"]),
                     "lo": None, "hi": None, "kind": r["kind"], "base": base,
                     "base_label": t("base_" + base, lang), "kind_label": t("kind_" + r["kind"], lang),
                     "line": f"{key}|{base}", "label": _point_label(r, lang),
                     "figure_id": r["figure_id"], "as_of": r["as_of"]})
    return pd.DataFrame(rows)
