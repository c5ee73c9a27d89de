"""Classes tied to the target, data-driven schemes, colours."""

import math

import pytest

from coverage_map.classify import classify, target_bins

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
    rgb = [tuple(int(col[i:i + 2], 16) for i in (1, 3, 5)) for col in c.colours]
    lum = [sum(x) for x in rgb]
    below, above = rgb[:3], rgb[3:]  # < 40, 40-60, 60-80 | 80-100, >= 100
    assert all(r > b for r, _, b in below) and all(b > r for r, _, b in above)  # red | blue
    assert lum[:3] == sorted(lum[:3])  # lowest coverage darkest
    assert lum[3:] == sorted(lum[3:], reverse=True)  # best coverage darkest, not empty-looking
    assert max(lum) < 3 * 235


def test_statements_take_a_class_a_side_of_the_target_or_nothing():
    from coverage_map.classify import statement_fills
    c = classify([10, 120], "coverage_pct", target=80)
    inf = float("inf")
    fills = statement_fills(c, [(-inf, 50), (60, 60), (66, 67), (80, inf), (33, inf),
                                (-inf, 40), (None, None)], 80)
    assert fills == [("below", -1), ("class", 2), ("class", 2), ("above", -1), ("", -1),
                     ("class", 0), ("", -1)]


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
