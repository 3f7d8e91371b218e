"""Shared fixtures: the demo network and the path to the shared test data."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from cocopa.demo import services as demo_services


@pytest.fixture
def demo_network(db):
    """The Co.Co.Pa. network as `cocopa load_demo` loads it, with its cooperation portfolio."""
    demo_services.load_demo()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or COCOPA_SHARED_DATA; skipped when missing, a failure under CI=true."""
    root = Path(os.environ.get("COCOPA_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    if not root.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared test data missing at {root} (set COCOPA_SHARED_DATA)")
        pytest.skip(f"shared test data not found at {root}; set COCOPA_SHARED_DATA to run this test")
    return root


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language and leaves none behind.

    A request to an English page activates English in the thread (LocaleMiddleware); without
    this, the next test in the same thread would read translated fields in English.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
