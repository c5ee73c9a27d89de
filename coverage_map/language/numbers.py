"""Numbers read one way: typed in a box, carried by a link, or found in an uploaded cell.

Indonesian writes ``16.800`` for sixteen thousand eight hundred and ``62,5`` for sixty-two and
a half; English writes ``16,800`` and ``62.5``. A text is read with Babel's strict parsers of
both conventions (``babel.numbers.parse_decimal(..., strict=True)``), and where the two give
different numbers and nothing says which convention is meant, the text is refused with both
readings (``NumberError("ambiguous", readings=...)``), never guessed:

- typed (``read_typed``): in the reader's language. ``16.800`` is 16800 to an Indonesian
  reader, ``16,800`` to an English one (the box writes numbers that way too). Three decimals
  after the language's own decimal mark (``16,800`` typed in Indonesian) and a thousands mark
  that does not group thousands (``1.5``, ``62.5`` in Indonesian; ``2,5`` in English) could be
  either convention: refused, with both readings.
- in a link (``read_link``): the app writes one form (``canonical``: plain digits, ``.`` as
  the decimal point, ``tarif=16800``, ``target=62.5``). Another form is accepted when only one
  convention reads it (``62,5``, ``1.234.567``); ``16.800`` or ``2,500`` are refused.
- in an uploaded cell (``read_cell``): as in a link, and what the unit rules out decides: a
  count of people is not written with three decimals (``81.436`` persons is 81436), a
  percentage above ``limit`` is not a coverage (``63.500`` % is 63,5). What is left with two
  readings is refused and reported.

Signs: one ``+`` or ``-`` in front (``+-5`` is refused). No exponents, no other digits than
0-9. Pure functions, no Streamlit.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

LANGS = ("id", "en")
GROUP = {"id": ".", "en": ","}  # the thousands mark of each language
POINT = {"id": ",", "en": "."}  # its decimal mark
_BLANKS = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u200a]+")
_SIGNS = "+-\u2212\u2013"  # plus, hyphen-minus, minus sign, en dash (Word's "minus")
_BODY = re.compile(r"\d(?:[\d.,]*\d)?")


class NumberError(ValueError):
    """A text that cannot be used as a number; ``code`` names why: ``empty``, ``text``,
    ``sign``, ``ambiguous`` (``readings``: the two numbers it could be), ``negative``,
    ``zero``, ``fraction``, ``too_large``, ``too_small``."""

    def __init__(self, code: str, text: str = "", readings: tuple[Decimal, ...] = ()):
        super().__init__(code)
        self.code, self.text, self.readings = code, text, readings


def _split(text: str, raw: str) -> tuple[bool, str]:
    """(negative, body) of ``text`` without blanks; ``body`` is digits and marks only."""
    text = _BLANKS.sub("", text)
    if not text:
        raise NumberError("empty", raw)
    signs = len(text) - len(text.lstrip(_SIGNS))
    body = text[signs:]
    if any(c in _SIGNS for c in body) or signs > 1:
        raise NumberError("sign" if re.fullmatch(rf"[{re.escape(_SIGNS)}\d.,]+", text) else "text",
                          raw)
    if not _BODY.fullmatch(body) or not body.isascii():
        raise NumberError("text", raw)
    return bool(signs) and text[0] != "+", body


MAX_CHARS = 1_000  # longer is no number anyone means (and Babel's check would take seconds)


def _strict(body: str, lang: str) -> Decimal | None:
    if len(body) > MAX_CHARS:
        return None
    with localcontext() as context:  # every digit (Babel's strict check rounds to them)
        context.prec = max(28, len(body) + 2)
        try:
            return parse_decimal(body, locale=lang, strict=True)
        except (NumberFormatError, ValueError, ArithmeticError):
            return None


def _signed(negative: bool, value: Decimal) -> Decimal:
    return -value if negative and value else value


def readings(text: str) -> tuple[bool, dict[str, Decimal]]:
    """(negative, {language: number}) for each convention that reads ``text``."""
    negative, body = _split(text, text)
    found = {lang: v for lang in LANGS if (v := _strict(body, lang)) is not None}
    return negative, found


def read_typed(text: str, lang: str) -> Decimal:
    """A number typed by a reader of ``lang`` (``250.000``, ``62,5`` in Indonesian)."""
    raw = str(text or "")
    clean = re.sub(r"(?i)^\s*rp\.?|%\s*$", "", raw)
    negative, body = _split(clean, raw)
    other = "en" if lang == "id" else "id"
    own, theirs = _strict(body, lang), _strict(body, other)
    if own is not None and (theirs is None or theirs == own or GROUP[lang] in body):
        return _signed(negative, own)  # 16.800 to an Indonesian reader: its own way
    if own is not None:  # 16,800 in Indonesian: three decimals, or English thousands?
        raise NumberError("ambiguous", raw, (own, theirs))
    if theirs is None:
        raise NumberError("text", raw)
    if len(re.findall(r"[.,]", body)) == 1:  # 1.5 in Indonesian: 1,5 or a slip for 15?
        raise NumberError("ambiguous", raw, (theirs, Decimal(re.sub(r"\D", "", body))))
    return _signed(negative, theirs)  # 1.234,5 to an English reader: only one reading


def read_link(text: str) -> Decimal:
    """A number in a link: ``canonical`` form, or another form only one convention reads."""
    raw = str(text or "")
    negative, found = readings(raw)
    values = sorted(set(found.values()), reverse=True)
    if not values:
        raise NumberError("text", raw)
    if len(values) > 1:
        raise NumberError("ambiguous", raw, tuple(values))
    return _signed(negative, values[0])


def read_cell(text: str, whole: bool = False, limit: float | None = None,
              convention: str | None = None) -> Decimal:
    """A number in an uploaded cell (``1.234.567``, ``63,5``, ``(5)``); ``whole``: a count
    of people (never written with three decimals); ``limit``: above it a reading is not meant
    (a coverage of 63500 %); ``convention`` (``id``/``en``): how the rest of the file writes
    numbers, which decides what is still left with two readings."""
    raw = str(text)
    clean = _BLANKS.sub("", raw).removesuffix("%")
    bracketed = len(clean) > 2 and clean[0] == "(" and clean[-1] == ")"
    negative, found = readings(clean[1:-1] if bracketed else clean)
    values = sorted(set(found.values()), reverse=True)
    if not values:
        raise NumberError("text", raw)
    if len(values) > 1 and whole:  # one mark, three digits: thousands, for a count
        values = values[:1]
    if len(values) > 1 and limit is not None:
        values = [v for v in values if v <= Decimal(str(limit))] or values
    if len(values) > 1 and convention in found:
        values = [found[convention]]
    if len(values) > 1:
        raise NumberError("ambiguous", raw, tuple(values))
    return _signed(negative or bracketed, values[0])


def conventions_of(texts) -> set[str]:
    """The conventions (``id``, ``en``) the numbers in ``texts`` that only one convention
    reads are written in (``63,5`` and ``1.234.567``: ``{"id"}``; ``1.000``: none)."""
    seen: set[str] = set()
    for text in texts:
        try:
            _, found = readings(_BLANKS.sub("", str(text)).removesuffix("%").strip("()"))
        except NumberError:
            continue
        if len(found) == 1:
            seen |= set(found)
    return seen


def check(value: Decimal | float, text: str, lower: float = 0.0, upper: float | None = None,
          zero_ok: bool = False, whole: bool = False) -> float:
    """``value`` as a float when it is a plausible amount, else ``NumberError``."""
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if value < 0:
        raise NumberError("negative", text)
    if value == 0 and not zero_ok:
        raise NumberError("zero", text)
    if whole and value != value.to_integral_value():
        raise NumberError("fraction", text)
    if upper is not None and value > Decimal(str(upper)):
        raise NumberError("too_large", text)
    if value < Decimal(str(lower)) and not (value == 0 and zero_ok):
        raise NumberError("too_small", text)
    return float(value)


def canonical(value: Decimal | float) -> str:
    """A number as a link carries it, the same in every language: plain digits, ``.`` as the
    decimal point, no thousands mark, no exponent (``16800``, ``62.5``)."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    return format(number.normalize(), "f")  # normalize: no trailing zeros


def written(value: Decimal | float, lang: str, grouped: bool = True) -> str:
    """Every digit of ``value`` as ``lang`` writes it (``16.800``, ``0,0001``); ``grouped``
    False: without thousands marks (``16800``), which no convention can misread."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    return format_decimal(number.normalize(), locale=lang, decimal_quantization=False,
                          group_separator=grouped)
