"""Altair chart specifications (Streamlit renders them with its bundled Vega, offline)."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

BAR = "#f03b20"


def percent_bars(df: pd.DataFrame, target: float, title: str, target_label: str,
                 tooltip: list[tuple[str, str]], target_title: str) -> alt.LayerChart:
    """Horizontal bars of percentages with their words and a dashed target rule.

    ``df`` has ``wilayah`` (row label, wrapped onto lines of at most 28 characters),
    ``nilai`` (percent; empty for a statement or where there is no figure: no bar is drawn,
    never a 0), ``label`` (the words at the end of the bar or, without a bar, at the start of
    the row; cut with "…" at the chart's right edge) and the columns named in ``tooltip``:
    (column, title in the reader's language) pairs, every text already written in the reader's
    language. The target rule's tooltip is titled ``target_title``.
    """
    values = pd.to_numeric(df["nilai"], errors="coerce")
    top = max(140.0, float(values.max()) * 1.4 if values.notna().any() else 0.0, target * 1.3)
    rows = ["\n".join(textwrap.wrap(str(v), 28)) for v in df["wilayah"]]
    data = df.assign(wilayah=rows, nilai=values, pos=values.fillna(0.0), target=target,
                     target_label=target_label)
    tips = [alt.Tooltip(f"{column}:N", title=name) for column, name in tooltip]
    lines = max((r.count("\n") + 1 for r in rows), default=1)
    base = alt.Chart(data).encode(
        y=alt.Y("wilayah:N", sort=rows, title=None, axis=alt.Axis(
            labelLimit=200, labelFontSize=12, labelExpr="split(datum.label, '\\n')")),
        tooltip=tips)
    x = alt.X("nilai:Q", title="%", scale=alt.Scale(domain=[0, top]))
    bars = base.transform_filter("isValid(datum.nilai)").mark_bar(color=BAR, size=24).encode(x=x)
    text = base.mark_text(align="left", dx=5, fontSize=12, limit=alt.ExprRef(
        "max(40, width - scale('x', datum.pos) - 8)")).encode(
        x=alt.X("pos:Q", title="%", scale=alt.Scale(domain=[0, top])), text="label:N")
    rule = alt.Chart(data.head(1)).mark_rule(color="#111111", strokeDash=[6, 4], size=2).encode(
        x="target:Q", tooltip=[alt.Tooltip("target_label:N", title=target_title)])
    return (bars + text + rule).properties(
        title=alt.TitleParams(title, subtitle=target_label), height=alt.Step(15 * lines + 12))

HOW_COLOURS = ("#bd0026", "#fd8d3c", "#7a0177")  # reported, computed, the two differ


def range_bars(df: pd.DataFrame, title: str, axis_title: str, low: str, high: str,
               how: list[str] | None = None, names: str = " ", value_text: str | None = None
               ) -> alt.LayerChart:
    """Ranked horizontal bars of counts per region (``nama``), in ``df``'s order (largest
    first): a bar to the smallest number the region's answer allows (``low``), and a thin line
    on to the largest (``high``) where it is a range or its sources differ. ``how``: the
    categories of ``cara`` (reported, computed, differing) the bars are coloured by; the
    tooltip carries the region (titled ``names``) and ``label`` (the number with its date and
    what it came from, titled ``axis_title``); ``value_text``: the column whose words are
    written at the end of each bar (the number as the language writes it)."""
    top = float(df[high].max()) if len(df) else 0.0
    base = alt.Chart(df).encode(
        y=alt.Y("nama:N", sort=list(df["nama"]), title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=[alt.Tooltip("nama:N", title=names),
                 alt.Tooltip("label:N", title=axis_title if axis_title != names else " ")])
    colour = {"color": alt.Color("cara:N", title=None, scale=alt.Scale(
        domain=how, range=list(HOW_COLOURS[:len(how)])),
        legend=alt.Legend(orient="top", labelLimit=400))} if how else {}
    # room at the right for the words at the end of the longest bar
    scale = alt.Scale(domain=[0, top * 1.45 if value_text else top], nice=False) if top > 0 \
        else alt.Undefined
    bars = base.mark_bar(**({} if how else {"color": HOW_COLOURS[1]})).encode(
        x=alt.X(f"{low}:Q", title=axis_title, axis=alt.Axis(format=",.0f"), scale=scale),
        **colour)
    ranges = base.transform_filter(alt.datum[high] > alt.datum[low]).mark_rule(
        size=3, **({} if how else {"color": "#333333"})).encode(
        x=f"{low}:Q", x2=f"{high}:Q", **colour)
    layers = [bars, ranges]
    if value_text:
        layers.append(base.mark_text(align="left", dx=5, fontSize=12, color="#222222").encode(
            x=f"{high}:Q", text=f"{value_text}:N"))
    return alt.layer(*layers).properties(title=title, height=alt.Step(24))


def largest_first(df: pd.DataFrame, low: str, high: str) -> pd.DataFrame:
    """``df`` ranked by what is certain: the smallest number allowed, then the largest."""
    return df.sort_values([low, high], ascending=False, kind="stable")


def timeline(points: pd.DataFrame, target: float, title: str, target_label: str,
             y_title: str, order: list[str], height: int = 460,
             colours: list[str] | None = None, legend_columns: int = 2) -> alt.LayerChart:
    """A region's percentages over time with its context (see ``profile.labelled``).

    Colour is the series (the region, its province, Kalimantan, Indonesia, a segment); shape
    is the base, and a line joins only the measured points of one series on one base, so a
    change of base is a break. Exact figures are filled, approximate ones hollow; a band is a
    bar over the range it allows; a group statement a short bar at its level. ``order`` lists
    the series labels in legend order; ``height`` is the whole chart's, legends included;
    ``colours``: one per label of ``order`` (regions compared), else the series' own."""
    from coverage_map.figures.profile import BASE_SHAPES, SERIES_COLOURS

    pts = points.assign(
        lo_d=points["lo"].fillna(0.0),
        hi_d=points["hi"].fillna(max(100.0, float(points["y"].max() if len(points) else 0))))
    keys = pts.drop_duplicates("series_label").set_index("series_label")["series_key"]
    chosen = dict(zip(order, colours)) if colours else {}
    colours = [chosen.get(s) or SERIES_COLOURS[keys[s]] for s in order if s in keys.index]
    labels = [s for s in order if s in keys.index]
    bases = pts.drop_duplicates("base_label")
    top = max(110.0, float(pts["y"].max() or 0) + 10, target + 10) if len(pts) else 110.0
    colour = alt.Color("series_label:N", title=None, scale=alt.Scale(domain=labels,
                                                                     range=colours),
                       legend=alt.Legend(orient="bottom", columns=legend_columns,
                                         labelLimit=170 if legend_columns > 1 else 300))
    # the bases' key is text under the chart (``base_key``): on a phone a second legend
    # would not fit beside the first
    shape = alt.Shape("base_label:N", title=None, scale=alt.Scale(
        domain=list(bases["base_label"]),
        range=[BASE_SHAPES.get(b, ("circle", "o"))[0] for b in bases["base"]]), legend=None)
    # whole years on the axis: figures of one year still get a labelled year around them
    x = alt.X("x:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"),
              scale=alt.Scale(nice="year"))
    y = alt.Y("y:Q", title=y_title, scale=alt.Scale(domain=[0, top]))
    tip = [alt.Tooltip("series_label:N", title=" "), alt.Tooltip("label:N", title="  "),
           alt.Tooltip("kind_label:N", title="   "), alt.Tooltip("base_label:N", title="    ")]
    base = alt.Chart(pts)
    layers = [
        alt.Chart(pd.DataFrame({"target": [target], "label": [target_label]})).mark_rule(
            color="#b2182b", strokeDash=[6, 4], size=2).encode(
            y="target:Q", tooltip=[alt.Tooltip("label:N", title=" ")]),
        base.transform_filter(alt.datum.line != "").mark_line(strokeWidth=2).encode(
            x=x, y=y, color=colour, detail="line:N", opacity=alt.condition(
                alt.datum.series == "region", alt.value(0.95), alt.value(0.55))),
        base.transform_filter(alt.datum.kind == "band").mark_rule(
            strokeWidth=9, opacity=0.4).encode(x=x, y="lo_d:Q", y2="hi_d:Q", color=colour,
                                               tooltip=tip),
        base.transform_filter(alt.datum.kind == "group").mark_tick(
            thickness=3, size=26, orient="horizontal").encode(x=x, y=y, color=colour,
                                                                tooltip=tip),
        base.transform_filter(alt.datum.kind == "exact").mark_point(
            filled=True, size=90, opacity=1).encode(x=x, y=y, color=colour, shape=shape,
                                                    tooltip=tip),
        base.transform_filter((alt.datum.kind == "approximate") | (alt.datum.kind == "segment"))
        .mark_point(filled=False, size=90, strokeWidth=2, opacity=1).encode(
            x=x, y=y, color=colour, shape=shape, tooltip=tip),
    ]
    return alt.layer(*layers).properties(
        # the height holds the legends below the plot too (Streamlit fits the whole chart)
        title=alt.TitleParams(title, anchor="start"), height=height)


SYMBOLS = {"circle": "●", "square": "■", "triangle-up": "▲", "diamond": "◆", "cross": "✚",
           "triangle-down": "▼"}


def base_key(points: pd.DataFrame) -> str:
    """The marker of each base on the chart, in words: ``● tidak disebut sumber · ■ …``."""
    from coverage_map.figures.profile import BASE_SHAPES

    bases = points.drop_duplicates("base")
    return " · ".join(f"{SYMBOLS[BASE_SHAPES.get(b, ('circle', 'o'))[0]]} {label}"
                      for b, label in zip(bases["base"], bases["base_label"]))


def counts_over_time(points: pd.DataFrame) -> list[alt.Chart]:
    """Each count of a region over time in its own chart (``metric_label``, ``x``, ``value``,
    ``label``), so participants and the workforce are not squeezed onto one scale; one chart
    each (not a facet, whose panels have a fixed width) so that each is as wide as its place on
    the page, a phone's too. The years are the same on all of them."""
    first, last = points["x"].min(), points["x"].max()
    years = alt.Scale(domain=[alt.DateTime(year=first.year, month=1, date=1),
                              alt.DateTime(year=last.year, month=12, date=31)])
    return [alt.Chart(points[points["metric_label"] == label]).mark_line(
        point=alt.OverlayMarkDef(filled=True, size=60), color="#2166ac").encode(
        x=alt.X("x:T", title=None, scale=years, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format=",.0f")),
        tooltip=[alt.Tooltip("metric_label:N", title=" "), alt.Tooltip("label:N", title="  ")],
    ).properties(title=alt.TitleParams(label, fontSize=12, anchor="start"), height=170,
                 width="container")
        for label in dict.fromkeys(points["metric_label"])]


# Vega's number and date formats in the app's language (an Indonesian axis reads 100.000)
VEGA_LOCALES = {
    "id": {"number": {"decimal": ",", "thousands": ".", "grouping": [3],
                      "currency": ["Rp", ""]}},
    "en": {"number": {"decimal": ".", "thousands": ",", "grouping": [3],
                      "currency": ["Rp", ""]}},
}


def in_language(chart, lang: str):
    """``chart`` with its axes' numbers written as ``lang`` writes them."""
    return chart.configure(locale=VEGA_LOCALES.get(lang, VEGA_LOCALES["id"]))
