"""The 56 kab/kota reference: names, aliases, the BPS <-> Kemendagri crosswalk, matching.

Coverage tables are joined to boundaries by Kemendagri code (``64.09``). This module turns what
people actually write into that code, once, at the boundary:

* dotted Kemendagri codes (``64.09``), province codes (``64``);
* BPS 4-digit codes (``6403`` is Kutai Kartanegara, Kemendagri ``64.02``) through ``kode_bps``;
* undotted 4-digit codes, which are ambiguous between BPS and Kemendagri: the column header or the
  name on the same row decides; when code and name disagree the row is reported, never guessed;
* names in the forms officials and newspapers use ("Kab. Kutai Kartanegara", "KABUPATEN PASER",
  "Kukar", "PPU"), through the reviewed alias list in ``datasets/regions.csv``.

Anything that cannot be placed is returned with the closest candidates (rapidfuzz); nothing is
dropped silently. Tables people download carry both codes (``code_columns``) so they can be
joined to other data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from coverage_map.language.i18n import t

NO_CODE = "–"  # Kalimantan as a whole, or a row that is not a region

_PREFIXES = {
    "kabupaten": "Kabupaten",
    "kab": "Kabupaten",
    "kota": "Kota",
    "kotamadya": "Kota",
    "kodya": "Kota",
    "pemkab": "Kabupaten",
    "pemkot": "Kota",
}
_DOTTED = re.compile(r"^\d{2}(\.\d{2})?$")
_DIGITS = re.compile(r"^\d{4}$")


def normalise(text: object) -> str:
    """Lower-case, accents and punctuation removed, whitespace collapsed."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def split_prefix(name: str) -> tuple[str | None, str]:
    """Split a normalised name into (jenis or None, base name)."""
    head, _, rest = name.partition(" ")
    if head in _PREFIXES and rest:
        return _PREFIXES[head], rest
    return None, name


@dataclass(frozen=True)
class Match:
    """Where one value was placed: ``kode`` is None when it was not."""

    kode: str | None
    reason: str = ""
    candidates: tuple[str, ...] = ()


class RegionTable:
    """Lookup over ``datasets/regions.csv`` (one row per kab/kota, key ``kode``)."""

    def __init__(self, regions: pd.DataFrame):
        if not regions["kode"].is_unique:
            raise ValueError("`kode` must be unique in the regions table")
        self.df = regions.set_index("kode").sort_index()
        self.codes = set(self.df.index)
        self.bps_to_kode = {str(b): k for k, b in self.df["kode_bps"].items()}
        if len(self.bps_to_kode) != len(self.df):
            raise ValueError("`kode_bps` must be unique in the regions table")
        self.provinces = (
            self.df.groupby("kode_prov")["provinsi"].first().to_dict()
        )
        self._full: dict[str, set[str]] = {}
        self._base: dict[tuple[str | None, str], set[str]] = {}
        for kode, row in self.df.iterrows():
            names = [row["nama"], *str(row.get("aliases", "") or "").split("|")]
            for name in filter(None, (normalise(n) for n in names)):
                self._full.setdefault(name, set()).add(kode)
                jenis, base = split_prefix(name)
                self._base.setdefault((jenis, base), set()).add(kode)
        for kode, name in self.provinces.items():
            for form in (name, name.replace("Kalimantan", "Kal"), f"provinsi {name}"):
                self._full.setdefault(normalise(form), set()).add(kode)
        for short, kode in {"kalbar": "61", "kalteng": "62", "kalsel": "63", "kaltim": "64",
                            "kaltara": "65"}.items():
            self._full.setdefault(short, set()).add(kode)
        self._choices = {name: sorted(k)[0] for name, k in self._full.items() if len(k) == 1}

    # -- names ---------------------------------------------------------------------------
    def name_of(self, kode: str) -> str:
        if kode in self.provinces:
            return self.provinces[kode]
        return str(self.df.loc[kode, "nama"])

    def match_name(self, name: object) -> Match:
        """Place a region name; exact (normalised) forms only, fuzzy only as suggestions."""
        norm = normalise(name)
        if not norm:
            return Match(None, "nama kosong")
        found = self._full.get(norm)
        if not found:
            jenis, base = split_prefix(norm)
            found = self._base.get((jenis, base))
            if not found and jenis is not None:
                # "Kab. X" where only "X" is listed: accept when X is a kabupaten/kota of that jenis
                found = {k for k in self._base.get((None, base), set())
                         if self.df.loc[k, "jenis"] == jenis}
        if found and len(found) == 1:
            return Match(next(iter(found)))
        if found:
            return Match(None, "nama ambigu", tuple(sorted(found)))
        return Match(None, "nama tidak dikenal", self.candidates(norm))

    def candidates(self, name: object, limit: int = 3) -> tuple[str, ...]:
        """Closest reference codes for a name, best first (for messages, never auto-accepted)."""
        norm = normalise(name)
        if not norm:
            return ()
        hits = process.extract(norm, list(self._choices), scorer=fuzz.WRatio, limit=limit * 4)
        out: list[str] = []
        for choice, score, _ in hits:
            kode = self._choices[choice]
            if score >= 60 and kode not in out:
                out.append(kode)
        return tuple(out[:limit])

    # -- codes ---------------------------------------------------------------------------
    def match_code(self, code: object, header: str = "", name: object = None) -> Match:
        """Place a code; ``header`` (the column name) and ``name`` resolve 4-digit codes."""
        raw = "" if code is None or (isinstance(code, float) and pd.isna(code)) else str(code)
        raw = raw.strip()
        if raw.endswith(".0") and raw[:-2].isdigit():  # 6409.0 from a spreadsheet
            raw = raw[:-2]
        if not raw:
            return Match(None, "kode kosong")
        by_name = self.match_name(name) if name is not None and normalise(name) else None
        if _DOTTED.match(raw):
            kode = raw
            if kode not in self.codes and kode not in self.provinces:
                return Match(None, "kode Kemendagri tidak dikenal", self._code_candidates(by_name))
            return self._check_name(kode, by_name)
        if _DIGITS.match(raw):
            as_bps = self.bps_to_kode.get(raw)
            as_kmd = f"{raw[:2]}.{raw[2:]}" if f"{raw[:2]}.{raw[2:]}" in self.codes else None
            system = _code_system(header)
            if system == "bps":
                return self._check_name(as_bps, by_name) if as_bps else Match(
                    None, "kode BPS tidak dikenal", self._code_candidates(by_name))
            if system == "kemendagri":
                return self._check_name(as_kmd, by_name) if as_kmd else Match(
                    None, "kode Kemendagri tidak dikenal", self._code_candidates(by_name))
            options = {k for k in (as_bps, as_kmd) if k}
            if not options:
                return Match(None, "kode tidak dikenal", self._code_candidates(by_name))
            if len(options) == 1:
                return self._check_name(options.pop(), by_name)
            if by_name is not None and by_name.kode in options:
                return Match(by_name.kode)
            if by_name is not None and by_name.kode:
                return Match(None, "kode dan nama tidak cocok", tuple(sorted(options)))
            return Match(None, "kode 4 digit ambigu (BPS atau Kemendagri)", tuple(sorted(options)))
        if raw.isdigit() and raw in self.provinces:
            return Match(raw)
        return Match(None, "format kode tidak dikenal", self._code_candidates(by_name))

    def _check_name(self, kode: str, by_name: Match | None) -> Match:
        if by_name is None or by_name.kode is None or by_name.kode == kode:
            return Match(kode)
        return Match(None, "kode dan nama tidak cocok", (kode, by_name.kode))

    @staticmethod
    def _code_candidates(by_name: Match | None) -> tuple[str, ...]:
        if by_name is None:
            return ()
        return (by_name.kode,) if by_name.kode else by_name.candidates

    def codes_of(self, kode: str) -> tuple[str, str]:
        """(Kemendagri code, BPS code): ``64.02`` -> (``64.02``, ``6403``); a province has its
        two digits in both (``64`` -> (``64``, ``64``)); anything else (Kalimantan) ``–``."""
        if kode in self.codes:
            return kode, str(self.df.loc[kode, "kode_bps"])
        if kode in self.provinces:
            return kode, kode
        return NO_CODE, NO_CODE


@lru_cache(maxsize=1)
def bundled() -> RegionTable:
    """The reference table of ``datasets/regions.csv`` (an upload never changes the regions)."""
    from coverage_map.data import io

    return io.region_table()


def code_columns(kodes, lang: str | None = None, table: RegionTable | None = None
                 ) -> dict[str, list[str]]:
    """The "Kode Kemendagri" and "Kode BPS" columns for rows of these ``kodes`` (text, so
    ``64.10`` keeps its zero)."""
    table = table or bundled()
    pairs = [table.codes_of(str(k) if isinstance(k, str) else "") for k in kodes]
    return {t("col_code_kemendagri", lang): [a for a, _ in pairs],
            t("col_code_bps", lang): [b for _, b in pairs]}


def with_codes(frame: pd.DataFrame, kodes, after: str, lang: str | None = None,
               table: RegionTable | None = None) -> pd.DataFrame:
    """``frame`` with the two code columns right after its column ``after`` (the region's
    name)."""
    out = frame.copy()
    at = list(out.columns).index(after) + 1
    for offset, (name, values) in enumerate(code_columns(kodes, lang, table).items()):
        out.insert(at + offset, name, values)
    return out


def _code_system(header: str) -> str | None:
    h = normalise(header)
    if "bps" in h:
        return "bps"
    if "kemendagri" in h or "dagri" in h or "permendagri" in h:
        return "kemendagri"
    return None
