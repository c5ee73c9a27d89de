"""Links carry the whole view; invalid values fall back to defaults and are reported."""

from decimal import Decimal

from coverage_map.ui.urlstate import (AMBIGUOUS, DEFAULTS, REPEATED, LinkNotice, ViewState, link,
                                   parse, single_values, to_params)

PROVINCES = ["61", "62", "63", "64", "65"]
YEARS = [2022, 2023, 2024, 2025]


def test_round_trip():
    state = ViewState(province="64", metric="uncovered_workers", scheme="jenks", target=72.5,
                      year=2024, lang="en", presentation=True, tiles=True)
    params = to_params(state)
    assert params == {"provinsi": "64", "indikator": "uncovered_workers", "kelas": "jenks",
                      "target": "72.5", "tahun": "2024", "bahasa": "en",
                      "tampilan": "presentasi", "peta_dasar": "osm"}
    assert parse(params, PROVINCES, YEARS) == (state, [])


def test_defaults_make_an_empty_query():
    assert to_params(DEFAULTS) == {}
    assert parse({}, PROVINCES, YEARS) == (DEFAULTS, [])


def test_invalid_values_fall_back_with_a_notice():
    state, rejected = parse({"provinsi": "99", "indikator": "<script>", "target": "abc",
                             "tahun": "1999", "bahasa": "fr", "kelas": "tetap"},
                            PROVINCES, YEARS)
    assert state == DEFAULTS
    assert [n.param for n in rejected] == ["provinsi", "indikator", "target", "tahun",
                                           "bahasa"]
    state, rejected = parse({"target": "1e9"}, PROVINCES, YEARS)
    assert state.target == DEFAULTS.target and rejected == [LinkNotice("target", "1e9")]


def test_comma_decimal_target_accepted():
    assert parse({"target": "80,9"}, PROVINCES, YEARS)[0].target == 80.9


def test_link_replaces_page_and_query():
    state = ViewState(province="62")
    assert link("http://h:8501/peta?x=1", "", state) == "http://h:8501/?provinsi=62"
    assert link("https://app.example/ikn", "ikn", DEFAULTS) == "https://app.example/ikn"


def test_link_from_any_page_and_behind_a_prefix():
    assert link("http://h/analisis", "analisis", DEFAULTS) == "http://h/analisis"
    assert link("http://h/unggah?x=1", "", ViewState(lang="en")) == "http://h/?bahasa=en"
    assert link("https://x.streamlit.app/~/+/ikn", "ikn", DEFAULTS) == \
        "https://x.streamlit.app/~/+/ikn"


def test_the_target_is_written_in_one_form_and_read_back():
    assert to_params(ViewState(target=62.5)) == {"target": "62.5"}
    assert to_params(ViewState(target=72.123456789)) == {"target": "72.123456789"}  # not 72.1235
    assert to_params(ViewState(target=150.0)) == {"target": "150"}
    assert parse({"target": "62.5"}, PROVINCES, YEARS)[0].target == 62.5


def test_a_target_with_two_readings_is_refused_with_both():
    state, rejected = parse({"target": "62.500"}, PROVINCES, YEARS)
    assert state.target == DEFAULTS.target
    assert rejected == [LinkNotice("target", "62.500", AMBIGUOUS,
                                   (Decimal("62500"), Decimal("62.5")))]


def test_implausible_and_signed_targets_are_refused():
    for text in ("0.5", "201", "+-5", "-50", "80%", "nan", "inf"):
        state, rejected = parse({"target": text}, PROVINCES, YEARS)
        assert state.target == DEFAULTS.target and rejected == [LinkNotice("target", text)]
    assert parse({"target": "+50"}, PROVINCES, YEARS)[0].target == 50


def test_a_repeated_parameter_is_reported_with_the_value_used():
    values, notices = single_values({"provinsi": ["63", "64"], "bahasa": ["en"],
                                     "kelas": ["jenks", "jenks"]})
    assert values == {"provinsi": "64", "bahasa": "en", "kelas": "jenks"}
    assert notices == [LinkNotice("provinsi", "64", REPEATED, values=("63", "64"))]
