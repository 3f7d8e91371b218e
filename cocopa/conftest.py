"""Shared fixtures: the demo network and the path to the shared test data."""

import os
import shutil
import threading
import time
from collections.abc import Iterator
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


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; never a downloaded browser.

    Without /usr/bin/chromium the browser tests skip, or fail under CI=true.
    """
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not found; install Debian's chromium package to run browser tests")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the same
    # thread (fixtures, assertions) would otherwise be refused as "async unsafe".
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, transactional_db) -> Iterator[str]:
    """The demo network and portfolio behind a live server that also serves the static files."""
    demo_services.load_demo()
    yield str(live_server.url)
    _wait_for_requests_in_flight()


def _wait_for_requests_in_flight(timeout: float = 15.0) -> None:
    """Let the live server finish the requests a closed page left behind before the database is
    flushed: a request still running then locks SQLite's tables and the flush fails."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(max(deadline - time.monotonic(), 0))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    # No tile server is reachable from tests: refuse tile requests at once instead of waiting.
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def assert_accessible():
    """Run axe-core on a page and fail listing every serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    def check(page) -> None:
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
        report = "\n".join(
            f"{v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])} nodes: "
            f"{', '.join(str(n['target']) for n in v['nodes'][:5])})"
            for v in serious
        )
        assert not serious, report

    return check
