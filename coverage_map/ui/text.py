"""Text from data, a link or a user, for Streamlit's markdown: shown as it is written, on one
line, never as markdown, HTML, a link or an emoji; and the notices that repeat such values (a
link's values that could not be used, numbers with two readings). No Streamlit here."""

from __future__ import annotations

import re

from coverage_map.language import numbers
from coverage_map.ui import urlstate
from coverage_map.language.i18n import t

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# line and paragraph breaks, other control characters and direction overrides: a space
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
# where Streamlit's markdown would still make a link, an emoji or an icon of escaped text
# (GFM's autolink literals "www.", "https://" and "a@b.c" and the ":name:" shortcodes are found
# in the text after its escapes are read): an invisible word joiner breaks the pattern
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\\\.)|(?<=:)(?=[\w+\-/\\])|(?<=@)(?=[\w\-\\])")
WORD_JOINER = "\u2060"
SHOWN_CHARS = 60  # of a value repeated in a notice; the rest is cut ("…")
NAME_CHARS = 255  # of a file name: longer is not a name a file system gives


def safe(text: object) -> str:
    """Text from data or a user shown through Streamlit's markdown as it is written: every
    markdown character escaped (``&`` too: ``&lt;b&gt;`` stays those characters), on one line,
    no autolinks or shortcodes; names, notes and file names cannot add links, images, HTML,
    headings, code blocks or formulas."""
    one_line = _BREAKS.sub(" ", str(text))
    return _AUTOLINK.sub(WORD_JOINER, _MARKDOWN_SPECIAL.sub(r"\\\1", one_line))


def shown_value(text: object, limit: int = SHOWN_CHARS) -> str:
    """A value from a link or a box repeated in a notice: plain text on one line, at most
    ``limit`` characters ("…" where cut), for markdown (``safe``)."""
    one_line = " ".join(_BREAKS.sub(" ", str(text)).split())
    if len(one_line) > limit:
        one_line = one_line[:limit].rstrip() + "…"
    return safe(one_line)


def file_name(name: object) -> str:
    """An uploaded file's name for markdown, exactly as written (no entity, markdown or link;
    a name longer than any file system gives is cut)."""
    name = _BREAKS.sub(" ", str(name))
    return safe(name if len(name) <= NAME_CHARS else name[:NAME_CHARS] + "…")


def reading_words(readings, lang: str) -> dict[str, str]:
    """The two readings of an ambiguous number as the language writes them (``16.800``) and
    without thousands marks (``16800``), for a notice."""
    first, second = readings[:2]
    return {"first": numbers.written(first, lang), "second": numbers.written(second, lang),
            "first_plain": numbers.written(first, lang, grouped=False),
            "second_plain": numbers.written(second, lang, grouped=False)}


def link_notice(notices: list[urlstate.LinkNotice], lang: str) -> str:
    """One notice (markdown) for what a link asked for and did not get as it was: values not
    known, numbers with two readings, parameters given twice. Every value as plain text on
    one line, cut short."""
    def item(n: urlstate.LinkNotice) -> str:
        return f"{shown_value(n.param, 30)}='{shown_value(n.value)}'"

    unknown = [item(n) for n in notices if n.kind == urlstate.UNKNOWN]
    parts = [t("link_rejected", lang, items=", ".join(unknown))] if unknown else []
    for n in notices:
        param = shown_value(n.param, 30)
        if n.kind == urlstate.AMBIGUOUS:
            parts.append(t("link_ambiguous", lang, param=param, value=shown_value(n.value),
                           first_link=numbers.canonical(n.readings[0]),
                           second_link=numbers.canonical(n.readings[1]),
                           **reading_words(n.readings, lang)))
        elif n.kind == urlstate.REPEATED:
            values = ", ".join(f"'{shown_value(v, 30)}'" for v in n.values[:5]) + \
                (", …" if len(n.values) > 5 else "")
            parts.append(t("link_repeated", lang, param=param, n=len(n.values), values=values,
                           value=shown_value(n.value)))
    return "\n\n".join(parts)
