"""Classes tied to the target, data-driven schemes, colours."""

import math

import pytest

from coverage_map.figures.classify import classify, target_bins

NAN = math.nan


def test_default_bins_follow_the_target():
    assert target_bins(80) == [40, 60, 80, 100]
    assert target_bins(100) == [50, 75, 100]


def test_fixed_classes_are_half_open_and_keep_above_100():
    c = classify([39.99, 40, 79.9, 80, 100, 150, NAN], "coverage_pct")
    assert c.yb == (0, 1, 2, 3, 4, 4, -1)
    assert c.labels[0] == "< 40 %" and c.labels[-1] == "≥ 100 %"
    assert len(c.colours) == len(c.labels) == 5


def test_target_changes_the_classes():
    low = classify([70], "coverage_pct", target=80).yb[0]
    high = classify([70], "coverage_pct", target=60).yb[0]
    assert low < high


def test_target_classes_diverge_around_the_target_and_none_is_near_white():
    c = classify([10, 120], "coverage_pct", target=80)
    # edges 40, 60, 80, 100: three classes below the target take RdBu's three reds nearest the
    # middle, darkest first; the two at or above it its two lightest blues (no near-white)
    assert c.colours == ("#b2182b", "#d6604d", "#f4a582", "#4393c3", "#2166ac")
    assert c.yb == (0, 4)
    # a target of 100: edges 50, 75, 100 -> four classes, three below the target, one at or above
    assert classify([10], "coverage_pct", target=100).colours == (
        "#b2182b", "#d6604d", "#f4a582", "#4393c3")


def test_statements_take_a_class_a_side_of_the_target_or_nothing():
    from coverage_map.figures.classify import statement_fills
    c = classify([10, 120], "coverage_pct", target=80)
    inf = float("inf")
    fills = statement_fills(c, [(-inf, 50), (60, 60), (66, 67), (80, inf), (33, inf),
                                (-inf, 40), (None, None)], 80)
    assert fills == [("below", -1), ("class", 2), ("class", 2), ("above", -1), ("", -1),
                     ("class", 0), ("", -1)]
    from coverage_map.figures.classify import statement_legend
    legend = statement_legend(fills, c, 80)  # the class's own colour with white stripes
    assert [style for style, _ in legend] == [("#f4a582", "#ffffff"), ("#ffffff", "#b2182b"),
                                              ("#ffffff", "#2166ac")]


@pytest.mark.parametrize("scheme", ["kuantil", "jenks"])
def test_data_driven_schemes(scheme):
    values = [100, 200, 300, 400, 500, 600, NAN]
    c = classify(values, "active_participants", scheme)
    assert len(c.bins) == 5 and c.yb[-1] == -1
    assert c.yb[0] == 0 and c.yb[5] == 4


def test_counts_fall_back_to_quantiles():
    assert classify([1, 2, 3, 4, 5], "uncovered_workers", "tetap").bins == \
        classify([1, 2, 3, 4, 5], "uncovered_workers", "kuantil").bins


def test_no_values_means_no_classes():
    c = classify([NAN, NAN], "active_participants", "kuantil")
    assert c.bins == () and c.yb == (-1, -1)


def test_unknown_scheme_names_the_argument():
    with pytest.raises(ValueError, match="`scheme` was 'x'"):
        classify([1], "coverage_pct", "x")
