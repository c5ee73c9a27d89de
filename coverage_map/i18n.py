"""User-facing strings and Indonesian number/date formats.

Strings live in ``locales/<lang>.json`` (Bahasa Indonesia is the default and, for now, the only
language); code asks for them by key with ``t``. Numbers use the Indonesian convention:
``1.234.567`` and ``63,5 %``.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

DEFAULT_LANG = "id"
_LOCALES = Path(__file__).with_name("locales")
MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"],
}


@lru_cache(maxsize=None)
def strings(lang: str = DEFAULT_LANG) -> dict[str, str]:
    return json.loads((_LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    text = strings(lang)[key]
    return text.format(**values) if values else text


def fmt_number(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANG) -> str:
    """``1234567.8`` -> ``1.234.568`` (decimals=0) or ``1.234.567,8`` (decimals=1)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_value(value: float | None, unit: str, lang: str = DEFAULT_LANG) -> str:
    """A figure in its unit: ``63,5 %``, ``1.234`` orang, ``Rp1,0 T``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "pct":
        return f"{_trim(fmt_number(value, 2, lang))} %"
    if unit == "idr":
        for size, suffix in ((1e12, "T"), (1e9, "M"), (1e6, "jt")):
            if value >= size:
                return f"Rp{_trim(fmt_number(value / size, 2, lang))} {suffix}"
        return f"Rp{fmt_number(value, 0, lang)}"
    return fmt_number(value, 0, lang)


def _trim(text: str) -> str:
    """Drop trailing decimal zeros: ``41,30`` -> ``41,3``, ``100,00`` -> ``100``."""
    return text.rstrip("0").rstrip(",") if "," in text else text


def fmt_date(text: str | None, lang: str = DEFAULT_LANG) -> str:
    """``2025-05`` -> ``Mei 2025``; ``2025-12-01`` -> ``1 Desember 2025``; empty -> ``tanpa tanggal``."""
    if not text:
        return t("date_missing", lang)
    parts = text.split("-")
    months = MONTHS[lang]
    if len(parts) == 1:
        return parts[0]
    month = months[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def qualified(value_text: str, qualifier: str, lang: str = DEFAULT_LANG) -> str:
    """Put the source's own qualifier in front of a formatted value (``sekitar 27 %``)."""
    if not qualifier:
        return value_text
    return t(f"qualifier_{qualifier}", lang, v=value_text)
