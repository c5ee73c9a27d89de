"""User-facing strings and number/date formats, in Bahasa Indonesia (default) and English.

Strings live in ``locales/<lang>.json`` with the same keys; code asks for them by key with
``t``. The language of the current script run is a context variable set once by the frame
(``set_language``), so sessions in different languages never mix. Numbers follow the language:
``1.234.567`` and ``63,5 %`` in Indonesian, ``1,234,567`` and ``63.5 %`` in English.
"""

from __future__ import annotations

import json
import math
import re
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import parse_pattern

DEFAULT_LANG = "id"
LANGS = ("id", "en")
LANG_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
_LOCALES = Path(__file__).with_name("locales")
_CURRENT: ContextVar[str] = ContextVar("lang", default=DEFAULT_LANG)
# month names as the language writes them (CLDR, through Babel): "Mei", "May"
MONTHS = {lang: [get_month_names("wide", locale=lang)[m] for m in range(1, 13)]
          for lang in LANGS}


def set_language(lang: str) -> str:
    """Use ``lang`` for this script run (unknown values fall back to the default)."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    _CURRENT.set(lang)
    return lang


def current_language() -> str:
    return _CURRENT.get()


@lru_cache(maxsize=None)
def strings(lang: str = DEFAULT_LANG) -> dict[str, str]:
    return json.loads((_LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The string ``key`` in ``lang`` (default: the current language), formatted with ``values``.

    "Seluruh Kalimantan" (``all_kalimantan``, a name that starts a label) given for a place in
    the middle of a sentence is written as a sentence writes it ("… kab/kota di seluruh
    Kalimantan")."""
    lang = lang or current_language()
    text = strings(lang)[key]
    if not values:
        return text
    whole, inside = strings(lang)["all_kalimantan"], strings(lang)["all_kalimantan_in_sentence"]
    for name, value in values.items():
        if value == whole:  # after a word: inside a sentence
            text = re.sub(r"(?<=\w )\{" + name + "}", lambda _: inside, text)
    return text.format(**values)


@lru_cache(maxsize=None)
def _pattern(decimals: int):
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def fmt_number(value: float | None, decimals: int = 0, lang: str | None = None) -> str:
    """``1234567.8`` -> ``1.234.568`` (id) / ``1,234,568`` (en); decimals as asked. Babel's
    number patterns with the language's symbols (CLDR)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return _pattern(decimals).apply(value, _locale(lang or current_language()))


def fmt_value(value: float | None, unit: str, lang: str | None = None) -> str:
    """A figure in its unit: ``63,5 %``, ``1.234`` (persons), ``Rp1 T``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    lang = lang or current_language()
    if unit == "pct":
        return f"{_trim(fmt_number(value, 2, lang), lang)} %"
    if unit == "idr":
        suffixes = ((1e12, "T"), (1e9, "M" if lang == "id" else "bn"), (1e6, "jt" if lang == "id"
                    else "m"))
        for size, suffix in suffixes:
            if value >= size:
                return f"Rp{_trim(fmt_number(value / size, 2, lang), lang)} {suffix}"
        return f"Rp{fmt_number(value, 0, lang)}"
    return fmt_number(value, 0, lang)


def fmt_plain(value: float | None, lang: str | None = None) -> str:
    """A number as written in the language, up to 2 decimals: ``298.061``, ``38,54`` (id) /
    ``298,061``, ``38.54`` (en)."""
    lang = lang or current_language()
    return _trim(fmt_number(value, 2, lang), lang)


def _trim(text: str, lang: str) -> str:
    """Drop trailing decimal zeros: ``41,30`` -> ``41,3``, ``100,00`` -> ``100``."""
    point = "." if lang == "en" else ","
    return text.rstrip("0").rstrip(point) if point in text else text


def fmt_date(text: str | None, lang: str | None = None) -> str:
    """``2025-05`` -> ``Mei 2025`` / ``May 2025``; ``2025-12-01`` -> ``1 Desember 2025``."""
    lang = lang or current_language()
    if not text:
        return t("date_missing", lang)
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[lang][int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"
