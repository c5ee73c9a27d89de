"""The upload validator over a corpus of awkward and malformed files, and the CLI on each."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coverage_map import upload

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "upload_corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def test_corpus_is_big_enough():
    assert len(EXPECTED) >= 25
    assert all((CORPUS / name).exists() for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report(name, table):
    expected = EXPECTED[name]
    report = upload.validate((CORPUS / name).read_bytes(), name, table)
    text = report.to_text()
    assert report.usable == expected["usable"], text
    if "matched" in expected:
        assert len(report.matched) == expected["matched"], text
    for fragment in expected["messages"]:
        assert fragment in text, f"{fragment!r} not in:\n{text}"
    if report.usable:
        assert set(report.figures["kode"]) == {m["kode"] for m in report.matched}
        assert report.figures["source_title"].eq(name).all()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli(name):
    run = subprocess.run([sys.executable, "-m", "coverage_map", "validate", str(CORPUS / name),
                          "--json"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == (0 if EXPECTED[name]["usable"] else 1), run.stderr
    report = json.loads(run.stdout)
    assert report["usable"] == EXPECTED[name]["usable"]
    for key in ("rows_read", "matched", "unmatched", "errors", "warnings"):
        assert key in report
    for item in report["errors"] + report["warnings"]:
        assert item["file"] == name and item["text"]


def test_cli_text_and_bad_path():
    run = subprocess.run([sys.executable, "-m", "coverage_map", "validate",
                          str(CORPUS / "07_bps_codes.csv")], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert run.returncode == 0 and "→ 64.02 Kabupaten Kutai Kartanegara" in run.stdout
    missing = subprocess.run([sys.executable, "-m", "coverage_map", "validate", "nope.csv"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert missing.returncode == 2 and "nope.csv" in missing.stderr


def test_cli_english():
    run = subprocess.run([sys.executable, "-m", "coverage_map", "validate",
                          str(CORPUS / "11_negative.csv"), "--lang", "en"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Negative numbers are rejected." in run.stdout


@pytest.mark.parametrize("text, number", [
    ("1.234.567", 1234567), ("63,5", 63.5), ("63,5%", 63.5), ("63.5", 63.5), ("-", None),
    ("", None), ("1,234,567", 1234567), ("1.234,5", 1234.5), ("(5)", -5), (80130.0, 80130),
])
def test_numbers(text, number):
    assert upload.parse_number(text) == number


def test_computed_coverage_and_dates(table):
    data = "Kabupaten/Kota;Peserta Aktif;Angkatan Kerja\nKota Samarinda;141.278;349.784\n"
    report = upload.validate(data.encode(), "x.csv", table, as_of="2025-09", source="BPJS")
    cov = report.figures[report.figures["metric"] == "coverage_pct"].iloc[0]
    assert cov["value"] == 40.39 and "dihitung" in cov["note"]
    assert set(report.figures["as_of"]) == {"2025-09"}
    assert set(report.figures["source_publisher"]) == {"BPJS"}
    assert upload.parse_date("31/05/2025") == "2025-05-31"
    assert upload.parse_date("Mei 2025") == "2025-05"


def test_template_has_56_regions(regions):
    tpl = upload.template(regions)
    assert len(tpl) == 56 and list(tpl.columns) == upload.TEMPLATE_COLUMNS


def test_limits(table, monkeypatch):
    import time

    big = b"Kabupaten/Kota,Peserta Aktif\n" + b"Kab. Paser,1\n" * (50 * 1024 * 1024 // 13)
    start = time.monotonic()
    report = upload.validate(big, "besar.csv", table)
    assert time.monotonic() - start < 2 and not report.usable
    assert "Berkas terlalu besar" in report.to_text()
    rows = "Kabupaten/Kota,Peserta Aktif\n" + "Kab. Paser,1\n" * (upload.MAX_ROWS + 100)
    assert "Terlalu banyak baris" in upload.validate(rows.encode(), "baris.csv", table).to_text()
    monkeypatch.setattr(upload, "MAX_SECONDS", 0)
    slow = upload.validate(b"Kabupaten/Kota,Peserta Aktif\nKab. Paser,1\n", "lambat.csv", table)
    assert "Pemrosesan dihentikan di baris 2" in slow.to_text()
