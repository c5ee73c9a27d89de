"""A derived number (``derived.Answer``) in words, the same on every page and in every file.

``count_text`` says a number of workers with the precision it has: exact inputs give an exact
number (``27.845 pekerja``), an approximate input a rounded one (``sekitar 28 ribu pekerja``,
two significant digits), a band a range (``antara 18.300 dan 48.800 pekerja``). ``sentence``
says the whole answer: the number, what it was computed from (each figure with its date,
source and ID), and every warning (sources that disagree, a workforce of another base, figures
years apart); ``reason_text`` why there is none; ``cell`` the short form a table shows.
"""

from __future__ import annotations

import math

from coverage_map.figures import pairing, wording
from coverage_map.figures.coverage import figure_label
from coverage_map.figures.derived import GAP, PAIR, REPORTED, Answer, Way
from coverage_map.language.i18n import fmt_plain, fmt_value, t

SIGNIFICANT = 2  # digits an approximate count is rounded to


def rounded(n: float) -> float:
    """``n`` to ``SIGNIFICANT`` significant digits (139.914 -> 140.000; 27.800 -> 28.000)."""
    if n <= 0 or not math.isfinite(n):
        return n
    step = 10.0 ** max(0, int(math.floor(math.log10(n))) + 1 - SIGNIFICANT)
    return math.floor(n / step + 0.5) * step  # half up: 38.500 -> 39.000


def about(n: float, lang: str | None = None) -> str:
    """An approximate count in words: ``140 ribu``, ``1,2 juta``, ``2.000``."""
    n = rounded(n)
    if n >= 1e6:
        return t("count_million", lang, v=fmt_plain(n / 1e6, lang))
    if n >= 1e4:
        return t("count_thousand", lang, v=fmt_plain(n / 1e3, lang))
    return fmt_value(n, "persons", lang)


def number(low: float, best: float, high: float, approximate: bool, lang: str | None = None
           ) -> str:
    """A count with the precision it has (without the word "pekerja")."""
    persons = lambda v: fmt_value(v, "persons", lang)  # noqa: E731
    if math.isnan(low) and math.isnan(high):
        return "–"
    if not math.isnan(best) and (not approximate or high == low):
        return persons(best)
    if not math.isnan(best) and low > 0:
        return t("qualifier_sekitar", lang, v=about(best, lang))
    if not math.isnan(best):  # "sekitar" reaching 0: the target may be met already
        return t("count_at_most", lang, v=persons(high))
    if math.isinf(high):
        return t("count_at_least", lang, v=persons(low))
    if low <= 0:
        return t("count_at_most", lang, v=persons(high))
    return t("band_between", lang, lo=persons(low), hi=persons(high))


def count_text(low: float, best: float, high: float, approximate: bool,
               lang: str | None = None) -> str:
    """``27.845 pekerja``, ``sekitar 28 ribu pekerja``, ``antara 18.300 dan 48.800 pekerja``."""
    if math.isnan(best) and 0 < low and math.isfinite(high):
        return t("plan_workers_range", lang, lo=fmt_value(low, "persons", lang),
                 hi=fmt_value(high, "persons", lang))
    return t("plan_workers", lang, n=number(low, best, high, approximate, lang))


def way_count(way: Way, lang: str | None = None) -> str:
    return count_text(way.low, way.best, way.high, way.approximate, lang)


def mid_sentence(label: str) -> str:
    """A label or sentence inside another: ``Cakupan kepesertaan`` -> ``cakupan
    kepesertaan``, ``Target`` -> ``target`` (an abbreviation such as ``BPS`` stays)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def figure_text(fig: dict, lang: str | None = None, listed: bool = False) -> str:
    """``cakupan kepesertaan sekitar 40 % (November 2025; Disway; F375)`` inside a sentence;
    ``listed``: ``Cakupan kepesertaan: sekitar 40 % (…)``, as a choice or an item in a list."""
    label = figure_label(fig, lang)
    said = f"{label}:" if listed else mid_sentence(label)
    return f"{said} {wording.value_text(fig, lang)} (" \
           f"{wording.date_text(fig, lang)}; {wording.publisher(fig, lang)}; {fig['figure_id']})"


def _workforce(way: Way, lang: str | None) -> str:
    if way.workforce is not None:
        return figure_text(way.workforce, lang)
    return t("plan_base_typed_words", lang, v=fmt_value(way.typed, "persons", lang))


def source_text(way: Way, lang: str | None = None, question: str = "",
                target: float = math.nan) -> str:
    """What one way was computed from, every figure named."""
    if way.how == REPORTED:
        return t("derived_from_reported", lang, figure=figure_text(way.figure, lang))
    if way.workforce is None and way.typed is None:  # above the target whatever the workforce
        return t("derived_from_alone", lang, figure=figure_text(way.figure, lang))
    if way.how == PAIR:  # uncovered: workforce - participants; the gap: target x workforce - …
        key = "derived_from_pair_gap" if question == GAP else "derived_from_pair"
    else:
        key = "derived_from_share_chosen" if way.mixed_base else "derived_from_share"
    return t(key, lang, figure=figure_text(way.figure, lang), workforce=_workforce(way, lang),
             target=fmt_value(target, "pct", lang))


def _head(a: Answer, way: Way, lang: str | None) -> str:
    if a.question == GAP:
        tgt = fmt_value(a.target, "pct", lang)
        if way.met:
            return t("derived_gap_met", lang, target=tgt)
        return t("derived_gap", lang, what=way_count(way, lang), target=tgt)
    if way.met:
        return t("derived_uncovered_none", lang)
    return t("derived_uncovered", lang, what=way_count(way, lang))


def _warnings(a: Answer, lang: str | None) -> list[str]:
    out = []
    if any(w.mixed_base and w.workforce is None for w in a.ways):
        out.append(t("derived_typed_base", lang))
    elif a.mixed_base:
        out.append(t("derived_mixed_base", lang))
    apart = max((w.years_apart for w in a.ways), default=0)
    if apart >= 2:
        out.append(t("gap_years_apart", lang, n=apart))
    if a.approximate:
        out.append(t("derived_approx_rule", lang, pct=fmt_plain(pairing.APPROX * 100, lang)))
    return out


def sentence(a: Answer, lang: str | None = None, name: str = "") -> str:
    """The whole answer in words, or why there is none."""
    if not a.known:
        return reason_text(a, lang, name)
    if a.agree:
        way = a.ways[0]
        parts = [_head(a, way, lang), source_text(way, lang, a.question, a.target) + "."]
    else:
        said = "; ".join(
            f"{mid_sentence(_head(a, w, lang).rstrip('.'))} "
            f"({mid_sentence(source_text(w, lang, a.question, a.target))})" for w in a.ways)
        parts = [t("derived_disagree", lang, said=said)]
    text = " ".join(parts + _warnings(a, lang))
    return text[:1].upper() + text[1:]


def _base_words(fig: dict, lang: str | None) -> str:
    """``dasar: penduduk bekerja (BPS)``, or that the source does not say."""
    base = str(fig.get("base") or "")
    if not base or base == "tidak_disebut":
        return t("derived_base_unknown", lang)
    return t("derived_base_is", lang, base=t(f"base_{base}", lang))


def reason_text(a: Answer, lang: str | None = None, name: str = "") -> str:
    """Why there is no number (``Answer.reason``)."""
    name = name or t("derived_this_region", lang)
    if a.reason in ("no_base", "other_base", "too_far") and a.statement is not None:
        return t(f"derived_none_{a.reason}", lang, name=name, figure=figure_text(a.statement, lang),
                 base=_base_words(a.statement, lang),
                 years=pairing.YEARS_APART)
    key = a.reason if a.reason in ("group", "no_statement") else "no_statement"
    return t(f"derived_none_{key}", lang, name=name)


def cell(a: Answer, lang: str | None = None) -> str:
    """The answer for a table cell: ``sekitar 28 ribu``, ``18.300–48.800``, ``tercapai``,
    ``2.000 atau tercapai`` (sources disagree), ``–`` (none)."""
    if not a.known:
        return "–"

    def one(w: Way) -> str:
        if a.question == GAP and w.met:
            return t("derived_cell_met", lang)
        return number(w.low, w.best, w.high, w.approximate, lang)
    return t("derived_cell_or", lang).join(dict.fromkeys(one(w) for w in a.ways))


def qualifier_text(a: Answer, lang: str | None = None) -> str:
    """The qualifier column in words (``Answer.qualifier``)."""
    q = a.qualifier()
    return t(f"derived_q_{q}", lang) if q else ""
