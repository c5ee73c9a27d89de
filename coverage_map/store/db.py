"""Where the published data lives, and its tables.

The default is a SQLite file, ``peta.sqlite`` in ``CM_DATA_DIR`` (``data/`` beside the app),
made on first use; ``CM_DATABASE_URL=postgresql://…`` puts it on PostgreSQL, for several app
processes or machines. The tables are made and upgraded by Alembic's migrations
(``coverage_map/store/migrations``) the first time a process opens the database.
"""

from __future__ import annotations

import fcntl
import functools
import os
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FILE_NAME = "peta.sqlite"
HEAD = "0001"  # the newest migration (a test holds it to Alembic's own head)

metadata = sa.MetaData()

editors = sa.Table(
    "editors", metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("province", sa.String(2), nullable=True),  # None: an administrator (all)
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("failed", sa.Integer, nullable=False, default=0),  # wrong passwords in a row
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

sign_ins = sa.Table(  # every attempt to sign in, kept
    "sign_ins", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),  # accounts.OUTCOMES
)

versions = sa.Table(  # one publication (or rollback) each; never changed, never deleted
    "versions", metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("editor", sa.String(80), nullable=False),
    sa.Column("source", sa.Text, nullable=False),  # where the table comes from, as stated
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("rollback_to", sa.Integer, nullable=True),  # a rollback: the version made current
    sa.Column("row_count", sa.Integer, nullable=False),
    sqlite_autoincrement=True,  # a number once given is never given again
)

version_rows = sa.Table(  # a publication's figures, in the figures schema (JSON per row)
    "version_rows", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("version", sa.Integer, sa.ForeignKey("versions.number"), nullable=False,
              index=True),
    sa.Column("row", sa.Text, nullable=False),
)

shares = sa.Table(  # a session's upload shared read-only under a token, for a while
    "shares", metadata,
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("visitor", sa.String(64), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("figures", sa.Text, nullable=False),  # JSON rows
)

TABLES = (editors, sign_ins, versions, version_rows, shares)  # in the order a restore fills


class Refused(ValueError):
    """What the store will not do (a wrong account name, another province's rows, a file that
    is no backup): ``key`` names the message in the locales, ``values`` fill it in."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(key)


class Unavailable(RuntimeError):
    """The database cannot be reached (or made): the app shows the bundled data and says so."""


def guarded(fn):
    """A store function whose database fails (it went away mid-run, a lock timed out) raises
    ``Unavailable``, which the pages meet with the bundled data and a notice."""
    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except sa.exc.SQLAlchemyError as exc:
            raise Unavailable(str(exc).splitlines()[0]) from exc
    return call


def write_lock(conn, key: int) -> None:
    """In a transaction that reads and then writes: wait for the other writers of ``key``
    first, so that what was read is still so at the commit. PostgreSQL: an advisory lock until
    the transaction ends. SQLite: the database's write lock, taken by a write that changes
    nothing (SQLite has one writer at a time)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = version_num WHERE 0"))


PUBLISHING, SIGNING_IN = 2803, 2804  # write_lock keys


def data_dir() -> Path:
    return Path(os.environ.get("CM_DATA_DIR") or ROOT / "data")


def database_url() -> str:
    """``CM_DATABASE_URL`` (``postgresql://`` read through psycopg 3), else the SQLite file."""
    url = os.environ.get("CM_DATABASE_URL", "").strip()
    return database_url_of(url) if url else f"sqlite:///{data_dir() / FILE_NAME}"


def database_url_of(url: str) -> str:
    """A ``postgresql://`` address as SQLAlchemy reads it with psycopg 3."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


_engines: dict[str, Engine] = {}


def engine(url: str | None = None) -> Engine:
    """The database's engine, its tables made or upgraded on first use in this process.
    Raises ``Unavailable`` when it cannot be reached."""
    url = url or database_url()
    if url in _engines:
        return _engines[url]
    try:
        made = _connect(url)
        _migrate(made)
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        raise Unavailable(str(exc).splitlines()[0]) from exc
    _engines[url] = made
    return made


def forget() -> None:
    """Drop this process's engines (the tests point ``CM_DATABASE_URL`` elsewhere)."""
    for made in _engines.values():
        made.dispose()
    _engines.clear()


def _connect(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        made = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(made, "connect")
        def _pragmas(dbapi_connection, _record):  # several processes read while one writes
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
        return made
    return sa.create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4,
                            connect_args={"connect_timeout": 5})


@contextmanager
def _one_at_a_time(made: Engine):
    """Processes starting together migrate one after the other: a lock file beside a SQLite
    database, an advisory lock on PostgreSQL."""
    if made.dialect.name == "sqlite":
        lock_path = Path(made.url.database).with_suffix(".migrate.lock")
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            with made.connect() as conn:
                yield conn
        return
    with made.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(2802)"))
        conn.commit()
        try:
            yield conn
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(2802)"))
            conn.commit()


def _at_head(made: Engine) -> bool:
    """Whether the database is already at the newest migration (then Alembic, 0,2 s of a
    process's first run, is not loaded)."""
    try:
        with made.connect() as conn:
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):  # no table yet
        return False


def _migrate(made: Engine) -> None:
    if _at_head(made):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _one_at_a_time(made) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
