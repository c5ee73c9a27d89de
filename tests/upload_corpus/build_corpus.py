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
    (HERE / "expected.json").write_text(json.dumps(EXPECTED, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")


if __name__ == "__main__":
    main()
