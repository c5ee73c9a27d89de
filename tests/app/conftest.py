"""App-test helpers: run the app with one of its bundled files replaced."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_app_with(monkeypatch):
    """Run the whole app with ``coverage_map.data.io`` paths patched (e.g. FIGURES_FILE=...)."""
    import streamlit as st

    from coverage_map.data import io

    def run(**paths):
        for name, value in paths.items():
            monkeypatch.setattr(io, name, value)
        st.cache_resource.clear()  # the bundle is read once per process
        return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()

    yield run
    st.cache_resource.clear()
