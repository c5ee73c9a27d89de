"""Indonesian formats and the strings file."""

from coverage_map.language.i18n import fmt_date, fmt_number, fmt_value, strings, t


def test_numbers():
    assert fmt_number(1234567) == "1.234.567"
    assert fmt_value(63.5, "pct") == "63,5 %"
    assert fmt_value(41.30, "pct") == "41,3 %"
    assert fmt_value(100, "pct") == "100 %"
    assert fmt_value(0, "pct") == "0 %"
    assert fmt_value(150, "pct") == "150 %"
    assert fmt_value(3302762, "persons") == "3.302.762"
    assert fmt_value(1.003e12, "idr") == "Rp1 T"


def test_dates():
    assert fmt_date("2025-05") == "Mei 2025"
    assert fmt_date("2025-12-01") == "1 Desember 2025"
    assert fmt_date("2024") == "2024"
    assert fmt_date("") == "tanpa tanggal"


def test_qualifiers():
    assert t("qualifier_sekitar", v="27 %") == "sekitar 27 %"
    assert t("qualifier_kurang_dari", v="50 %") == "kurang dari 50 %"
    assert t("qualifier_lebih_dari", "en", v="90 %") == "more than 90 %"


def test_every_metric_and_qualifier_has_a_label():
    from coverage_map.data.schema import METRIC_UNITS, QUALIFIERS
    s = strings()
    assert all(f"metric_{m}" in s for m in METRIC_UNITS)
    assert all(f"qualifier_{q}" in s for q in QUALIFIERS if q)


def test_both_languages_have_the_same_keys():
    assert set(strings("id")) == set(strings("en"))
    for key in strings("id"):  # same placeholders too
        import string
        fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert fields(strings("id")[key]) == fields(strings("en")[key]), key


def test_english_formats():
    assert fmt_value(63.5, "pct", "en") == "63.5 %"
    assert fmt_number(1234567, lang="en") == "1,234,567"
    assert fmt_date("2025-05-12", "en") == "12 May 2025"
    assert fmt_date("2025-05-12", "id") == "12 Mei 2025"


def test_language_is_per_context():
    import contextvars

    from coverage_map.language.i18n import current_language, set_language, t

    def in_english():
        set_language("en")
        return t("legend_no_data")

    assert contextvars.copy_context().run(in_english) == "No public figure yet"
    assert current_language() == "id" and t("legend_no_data") == "Belum ada angka publik"
    assert set_language("xx") == "id"
