"""Every file drawn with matplotlib is made whole while other sessions' script runs end:
Streamlit closes every pyplot figure (``plt.close("all")``) at the end of each run, and an
export drawn on pyplot's figures broke whenever another visitor clicked."""

import io
import threading

import matplotlib.pyplot as plt
import pytest
from PIL import Image
from pypdf import PdfReader

from coverage_map.figures import plan_compute, plan_inputs, profile
from coverage_map.render import brief, export, factsheet


def _made_while_others_rerun(make) -> bytes:
    """``make()`` on a thread of its own while this thread closes every pyplot figure, as
    Streamlit does when any session's run ends, until it is done."""
    out: dict = {}

    def run():
        try:
            out["data"] = make()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            out["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    closes = 0
    while worker.is_alive():
        plt.close("all")
        closes += 1
        worker.join(0.005)
    assert "error" not in out, repr(out.get("error"))
    assert closes > 10  # the other sessions really did end runs while it drew
    return out["data"]


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("fmt", ["png_16x9", "png_a4", "pdf_a4"])
def test_map_exports(bundle, fmt):
    from tests.unit.test_export import export_args

    table, texts, args, extra = export_args(bundle, "64")
    data = _made_while_others_rerun(lambda: export.static_map(*args, fmt, *extra))
    if fmt == "pdf_a4":
        assert texts.title in " ".join(_pdf_pages(data)[0].split())
    else:
        assert Image.open(io.BytesIO(data)).size[0] in (1920, 2338)


def test_fact_sheets_one_and_a_province(bundle):
    kodes = sorted(bundle.regions[bundle.regions["kode_prov"] == "65"]["kode"])  # Kaltara: 5
    profiles = [profile.build(bundle.regions, bundle.table.provinces, bundle.figures, k, 80.0)
                for k in kodes]
    done = []
    data = _made_while_others_rerun(lambda: factsheet.pdf(
        profiles, bundle, [f"http://x/wilayah?kode={k}" for k in kodes], on_page=done.append))
    pages = _pdf_pages(data)
    assert len(pages) == len(kodes) == 5 and done == [1, 2, 3, 4, 5]
    assert [p.name in text for p, text in zip(profiles, pages)] == [True] * 5


def test_plan_brief(bundle):
    plans = plan_compute.province_rows(bundle.regions, bundle.table.provinces, bundle.figures, "64",
                               plan_inputs.Choices())
    p = plan_compute.build(bundle.regions, bundle.table.provinces, bundle.figures, "64.72",
                   plan_inputs.Choices())
    data = _made_while_others_rerun(lambda: brief.pdf(p, plans, "http://x/rencana?kode=64.72"))
    assert "Samarinda" in _pdf_pages(data)[0]


def test_locators(bundle):
    data = _made_while_others_rerun(lambda: factsheet.locator_png(
        bundle.provinsi, bundle.kabkota, "64.09") + export.locator_png(
        bundle.provinsi, bundle.kabkota, bundle.ikn))
    assert data.startswith(b"\x89PNG")
