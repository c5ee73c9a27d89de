"""One region across pages (issue 27): its profile, its plan and its province's regencies in
Analisis link to each other, keeping the view's other settings; from the sidebar, the plan of
the region just read opens on it (not on Kalimantan Timur), and back."""

from pathlib import Path
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def app(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=180)
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def links(at) -> dict[str, tuple[str, dict]]:
    """The page links shown: label -> (page, query parameters)."""
    out = {}
    for link in at.get("page_link"):
        proto = link.proto
        query = {k: v[-1] for k, v in parse_qs(proto.query_string).items()} \
            if getattr(proto, "query_string", "") else {}
        out[proto.label] = (proto.page, query)
    return out


def test_a_profile_links_to_its_plan_and_its_province_in_analysis_keeping_the_view():
    at = app("pages/wilayah.py", kode="64.09", target="75")
    shown = links(at)
    page, query = shown["Rencana untuk Kabupaten Penajam Paser Utara"]
    assert page.endswith("rencana") and query["kode"] == "64.09" and query["target"] == "75"
    page, query = shown["Analisis kab/kota Kalimantan Timur"]
    assert page.endswith("analisis") and query["prov"] == "64" and query["target"] == "75"
    assert not any(label.startswith("Profil Kabupaten") for label in shown)  # it is here


def test_from_a_profile_the_plan_opens_on_the_same_region_and_back():
    at = app("pages/wilayah.py", kode="65.04")  # Kabupaten Tana Tidung
    at.query_params.clear()
    at.switch_page("pages/rencana.py").run()  # as the sidebar does: no kode in the link
    assert at.selectbox(key="rencana_kode").value == "65.04"
    at.selectbox(key="rencana_kode").set_value("63.03").run()  # Kabupaten Banjar
    at.query_params.clear()
    at.switch_page("pages/wilayah.py").run()
    assert at.selectbox(key="wilayah_kode").value == "63.03"
    plan = links(at)["Rencana untuk Kabupaten Banjar"]
    assert plan[1]["kode"] == "63.03"


def test_the_plan_links_to_the_profile():
    at = app("pages/rencana.py", kode="62.02")
    name = at.selectbox(key="rencana_kode").format_func("62.02").split(" · ")[0]
    page, query = links(at)[f"Profil {name}"]
    assert page.endswith("wilayah") and query["kode"] == "62.02"
