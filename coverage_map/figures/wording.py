"""What a figure says, in the reader's words: value, certainty, base, caveats, source.

Every text a reader sees about a figure comes from here, built from the figure's structured
fields (``kind``, ``qualifier``, ``lower``/``upper``, ``segment``, ``group``, ``base``,
``caveats``) and the locale strings. The compiler's ``note`` never reaches these texts: it is
shown on Sumber & Metode only, labelled as the compiler's original note.
"""

from __future__ import annotations

import pandas as pd

from coverage_map.language.i18n import fmt_date, fmt_plain, fmt_value, t

MEASURED = ("exact", "approximate")  # a number for the region itself
STATEMENTS = ("band", "group")  # what is known without a number for the region itself
GROUP_MARK = "*"  # after a short label: a statement about a group of regions (the legend says so)


def _get(fig, key: str, default=""):
    value = fig.get(key, default) if hasattr(fig, "get") else default
    return default if value is None or (isinstance(value, float) and pd.isna(value)) else value


def value_text(fig, lang: str | None = None) -> str:
    """The value as the source stated it: ``31,69 %``, ``sekitar 60 %``, ``kurang dari 50 %``,
    ``66–67 %``; counts and money in their unit."""
    unit = _get(fig, "unit", "pct")
    qualifier = _get(fig, "qualifier")
    lower, upper = _get(fig, "lower", None), _get(fig, "upper", None)
    if lower is not None and upper is not None:
        low = fmt_plain(lower, lang) if unit == "pct" else fmt_value(lower, unit, lang)
        return t("band_between", lang, lo=low, hi=fmt_value(upper, unit, lang))  # 66–67 %
    number = fmt_value(fig["value"], unit, lang)
    if qualifier == "batas_bawah":  # a range of which the source gave the lower end
        return t("qualifier_lebih_dari", lang, v=number)
    return t(f"qualifier_{qualifier}", lang, v=number) if qualifier else number


def date_text(fig, lang: str | None = None) -> str:
    return fmt_date(_get(fig, "as_of"), lang)


def describe(fig, with_source: bool = True, lang: str | None = None) -> str:
    """One figure in a line: value, date and (optionally) publisher: ``31,69 % (Oktober 2024;
    Radar Sampit)``; a segment share names its segment."""
    text = value_text(fig, lang)
    if _get(fig, "kind") == "segment" and _get(fig, "segment"):
        text = f"{t('segment_' + fig['segment'], lang)}: {text}"
    text += f" ({date_text(fig, lang)}"
    if with_source:
        text += f"; {publisher(fig, lang)}"
    elif published_version(fig):
        text += f"; {t('published_short', lang, n=published_version(fig))}"
    if published_version(fig):
        return text + ")"
    return text + (f"; {t('caveat_unggahan', lang)})" if uploaded(fig) else ")")


def uploaded(fig) -> bool:
    """Whether the figure comes from this session's upload (caveat ``unggahan``)."""
    return "unggahan" in str(_get(fig, "caveats")).split("|")


def published_version(fig) -> int:
    """The version that published the figure (caveat ``resmi``, origin ``versi N``), else 0."""
    if "resmi" not in str(_get(fig, "caveats")).split("|"):
        return 0
    number = str(_get(fig, "origin")).removeprefix("versi ")
    return int(number) if number.isdigit() else 0


def publisher(fig, lang: str | None = None) -> str:
    """Who stated the figure, as readers see it: the publisher; for a published figure the
    stated source with ``(data resmi, versi 3)``."""
    number = published_version(fig)
    source = _get(fig, "source_publisher")
    return t("publisher_published", lang, source=source, n=number) if number else source


def source_line(fig, lang: str | None = None) -> str:
    """``Per: Juni 2026 · Sumber: …``; a published figure: ``Data resmi dari …, diterbitkan
    4 Desember 2026, versi 3 · per Juni 2026``."""
    if published_version(fig):
        return (t("tooltip_published", lang, source=fig["source_publisher"],
                  date=fmt_date(_get(fig, "published"), lang), n=published_version(fig))
                + f" · {t('tooltip_as_of', lang)}: {date_text(fig, lang)}")
    return (f"{t('tooltip_as_of', lang)}: {date_text(fig, lang)} · "
            f"{t('tooltip_source', lang)}: {fig['source_publisher']}")


def describe_for_year(fig, year: int | None, lang: str | None = None) -> str:
    """``describe`` for a view of figures up to ``year``: a figure from an earlier year says
    so (``58,95 % (Juni 2020; Apindo Kaltim) (angka 2020; belum ada angka 2022)``)."""
    text = describe(fig, lang=lang)
    fig_year = str(_get(fig, "as_of"))[:4]
    if year is not None and fig_year.isdigit() and int(fig_year) < year:
        text += " " + t("figure_older", lang, fig_year=fig_year, year=year)
    return text


def statement(fig, lang: str | None = None) -> str:
    """What is known for a region, in one sentence, with its certainty and source.

    ``kurang dari 50 % menurut Possindo (Maret 2025)``; a group statement says whom it is
    about and that it is not the region's own figure.
    """
    kind = _get(fig, "kind")
    if kind == "group":
        return t("statement_group", lang, v=value_text(fig, lang),
                 group=t(f"group_{fig['group']}", lang), publisher=publisher(fig, lang),
                 date=date_text(fig, lang))
    if kind == "band":
        return t("statement_band", lang, v=value_text(fig, lang),
                 publisher=publisher(fig, lang), date=date_text(fig, lang))
    return value_text(fig, lang)


def base_text(fig, lang: str | None = None) -> str:
    """``Dasar: angkatan kerja (BPS)``: what a percentage is a share of ("" for counts)."""
    base = _get(fig, "base")
    if not base:
        return ""
    return f"{t('tooltip_base', lang)}: {t('base_' + base, lang)}"


def caveats_text(fig, lang: str | None = None) -> str:
    """``Perhatikan: tahun disimpulkan dari konteks; …`` or ""."""
    keys = [c for c in str(_get(fig, "caveats")).split("|") if c and c != "resmi"]
    if not keys:
        return ""
    return f"{t('tooltip_caveats', lang)}: " + "; ".join(t(f"caveat_{c}", lang) for c in keys)


def certainty(fig, lang: str | None = None) -> str:
    """The certainty of a figure as a short label: ``angka pasti``, ``perkiraan (sekitar)``,
    ``rentang``, ``pernyataan kelompok``, ``pangsa segmen``, ``target``."""
    return t(f"kind_{_get(fig, 'kind') or 'exact'}", lang)


def with_provenance(fig, lang: str | None = None) -> list[str]:
    """The lines that go under a value: date and source, base, caveats, figure ID."""
    lines = [source_line(fig, lang)]
    lines += [text for text in (base_text(fig, lang), caveats_text(fig, lang)) if text]
    lines.append(f"{t('tooltip_id', lang)}: {fig['figure_id']}")
    return lines
