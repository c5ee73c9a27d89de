"""Altair chart specifications (Streamlit renders them with its bundled Vega, offline)."""

from __future__ import annotations

import altair as alt
import pandas as pd

BAR = "#f03b20"


def percent_bars(df: pd.DataFrame, target: float, title: str, target_label: str) -> alt.LayerChart:
    """Horizontal bars of percentages with their labels and a dashed target rule.

    ``df`` has ``wilayah`` (row label), ``nilai`` (percent) and ``label`` (value, date, source).
    """
    top = max(140.0, float(df["nilai"].max()) * 1.4, target * 1.3)
    data = df.assign(target=target, target_label=target_label)
    base = alt.Chart(data).encode(
        y=alt.Y("wilayah:N", sort=None, title=None, axis=alt.Axis(labelLimit=360, labelFontSize=12)),
    )
    bars = base.mark_bar(color=BAR, size=24).encode(
        x=alt.X("nilai:Q", title="%", scale=alt.Scale(domain=[0, top])),
        tooltip=[alt.Tooltip("wilayah:N"), alt.Tooltip("label:N")],
    )
    text = base.mark_text(align="left", dx=5, fontSize=12).encode(x="nilai:Q", text="label:N")
    rule = alt.Chart(data.head(1)).mark_rule(color="#111111", strokeDash=[6, 4], size=2).encode(
        x="target:Q", tooltip=[alt.Tooltip("target_label:N")])
    return (bars + text + rule).properties(
        title=alt.TitleParams(title, subtitle=target_label), height=alt.Step(40))


def count_bars(df: pd.DataFrame, title: str, axis_title: str) -> alt.Chart:
    """Ranked horizontal bars of counts (``nama``, ``belum_terlindungi``), largest first."""
    return alt.Chart(df).mark_bar(color="#bd0026").encode(
        y=alt.Y("nama:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("belum_terlindungi:Q", title=axis_title),
        tooltip=[alt.Tooltip("nama:N"), alt.Tooltip("belum_terlindungi:Q", format=",.0f")],
    ).properties(title=title, height=alt.Step(24))
