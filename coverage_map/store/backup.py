"""The whole database to one file and back, the same for SQLite and PostgreSQL.

A backup is JSON: every row of every table (times in ISO 8601) and the migration it was made
at. A restore replaces everything in the database with the file's rows, in one transaction,
and moves PostgreSQL's counters past the restored numbers, so the next version is numbered
after the last one restored.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from coverage_map.store import db

FORMAT = "peta-cakupan-jamsostek-backup"


class BackupError(db.Refused):
    """A backup that cannot be read or restored."""


@db.guarded
def backup(path: Path, engine=None) -> dict[str, int]:
    """Write every table to ``path``; returns the rows per table."""
    engine = engine or db.engine()
    tables = {}
    with engine.connect() as conn:
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        for table in db.TABLES:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings()
            tables[table.name] = [{k: _out(v) for k, v in r.items()} for r in rows]
    text = json.dumps({"format": FORMAT, "revision": revision, "tables": tables},
                      ensure_ascii=False, indent=1)
    tmp = Path(str(path) + ".tmp")
    # readable by its owner only: it holds the editors' password hashes
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w",
                   encoding="utf-8") as out:
        out.write(text)
    tmp.replace(path)  # a backup is whole or not there
    return {name: len(rows) for name, rows in tables.items()}


@db.guarded
def restore(path: Path, engine=None) -> dict[str, int]:
    """Replace the database's rows with the backup's; returns the rows per table."""
    try:
        saved = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("bk_unreadable", file=str(path)) from exc
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        raise BackupError("bk_not_backup", file=str(path))
    engine = engine or db.engine()
    counts = {}
    with engine.begin() as conn:
        db.write_lock(conn, db.PUBLISHING)
        # the numbers given out so far are never given again: a version number always means
        # the figures it meant (links with ?versi=N, every process's caches)
        highest = conn.execute(sa.select(sa.func.max(db.versions.c.number))).scalar() or 0
        for table in reversed(db.TABLES):
            conn.execute(table.delete())
        for table in db.TABLES:
            rows = [{k: _in(table, k, v) for k, v in r.items()}
                    for r in saved["tables"].get(table.name, [])]
            if rows:
                conn.execute(table.insert(), rows)
            counts[table.name] = len(rows)
        if conn.dialect.name == "postgresql":
            for table, column in ((db.versions, "number"), (db.version_rows, "id"),
                                  (db.sign_ins, "id")):
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                    f"GREATEST(COALESCE((SELECT MAX({column}) FROM {table.name}), 0), "
                    f":floor) + 1, false)"), {"floor": highest if table is db.versions else 0})
        # SQLite: versions.number is AUTOINCREMENT; sqlite_sequence keeps the highest given
    return counts


def _out(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _in(table: sa.Table, column: str, value):
    if value is not None and isinstance(table.c[column].type, sa.DateTime):
        return datetime.fromisoformat(value)
    return value
