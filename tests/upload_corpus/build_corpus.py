"""Writes the upload test corpus (rerunnable): awkward and malformed files people really send.

Run: python tests/upload_corpus/build_corpus.py. Each file's expected outcome is in
expected.json next to it (usable or not, and message fragments the report must contain).
"""

import io
import json
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
EXPECTED: dict[str, dict] = {}


def csv(name, text, expected, encoding="utf-8"):
    (HERE / name).write_bytes(text.encode(encoding))
    EXPECTED[name] = expected


def raw(name, data, expected):
    (HERE / name).write_bytes(data)
    EXPECTED[name] = expected


def xlsx(name, rows, expected, merges=(), number_cells=True):
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    raw(name, buf.getvalue(), expected)


OK = {"usable": True}


def main():
    csv("01_title_rows_semicolon.csv",
        "Rekap Kepesertaan BPJS Ketenagakerjaan Kaltim\nPer Desember 2025\n\n"
        "No;Kabupaten/Kota;Peserta Aktif;Angkatan Kerja\n1;Kab. Paser;81.436;150.000\n"
        "2;Kota Samarinda;141.278;349.784\n",
        {**OK, "matched": 2, "messages": ["Tanggal data diambil dari judul berkas: 2025-12"]})
    csv("02_windows1252.csv",
        "Kabupaten/Kota;Peserta Aktif;Catatan\nKota Banjarmasin;86.329;Rekap – akhir tahun\n"
        "Kab. Tanah Laut;32.103;tanpa rincian\n",
        {**OK, "matched": 2, "messages": []}, encoding="cp1252")
    csv("03_utf8_bom_comma.csv",
        "\ufeffkode,nama,peserta_aktif\n64.74,Kota Bontang,87.022\n",
        {**OK, "matched": 1, "messages": ['"64.74 Kota Bontang" → 64.74 Kota Bontang']})
    csv("04_total_row.csv",
        "Kabupaten/Kota,Peserta Aktif\nKab. Paser,81.436\nPPU,20.000\nJumlah,101.436\n",
        {**OK, "matched": 2, "messages": ["baris 4: Baris jumlah/total dilewati"]})
    csv("05_percent_strings.csv",
        "Wilayah;Cakupan (%)\nKab. Kapuas Hulu;39%\nKota Singkawang;22,77 %\n",
        {**OK, "matched": 2, "messages": []})
    csv("06_dash_and_empty.csv",
        "Kabupaten/Kota;Peserta Aktif;Angkatan Kerja\nKab. Melawi;-;\nKab. Landak;69.590;130.245\n",
        {**OK, "matched": 1, "messages": []})
    csv("07_bps_codes.csv",
        "Kode BPS,Kabupaten/Kota,Peserta Aktif\n6403,Kutai Kartanegara,300.000\n"
        "6402,Kutai Barat,60.000\n",
        {**OK, "matched": 2, "messages": ["→ 64.02 Kabupaten Kutai Kartanegara",
                                          "→ 64.07 Kabupaten Kutai Barat"]})
    csv("08_ambiguous_codes.csv", "Kode,Peserta Aktif\n6402,60.000\n6409,20.000\n",
        {**OK, "matched": 1, "messages": ["kode 4 digit ambigu", "64.02 Kabupaten Kutai "
                                          "Kartanegara; 64.07 Kabupaten Kutai Barat"]})
    csv("09_code_name_conflict.csv", "kode,wilayah,peserta aktif\n64.09,Kota Samarinda,1.000\n",
        {"usable": False, "messages": ["kode dan nama tidak cocok",
                                       "Tidak ada angka yang bisa dipakai"]})
    csv("10_near_miss_names.csv",
        "Kabupaten/Kota,Peserta Aktif\nKutai Kartanegra,1.000\nBalikpapn,2.000\nKota Tarakan,50.000\n",
        {**OK, "matched": 1, "messages": ["kandidat: 64.02 Kabupaten Kutai Kartanegara",
                                          "64.71 Kota Balikpapan"]})
    csv("11_negative.csv", "Kabupaten/Kota,Peserta Aktif\nKab. Berau,-5.000\nKab. Paser,81.436\n",
        {**OK, "matched": 1, "messages": ['baris 2, kolom "Peserta Aktif": Angka negatif ditolak.']})
    csv("12_above_100.csv", "Kabupaten/Kota,Cakupan (%)\nKab. Kutai Timur,150\n",
        {**OK, "matched": 1, "messages": ["Cakupan di atas 100 % diterima dan ditandai"]})
    csv("13_duplicates.csv",
        "Kabupaten/Kota,Peserta Aktif\nKota Bontang,87.022\nBontang,90.000\n",
        {**OK, "matched": 1, "messages": ["Kota Bontang muncul lagi; angka di baris 2 yang dipakai"]})
    csv("14_not_a_number.csv", "Kabupaten/Kota,Peserta Aktif\nKab. Sambas,banyak\nKab. Ketapang,122.318\n",
        {**OK, "matched": 1, "messages": ['kolom "Peserta Aktif": Bukan angka. (nilai: \'banyak\')',
                                          "1.234.567"]})
    csv("15_no_header.csv", "laporan bulanan\n1,2,3\n4,5,6\n",
        {"usable": False, "messages": ["Tidak ditemukan baris judul kolom"]})
    raw("16_empty.csv", b"", {"usable": False, "messages": ["Berkas kosong."]})
    raw("17_binary.csv", bytes(range(256)) * 8, {"usable": False, "messages": ["bukan CSV"]})
    raw("18_old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        {"usable": False, "messages": ["Format .xls tidak didukung"]})
    raw("19_corrupt.xlsx", b"PK\x03\x04 this is not really a workbook",
        {"usable": False, "messages": ["rusak atau bukan .xlsx yang sah"]})
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    raw("20_zip_bomb.xlsx", bomb.getvalue(),
        {"usable": False, "messages": ["tidak wajar besarnya"]})
    csv("21_long_format.csv",
        "wilayah;indikator;nilai;tanggal;sumber\nKab. Paser;peserta aktif;81.436;2023-12;Humas Paser\n"
        "Kab. Paser;angkatan kerja;150.000;2023-12;BPS\nKota Tarakan;cakupan;46,5%;Mei 2025;BPJS\n",
        {**OK, "matched": 3, "messages": []})
    csv("22_long_unknown_metric.csv",
        "wilayah,indikator,nilai\nKab. Paser,jumlah perusahaan,1.200\nKab. Berau,peserta aktif,50.000\n",
        {**OK, "matched": 1, "messages": ['kolom "indikator": Indikator tidak dikenal.']})
    xlsx("23_merged_header.xlsx", [
        ["Rekap Cakupan Jamsostek 2025", None, None, None],
        ["Kabupaten/Kota", "Kepesertaan", None, None],
        [None, "Peserta Aktif", "Angkatan Kerja", "Cakupan (%)"],
        ["Kab. Kutai Barat", 60000, 96080, None],
        ["Kab. Mahakam Ulu", 3000, None, 12.7],
    ], {**OK, "matched": 2, "messages": []}, merges=["A2:A3", "B2:D2"])
    xlsx("24_title_and_total.xlsx", [
        ["DATA PESERTA BPJS KETENAGAKERJAAN"], ["Per Juni 2025"], [],
        ["No", "Kabupaten/Kota", "Peserta Aktif", "Angkatan Kerja"],
        [1, "Kab. Kotawaringin Timur", 50891, 179730],
        [2, "Kota Palangka Raya", 32154, 143000],
        [None, "TOTAL", 83045, 322730],
    ], {**OK, "matched": 2, "messages": ["Baris jumlah/total dilewati", "2025-06"]})
    xlsx("25_name_variants.xlsx", [
        ["Wilayah", "Cakupan"],
        ["KABUPATEN PASER", 60.5], ["Kab. Mahakam Hulu", 12.7], ["Kota Palangka Raya", 22.5],
        ["  kota   balikpapan ", 67], ["Kukar", 46.1], ["PPU", 80],
    ], {**OK, "matched": 6, "messages": []})
    csv("26_province_row.csv",
        "Kabupaten/Kota,Peserta Aktif\nKalimantan Timur,1.310.000\nKab. Berau,51.958\n",
        {**OK, "matched": 1, "messages": ["Baris jumlah/total dilewati"]})
    csv("27_coverage_mismatch.csv",
        "Kabupaten/Kota;Peserta Aktif;Angkatan Kerja;Cakupan (%)\nKab. Landak;69.590;130.245;80\n",
        {**OK, "matched": 1, "messages": ["berbeda dari peserta ÷ angkatan kerja = 53,43 %"]})
    csv("28_bad_date.csv", "wilayah,indikator,nilai,tanggal\nKab. Paser,peserta aktif,81.436,kemarin\n",
        {**OK, "matched": 1, "messages": ["Tanggal tidak dikenali"]})
    csv("29_english_numbers.csv", "Regency,Active participants\nKota Tarakan,\"1,234,567\"\n",
        {**OK, "matched": 1, "messages": []})
    csv("30_template_unfilled.csv",
        "kode_kemendagri,kabupaten_kota,provinsi,peserta_aktif,angkatan_kerja,cakupan_persen,tanggal,sumber\n"
        "61.01,Kabupaten Sambas,Kalimantan Barat,,,,,\n64.09,Kabupaten Penajam Paser Utara,Kalimantan Timur,,,,,\n",
        {"usable": False, "messages": ["Tidak ada angka yang bisa dipakai"]})
    csv("31_formula_injection.csv",
        "Kabupaten/Kota,Peserta Aktif\n=HYPERLINK(\"http://evil\"),1.000\nKab. Paser,81.436\n",
        {**OK, "matched": 1, "messages": ["nama tidak dikenal"]})
    csv("32_common_headers.csv",
        "Nama Daerah;Jumlah Peserta;Angkatan Kerja (orang)\nKab. Paser;81.436;150.000\n"
        "Kota Samarinda;141.278;349.784\n",
        {**OK, "matched": 2, "messages": []})
    csv("33_kab_kota_header.csv", "No,Kab/Kota,Jumlah Peserta\n1,Kab. Berau,51.958\n",
        {**OK, "matched": 1, "messages": []})
    csv("34_zero_workforce.csv",
        "Kabupaten/Kota;Peserta Aktif;Angkatan Kerja\nKab. Paser;81.436;0\nKab. Berau;51.958;120.000\n",
        {**OK, "matched": 2, "messages": ["baris 2", "Tenaga kerja 0 tidak mungkin"]})
    csv("35_missing_workforce.csv",
        "Kabupaten/Kota;Peserta Aktif;Angkatan Kerja\nKab. Paser;81.436;\nKab. Berau;51.958;120.000\n",
        {**OK, "matched": 2, "messages": [
            "baris 2: Kabupaten Paser: peserta ada, tetapi tenaga kerja kosong"]})
    csv("36_unknown_headers.csv", "Daerah Kerja;Jml;Ket\nPaser;81.436;-\n",
        {"usable": False, "messages": [
            'Judul kolom di berkas ini tidak dikenali: "Daerah Kerja", "Jml", "Ket"',
            "Tidak ada kolom wilayah", 'untuk wilayah "kode"', '"nama daerah"',
            'untuk angka "peserta aktif"']})
    csv("37_region_but_no_figures.csv", "Kabupaten/Kota;Jml Pst\nKab. Paser;81.436\n",
        {"usable": False, "messages": ['"Kabupaten/Kota", "Jml Pst"',
                                       "Ada kolom wilayah, tetapi tidak ada kolom angka"]})
    raw("38_a_pdf.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        {"usable": False, "messages": ["Format .pdf tidak didukung"]})
    raw("39_a_photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64),
        {"usable": False, "messages": ["Format .jpg tidak didukung"]})
    (HERE / "expected.json").write_text(json.dumps(EXPECTED, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")


if __name__ == "__main__":
    main()


# --- hostile files: made in memory when the tests run (nothing large is committed) ----------

def _xlsx_bytes(sheet_xml: bytes | None = None, sheets: int = 1, rows=()) -> bytes:
    """A workbook saved by openpyxl; ``sheet_xml`` replaces its first sheet's XML."""
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for i in range(1, sheets):
        wb.create_sheet(f"Lembar{i + 1}").append(["Kabupaten/Kota", "Peserta Aktif"])
    buf = io.BytesIO()
    wb.save(buf)
    if sheet_xml is None:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item)
            dst.writestr(item, data)
    return out.getvalue()


SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         b'<dimension ref="%s"/><sheetData>%s</sheetData>%s</worksheet>')


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _number(ref: str, value) -> bytes:
    return f'<c r="{ref}"><v>{value}</v></c>'.encode()


HEADER_AND_TWO = (b'<row r="1">' + _inline("A1", "Kabupaten/Kota") + _inline("B1", "Peserta Aktif")
                  + b'</row><row r="2">' + _inline("A2", "Kab. Paser") + _number("B2", 81436)
                  + b'</row><row r="3">' + _inline("A3", "Kota Bontang") + _number("B3", 87022)
                  + b"</row>")


def _many_cells(n: int) -> bytes:
    per_row = 100
    rows = []
    for r in range(1, n // per_row + 1):
        rows.append(f'<row r="{r}">'.encode() + b"".join(
            f'<c r="{_col(c)}{r}"><v>1</v></c>'.encode() for c in range(1, per_row + 1))
            + b"</row>")
    return SHEET % (f"A1:CV{n // per_row}".encode(), b"".join(rows), b"")


def _col(n: int) -> str:
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


REGIONS_10 = ["Kab. Paser", "Kab. Kutai Kartanegara", "Kab. Berau", "Kab. Kutai Barat",
              "Kab. Kutai Timur", "Kab. Penajam Paser Utara", "Kab. Mahakam Ulu",
              "Kota Balikpapan", "Kota Samarinda", "Kota Bontang"]


def hostile_cases() -> list[tuple[str, bytes, dict]]:
    """(file name, bytes, expected) for files made to hurt: each must be answered with a clear
    message, in bounded time and memory, without losing a usable figure."""
    monthly = "wilayah;indikator;nilai;tanggal\n" + "".join(
        f"{r};peserta aktif;{1000 + i * 10 + m};2025-{m:02d}\n"
        for i, r in enumerate(REGIONS_10) for m in range(1, 13))
    cases = [
        ("merge_whole_sheet.xlsx", _xlsx_bytes(SHEET % (
            b"A1:XFD1048576", HEADER_AND_TWO,
            b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')),
         {"usable": False, "messages": ["Kolom setelah kolom ke-100 tidak dibaca"]}),
        ("far_cell.xlsx", _xlsx_bytes(SHEET % (
            b"A1:XFD5000", HEADER_AND_TWO + b'<row r="5000">' + _number("XFD5000", 1)
            + b"</row>", b"")),
         {"usable": True, "matched": 2, "messages": ["Kolom setelah kolom ke-100 tidak dibaca"]}),
        ("cells_700k.xlsx", _xlsx_bytes(_many_cells(700_000)),
         {"usable": False, "messages": ["lebih dari 600.000 sel"]}),
        ("cells_3m.xlsx", _xlsx_bytes(_many_cells(3_000_000)),
         {"usable": False, "messages": ["tidak wajar besarnya"]}),
        ("sheets_25.xlsx", _xlsx_bytes(sheets=25),
         {"usable": False, "messages": ["lebih dari 20 lembar"]}),
        ("encrypted.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096,
         {"usable": False, "messages": ["dilindungi kata sandi"]}),
        ("formula_no_value.xlsx", _xlsx_bytes(rows=[
            ["Kabupaten/Kota", "Peserta Aktif"], ["Kab. Paser", "=SUM(40000,41436)"],
            ["Kota Bontang", 87022]]),
         {"usable": True, "matched": 1, "messages": ["1 sel berisi rumus tanpa nilai tersimpan"]}),
        ("long_field.csv", b"Kabupaten/Kota;Peserta Aktif\nKab. Paser;\"" + b"x" * 200_000
         + b"\"\n", {"usable": False, "messages": ["tidak bisa dibaca mulai baris 2"]}),
        ("mac_cr.csv", b"Kabupaten/Kota;Peserta Aktif\rKab. Paser;81.436\rKota Bontang;87.022\r",
         {"usable": True, "matched": 2, "messages": []}),
        ("digits_400.csv", ("Kabupaten/Kota;Peserta Aktif\nKab. Paser;" + "9" * 400
                            + "\nKota Bontang;87.022\n").encode(),
         {"usable": True, "matched": 1, "messages": ["tidak masuk akal"]}),
        ("dotted_overflow.csv", ("Kabupaten/Kota;Angkatan Kerja;Peserta Aktif\nKab. Paser;1"
                                 + ".000" * 120 + ";81.436\n").encode(),
         {"usable": True, "matched": 1, "messages": ["tidak masuk akal"]}),
        ("coverage_overflow.csv", b"Kabupaten/Kota;Cakupan (%)\nKab. Paser;1e400\n"
         b"Kota Bontang;5000\n", {"usable": False, "messages": ["tidak masuk akal"]}),
        ("monthly_series.csv", monthly.encode(),
         {"usable": True, "matched": 120, "figures": 120, "messages": []}),
        ("utf16_bom.csv", "Kabupaten/Kota\tPeserta Aktif\nKab. Paser\t81.436\n".encode("utf-16"),
         {"usable": True, "matched": 1, "messages": []}),
        ("utf16_no_bom.csv", "Kabupaten/Kota;Peserta Aktif\nKab. Paser;81.436\n".encode(
            "utf-16-le"), {"usable": True, "matched": 1, "messages": []}),
        ("utf32.csv", "Kabupaten/Kota;Peserta Aktif\nKab. Paser;81.436\n".encode("utf-32"),
         {"usable": True, "matched": 1, "messages": []}),
        ("duplicates_2000.csv", ("Kabupaten/Kota;Peserta Aktif\n" + "Kab. Paser;81.436\n" * 2000)
         .encode(), {"usable": True, "matched": 1,
                     "messages": ["1.996 baris lagi dengan pesan yang sama"]}),
        ("just_over.csv", b"Kabupaten/Kota;Peserta Aktif\n" + b"x" * (10_000_001 - 29),
         {"usable": False, "messages": ["10.000.001 byte; batas 10.000.000 byte"]}),
        ("long_source.csv", ("wilayah;indikator;nilai;sumber\nKab. Paser;peserta aktif;81.436;"
                             + "Sumber panjang " * 400 + "\n").encode(),
         {"usable": True, "matched": 1, "messages": ["Teks sumber lebih dari 200 karakter"]}),
        ("pdf_as.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
         {"usable": False, "messages": ["Format .pdf tidak didukung"]}),
    ]
    return cases
