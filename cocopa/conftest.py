"""Shared fixtures: the demo network, the personas and the path to the shared test data."""

import datetime as dt
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import translation

from cocopa import testing_db
from cocopa.demo import services as demo_services
from cocopa.fees import testing as ft
from cocopa.governance import testing as gt
from cocopa.members.models import LocalAuthority

# No time limit per generated example: hypothesis's default deadline (200 ms) is a timing
# assertion, and on a loaded two-core machine a database-backed example fails it by chance.
hypothesis.settings.register_profile("cocopa", deadline=None)
hypothesis.settings.load_profile("cocopa")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """pytest-django's test database, and a copy of it as migrate left it, taken before any test
    writes (`migrated_database_url`): well under a second, where each migrate costs 15–60 s."""
    with django_db_blocker.unblock():
        _MIGRATED["copy"] = testing_db.keep_migrated_copy(tmp_path_factory.mktemp("migrated"))
    yield
    with django_db_blocker.unblock():
        testing_db.drop_migrated_copy(_MIGRATED.pop("copy", None))


_MIGRATED: dict[str, testing_db.MigratedCopy | None] = {}


@pytest.fixture
def migrated_database_url(db, tmp_path) -> Iterator[str]:
    """The DATABASE_URL of a migrated database of this test's own, of the kind the suite runs on
    (a SQLite file in tmp_path, or a PostgreSQL database beside the test one), for other processes:
    gunicorn, the console script. Dropped after the test."""
    with testing_db.migrated_database(_MIGRATED.get("copy"), tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker) -> testing_db.Snapshot:
    """What `load_demo()` writes, captured once per test process (docs/decisions/0009)."""
    with django_db_blocker.unblock():
        return testing_db.capture(lambda: demo_services.load_demo(actor=None))


def _load_demo(snapshot: testing_db.Snapshot) -> None:
    if snapshot.is_restorable():
        snapshot.restore()
    else:
        # A fixture wrote rows before this one: load through the services, as before the snapshot.
        demo_services.load_demo(actor=None)


@pytest.fixture
def demo_network(_demo_snapshot, db):
    """The Co.Co.Pa. network as `cocopa load_demo` loads it, with its cooperation portfolio."""
    _load_demo(_demo_snapshot)


# --- Personas: one login per role of cocopa.core.roles.Role, written directly (not through
# services). Each is independent of the demo network; with `demo_network` they sit beside it.


@pytest.fixture
def plain_user(db) -> User:
    """A login with no role: not staff, in no group, representing nobody, sitting nowhere."""
    return gt.make_user("plain")


@pytest.fixture
def peace_office_user(db) -> User:
    """A member of the peace office group (not staff, not a superuser)."""
    return gt.make_office_user("peace-office")


@pytest.fixture
def administrative_office_user(db) -> User:
    """A member of the administrative office (finance) group (not staff, not a superuser)."""
    return ft.make_finance_user("administrative-office")


@pytest.fixture
def superuser_user(db) -> User:
    return gt.make_user("superuser", superuser=True)


@pytest.fixture
def board_member_user(db) -> User:
    """A person with a login and a mandate in force today on an Executive Board (kind `board`)."""
    member = gt.make_member("Comune del consigliere")
    person = gt.make_person("Consigliere", login="board-member")
    _, position = gt.make_board()
    gt.make_mandate(position, person, member, dt.date(2020, 1, 1))
    assert person.user is not None
    return person.user


@pytest.fixture
def represented_member(db) -> LocalAuthority:
    """The member in good standing that `representative_user` represents."""
    return gt.make_member("Comune rappresentato")


@pytest.fixture
def representative_user(represented_member) -> User:
    """A login designated today to the Assembly for `represented_member` (also on `.represented`)."""
    user = gt.make_representative(represented_member, name="Rappresentante").user
    assert user is not None
    user.represented = represented_member
    return user


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or COCOPA_SHARED_DATA; skipped when missing, a failure under CI=true."""
    root = Path(os.environ.get("COCOPA_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    if not root.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared test data missing at {root} (set COCOPA_SHARED_DATA)")
        pytest.skip(f"shared test data not found at {root}; set COCOPA_SHARED_DATA to run this test")
    return root


@pytest.fixture(autouse=True, scope="session")
def _mail_through_the_outbox(django_test_environment):
    """Every message goes through the outbox, as in production (settings_test.py).

    Django's test set-up replaces EMAIL_BACKEND with its in-memory one when the session starts;
    the outbox's own delivery backend (POST_OFFICE["BACKENDS"]) is that in-memory one, so tests
    still read mail.outbox and each message is also a row of the outbox.
    """
    settings.EMAIL_BACKEND = "post_office.EmailBackend"


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
def site(request, _demo_snapshot, live_server, transactional_db) -> Iterator[str]:
    """The demo network and portfolio behind a live server that also serves the static files."""
    _load_demo(_demo_snapshot)
    before = set(threading.enumerate())
    yield str(live_server.url)
    if "browser" in request.fixturenames:
        # A context the test opened and left open keeps its HTTP/1.1 connections alive, and each
        # holds a server thread waiting for the next request: closed here, their threads end at
        # once instead of costing the whole wait below (15 s after a year in the office).
        for context in request.getfixturevalue("browser").contexts:
            context.close()
    _wait_for_requests_in_flight(before)


def _wait_for_requests_in_flight(before: set[threading.Thread], timeout: float = 15.0) -> None:
    """Let the live server finish the requests a closed page left behind before the database is
    flushed: a request still running then locks SQLite's tables and the flush fails. Only this
    test's requests: a request thread an earlier test left hanging would otherwise cost every
    later test the whole timeout (15 s per browser test in CI)."""
    deadline = time.monotonic() + timeout
    for thread in set(threading.enumerate()) - before:
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
