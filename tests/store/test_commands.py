"""``python -m coverage_map users|publish|versions|rollback|backup|restore`` as an office's
script runs them: on the SQLite file in ``CM_DATA_DIR``, and on PostgreSQL by
``CM_DATABASE_URL``."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coverage_map.__main__ import main
from coverage_map.store import db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "rahasia-panjang-1\n"
KALSEL = "Wilayah;Peserta aktif;Angkatan kerja\nTapin;30.000;100.000\n"
KALSEL_FIXED = "Wilayah;Peserta aktif;Angkatan kerja\nTapin;33.000;100.000\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def cli(request, tmp_path, monkeypatch, capsys):
    """Runs the command line in this process (its ``main``), as the shell would."""
    monkeypatch.setenv("CM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CM_DATABASE_URL", raising=False)
    if request.param == "postgresql":
        import sqlalchemy as sa

        server = request.getfixturevalue("postgres_url")
        name = f"cli_{tmp_path.name[-20:].lower().replace('-', '_')}"
        admin = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://"),
                                 isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        monkeypatch.setenv("CM_DATABASE_URL", server.rsplit("/", 1)[0] + "/" + name)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.out, out.err)
    yield run
    db.forget()


def test_accounts_publish_versions_rollback(cli, tmp_path):
    assert cli("users", "add", "kalsel", "--province", "63", "--password-stdin",
               stdin=PASSWORD).returncode == 0
    assert cli("users", "add", "kaltim", "--province", "64", "--password-stdin",
               stdin=PASSWORD).returncode == 0
    listed = cli("users", "list").stdout.splitlines()
    assert listed == ["kalsel\t63", "kaltim\t64"]
    first, fixed = tmp_path / "kalsel.csv", tmp_path / "kalsel-2.csv"
    first.write_text(KALSEL)
    fixed.write_text(KALSEL_FIXED)
    done = cli("publish", str(first), "--as", "kalsel", "--source", "BPJS Kanwil, surat 12/2026",
               "--as-of", "Juni 2026")
    assert (done.returncode, done.stdout) == (0, "1\n")
    assert cli("publish", str(fixed), "--as", "kalsel", "--source", "surat 13/2026",
               "--as-of", "Juni 2026").stdout == "2\n"
    other = cli("publish", str(first), "--as", "kaltim", "--source", "surat", "--as-of", "2026")
    assert other.returncode == 1 and "Tapin (63.05)" in other.stderr
    rows = cli("versions").stdout.splitlines()
    assert [r.split("\t")[0] for r in rows] == ["1", "2"]
    assert rows[0].split("\t")[2:] == ["kalsel", "BPJS Kanwil, surat 12/2026",
                                       "3 angka dari kalsel.csv"]
    assert cli("rollback", "1", "--as", "kalsel").stdout == "3\n"
    assert cli("--lang", "en", "versions").stdout.splitlines()[-1].endswith("back to version 1")
    assert cli("users", "disable", "kalsel").returncode == 0
    closed = cli("publish", str(first), "--as", "kalsel", "--source", "x", "--as-of", "2026")
    assert closed.returncode == 1 and "kalsel" in closed.stderr


def test_backup_and_restore(cli, tmp_path):
    cli("users", "add", "admin", "--admin", "--password-stdin", stdin=PASSWORD)
    table = tmp_path / "t.csv"
    table.write_text(KALSEL)
    cli("publish", str(table), "--as", "admin", "--source", "surat 1", "--as-of", "2026-06")
    saved = cli("backup", str(tmp_path / "cadangan.json"))
    assert saved.returncode == 0 and "1 versi" in saved.stdout
    cli("publish", str(table), "--as", "admin", "--source", "surat 2", "--as-of", "2026-07")
    assert cli("restore", str(tmp_path / "cadangan.json")).returncode == 0
    assert [r.split("\t")[3] for r in cli("versions").stdout.splitlines()] == ["surat 1"]


def test_bad_input(cli, tmp_path):
    short = cli("users", "add", "baru", "--province", "63", "--password-stdin", stdin="pendek\n")
    assert short.returncode == 1 and "paling sedikit 10 karakter" in short.stderr
    missing = cli("publish", str(tmp_path / "tidak-ada.csv"), "--as", "x", "--source", "y")
    assert missing.returncode in (1, 2)


def test_the_command_itself_and_an_unreachable_database():
    down = subprocess.run(
        [sys.executable, "-m", "coverage_map", "versions"], cwd=ROOT, capture_output=True,
        text=True, env={**os.environ, "CM_DATABASE_URL": "postgresql://cm@127.0.0.1:1/x"})
    assert down.returncode == 3 and "tidak dapat dihubungi" in down.stderr
