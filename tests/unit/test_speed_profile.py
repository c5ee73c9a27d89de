"""What the speed work keeps the same: a profile from its province's rows (``cache.profile_rows``,
what ``cache.profile`` builds on), and from a ``Lookup`` of them shared by the province's
profiles (what is made once for all of them: the ranking, the context lines), is the profile
from the whole table, for every region."""

import dataclasses

import pandas as pd
import pytest

from coverage_map.figures import profile
from coverage_map.figures.lookup import Lookup
from coverage_map.language.i18n import set_language
from coverage_map.ui import cache


def same(a, b) -> bool:
    """Equal, a missing number (NaN) equal to another (in a figure's fields, an answer's)."""
    if isinstance(a, pd.DataFrame):
        return a.equals(b) and list(a.columns) == list(b.columns)
    return repr(a) == repr(b)


@pytest.mark.parametrize("prov", ["61", "62", "63", "64", "65"])
def test_a_profile_from_its_province_rows_is_the_same(bundle, prov):
    set_language("id")
    rows = cache.profile_rows(bundle.figures, prov)
    assert len(rows) < len(bundle.figures)
    found = Lookup(rows)  # one for the province's profiles, as ``cache.province_figures``
    kodes = [prov, *sorted(bundle.regions.loc[bundle.regions["kode_prov"] == prov, "kode"])]
    for kode in kodes:
        for target in (80.0,):
            whole = profile.build(bundle.regions, bundle.table.provinces, bundle.figures, kode,
                                  target, "id")
            part = profile.build(bundle.regions, bundle.table.provinces, rows, kode, target,
                                 "id")
            shared = profile.build(bundle.regions, bundle.table.provinces, found, kode, target,
                                   "id")
            for f in dataclasses.fields(profile.Profile):
                assert same(getattr(whole, f.name), getattr(part, f.name)), (kode, f.name)
                assert same(getattr(whole, f.name), getattr(shared, f.name)), (kode, f.name)
