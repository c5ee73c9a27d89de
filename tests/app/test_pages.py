"""Every page runs under AppTest without exception; the province filter changes what it reports."""

import math
import time
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from coverage_map.language.i18n import t

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def run(path):
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def plain(markdown: str) -> str:
    """Markdown as read: escaped characters without their backslash."""
    return re.sub(r"\\(.)", r"\1", markdown)


def summary_text(at, with_area_figure: bool = False):
    """The summary sentence; it begins with the area's own figure, left out unless asked."""
    text = plain(next(m.value for m in at.markdown
                      if "kab/kota" in m.value or "regencies" in m.value))
    return text if with_area_figure else re.sub(
        r"^(Angka .+? sendiri|.+?'s own figure): .+?\)\. ", "", text)


def test_map_page_default_view():
    at = run("streamlit_app.py")
    assert at.title[0].value == "Peta Cakupan Jamsostek Kalimantan"
    assert summary_text(at).startswith("32 dari 36 kab/kota di seluruh Kalimantan")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kab/kota ditampilkan"] == "56"
    # F030, 41,30 % of 7.996.826 penduduk bekerja (2025): the same date as IDN Times' 41 % (F029,
    # an aggregator's copy of ANTARA), so the first-hand source is cited
    assert metrics["Angka seluruh Kalimantan"] == "41,3 %"


def test_province_filter_changes_the_page():
    at = run("streamlit_app.py")
    at.selectbox(key="provinsi").select("64").run()
    assert not at.exception
    assert summary_text(at).startswith("8 dari 10 kab/kota di Kalimantan Timur")
    assert summary_text(at, with_area_figure=True).startswith(
        "Angka Kalimantan Timur sendiri: 58,53 % (1 Desember 2025; Interaksi.co). 8 dari 10")
    assert "5 di antaranya menurut rentang atau pernyataan kelompok" in summary_text(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kab/kota ditampilkan"] == "10"
    assert metrics["Angka Kalimantan Timur"] == "58,53 %"
    ranked = at.dataframe[0].value
    assert len(ranked) == 10 and ranked.iloc[0]["Kab/Kota"] == "Kabupaten Mahakam Ulu"


def test_metric_switch_and_target():
    at = run("streamlit_app.py")
    assert at.text_input(key="target_teks").value == "80"
    at.text_input(key="target_teks").input("50").run()
    assert summary_text(at).startswith("21 dari 36")
    # written as Indonesian writes it; a text that is not a target keeps the last good one
    at.text_input(key="target_teks").input("62,5").run()
    target = at.query_params["target"]
    assert at.session_state["target"] == 62.5 and (target[0] if isinstance(target, list)
                                                   else target) == "62.5"
    at.text_input(key="target_teks").input("banyak").run()
    assert not at.exception and at.session_state["target"] == 62.5
    assert "\"banyak\" bukan target" in plain(at.error[0].value) and "62,5 %" in at.error[0].value
    at.text_input(key="target_teks").input("50").run()
    assert not at.error
    at.selectbox(key="indikator").select("vulnerable_workers_apbd").run()
    assert not at.exception
    assert "memiliki angka Pekerja rentan dibiayai APBD" in summary_text(at)


def test_sources_page_lists_every_figure():
    at = run("pages/sumber.py")
    assert at.title[0].value == "Sumber & Metode"
    table = at.dataframe[0].value
    assert len(table) == 663 and table["Tautan"].str.startswith("http").sum() > 550
    assert table.columns[-1] == "Catatan asli penyusun data"  # the notes: here, labelled


def test_broken_bundled_file_gives_a_clear_page(tmp_path, run_app_with):
    broken = tmp_path / "coverage_figures.csv"
    broken.write_text("figure_id,value\nF001,1\n")  # columns missing
    at = run_app_with(FIGURES_FILE=broken)
    assert not at.exception
    message = at.error[0].value
    assert "Data bawaan tidak bisa dimuat" in message and "coverage_figures.csv" in message
    assert "kolom wajib `level` tidak ada" in message


def test_link_opens_the_same_view_and_widgets_write_the_link():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"provinsi": "64", "indikator": "coverage_pct", "kelas": "kuantil",
                            "target": "70", "tahun": "2024", "bahasa": "en"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="provinsi").value == "64"
    assert at.select_slider(key="tahun").value == 2024
    assert at.radio(key="kelas").value == "kuantil"
    assert at.text_input(key="target_teks").value == "70"
    assert at.title[0].value == "Jamsostek Coverage Map: Kalimantan Timur"  # names the area
    # up to 2024: Samarinda 54.72 % is below 70 %; Paser, Bontang and Kutai Timur are not
    assert summary_text(at).startswith("1 of the 4 regencies/cities in Kalimantan Timur")
    at.selectbox(key="provinsi").select("62").run()
    params = {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert params == {"provinsi": "62", "kelas": "kuantil", "target": "70", "tahun": "2024",
                      "bahasa": "en"}


def test_invalid_link_values_fall_back_with_a_notice():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"provinsi": "99", "target": "<b>x</b>", "bahasa": "fr"})
    at.run()
    assert not at.exception and not at.error
    assert "provinsi='99'" in at.warning[0].value and "bahasa='fr'" in at.warning[0].value
    assert at.selectbox(key="provinsi").value == "semua"
    assert summary_text(at).startswith("32 dari 36 kab/kota di seluruh Kalimantan")


def test_presentation_link_hides_the_controls():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["tampilan"] = "presentasi"
    at.run()
    assert not at.exception
    assert at.button(key="keluar_presentasi").label == "Keluar dari tampilan presentasi"
    hides_sidebar = 'section[data-testid="stSidebar"]'  # the presentation style's first rule
    assert any(hides_sidebar in h.proto.body for h in at.get("html"))
    at.button(key="keluar_presentasi").click().run()
    assert not at.toggle(key="presentasi").value
    assert not any(hides_sidebar in h.proto.body for h in at.get("html"))


CORPUS = ROOT / "tests" / "upload_corpus"


def upload_page():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/unggah.py").run()
    assert not at.exception
    return at


def test_upload_adds_to_the_bundled_data_and_can_replace_it():
    at = upload_page()
    data = (CORPUS / "01_title_rows_semicolon.csv").read_bytes()  # Paser and Samarinda
    at.file_uploader(key="berkas").set_value(("kaltim.csv", data, "text/csv")).run()
    assert not at.exception
    assert "2 kab/kota di berkas kaltim.csv dipakai" in plain(at.success[0].value)
    assert "angka bawaan untuk wilayah dan indikator yang sama tidak dipakai" in at.info[0].value
    at.switch_page("pages/peta.py").run()
    at.selectbox(key="provinsi").select("64").run()
    assert not at.exception
    badge = at.caption[0].value  # on every page while the upload is in use
    assert "digabung dengan data bawaan" in badge
    assert "memuat ulang atau menutup halaman menghapusnya" in badge
    ranked = at.dataframe[0].value.set_index("Kab/Kota")
    # the bundled figures stay where the file has nothing: Bontang and Kutai Timur at 100 %
    assert ranked.loc["Kota Bontang", "Nilai"] == "100 %"
    assert ranked.loc["Kabupaten Kutai Timur", "Nilai"] == "100 %"
    # the file's figures win where it has them, and say where they come from
    paser = ranked.loc["Kabupaten Paser"]
    assert paser["Nilai"] == "54,29 %" and paser["Sumber"] == "Data unggahan pengguna"
    assert paser["Perhatikan"] == "data unggahan"
    assert paser["Per"] == "Desember 2025"
    # replacing is a choice: then only the file's two regions have figures
    at.switch_page("pages/unggah.py").run()
    at.radio(key="unggah_cara").set_value("ganti").run()
    assert "menggantikan semua data bawaan" in at.caption[0].value  # changed before the badge
    at.switch_page("pages/peta.py").run()
    assert summary_text(at).startswith("2 dari 2 kab/kota di Kalimantan Timur")
    at.button(key="kembali_bawaan").click().run()
    assert summary_text(at).startswith("8 dari 10 kab/kota di Kalimantan Timur")


def test_unreadable_upload_keeps_the_data_it_had():
    at = upload_page()
    good = (CORPUS / "04_total_row.csv").read_bytes()
    at.file_uploader(key="berkas").set_value(("ok.csv", good, "text/csv")).run()
    bad = (CORPUS / "19_corrupt.xlsx").read_bytes()
    at.file_uploader(key="berkas").set_value(("rusak.xlsx", bad, "application/zip")).run()
    assert not at.exception
    assert any("rusak.xlsx tidak bisa dipakai" in plain(e.value) for e in at.error)
    assert any("rusak atau bukan .xlsx yang sah" in plain(e.value) for e in at.error)
    at.switch_page("pages/peta.py").run()
    # the first file (participants of Paser and PPU) is still in use
    at.selectbox(key="indikator").select("active_participants").run()
    paser = at.dataframe[0].value.set_index("Kab/Kota").loc["Kabupaten Paser"]
    assert paser["Nilai"] == "81.436" and paser["Sumber"] == "Data unggahan pengguna"
    assert at.session_state["_unggahan"]["name"] == "ok.csv"


def test_analysis_page():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/analisis.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    row = table.set_index("Kab/Kota").loc["Kabupaten Kapuas Hulu"]
    assert row["Peserta aktif"] == 37500 and row["Tenaga kerja"] == 95000
    assert row["Belum terlindungi"] == 57500 and row["Selisih ke target 80 % (orang)"] == 38500
    at.multiselect(key="analisis_provinsi").set_value(["64"]).run()
    assert set(at.dataframe[0].value["Provinsi"]) == {"Kalimantan Timur"}


def analysis_from_link(params: dict) -> AppTest:
    """The analysis page opened through a shared link."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.switch_page("pages/analisis.py")
    at.query_params.update(params)
    at.run()
    assert not at.exception
    return at


def link_params(at) -> dict:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def test_analysis_view_round_trips_through_its_link():
    at = analysis_from_link({"prov": "62,61", "cari": "kota", "semua_baris": "ya"})
    assert at.multiselect(key="analisis_provinsi").value == ["61", "62"]
    assert at.text_input(key="analisis_cari").value == "kota"
    assert at.toggle(key="analisis_ada_angka").value is False
    table = at.dataframe[0].value
    assert set(table["Provinsi"]) == {"Kalimantan Barat", "Kalimantan Tengah"}
    assert all("Kota" in n for n in table["Kab/Kota"])
    # the link the page writes and shares is the same view
    assert link_params(at) == {"prov": "61,62", "cari": "kota", "semua_baris": "ya"}
    assert at.code[0].value == "http://localhost:8501/analisis?prov=61,62&cari=kota&semua_baris=ya"
    again = analysis_from_link(link_params(at))
    assert again.dataframe[0].value.equals(table)
    # a visit to the map and back keeps the filters
    at.switch_page("pages/peta.py").run()
    at.switch_page("pages/analisis.py").run()
    assert at.multiselect(key="analisis_provinsi").value == ["61", "62"]
    assert link_params(at)["cari"] == "kota"


def test_analysis_link_with_unknown_values_says_so():
    at = analysis_from_link({"prov": "99", "semua_baris": "barangkali"})
    assert at.multiselect(key="analisis_provinsi").value == []
    notice = plain(at.warning[0].value)
    assert "prov='99'" in notice and "semua_baris='barangkali'" in notice


def test_analysis_chart_says_how_many_regions_it_covers():
    at = analysis_from_link({"prov": "61,62"})
    caption = next(c.value for c in at.caption if c.value.startswith("Grafik ini"))
    # Kapuas Hulu and Landak (participants and workforce of one source), Kotawaringin Barat
    # (31,69 % of angkatan kerja with BPS angkatan kerja) and Kotawaringin Timur (50.891 of
    # 179.730, one source): 4 of 28, all computed. Lamandau's 15.701 (F572) counts informal
    # workers only: a segment's count, not the regency's; Sambas' 24 % states no base
    assert caption.startswith("Grafik ini memuat 4 dari 28 kab/kota di Kalimantan Barat, "
                              "Kalimantan Tengah")
    assert "(0 dilaporkan sumber, 4 dihitung, 0 tidak sepakat " in caption


def test_province_comparison_table():
    at = analysis_from_link({})
    table = at.dataframe[1].value.set_index("Wilayah")
    assert list(table.index) == ["Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
                                 "Kalimantan Timur", "Kalimantan Utara", "Seluruh Kalimantan"]
    kaltim = table.loc["Kalimantan Timur"]
    assert kaltim["Cakupan tertulis"] == "58,53 %"
    assert kaltim["Dasar persentase"] == "penduduk bekerja (BPS)"
    assert kaltim["Kab/kota dengan angka cakupan sendiri"] == "5 dari 10"
    assert table.loc["Seluruh Kalimantan", "Belum terlindungi"] == 4694064
    shown = shown_values(at.dataframe[1]).set_index("Wilayah")
    assert shown.loc["Kalimantan Timur", "Per (angka tertulis)"] == "1 Desember 2025"
    assert shown.loc["Seluruh Kalimantan", "Belum terlindungi"] == "4.694.064"


def shown_values(element) -> pd.DataFrame:
    """What a styled table displays (the texts the browser shows), not its values."""
    return pa.ipc.open_stream(element.proto.arrow_data.styler.display_values).read_all() \
        .to_pandas()


@pytest.mark.parametrize("lang, participants, coverage_pct", [("id", "37.500", "38,54"),
                                                               ("en", "37,500", "38.54")])
def test_analysis_numbers_are_written_in_the_app_language(lang, participants, coverage_pct):
    """Not in the browser's locale: to an Indonesian reader 37,500 is thirty-seven and a half."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["bahasa"] = lang
    at.run()
    at.switch_page("pages/analisis.py").run()
    shown = shown_values(at.dataframe[0]).set_index(t("col_region", lang))
    kapuas = shown.loc["Kabupaten Kapuas Hulu"]
    assert kapuas[t("col_participants", lang)] == participants
    assert kapuas[t("col_as_of_participants", lang)] == ("Oktober 2023" if lang == "id"
                                                         else "October 2023")
    assert shown.loc["Kabupaten Mempawah", t("col_coverage_num", lang)] == coverage_pct
    assert shown.loc["Kabupaten Mempawah", t("col_participants", lang)] == "–"  # not "None"
    assert not shown.isin(["None", "nan", "NaN", "<NA>", ""]).any().any()
    values = at.dataframe[0].value
    assert values[t("col_participants", lang)].dtype.kind in "fiu"  # still sorts as numbers


def test_sources_page_opens_on_a_figure_and_filters():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["id"] = "F385"
    at.run()
    at.switch_page("pages/sumber.py").run()
    assert not at.exception
    at.query_params["id"] = "F385"  # a shared link to Sumber & Metode on one figure
    at.run()
    table = at.dataframe[-1].value
    assert list(table["ID"]) == ["F385"] and table.iloc[0]["Kepastian"] == "angka pasti"
    assert "Ditampilkan angka F385" in at.info[0].value
    at.button(key="semua_semua_angka").click().run()
    assert len(at.dataframe[-1].value) == 663
    at.selectbox(key="semua_wilayah").select("62.06").run()  # Katingan
    table = at.dataframe[-1].value.set_index("ID")
    assert "F246" in table.index and set(table["Wilayah (menurut sumber)"]) == {
        "Kabupaten Katingan"}
    table = table.loc[["F246"]]
    assert table.iloc[0]["Nilai"] == "kurang dari 50 %" and table.iloc[0]["Sumber"] == "Possindo"
    assert table.iloc[0]["Kepastian"] == "rentang (batas atas/bawah)"
    at.selectbox(key="semua_wilayah").select("64.08")  # Kutai Timur, segment shares only
    at.selectbox(key="semua_indikator").select("segment_coverage_pct").run()
    table = at.dataframe[-1].value
    assert set(table["ID"]) == {"F337", "F338", "F339"}


def test_map_page_in_english_words_statements_and_bases():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"provinsi": "62", "bahasa": "en"})
    at.run()
    assert not at.exception
    text = summary_text(at)
    assert text.startswith("10 of the 11 regencies/cities in Kalimantan Tengah with a coverage "
                           "figure or statement are below the 80 % target, 6 of them")
    ranked = at.dataframe[0].value.set_index("Regency/City")
    katingan = ranked.loc["Kabupaten Katingan"]
    assert katingan["Value"] == "less than 50 % according to Possindo (March 2025)"
    assert katingan["Certainty"] == "range (upper/lower bound)"
    assert katingan["Base of the percentage"] == "not stated by the source"
    assert ranked.loc["Kabupaten Kotawaringin Barat", "Base of the percentage"] == \
        "labour force (BPS)"


def test_kecamatan_tooltips_carry_their_figures(bundle):
    from coverage_map.figures import ikn
    shown = ikn.focus_area(bundle.kecamatan, bundle.ikn)
    texts = ikn.kecamatan_figure_texts(bundle.figures, shown)
    sepaku = shown.loc[shown["nama"] == "Sepaku", "kode"].iloc[0]
    assert "Pekerja rentan dibiayai APBD" in texts[sepaku]


def open_profile(kode: str, lang: str = "id") -> AppTest:
    """A shared link to a region's profile: ``/wilayah?kode=...``."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"kode": kode, "bahasa": lang})
    at.run()
    at.switch_page("pages/wilayah.py")
    at.query_params.update({"kode": kode, "bahasa": lang})
    return at.run()


def texts(at) -> str:
    """What the page says in its text elements (markdown escapes removed)."""
    return (" ".join(m.value for m in at.markdown) + " " +
            " ".join(c.value for c in at.caption)).replace("\\", "")


def test_profile_of_a_region_with_many_figures():
    at = open_profile("64.74")
    assert not at.exception
    assert at.selectbox(key="wilayah_kode").value == "64.74"
    assert [h.value for h in at.header] == ["Kota Bontang"]
    words = texts(at)
    assert "Angka terbaru Kota Bontang: 100 %" in words and "BPJS Ketenagakerjaan" in words
    # 100 % (May 2025) meets 80 % whatever the workforce: it says which figure it rests on
    assert "Target 80 % sudah tercapai menurut angka ini" in words and "F387" in words
    figures = at.dataframe[-1].value
    assert {"F383", "F384", "F385", "F386", "F387", "W058"} <= set(figures["ID"])
    # the fact sheet and the province's bundle: made when asked for
    assert at.button(key="lembar_fakta_buat").label == "Lembar fakta Kota Bontang"
    assert at.button(key="lembar_fakta_provinsi_buat").label == \
        "Semua kab/kota Kalimantan Timur (10 halaman)"
    params = {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert params["kode"] == "64.74"  # the address bar reopens this profile
    at.selectbox(key="wilayah_kode").select("64.72").run()  # the search box: Samarinda
    assert [h.value for h in at.header] == ["Kota Samarinda"]
    params = {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert params["kode"] == "64.72"


def test_profile_with_bands_only_and_in_english():
    at = open_profile("62.06", "en")
    assert not at.exception
    words = texts(at)
    assert "Latest figure for Kabupaten Katingan: less than 50 %" in words
    assert "March 2025; source: Possindo" in words
    # no workforce figure for Katingan
    assert "Cannot be computed: the latest figure for Kabupaten Katingan" in words


def test_profile_of_a_region_with_no_figure():
    at = open_profile("63.05")
    assert not at.exception
    words = texts(at)
    assert "Belum ada angka publik tentang cakupan Kabupaten Tapin." in words
    assert "Belum ada angka publik untuk Kabupaten Tapin." in words
    assert any("hanya menampilkan angka provinsi" in i.value for i in at.info)


def test_profile_link_with_an_unknown_code_says_so():
    at = open_profile("99.99")
    assert not at.exception
    assert any("99" in w.value for w in at.warning)
    assert at.selectbox(key="wilayah_kode").value is None


@pytest.mark.parametrize("page", ["pages/peta.py", "pages/wilayah.py", "pages/ikn.py",
                                  "pages/analisis.py", "pages/sumber.py", "pages/rencana.py"])
def test_no_table_shows_none_where_a_figure_is_missing(page):
    """Streamlit draws a missing cell as "None" unless told otherwise: every table says "–"."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.switch_page(page)
    at.query_params["kode"] = "64.74"
    at.run()
    assert not at.exception and len(at.dataframe) > 0
    assert [d.proto.placeholder for d in at.dataframe] == ["–"] * len(at.dataframe)


def plan_from_link(params: dict) -> AppTest:
    """The Rencana page opened through a shared link."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.switch_page("pages/rencana.py")
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at


def metric_values(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_plan_round_trips_through_its_link():
    # Samarinda: "sekitar 40 %" (November 2025) states no base and gives no workforce: by
    # default nothing is computed, and the page says how to go on
    at = plan_from_link({"kode": "64.72"})
    assert metric_values(at) == {"Pekerja yang perlu terlindungi lagi": "–",
                                 "Iuran JKK + JKM per tahun": "–"}
    assert any("pilih angka tenaga kerja di bawah" in plain(m.value) for m in at.markdown)
    assert link_params(at) == {"kode": "64.72"}  # defaults are left out
    # the reader changes every input; each is then in the link
    at.selectbox(key="rencana_dasar").set_value("ketik").run()
    at.text_input(key="rencana_tk_teks").input("400.000").run()
    at.selectbox(key="rencana_sasaran").set_value("F545").run()
    at.radio(key="rencana_dibiayai").set_value("ketik").run()
    at.text_input(key="rencana_pekerja_teks").input("10.000").run()
    at.text_input(key="rencana_tarif_teks").input("20.000").run()
    at.toggle(key="rencana_jht").set_value(True).run()
    assert not at.exception and not at.error
    # 52,15 % of 400.000 minus sekitar 40 %: 48.600 workers, approximate, so "sekitar 49 ribu";
    # 10.000 funded at Rp20.000: Rp2,4 miliar
    assert math.ceil((52.15 - 40) / 100 * 400000) == 48600
    assert metric_values(at) == {"Pekerja yang perlu terlindungi lagi": "sekitar 49 ribu pekerja",
                                 "Iuran JKK + JKM per tahun": "Rp2,4 miliar",
                                 "Dengan JHT, per tahun": "Rp4,8 miliar"}
    params = link_params(at)
    assert params == {"kode": "64.72", "dasar": "ketik", "tk": "400000", "sasaran": "F545",
                      "dibiayai": "ketik", "pekerja": "10000", "tarif": "20000", "jht": "ya"}
    assert at.code[0].value.startswith("http://localhost:8501/rencana?kode=64.72&dasar=ketik")
    again = plan_from_link(params)
    assert metric_values(again) == metric_values(at)
    assert again.text_input(key="rencana_tk_teks").value == "400.000"
    # a visit to another page and back keeps the plan
    at.switch_page("pages/peta.py").run()
    at.switch_page("pages/rencana.py").run()
    assert metric_values(at)["Iuran JKK + JKM per tahun"] == "Rp2,4 miliar"


def test_plan_for_a_region_without_a_base_and_a_bad_number():
    at = plan_from_link({"kode": "62.06"})  # Katingan: a band, no workforce figure
    assert metric_values(at)["Pekerja yang perlu terlindungi lagi"] == "–"
    texts = [plain(m.value) for m in at.markdown]
    assert any(x.startswith("Tidak bisa dihitung: angka terbaru Kabupaten Katingan") and
               "tidak disertai angka tenaga kerja dengan dasar yang sama" in x for x in texts)
    assert any(x.startswith("Biaya tidak bisa dihitung") for x in texts)
    at.selectbox(key="rencana_dasar").set_value("ketik").run()
    at.text_input(key="rencana_tk_teks").input("seratus ribu").run()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        '"seratus ribu" bukan angka untuk angka tenaga kerja: tulis angka saja, mis. 250.000. '
        'Rencana belum memakai angka untuk ini sampai ada angka yang bisa dipakai.']
    at.text_input(key="rencana_tk_teks").input("100.000").run()
    assert not at.error
    assert metric_values(at)["Pekerja yang perlu terlindungi lagi"] == \
        "antara 30.000 dan 80.000 pekerja"


def test_plan_in_english_and_an_unknown_link_value():
    # Kotawaringin Timur: 80 % of 179.730 - 50.891 = 92.893; x Rp16.800 x 12 = Rp18,73 miliar
    at = plan_from_link({"kode": "62.02", "bahasa": "en", "tarif": "abc", "dasar": "F999"})
    assert metric_values(at) == {"Workers still to protect": "92,893 workers",
                                 "JKK + JKM premiums a year": "Rp18.73 billion"}
    warned = " ".join(w.value for w in at.warning)
    assert "tarif" in warned and "F999" in warned
    assert at.text_input(key="rencana_tarif_teks").value == "16,800"
    assert [d.proto.placeholder for d in at.dataframe] == ["–"] * len(at.dataframe)


def test_a_fact_sheet_is_made_or_its_failure_said_with_a_way_to_try_again(monkeypatch):
    from coverage_map.render import factsheet
    from coverage_map.ui import downloads

    real = factsheet.pdf
    at = open_profile("64.74")

    def broken(*args, **kwargs):
        raise RuntimeError("the drawing failed")

    monkeypatch.setattr(factsheet, "pdf", broken)
    at.button(key="lembar_fakta_buat").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Lembar fakta Kota Bontang tidak bisa dibuat karena kesalahan di server. Tampilan dan "
        "data Anda tidak berubah; silakan coba lagi."]
    assert at.button(key="lembar_fakta_buat").label == "Coba lagi: Lembar fakta Kota Bontang"
    assert [h.value for h in at.header] == ["Kota Bontang"]  # the page is still there

    monkeypatch.setattr(factsheet, "pdf", real)
    at.button(key="lembar_fakta_buat").click().run()
    assert not at.exception and not at.error
    (made,) = at.get("download_button")
    assert made.proto.label.startswith("Unduh Lembar fakta Kota Bontang (")
    assert made.proto.label.endswith(" KB)")

    # one visitor cannot ask for files without end: the next one after 10 in 5 minutes waits
    at.session_state[downloads.TIMES_KEY] = [time.time() - 10] * 10
    at.button(key="lembar_fakta_provinsi_buat").click().run()
    (warning,) = [w.value for w in at.warning]
    wait = re.fullmatch(r"Anda sudah meminta 10 berkas dalam 5 menit terakhir\. Berkas "
                        r"berikutnya bisa dibuat dalam (\d+) detik\.", warning)
    assert wait and 240 <= int(wait.group(1)) <= 290  # 300 s after the first, made 10 s ago
    assert len(at.get("download_button")) == 1  # the sheet made before is still offered


def test_kalsel_summary_names_the_highest_by_statement():
    """/?provinsi=63: Balangan is drawn "lebih dari 90 %", certainly above Banjarmasin's 36,74 %;
    the summary (also the exports' subtitle) and the ranked table say so."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["provinsi"] = "63"
    at.run()
    assert not at.exception
    text = summary_text(at)
    assert ("Terendah: Kabupaten Banjar, 25 % (Mei 2025); tertinggi menurut pernyataan: "
            "Kabupaten Balangan, lebih dari 90 % (Oktober 2025).") in text
    assert "tertinggi: Kota Banjarmasin" not in text
    ranked = at.dataframe[0].value
    assert ranked["Kab/Kota"].head(3).tolist() == ["Kabupaten Banjar", "Kota Banjarmasin",
                                                    "Kabupaten Balangan"]
    assert ranked["Peringkat"].head(4).tolist() == ["1", "2", "3", "–"]
