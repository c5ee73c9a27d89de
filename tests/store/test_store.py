"""The published-data store, on SQLite and on PostgreSQL alike (``store_engine``): versions,
what each version shows, rollback, the province rule, two writers at once, sign-in and its
lock, backup and restore, and what happens when the database cannot be reached."""

import hashlib
import threading
from datetime import timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from coverage_map.data import upload
from coverage_map.figures import wording
from coverage_map.store import accounts, backup, db, versions

PASSWORD = "rahasia-panjang-1"


def read(table_regions, text: str, as_of: str) -> pd.DataFrame:
    """The figures of a small CSV, read as the app reads an upload."""
    report = upload.validate(text.encode(), "tabel.csv", table_regions, as_of=as_of)
    assert report.usable, report.to_text()
    return report.figures


KALSEL = "Wilayah;Peserta aktif;Angkatan kerja\nTapin;30.000;100.000\nBalangan;20.000;80.000\n"
KALSEL_FIXED = "Wilayah;Peserta aktif;Angkatan kerja\nTapin;33.000;100.000\n"
KALTIM = "Wilayah;Peserta aktif;Angkatan kerja\nPenajam Paser Utara;25.000;50.000\n"


def coverage_of(figures: pd.DataFrame, kode: str) -> list[float]:
    rows = figures[(figures["kode"] == kode) & (figures["metric"] == "coverage_pct")]
    return sorted(rows["value"].tolist())


@pytest.fixture
def editors(store_engine):
    return {"kalsel": accounts.add("kalsel", "63", PASSWORD, store_engine),
            "kaltim": accounts.add("kaltim", "64", PASSWORD, store_engine),
            "admin": accounts.add("admin", None, PASSWORD, store_engine)}


def test_a_publication_is_a_version_of_marked_figures(store_engine, editors, table):
    figs = read(table, KALSEL, "2026-06")
    assert versions.current(store_engine) == 0
    number = versions.publish(figs, editors["kalsel"], "BPJS Kanwil, surat 12/2026",
                              "kalsel.csv", b"bytes", store_engine)
    assert number == 1 and versions.current(store_engine) == 1
    shown = versions.snapshot(1, store_engine)
    assert coverage_of(shown, "63.05") == [30.0]  # Tapin: 30.000 of 100.000
    assert coverage_of(shown, "63.11") == [25.0]  # Balangan: 20.000 of 80.000
    assert set(shown["source_publisher"]) == {"BPJS Kanwil, surat 12/2026"}
    assert shown["figure_id"].str.fullmatch(r"R\d{5}").all()
    assert {wording.published_version(r) for r in shown.to_dict("records")} == {1}
    assert "(data resmi, versi 1)" in wording.publisher(shown.iloc[0].to_dict(), "id")
    v = versions.version(1, store_engine)
    assert (v.editor, v.file_name, v.row_count) == ("kalsel", "kalsel.csv", len(figs))
    assert v.file_sha256 == hashlib.sha256(b"bytes").hexdigest()


def test_a_table_for_a_date_replaces_that_date_and_keeps_others(store_engine, editors, table):
    ed = editors["kalsel"]
    versions.publish(read(table, KALSEL, "2026-06"), ed, "surat 12", "a.csv", b"a", store_engine)
    versions.publish(read(table, KALSEL_FIXED, "2026-06"), ed, "surat 13", "b.csv", b"b",
                     store_engine)
    shown = versions.snapshot(2, store_engine)
    assert coverage_of(shown, "63.05") == [33.0]  # corrected
    assert coverage_of(shown, "63.11") == []  # the corrected June table has no Balangan
    versions.publish(read(table, KALSEL_FIXED, "2026-09"), ed, "surat 14", "c.csv", b"c",
                     store_engine)
    assert coverage_of(versions.snapshot(3, store_engine), "63.05") == [33.0, 33.0]  # 2 dates
    assert coverage_of(versions.snapshot(1, store_engine), "63.05") == [30.0]  # never changed


def test_rollback_is_a_new_version_and_deletes_nothing(store_engine, editors, table):
    ed = editors["kalsel"]
    versions.publish(read(table, KALSEL, "2026-06"), ed, "surat 12", "a.csv", b"a", store_engine)
    versions.publish(read(table, KALSEL_FIXED, "2026-06"), ed, "surat 13", "b.csv", b"b",
                     store_engine)
    number = versions.rollback(1, ed, store_engine)
    assert number == 3 and versions.current(store_engine) == 3
    assert coverage_of(versions.snapshot(3, store_engine), "63.05") == [30.0]
    assert coverage_of(versions.snapshot(2, store_engine), "63.05") == [33.0]
    assert [v.rollback_to for v in versions.listing(store_engine)] == [None, None, 1]
    with pytest.raises(versions.PublishError) as missing:
        versions.rollback(9, ed, store_engine)
    assert missing.value.key == "pub_no_version"


def test_a_province_editor_cannot_publish_or_roll_back_another_province(store_engine, editors,
                                                                          table):
    kalsel = read(table, KALSEL, "2026-06")
    with pytest.raises(versions.PublishError) as refused:
        versions.publish(kalsel, editors["kaltim"], "surat", "x.csv", b"x", store_engine)
    assert refused.value.key == "pub_other_province"
    assert refused.value.rows == ["Tapin (63.05)", "Balangan (63.11)"]
    assert versions.current(store_engine) == 0  # nothing of the file was written
    versions.publish(kalsel, editors["kalsel"], "surat", "x.csv", b"x", store_engine)
    versions.publish(read(table, KALTIM, "2026-06"), editors["kaltim"], "surat", "y.csv", b"y",
                     store_engine)
    with pytest.raises(versions.PublishError):  # undoing version 2 would drop Kaltim's table
        versions.rollback(1, editors["kalsel"], store_engine)
    assert versions.rollback(1, editors["admin"], store_engine) == 3


def test_a_publication_needs_its_source_stated(store_engine, editors, table):
    for source in ("", "   ", "<>[]*"):
        with pytest.raises(versions.PublishError) as refused:
            versions.publish(read(table, KALSEL, "2026-06"), editors["kalsel"], source, "x.csv",
                             b"x", store_engine)
        assert refused.value.key == "pub_need_source"


def test_names_and_sources_reach_neither_sql_nor_markup(store_engine, editors, table):
    source = "BPJS'); DROP TABLE versions;-- <script>alert(1)</script> [x](javascript:y) **b**"
    name = "t'); DELETE FROM version_rows;--.csv"
    versions.publish(read(table, KALSEL, "2026-06"), editors["kalsel"], source, name, b"x",
                     store_engine)
    v = versions.listing(store_engine)[0]
    assert "DROP TABLE versions" in v.source  # kept as text, executed nowhere
    assert not set("<>[]*`") & set(v.source) and not set("<>[]*`") & set(v.file_name)
    assert len(versions.snapshot(1, store_engine)) == 6  # every row still there


def test_two_editors_publishing_at_once_both_get_their_version(store_engine, editors, table):
    jobs = [(read(table, KALSEL, "2026-06"), editors["kalsel"]),
            (read(table, KALTIM, "2026-06"), editors["kaltim"])]
    start, numbers, errors = threading.Barrier(2), [], []

    def publish(figs, ed):
        start.wait()
        try:
            numbers.append(versions.publish(figs, ed, "surat", "x.csv", b"x", store_engine))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=job) for job in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == [] and sorted(numbers) == [1, 2]
    shown = versions.snapshot(2, store_engine)
    assert coverage_of(shown, "63.05") == [30.0] and coverage_of(shown, "64.09") == [50.0]


def test_the_preview_says_what_readers_would_see_change(store_engine, editors, table, figures):
    ed = editors["kalsel"]
    versions.publish(read(table, KALSEL, "2026-06"), ed, "surat 12", "a.csv", b"a", store_engine)
    preview = versions.preview(read(table, KALSEL_FIXED, "2026-06"), ed, figures, store_engine)
    kinds = {(c.kind, c.kode, c.metric) for c in preview.changes}
    assert (versions.CHANGE, "63.05", "coverage_pct") in kinds  # 30 % -> 33 %
    assert (versions.LOSE, "63.11", "coverage_pct") in kinds  # Balangan not in the new table
    assert preview.refused == []
    assert versions.preview(read(table, KALSEL, "2026-06"), editors["kaltim"], figures,
                            store_engine).refused == ["Tapin (63.05)", "Balangan (63.11)"]


def test_the_preview_names_a_disagreement_with_a_public_figure_of_the_same_date(
        store_engine, editors, table, figures):
    public = figures[(figures["level"] == "kabkota") & (figures["metric"] == "coverage_pct")
                     & (figures["kind"] == "exact") & figures["as_of"].str.len().eq(7)].iloc[0]
    name = public["area_name"]
    text = f"Wilayah;Cakupan (%)\n{name};{public['value'] + 7:.2f}".replace(".", ",")
    ed = editors["admin"]
    preview = versions.preview(read(table, text, public["as_of"]), ed, figures, store_engine)
    disagree = [c for c in preview.changes if c.kind == versions.DISAGREE]
    same_date = figures[(figures["kode"] == public["kode"]) & (figures["as_of"] == public["as_of"])
                        & (figures["metric"] == "coverage_pct")]
    assert len(same_date) >= 1
    assert sorted((c.kode, c.before, c.before_source) for c in disagree) == sorted(
        (r.kode, r.value, r.source_publisher) for r in same_date.itertuples())


def test_wrong_passwords_lock_the_account_and_every_attempt_is_kept(store_engine, editors):
    assert accounts.sign_in("kalsel", PASSWORD, store_engine).outcome == accounts.OK
    outcomes = [accounts.sign_in("kalsel", "salah-salah", store_engine).outcome
                for _ in range(accounts.MAX_FAILED)]
    assert outcomes == [accounts.WRONG] * (accounts.MAX_FAILED - 1) + [accounts.LOCKED]
    locked = accounts.sign_in("kalsel", PASSWORD, store_engine)  # the right one: still locked
    assert locked.outcome == accounts.LOCKED and locked.locked_until > accounts.now()
    with store_engine.begin() as conn:  # the lock runs out
        conn.execute(db.editors.update().values(
            locked_until=accounts.now() - timedelta(seconds=1)))
    assert accounts.sign_in("kalsel", PASSWORD, store_engine).outcome == accounts.OK
    assert accounts.sign_in("nobody", PASSWORD, store_engine).outcome == accounts.UNKNOWN
    with store_engine.connect() as conn:
        kept = conn.execute(sa.select(db.sign_ins.c.outcome).order_by(db.sign_ins.c.id)).scalars()
        assert list(kept) == ["ok", *outcomes, "locked", "ok", "unknown"]


def test_a_closed_account_cannot_sign_in_and_passwords_are_hashed(store_engine, editors):
    with store_engine.connect() as conn:
        hashed = conn.execute(sa.select(db.editors.c.password_hash)
                              .where(db.editors.c.name == "kalsel")).scalar()
    assert hashed.startswith("$argon2") and PASSWORD not in hashed
    accounts.disable("kalsel", store_engine)
    assert accounts.sign_in("kalsel", PASSWORD, store_engine).outcome == accounts.DISABLED
    assert accounts.editor("kalsel", store_engine) is None
    with pytest.raises(accounts.AccountError):
        accounts.add("kalsel", "63", PASSWORD, store_engine)
    with pytest.raises(accounts.AccountError):
        accounts.add("baru", "63", "pendek", store_engine)


def test_backup_and_restore_round_trip(store_engine, editors, table, tmp_path):
    ed = editors["kalsel"]
    versions.publish(read(table, KALSEL, "2026-06"), ed, "surat 12", "a.csv", b"a", store_engine)
    before = versions.snapshot(1, store_engine)
    counts = backup.backup(tmp_path / "cadangan.json", store_engine)
    assert counts["versions"] == 1 and counts["editors"] == 3
    assert (tmp_path / "cadangan.json").stat().st_mode & 0o077 == 0  # it holds password hashes
    versions.publish(read(table, KALSEL_FIXED, "2026-06"), ed, "surat 13", "b.csv", b"b",
                     store_engine)
    accounts.disable("kaltim", store_engine)
    backup.restore(tmp_path / "cadangan.json", store_engine)
    assert versions.current(store_engine) == 1
    pd.testing.assert_frame_equal(versions.snapshot(1, store_engine), before)
    assert accounts.editor("kaltim", store_engine) is not None
    assert accounts.sign_in("kalsel", PASSWORD, store_engine).outcome == accounts.OK
    # a number once given is never given again: version 2 (gone with the restore) stays 2's
    assert versions.publish(read(table, KALSEL_FIXED, "2026-06"), ed, "surat 14", "c.csv",
                            b"c", store_engine) == 3
    (tmp_path / "bukan.json").write_text('{"x": 1}')
    with pytest.raises(backup.BackupError):
        backup.restore(tmp_path / "bukan.json", store_engine)
    assert versions.current(store_engine) == 3  # a bad file changes nothing


def test_a_database_that_cannot_be_reached_says_so():
    with pytest.raises(db.Unavailable):
        db.engine("postgresql+psycopg://cm@127.0.0.1:1/none")


def test_a_shared_upload_is_kept_for_seven_days_limited_and_deletable(store_engine, table):
    from coverage_map.store import shares

    figs = read(table, KALSEL, "2026-06")
    share = shares.create("10.0.0.1", "kalsel <b>.csv", figs, store_engine)
    assert shares.TOKEN.match(share.token) and share.file_name == "kalsel b .csv"
    back = shares.read(share.token, store_engine)
    assert coverage_of(back.figures, "63.05") == [30.0]
    assert back.expires_at - accounts.now() > timedelta(days=6, hours=23)
    assert shares.read("x" * 32, store_engine) is None  # not a token given out
    assert shares.read("'; DROP TABLE shares;--", store_engine) is None  # not even asked
    for _ in range(shares.MAX_PER_VISITOR - 1):
        shares.create("10.0.0.1", "f.csv", figs, store_engine)
    with pytest.raises(shares.ShareError) as too_many:
        shares.create("10.0.0.1", "f.csv", figs, store_engine)
    assert too_many.value.key == "shareup_too_many"
    shares.create("10.0.0.2", "f.csv", figs, store_engine)  # another visitor: their own count
    assert shares.delete(share.token, store_engine) and shares.read(share.token,
                                                                    store_engine) is None
    other = shares.create("10.0.0.3", "f.csv", figs, store_engine)
    with store_engine.begin() as conn:  # seven days later
        conn.execute(db.shares.update().values(expires_at=accounts.now() - timedelta(seconds=1)))
    assert shares.read(other.token, store_engine) is None
    big = pd.concat([figs] * 3000, ignore_index=True)
    with pytest.raises(shares.ShareError) as too_big:
        shares.create("10.0.0.4", "big.csv", big, store_engine)
    assert too_big.value.key == "shareup_too_big"


def test_the_newest_migration_is_the_one_the_app_checks_for(store_engine):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == db.HEAD
    with store_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == db.HEAD


def test_wrong_passwords_at_once_still_lock(store_engine, editors):
    """Attempts at the same moment each count: none reads the count another has not yet
    written (SQLite takes its write lock first; PostgreSQL an advisory lock)."""
    start = threading.Barrier(12)

    def attempt():
        start.wait()
        return accounts.sign_in("kalsel", "salah-salah", store_engine).outcome

    results = []
    threads = [threading.Thread(target=lambda: results.append(attempt())) for _ in range(12)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results.count(accounts.WRONG) == accounts.MAX_FAILED - 1
    assert accounts.sign_in("kalsel", PASSWORD, store_engine).outcome == accounts.LOCKED


def test_a_database_that_goes_away_mid_run_says_so(table):
    import postgres

    with postgres.server() as url:
        engine = db.engine(db.database_url_of(url))
        assert versions.current(engine) == 0
    for read_it in (lambda: versions.current(engine), lambda: versions.snapshot(1, engine),
                    lambda: accounts.sign_in("kalsel", PASSWORD, engine)):
        with pytest.raises(db.Unavailable):
            read_it()
    db.forget()


def test_a_version_is_seen_only_after_every_earlier_one(store_engine, editors, table):
    """Numbers follow the order of the commits: while editor A's publication (number 1) is
    not yet committed, B's waits, so no reader ever sees version 2 without version 1."""
    conn = store_engine.connect()
    tx = conn.begin()
    db.write_lock(conn, db.PUBLISHING)  # A, mid-publication
    first = conn.execute(db.versions.insert().values(
        created_at=accounts.now(), editor="kalsel", source="A", file_name="a.csv",
        file_sha256="0" * 64, rollback_to=None, row_count=0)).inserted_primary_key[0]
    numbers = []
    b = threading.Thread(target=lambda: numbers.append(versions.publish(
        read(table, KALTIM, "2026-06"), editors["kaltim"], "B", "b.csv", b"b", store_engine)))
    b.start()
    b.join(timeout=2)
    assert b.is_alive() and versions.current(store_engine) == 0  # B waits for A
    tx.commit()
    conn.close()
    b.join(timeout=60)
    assert (first, numbers) == (1, [2]) and versions.current(store_engine) == 2
