"""Bandingkan wilayah (issue 27): two to five regions by name, the choice in the link, a chart
and a table of the same numbers; a band stays a range, a group statement stays one."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from coverage_map.figures import compare
from coverage_map.figures.lookup import Lookup

ROOT = Path(__file__).resolve().parents[2]


def map_page(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_link_chooses_the_regions_and_the_chart_and_table_show_them():
    # Balikpapan: exact figures over years; Katingan: "kurang dari 50 %" (a band)
    at = map_page(banding="64.71,62.06")
    box = at.multiselect(key="bandingkan")
    assert box.value == ["64.71", "62.06"]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    chart = next(s for s in specs if "Cakupan wilayah yang dibandingkan" in json.dumps(s))
    domain = next(layer["encoding"]["color"]["scale"]["domain"] for layer in chart["layer"]
                  if "color" in layer.get("encoding", {}))
    assert domain == ["Kota Balikpapan", "Kabupaten Katingan"]  # in the order chosen
    columns = ["Kab/Kota", "Per", "Nilai", "Kepastian", "Dasar persentase", "Sumber", "ID"]
    table = next(d.value for d in at.dataframe if list(d.value.columns) == columns)
    assert set(table["Kab/Kota"]) == {"Kota Balikpapan", "Kabupaten Katingan"}
    katingan = table[table["Kab/Kota"] == "Kabupaten Katingan"]
    assert any(v.startswith("kurang dari 50 %") for v in katingan["Nilai"])
    assert "rentang (batas atas/bawah)" in set(katingan["Kepastian"])


def test_the_choice_goes_into_the_link_and_one_region_is_not_a_comparison():
    at = map_page()
    assert "banding" not in at.query_params
    at.multiselect(key="bandingkan").select("64.09").run()
    assert not [c for c in at.get("vega_lite_chart") if "dibandingkan" in c.proto.spec]
    assert any("Pilih paling sedikit 2 wilayah" in c.value for c in at.caption)
    at.multiselect(key="bandingkan").select("64.72").run()
    assert list(at.query_params["banding"]) in (["64.09,64.72"], list("64.09,64.72"))


def test_group_statements_stay_statements_when_compared(bundle):
    found = Lookup(bundle.figures)
    names = {"64.01": "Kabupaten Paser", "64.74": "Kota Bontang"}
    pts = compare.points(found, list(names), names, "id")
    paser = pts[pts["kode"] == "64.01"]
    assert "group" in set(paser["kind"])  # "yang lain berkisar 60 %": not a figure of Paser
    rows = compare.table(pts, "id")
    assert set(rows.loc[rows["Kab/Kota"] == "Kabupaten Paser", "Kepastian"]) >= {
        "pernyataan kelompok"}
    assert list(dict.fromkeys(rows["Kab/Kota"])) == ["Kabupaten Paser", "Kota Bontang"]
