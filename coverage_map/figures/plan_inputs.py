"""Rencana's inputs: the premium rates the regulation sets, the limits a typed number must keep,
where an input comes from, reading a number typed or carried in the page's link, and what the
user chose (``Choices``, every one of them in the link). No computing, no words."""

from __future__ import annotations

from dataclasses import dataclass

from coverage_map.figures.coverage import DEFAULT_TARGET
from coverage_map.language import numbers


@dataclass(frozen=True)
class Rate:
    """A monthly premium per worker, as the regulation sets it for the lowest income band of
    non-wage (BPU) participants; ``basis``: the locale key of its legal basis."""

    key: str
    monthly: float
    basis: str


RATES = {
    # JKK Rp10.000 (1 % of the lowest income band, Rp1.000.000) + JKM Rp6.800
    "jkk_jkm": Rate("jkk_jkm", 16_800.0, "rate_basis_jkk_jkm"),
    # JHT 2 % of the same reported income
    "jht": Rate("jht", 20_000.0, "rate_basis_jht"),
}
MAX_WORKERS = 200_000_000  # more than Indonesia's whole workforce: not a number for a region
MAX_RATE = 10_000_000  # Rupiah per worker per month
MIN_RATE = 1_000  # a monthly premium below Rp1.000 is a misread (16,8 for 16.800) or a typo
MAX_TARGET = 200.0

# where an input comes from
DATA, UPLOADED, TYPED, DEFAULT, LAW, COMPUTED = (
    "data", "unggahan", "ketik", "bawaan", "aturan", "dihitung")
ORIGINS = (DATA, UPLOADED, TYPED, DEFAULT, LAW, COMPUTED)
TYPE = "ketik"  # a choice "type my own number"
GAP = "selisih"  # the workers to fund: the gap to the target


# a typed number that cannot be used; ``code`` names why (``plan_bad_<code>``)
InputError = numbers.NumberError


def read_amount(text: str, lang: str, upper: float, lower_ok: float = 0.0,
                zero_ok: bool = False, whole: bool = False) -> float:
    """A number as a person types it in ``lang`` (``250.000``, ``Rp16.800``, ``62,5`` in
    Indonesian; ``250,000``, ``62.5`` in English), between ``lower_ok`` and ``upper``;
    ``whole``: a count of people. Raises ``InputError`` (``numbers.NumberError``): ``empty``,
    ``text``, ``sign``, ``ambiguous`` (``16,800`` or ``1.5`` in Indonesian: both readings in
    ``readings``), ``negative``, ``zero``, ``fraction``, ``too_large``, ``too_small``."""
    raw = str(text or "").strip()
    return numbers.check(numbers.read_typed(raw, lang), raw, lower_ok, upper, zero_ok, whole)


def read_link_amount(text: str, upper: float, lower_ok: float = 0.0, zero_ok: bool = False,
                     whole: bool = False) -> float:
    """A number in the page's link (``canonical``: ``16800``, ``62.5``); raises
    ``InputError`` as ``read_amount`` (``16.800`` in a link is ``ambiguous``)."""
    raw = str(text or "").strip()
    return numbers.check(numbers.read_link(raw), raw, lower_ok, upper, zero_ok, whole)


def canonical(value: float) -> str:
    """A number as a link carries it, the same in every language (``16800``, ``62.5``)."""
    return numbers.canonical(value)


@dataclass(frozen=True)
class Choices:
    """What the user chose on the page (every one of them is in the link)."""

    workforce: str = ""  # "": the default; a figure ID; TYPE: ``workforce_typed``
    workforce_typed: float | None = None
    target: str = ""  # "": the app's target (``app_target``); a figure ID; TYPE
    target_typed: float | None = None
    app_target: float = DEFAULT_TARGET
    enrol: str = GAP  # GAP: the gap to the target; TYPE: ``enrol_typed`` workers
    enrol_typed: float | None = None
    rate: float = RATES["jkk_jkm"].monthly
    jht: bool = False
    jht_rate: float = RATES["jht"].monthly


def province_choices(choices: Choices) -> Choices:
    """What a province's table takes of the user's choices: the target and the rates (a
    workforce or a number of workers typed for one region does not carry over)."""
    return Choices(target=choices.target, target_typed=choices.target_typed,
                   app_target=choices.app_target, rate=choices.rate, jht=choices.jht,
                   jht_rate=choices.jht_rate)
