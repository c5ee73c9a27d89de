"""Shared fixtures: the bundled data, loaded once per test session."""

import pytest

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
