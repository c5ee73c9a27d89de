"""Shared fixtures: the bundled data, loaded once per test session; the published tables in a
database of the test session's own (never the app's ``data/``)."""

import os
import tempfile

import pytest

# before the app is imported anywhere: every test (and every server a test starts) keeps its
# published data in this run's own folder, unless a test points elsewhere
os.environ.setdefault("CM_DATA_DIR", tempfile.mkdtemp(prefix="cm-data-"))

from coverage_map.data import io


@pytest.fixture(scope="session")
def bundle():
    return io.Bundle()


@pytest.fixture(scope="session")
def regions(bundle):
    return bundle.regions


@pytest.fixture(scope="session")
def figures(bundle):
    return bundle.figures


@pytest.fixture(scope="session")
def table(bundle):
    return bundle.table


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of this test session's own (``tests/postgres.py``)."""
    import postgres

    with postgres.server() as url:
        yield url


_databases = iter(range(1, 10_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_engine(request, tmp_path):
    """An empty published-data store, made by the app's own migrations: a SQLite file, and the
    same on PostgreSQL (a new database on the session's server for each test)."""
    import sqlalchemy as sa

    from coverage_map.store import db

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'peta.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_url")
        name = f"t{next(_databases)}"
        admin = sa.create_engine(db.database_url_of(server), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url = db.database_url_of(server.rsplit("/", 1)[0] + "/" + name)
    engine = db.engine(url)
    yield engine
    db.forget()
