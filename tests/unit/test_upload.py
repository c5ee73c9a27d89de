"""The upload validator over a corpus of awkward and malformed files, and the CLI on each."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coverage_map.data import upload, upload_template

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
    tpl = upload_template.template(regions)
    assert len(tpl) == 56 and list(tpl.columns) == upload_template.TEMPLATE_COLUMNS


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


# --- an upload joined with the bundled data; the template and its instructions -------------

def test_an_upload_adds_to_the_bundled_data(bundle, table):
    report = upload.validate((CORPUS / "01_title_rows_semicolon.csv").read_bytes(), "k.csv",
                             table)
    joined = upload.combine(bundle.figures, report.figures, upload.ADD)
    own = joined[joined["caveats"].str.contains("unggahan")]
    assert len(own) == len(report.figures) and set(own["kode"]) == {"64.01", "64.72"}
    # the file's figures win for its regions and indicators ...
    paser = joined[(joined["kode"] == "64.01") & (joined["metric"] == "coverage_pct")]
    assert paser["figure_id"].str.startswith("U").all() and len(paser) == 1
    # ... and everything else stays: Bontang's 100 %, Paser's other indicators
    bontang = joined[(joined["kode"] == "64.74") & (joined["metric"] == "coverage_pct")]
    assert len(bontang) and bontang["figure_id"].isin(bundle.figures["figure_id"]).all()
    assert len(joined[(joined["kode"] == "64.01") & (joined["metric"]
                                                     == "vulnerable_workers_apbd")]) > 0
    hidden, regions = upload.combined_counts(bundle.figures, report.figures)
    assert hidden == len(bundle.figures) + len(report.figures) - len(joined) and regions == 2
    alone = upload.combine(bundle.figures, report.figures, upload.REPLACE)
    assert set(alone["figure_id"]) == set(report.figures["figure_id"])


def test_uploaded_figures_say_so_wherever_described(bundle, table):
    from coverage_map.figures import wording

    report = upload.validate((CORPUS / "01_title_rows_semicolon.csv").read_bytes(), "k.csv",
                             table)
    fig = upload.combine(bundle.figures, report.figures).query("figure_id == 'U0001'").iloc[0]
    assert wording.describe(fig).endswith("; data unggahan)")
    assert wording.caveats_text(fig) == "Perhatikan: data unggahan"
    bundled = bundle.figures.iloc[0]
    assert "unggahan" not in wording.describe(bundled)


def test_template_instructions_use_a_real_example(bundle, regions):
    example = upload_template.example_row(regions, bundle.figures)
    fig = bundle.figures.set_index("figure_id").loc[example["figure_id"]]
    assert fig["kode"] == example["kode_kemendagri"] and fig["as_of"] == example["tanggal"]
    assert upload.parse_number(example["peserta_aktif"], "persons") == fig["value"]
    text = upload_template.instructions(regions, bundle.figures).to_string()
    for words in ("orang", "2025-12-31", "31/12/2025", "64.09 = Kabupaten Penajam Paser Utara",
                  example["figure_id"]):
        assert words in text


def test_a_filled_template_reads_back_in_both_forms(bundle, regions, table):
    from openpyxl import load_workbook

    from coverage_map.render import spreadsheet

    template = upload_template.template(regions)
    template.loc[template["kode_kemendagri"] == "64.09",
                 ["peserta_aktif", "angkatan_kerja", "tanggal"]] = ["1.000", "4.000", "2025-12"]
    lines = upload_template.instruction_lines(upload_template.instructions(regions, bundle.figures))
    assert all(line.startswith("# ") for line in lines) and len(lines) > 10
    files = {"t.csv": spreadsheet.table_csv(template, lines),
             "t-excel.csv": spreadsheet.table_csv(template, lines, excel_id=True),
             "t.xlsx": spreadsheet.table_xlsx(template, [], sheet="Templat", extra_sheets={
                 "Petunjuk": upload_template.instructions(regions, bundle.figures)})}
    for name, data in files.items():
        report = upload.validate(data, name, table)
        assert [m["kode"] for m in report.matched] == ["64.09"], report.to_text()
        if name.endswith(".csv"):  # the row as the reader sees it in the file
            written = data.decode("utf-8-sig").splitlines()
            assert report.matched[0]["row"] == 1 + next(
                i for i, line in enumerate(written) if line.startswith("64.09"))
        else:
            sheet = load_workbook(io.BytesIO(data))["Templat"]
            assert report.matched[0]["row"] == next(
                c.row for c in sheet["A"] if c.value == "64.09")
        cov = report.figures.query("metric == 'coverage_pct'").iloc[0]
        assert float(cov["value"]) == 25.0 and cov["as_of"] == "2025-12"
        assert not report.issues, report.to_text()  # no date taken from the instructions
    assert load_workbook(io.BytesIO(files["t.xlsx"])).sheetnames == ["Templat", "Petunjuk"]
