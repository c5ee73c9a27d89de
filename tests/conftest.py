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
