"""The placement rule shared by the map in the browser and the exported files: labels where
they touch nothing, callouts nearest first, the list kept clear, names only where free."""

from coverage_map.render import label_place
from coverage_map.render.label_place import Region, place


def test_a_label_that_fits_stays_on_its_point():
    at = place([Region(100, 100, (60, 20), (20, 16))])
    assert at.labels == [(70.0, 90.0, 130.0, 110.0)] and at.callouts == [None]


def test_a_label_touching_another_becomes_a_callout_at_the_nearest_free_place():
    at = place([Region(100, 100, (60, 20), (20, 16)), Region(110, 104, (60, 20), (20, 16))])
    assert at.labels[0] and at.labels[1] is None and at.numbered == [1]
    callout = at.callouts[1]
    assert not label_place.touches(callout, at.labels[0])
    # nothing nearer was free: each shift tried before the one taken touches the label
    taken = label_place.shifts().index(((callout[0] + callout[2]) / 2 - 110,
                                        (callout[1] + callout[3]) / 2 - 104))
    for dx, dy in label_place.shifts()[:taken]:
        assert label_place.touches(label_place.centred(110 + dx, 104 + dy, (20, 16)),
                                   at.labels[0])


def test_obstacles_are_never_covered_and_names_give_way_to_callouts():
    control = (0, 0, 300, 80)
    regions = [Region(150, 60, (80, 20), (20, 16)),  # under the control: a callout
               Region(150, 100, (80, 14))]  # a name alone, where the callout goes
    at = place(regions, [control])
    assert at.labels[0] is None and at.callouts[0] is not None
    assert not label_place.touches(at.callouts[0], control)
    assert at.labels[1] is None or not label_place.touches(at.labels[1], at.callouts[0])


def test_the_list_is_kept_clear_of_labels():
    calls = []

    def panel(numbered):  # a list that grows upwards from the bottom left, 20 px a line
        calls.append(list(numbered))
        return (0, 300 - 20 * len(numbered), 200, 300) if numbered else None

    regions = [Region(50, 50, (60, 20), (20, 16)), Region(55, 52, (60, 20), (20, 16)),
               Region(100, 270, (60, 20), (20, 16))]
    at = place(regions, [], panel)
    assert at.labels[2] is None and 2 in at.numbered  # first clear, then under the list
    assert len(calls) == 2 and at.panel == (0, 260, 200, 300)
    kept = [b for b in at.labels + at.callouts if b]
    assert not any(label_place.touches(at.panel, b) for b in kept if b)


def test_order_puts_regions_with_a_figure_first_then_larger():
    assert label_place.priority([False, True, True], [9.0, 1.0, 5.0]) == [2, 1, 0]
