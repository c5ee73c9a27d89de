"""Numbers read one way (coverage_map/numbers.py): typed, in a link, in an uploaded cell. Every
expected value is written here by hand; a text with two readings is refused with both."""

from decimal import Decimal

import pytest

from coverage_map import numbers, plan, upload
from coverage_map.numbers import NumberError


def refused(read, *args) -> NumberError:
    with pytest.raises(NumberError) as err:
        read(*args)
    return err.value


# --- the cases of issue 24, item 6 ------------------------------------------------------------

def test_a_rate_of_16_800_in_a_link_is_not_read_as_rp16_8():
    err = refused(plan.read_link_amount, "16.800", plan.MAX_RATE, plan.MIN_RATE)
    assert err.code == "ambiguous" and err.readings == (Decimal("16800"), Decimal("16.8"))
    assert plan.read_link_amount("16800", plan.MAX_RATE, plan.MIN_RATE) == 16800


def test_250_000_workers_in_a_link_are_not_read_as_250():
    err = refused(plan.read_link_amount, "250.000", plan.MAX_WORKERS, 1, False, True)
    assert err.code == "ambiguous" and err.readings == (Decimal("250000"), Decimal("250"))
    assert plan.read_link_amount("250000", plan.MAX_WORKERS, 1, False, True) == 250000


@pytest.mark.parametrize("text,lang,first,second", [
    ("1.5", "id", "1.5", "15"),  # was read as 15
    ("16.8", "id", "16.8", "168"),  # was read as 168
    ("62.5", "id", "62.5", "625"),  # a target: was refused as "too large"
    ("2,5", "en", "2.5", "25"),  # was read as 25
    ("16,800", "id", "16.8", "16800"),  # three decimals, or English thousands?
    ("16.800", "en", "16.8", "16800"),
])
def test_typed_numbers_in_the_other_convention_are_refused_with_both_readings(
        text, lang, first, second):
    err = refused(plan.read_amount, text, lang, plan.MAX_WORKERS)
    assert err.code == "ambiguous" and err.text == text
    assert err.readings == (Decimal(first), Decimal(second))


def test_62_5_typed_as_a_target_in_indonesian_is_not_called_too_large():
    err = refused(plan.read_amount, "62.5", "id", plan.MAX_TARGET, 1)
    assert err.code == "ambiguous"
    assert plan.read_amount("62,5", "id", plan.MAX_TARGET, 1) == 62.5


@pytest.mark.parametrize("text", ["+-5", "-+5", "--5", "5-", "+ -5", "\u2212-5"])
def test_more_than_one_sign_is_refused(text):
    assert refused(plan.read_amount, text, "id", plan.MAX_WORKERS).code == "sign"
    assert refused(plan.read_amount, text, "en", plan.MAX_WORKERS).code == "sign"
    assert refused(numbers.read_link, text).code == "sign"
    assert refused(upload.parse_number, text).code == "sign"


def test_one_sign_is_a_sign():
    assert plan.read_amount("+5", "id", plan.MAX_WORKERS) == 5
    assert refused(plan.read_amount, "-5", "id", plan.MAX_WORKERS).code == "negative"
    assert refused(plan.read_amount, "\u22125", "en", plan.MAX_WORKERS).code == "negative"


def test_a_rate_under_rp1000_is_refused():
    """The lowest JKK + JKM premium is Rp16.800 a month: Rp16,8 is 16.800 misread."""
    assert refused(plan.read_link_amount, "16.8", plan.MAX_RATE, plan.MIN_RATE).code == \
        "too_small"
    assert refused(plan.read_amount, "16,8", "id", plan.MAX_RATE, plan.MIN_RATE).code == \
        "too_small"
    err = refused(plan.read_link_amount, "0.0001", plan.MAX_RATE, plan.MIN_RATE)
    assert err.code == "too_small"
    assert refused(plan.read_amount, "0,0001", "id", plan.MAX_RATE, plan.MIN_RATE).code == \
        "too_small"
    assert refused(plan.read_amount, "0.5", "en", plan.MAX_RATE, plan.MIN_RATE).code == \
        "too_small"
    assert plan.read_amount("1.000", "id", plan.MAX_RATE, plan.MIN_RATE) == 1000


def test_people_are_counted_whole():
    err = refused(plan.read_amount, "2,5", "id", plan.MAX_WORKERS, 1, False, True)
    assert err.code == "fraction"
    assert refused(plan.read_link_amount, "2.5", plan.MAX_WORKERS, 1, False, True).code == \
        "fraction"


# --- what each convention reads without doubt ---------------------------------------------------

@pytest.mark.parametrize("text,lang,value", [
    ("16.800", "id", "16800"), ("250.000", "id", "250000"), ("62,5", "id", "62.5"),
    ("1.234.567", "id", "1234567"), ("1.234,5", "id", "1234.5"), ("0,500", "id", "0.5"),
    ("16,800", "en", "16800"), ("250,000", "en", "250000"), ("62.5", "en", "62.5"),
    ("1.5", "en", "1.5"), ("0.0001", "en", "0.0001"), ("1,234,567", "en", "1234567"),
    # a form only the other convention reads, with more than one mark: one reading only
    ("1.234.567", "en", "1234567"), ("1,234.5", "id", "1234.5"), ("1.234,5", "en", "1234.5"),
    ("16800", "id", "16800"), ("Rp16.800", "id", "16800"), ("Rp 16,800", "en", "16800"),
    (" 16 800 ", "id", "16800"), ("80%", "id", "80"), ("+5", "en", "5"),
])
def test_typed_numbers_read_without_doubt(text, lang, value):
    assert numbers.read_typed(text, lang) == Decimal(value)


@pytest.mark.parametrize("text", ["banyak", "12a", "1e9", "NaN", "inf", "1.2.3", "1,2,3",
                                  ".5", "5.", "\u0661\u0662", "0x10", "1_000"])
def test_what_is_not_a_number(text):
    assert refused(numbers.read_typed, text, "id").code == "text"
    assert refused(numbers.read_link, text).code == "text"


@pytest.mark.parametrize("text,value", [
    ("16800", "16800"), ("62.5", "62.5"), ("0.0001", "0.0001"), ("62,5", "62.5"),
    ("1.234.567", "1234567"), ("1,234,567", "1234567"), ("1.234,5", "1234.5"), ("1.5", "1.5")])
def test_link_values_in_one_form_or_another_that_only_one_convention_reads(text, value):
    assert numbers.read_link(text) == Decimal(value)


@pytest.mark.parametrize("text,first,second", [
    ("16.800", "16800", "16.8"), ("250.000", "250000", "250"), ("2,500", "2500", "2.5"),
    ("62.500", "62500", "62.5")])
def test_link_values_with_two_readings(text, first, second):
    err = refused(numbers.read_link, text)
    assert err.code == "ambiguous" and err.readings == (Decimal(first), Decimal(second))


@pytest.mark.parametrize("value,text", [
    (16800.0, "16800"), (62.5, "62.5"), (200_000_000.0, "200000000"), (0.0001, "0.0001"),
    (1e-7, "0.0000001"), (Decimal("16800"), "16800"), (72.123456789, "72.123456789")])
def test_the_one_form_links_are_written_in(value, text):
    assert numbers.canonical(value) == text and plan.canonical(value) == text
    assert numbers.read_link(text) == Decimal(text)


def test_readings_are_written_as_the_language_writes_them():
    assert numbers.written(Decimal("16800"), "id") == "16.800"
    assert numbers.written(Decimal("16800"), "id", grouped=False) == "16800"
    assert numbers.written(Decimal("16.8"), "id") == "16,8"
    assert numbers.written(Decimal("0.0001"), "en") == "0.0001"
    assert numbers.written(Decimal("1234.5"), "en") == "1,234.5"


# --- uploaded cells ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,unit,value", [
    ("81.436", "persons", 81436), ("1.234", "persons", 1234),
    ("1,234", "persons", 1234),  # was 1,234 persons
    ("250.000", "persons", 250000), ("2,500", "persons", 2500),
    ("63.500", "pct", 63.5),  # 63500 % is no coverage
    ("63,5", "pct", 63.5), ("63.5", "pct", 63.5), ("1,234", "pct", 1.234),
    ("1.234.567", None, 1234567), ("(5)", None, -5), ("63,5%", "pct", 63.5),
])
def test_cells_that_the_unit_settles(text, unit, value):
    assert upload.parse_number(text, unit) == value


@pytest.mark.parametrize("text,unit,first,second", [
    ("1.000", "pct", "1000", "1"), ("1,000", "pct", "1000", "1"),
    ("81.436", None, "81436", "81.436")])
def test_cells_with_two_readings_are_refused(text, unit, first, second):
    err = refused(upload.parse_number, text, unit)
    assert err.code == "ambiguous" and err.readings == (Decimal(first), Decimal(second))


def test_an_ambiguous_cell_is_reported_with_file_row_column_and_value(table):
    data = ("Kabupaten/Kota;Cakupan (%)\nKota Samarinda;1.000\nKota Bontang;63,5\n").encode()
    report = upload.validate(data, "cakupan.csv", table, as_of="2025-09")
    (issue,) = report.errors
    assert (issue.file, issue.row, issue.column, issue.value) == \
        ("cakupan.csv", 2, "Cakupan (%)", "1.000")
    assert issue.kind == "up_ambiguous"
    assert "bisa dibaca 1.000 atau 1" in issue.message and "1000 atau 1" in issue.hint
    assert [m["nama"] for m in report.matched] == ["Kota Bontang"]


def test_very_long_numbers_are_answered_at_once():
    import time
    start = time.monotonic()
    assert refused(numbers.read_typed, "1" * 200_000, "id").code == "text"
    assert refused(numbers.read_link, "1." + "1" * 200_000).code == "text"
    assert numbers.read_cell("1" + ".000" * 120, whole=True) == Decimal(10) ** 360
    assert time.monotonic() - start < 1
