"""Numbers read one way (coverage_map/language/numbers.py): typed, in a link, in an uploaded cell. Every
expected value is written here by hand; a text with two readings is refused with both."""

from decimal import Decimal

import pytest

from coverage_map.language import numbers
from coverage_map.data import upload
from coverage_map.figures.plan_inputs import (MAX_RATE, MAX_TARGET, MAX_WORKERS, MIN_RATE,
                                              canonical, read_amount, read_link_amount)
from coverage_map.language.numbers import NumberError


def refused(read, *args) -> NumberError:
    with pytest.raises(NumberError) as err:
        read(*args)
    return err.value


# --- the cases of issue 24, item 6 ------------------------------------------------------------

def test_a_rate_of_16_800_in_a_link_is_not_read_as_rp16_8():
    err = refused(read_link_amount, "16.800", MAX_RATE, MIN_RATE)
    assert err.code == "ambiguous" and err.readings == (Decimal("16800"), Decimal("16.8"))
    assert read_link_amount("16800", MAX_RATE, MIN_RATE) == 16800


def test_250_000_workers_in_a_link_are_not_read_as_250():
    err = refused(read_link_amount, "250.000", MAX_WORKERS, 1, False, True)
    assert err.code == "ambiguous" and err.readings == (Decimal("250000"), Decimal("250"))
    assert read_link_amount("250000", MAX_WORKERS, 1, False, True) == 250000


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
    err = refused(read_amount, text, lang, MAX_WORKERS)
    assert err.code == "ambiguous" and err.text == text
    assert err.readings == (Decimal(first), Decimal(second))


def test_62_5_typed_as_a_target_in_indonesian_is_not_called_too_large():
    err = refused(read_amount, "62.5", "id", MAX_TARGET, 1)
    assert err.code == "ambiguous"
    assert read_amount("62,5", "id", MAX_TARGET, 1) == 62.5


@pytest.mark.parametrize("text", ["+-5", "-+5", "--5", "5-", "+ -5", "\u2212-5"])
def test_more_than_one_sign_is_refused(text):
    assert refused(read_amount, text, "id", MAX_WORKERS).code == "sign"
    assert refused(read_amount, text, "en", MAX_WORKERS).code == "sign"
    assert refused(numbers.read_link, text).code == "sign"
    assert refused(upload.parse_number, text).code == "sign"


def test_one_sign_is_a_sign():
    assert read_amount("+5", "id", MAX_WORKERS) == 5
    assert refused(read_amount, "-5", "id", MAX_WORKERS).code == "negative"
    assert refused(read_amount, "\u22125", "en", MAX_WORKERS).code == "negative"


def test_a_rate_under_rp1000_is_refused():
    """The lowest JKK + JKM premium is Rp16.800 a month: Rp16,8 is 16.800 misread."""
    assert refused(read_link_amount, "16.8", MAX_RATE, MIN_RATE).code == \
        "too_small"
    assert refused(read_amount, "16,8", "id", MAX_RATE, MIN_RATE).code == \
        "too_small"
    err = refused(read_link_amount, "0.0001", MAX_RATE, MIN_RATE)
    assert err.code == "too_small"
    assert refused(read_amount, "0,0001", "id", MAX_RATE, MIN_RATE).code == \
        "too_small"
    assert refused(read_amount, "0.5", "en", MAX_RATE, MIN_RATE).code == \
        "too_small"
    assert read_amount("1.000", "id", MAX_RATE, MIN_RATE) == 1000


def test_people_are_counted_whole():
    err = refused(read_amount, "2,5", "id", MAX_WORKERS, 1, False, True)
    assert err.code == "fraction"
    assert refused(read_link_amount, "2.5", MAX_WORKERS, 1, False, True).code == \
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
    assert numbers.canonical(value) == text and canonical(value) == text
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
    # the other numbers are read both ways and the headers are in both languages: nothing
    # says how the file writes numbers, so 1.000 % is refused and reported, never guessed
    data = ("Region;Cakupan (%)\nKota Samarinda;1.000\nKota Bontang;63\n").encode()
    report = upload.validate(data, "cakupan.csv", table, as_of="2025-09")
    (issue,) = report.errors
    assert (issue.file, issue.row, issue.column, issue.value) == \
        ("cakupan.csv", 2, "Cakupan (%)", "1.000")
    assert issue.kind == "up_ambiguous"
    assert "bisa dibaca 1.000 atau 1" in issue.message and "1000 atau 1" in issue.hint
    assert [m["nama"] for m in report.matched] == ["Kota Bontang"]


@pytest.mark.parametrize("rows,reading,why", [
    # 63,5 is only Indonesian: the file writes 1.000 for a thousand
    ("Kota Samarinda;1.000\nKota Bontang;63,5\n", 1000, "angka lain di berkas ini"),
    # 63.5 is only English: 1.000 is one
    ("Kota Samarinda;1.000\nKota Bontang;63.5\n", 1, "angka lain di berkas ini"),
])
def test_a_cell_with_two_readings_is_read_as_the_rest_of_the_file_writes_numbers(
        table, rows, reading, why):
    report = upload.validate(("Kabupaten/Kota;Cakupan (%)\n" + rows).encode(), "c.csv", table,
                             as_of="2025-09")
    assert not report.errors
    samarinda = next(m for m in report.matched if m["nama"] == "Kota Samarinda")
    assert samarinda["metrics"]["coverage_pct"] == reading
    (said,) = [i for i in report.warnings if i.kind == "up_read_as"]
    assert (said.row, said.value) == (2, "1.000") and why in said.message


def test_english_headers_decide_when_no_number_does(table):
    data = b"Region,Coverage (%)\nKota Samarinda,\"1,000\"\nKota Bontang,63\n"
    report = upload.validate(data, "c.csv", table, as_of="2025-09")
    samarinda = next(m for m in report.matched if m["nama"] == "Kota Samarinda")
    assert samarinda["metrics"]["coverage_pct"] == 1000  # 1,000 in English is a thousand
    (said,) = [i for i in report.warnings if i.kind == "up_read_as"]
    assert "berbahasa Inggris" in said.message


def test_a_file_writing_numbers_both_ways_decides_nothing(table):
    data = b"Kabupaten/Kota;Cakupan (%)\nKota Samarinda;1.000\nKota Bontang;63,5\n" \
           b"Kota Balikpapan;70.5\n"
    report = upload.validate(data, "c.csv", table, as_of="2025-09")
    assert [i.kind for i in report.errors] == ["up_ambiguous"]


@pytest.mark.parametrize("texts,ways", [
    (["63,5", "1.000"], {"id"}), (["1.234.567"], {"id"}), (["63.5", "(2,5)"], {"id", "en"}),
    (["1,234,567", "12.5 %"], {"en"}), (["1000", "1.000", "abc"], set()), ([], set())])
def test_the_conventions_a_files_numbers_are_written_in(texts, ways):
    assert numbers.conventions_of(texts) == ways


def test_very_long_numbers_are_answered_at_once():
    import time
    start = time.monotonic()
    assert refused(numbers.read_typed, "1" * 200_000, "id").code == "text"
    assert refused(numbers.read_link, "1." + "1" * 200_000).code == "text"
    assert numbers.read_cell("1" + ".000" * 120, whole=True) == Decimal(10) ** 360
    assert time.monotonic() - start < 1


# --- why a text is refused, and the text kept as it was given -----------------------------------
# (scripts/mutation.sh: each rule below is one a mutant of numbers.py would break)

def test_a_number_error_names_its_reason_and_keeps_the_text():
    err = NumberError("zero")
    assert isinstance(err, ValueError) and str(err) == "zero" and err.args == ("zero",)
    assert (err.code, err.text, err.readings) == ("zero", "", ())
    err = NumberError("ambiguous", "1.000", (Decimal("1000"), Decimal("1")))
    assert (err.code, err.text, err.readings) == ("ambiguous", "1.000", (Decimal(1000), 1))


@pytest.mark.parametrize("text", ["", "   ", "\u00a0\u202f", None])
def test_nothing_typed_is_empty(text):
    for lang in numbers.LANGS:
        err = refused(numbers.read_typed, text, lang)
        assert (err.code, err.text) == ("empty", text or "")
    err = refused(numbers.read_link, text)
    assert (err.code, err.text) == ("empty", text or "")


def test_typed_refusals_keep_what_was_typed_not_what_was_read():
    # "Rp" and "%" are taken off before reading; the error still names the whole text
    err = refused(numbers.read_typed, "Rp", "id")
    assert (err.code, err.text) == ("empty", "Rp")
    err = refused(numbers.read_typed, "Rp 1.2.3", "id")  # no convention reads 1.2.3
    assert (err.code, err.text) == ("text", "Rp 1.2.3")
    err = refused(numbers.read_typed, " 1,2,3 %", "en")
    assert (err.code, err.text) == ("text", " 1,2,3 %")
    err = refused(numbers.read_typed, "Rp +-5", "en")
    assert (err.code, err.text) == ("sign", "Rp +-5")
    err = refused(numbers.read_typed, "12a", "id")
    assert (err.code, err.text) == ("text", "12a")
    err = refused(numbers.read_typed, "2,5 %", "en")  # 2.5 or 25: both kept
    assert (err.code, err.text, err.readings) == ("ambiguous", "2,5 %",
                                                  (Decimal("2.5"), Decimal("25")))
    err = refused(numbers.read_typed, "Rp16,800", "id")
    assert (err.code, err.text, err.readings) == ("ambiguous", "Rp16,800",
                                                  (Decimal("16.8"), Decimal("16800")))


@pytest.mark.parametrize("text,value", [
    ("RP. 16.800", "16800"), ("rp16.800", "16800"), ("Rp.250.000", "250000"), ("80 %", "80"),
    ("-16.800", "-16800"),  # its own way, with a sign
    ("-1,234.5", "-1234.5"),  # only the English way reads it, with a sign
    ("\u221262,5", "-62.5"), ("\u20135", "-5"), ("+16.800", "16800")])
def test_typed_in_indonesian_with_prefix_suffix_and_sign(text, value):
    assert numbers.read_typed(text, "id") == Decimal(value)


def test_a_sign_alone_or_a_sign_inside_a_number():
    assert refused(numbers.read_link, "-").code == "text"
    assert refused(numbers.read_link, "5-5").code == "sign"  # digits and signs: a sign slip
    assert refused(numbers.read_typed, "1 - 2", "id").code == "sign"
    err = refused(numbers.read_link, "-x")
    assert (err.code, err.text) == ("text", "-x")
    err = refused(numbers.read_typed, "10-20 (perkiraan)", "id")  # a range, and words
    assert (err.code, err.text) == ("text", "10-20 (perkiraan)")


def test_a_sign_inside_words_is_text():
    """The '-' among the signs once made a range from '+' to U+2212 that took in every letter."""
    err = refused(numbers.read_link, "5-a")  # a letter too: not a number at all
    assert (err.code, err.text) == ("text", "5-a")
    assert refused(numbers.read_typed, "12-Jan", "en").code == "text"


@pytest.mark.parametrize("text", ["1.2.3", "12a", "--5", "16.800", "", " 1,2,3 "])
def test_link_refusals_keep_the_text_of_the_link(text):
    assert refused(numbers.read_link, text).text == text


def test_link_values_with_a_sign():
    assert numbers.read_link("-62.5") == Decimal("-62.5")
    assert numbers.read_link("+62.5") == Decimal("62.5")
    assert numbers.read_link("-1.234.567") == Decimal("-1234567")
    assert str(numbers.read_link("-0")) == "0"  # no negative zero
    assert str(numbers.read_typed("-0", "id")) == "0"


def test_readings_of_a_text():
    assert numbers.readings("16.800") == (False, {"id": Decimal("16800"), "en": Decimal("16.8")})
    assert numbers.readings(" -62,5") == (True, {"id": Decimal("62.5")})
    assert numbers.readings("1,2,3") == (False, {})
    assert refused(numbers.readings, " ").text == " "


def test_up_to_a_thousand_characters_are_read_longer_is_text():
    assert numbers.MAX_CHARS == 1000
    assert numbers.read_link("7" * 1000) == Decimal("7" * 1000)
    assert refused(numbers.read_link, "7" * 1001).code == "text"
    # thirty-one grouped digits: read to the last one (more than the 28 digits of Decimal's
    # default precision)
    grouped = "1" + ",234" * 10 + ".5"
    assert numbers.read_typed(grouped, "en") == Decimal("1" + "234" * 10 + ".5")
    assert numbers.read_cell(grouped.replace(",", "#").replace(".", ",").replace("#", ".")) \
        == Decimal("1" + "234" * 10 + ".5")


# --- cells ----------------------------------------------------------------------------------------

def test_a_cell_is_read_with_no_unit_by_default():
    err = refused(numbers.read_cell, "81.436")  # not said to be a count: 81436 or 81,436
    assert (err.code, err.text, err.readings) == ("ambiguous", "81.436",
                                                  (Decimal("81436"), Decimal("81.436")))
    assert numbers.read_cell("81.436", whole=True) == Decimal("81436")
    assert numbers.read_cell(" 1 234 567 ") == Decimal("1234567")
    assert numbers.read_cell("-5") == Decimal("-5") and numbers.read_cell("+5") == Decimal("5")
    assert numbers.read_cell(5) == Decimal("5")


def test_bracketed_cells_are_negative():
    assert numbers.read_cell("(1.234)", whole=True) == Decimal("-1234")
    assert numbers.read_cell("(12)") == Decimal("-12")
    assert numbers.read_cell(" ( 63,5 ) %") == Decimal("-63.5")
    # brackets around nothing, or on one side only, are no number
    for text in ["()", "(5", "5)", "(", ")"]:
        err = refused(numbers.read_cell, text)
        assert (err.code, err.text) == ("text", text)


def test_a_limit_keeps_the_readings_at_or_below_it():
    assert numbers.read_cell("100.000", limit=100) == Decimal("100")  # 100000 or 100: at it
    assert numbers.read_cell("100,000", limit=100.0) == Decimal("100")
    err = refused(numbers.read_cell, "200.000", False, 100)  # 200000 or 200: both above
    assert (err.code, err.text, err.readings) == ("ambiguous", "200.000",
                                                  (Decimal("200000"), Decimal("200")))
    err = refused(numbers.read_cell, "1.000", False, 1000)  # 1000 or 1: both allowed
    assert err.readings == (Decimal("1000"), Decimal("1"))
    assert numbers.read_cell("62,5", limit=100) == Decimal("62.5")  # one reading, left alone
    assert numbers.read_cell("250.000", whole=True, limit=100) == Decimal("250000")


def test_cell_refusals_keep_the_cell():
    err = refused(numbers.read_cell, " 1.2.3 ")
    assert (err.code, err.text) == ("text", " 1.2.3 ")
    err = refused(numbers.read_cell, "2,500 %")
    assert (err.code, err.text, err.readings) == ("ambiguous", "2,500 %",
                                                  (Decimal("2500"), Decimal("2.5")))


# --- check ------------------------------------------------------------------------------------------

def checked(*args, **kwargs) -> NumberError:
    with pytest.raises(NumberError) as err:
        numbers.check(*args, **kwargs)
    return err.value


def test_check_by_default_takes_any_amount_above_zero():
    value = numbers.check(Decimal("0.5"), "0,5")
    assert value == 0.5 and isinstance(value, float)
    assert numbers.check(Decimal("2.5"), "2,5") == 2.5  # not a count unless said
    assert numbers.check(0.1, "0.1") == 0.1 and numbers.check(7, "7") == 7.0
    assert numbers.check(Decimal("1e12"), "1") == 1e12  # no upper bound unless said
    err = checked(0, "0")
    assert (err.code, err.text) == ("zero", "0") and str(err) == "zero"
    err = checked(Decimal("-0.5"), "-0,5")
    assert (err.code, err.text) == ("negative", "-0,5")


def test_check_bounds_are_inclusive():
    assert numbers.check(Decimal("100"), "100", upper=100) == 100.0
    assert numbers.check(Decimal("100"), "100", 1, 100.0) == 100.0
    err = checked(Decimal("100.01"), "100,01", upper=100)
    assert (err.code, err.text) == ("too_large", "100,01")
    assert numbers.check(Decimal("1000"), "1.000", lower=1000) == 1000.0
    err = checked(Decimal("999.9"), "999,9", lower=1000)
    assert (err.code, err.text) == ("too_small", "999,9")
    err = checked(16.8, "16,8", 1000.0, 50_000.0)
    assert (err.code, err.text) == ("too_small", "16,8")


def test_check_zero_and_whole():
    assert numbers.check(0, "0", zero_ok=True) == 0.0
    assert numbers.check(Decimal("0"), "0", lower=1000, zero_ok=True) == 0.0  # none at all
    err = checked(Decimal("-1"), "-1", zero_ok=True)
    assert (err.code, err.text) == ("negative", "-1")
    err = checked(Decimal("0"), "0", lower=1000)
    assert err.code == "zero"
    err = checked(Decimal("5"), "5", lower=1000, zero_ok=True)  # zero allowed, 5 is not
    assert (err.code, err.text) == ("too_small", "5")
    assert numbers.check(Decimal("2.0"), "2,0", whole=True) == 2.0
    assert numbers.check(2.0, "2", whole=True) == 2.0
    err = checked(2.5, "2,5", whole=True)
    assert (err.code, err.text) == ("fraction", "2,5")
    err = checked(Decimal("250000.5"), "250.000,5", 1, 100_000, whole=True)
    assert err.code == "fraction"  # the fraction is named before the bound


# --- written back ------------------------------------------------------------------------------------

def test_floats_are_written_by_their_shortest_digits():
    assert numbers.canonical(0.1) == "0.1"  # not 0.1000000000000000055511151231257827
    assert numbers.canonical(Decimal("62.50")) == "62.5"
    assert numbers.canonical(Decimal("1E+2")) == "100"
    assert numbers.canonical(100.0) == "100"
    assert numbers.written(0.1, "en") == "0.1"
    assert numbers.written(16800.0, "id") == "16.800"
    assert numbers.written(Decimal("1234567.50"), "en") == "1,234,567.5"
    assert numbers.written(Decimal("1234567.5"), "id", grouped=False) == "1234567,5"
    assert numbers.written(Decimal("0.00001"), "id") == "0,00001"
