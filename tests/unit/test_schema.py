"""Schema validation: one test per rule, each naming the column, row and value."""

import pandas as pd
import pytest

from coverage_map.data.schema import COLUMNS, SchemaError, validate_figures

KNOWN = {"64", "64.09", "64.02"}


def good_row(**changes):
    row = {
        "figure_id": "F001", "level": "kabkota", "kode": "64.09", "area_name": "Kab. PPU",
        "scope": "wilayah", "metric": "coverage_pct", "value": "63.5", "unit": "pct",
        "kind": "exact", "qualifier": "", "lower": "", "upper": "", "segment": "", "group": "",
        "base": "angkatan_kerja", "caveats": "", "as_of": "2025-05", "published": "2025-05-14",
        "source_title": "Judul", "source_publisher": "Penerbit",
        "source_url": "https://example.org/a", "source_rank": "1", "note": "pekerja",
        "origin": "test",
    }
    row.update(changes)
    return row


def check(**changes):
    df = pd.DataFrame([good_row(figure_id="F002"), good_row(**changes)], dtype=str)
    return validate_figures(df, KNOWN)


def only_problem(problems, rule, column):
    assert len(problems) == 1, problems
    p = problems[0]
    assert (p.rule, p.column, p.row) == (rule, column, 2)
    assert f"kolom `{column}`" in str(p) and "baris 2" in str(p)
    return p


def test_valid_rows_load_typed():
    good, problems = check()
    assert problems == []
    assert len(good) == 2 and good["value"].dtype == "float64"
    assert list(good.columns) == list(COLUMNS)


def test_missing_column_is_a_schema_error_naming_it():
    df = pd.DataFrame([good_row()]).drop(columns=["source_title"])
    with pytest.raises(SchemaError, match="source_title"):
        validate_figures(df, KNOWN)


@pytest.mark.parametrize("column", ["source_publisher", "metric", "area_name", "kind"])
def test_required_text(column):
    good, problems = check(**{column: ""})
    only_problem(problems, "required", column)
    assert len(good) == 1  # the other row still loads


def test_value_must_be_a_number():
    p = only_problem(check(value="63,5 persen")[1], "type", "value")
    assert p.value == "63,5 persen"


def test_negative_value_rejected():
    only_problem(check(value="-5")[1], "range", "value")


def test_coverage_above_100_is_accepted():
    good, problems = check(value="150")
    assert problems == [] and good["value"].max() == 150


def test_unknown_metric():
    only_problem(check(metric="cakupan")[1], "allowed", "metric")


def test_unit_must_fit_metric():
    only_problem(check(unit="persons")[1], "unit", "unit")


def test_duplicate_key():
    df = pd.DataFrame([good_row(), good_row()], dtype=str)
    good, problems = validate_figures(df, KNOWN)
    assert {(p.rule, p.row) for p in problems} == {("unique", 1), ("unique", 2)}
    assert good.empty


def test_unknown_region_code():
    p = only_problem(check(kode="64.99")[1], "known_code", "kode")
    assert p.value == "64.99"


def test_code_required_for_regency_level():
    only_problem(check(kode="")[1], "required", "kode")


def test_province_code_on_regency_level():
    only_problem(check(kode="64")[1], "known_code", "kode")


def test_level_allowed():
    only_problem(check(level="desa")[1], "allowed", "level")


def test_qualifier_allowed():
    only_problem(check(qualifier="kira-kira")[1], "allowed", "qualifier")


def test_date_format():
    only_problem(check(as_of="Mei 2025")[1], "date", "as_of")


def test_source_url_must_be_http():
    only_problem(check(source_url="javascript:alert(1)")[1], "url", "source_url")


def test_bundled_figures_all_valid(bundle):
    assert bundle.problems == []
    assert len(bundle.figures) == 663  # 596 reports + 67 BPS workforce rows
    assert bundle.figures["figure_id"].is_unique


@pytest.mark.parametrize("column,value", [("kind", "guess"), ("base", "semua"),
                                          ("segment", "pns"), ("group", "kaltim")])
def test_classification_fields_take_their_lists(column, value):
    good, problems = check(**{column: value})
    only_problem(problems, "allowed", column)


def test_unknown_caveat_rejected():
    _, problems = check(caveats="tahun_disimpulkan|rumor")
    only_problem(problems, "allowed", "caveats")


def test_a_band_needs_a_bound_and_a_segment_share_its_segment():
    _, problems = check(kind="band", qualifier="kurang_dari")
    only_problem(problems, "required", "lower")
    good, problems = check(kind="band", qualifier="kurang_dari", upper="50")
    assert problems == [] and good["upper"].iloc[1] == 50
    _, problems = check(kind="segment", metric="segment_coverage_pct")
    only_problem(problems, "required", "segment")


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400"])
def test_infinite_values_rejected(value):
    _, problems = check(value=value)
    only_problem(problems, "type", "value")


def test_national_level_has_no_code():
    good, problems = check(level="national", kode="", area_name="Indonesia")
    assert problems == [] and set(good["level"]) == {"kabkota", "national"}
    _, problems = check(level="national", kode="64")
    only_problem(problems, "allowed", "kode")
