"""Test settings: the real settings with what only speeds tests up."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from cocopa.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Messages still go through the outbox, delivered at once to Django's test mailbox (mail.outbox):
# pytest-django sets EMAIL_BACKEND to locmem when a session starts, and cocopa/conftest.py puts
# the outbox back. Tests of the worker (cocopa/core/tests/test_outbox.py) queue as production does.
EMAIL_BACKEND = "post_office.EmailBackend"
POST_OFFICE = {
    **POST_OFFICE,  # noqa: F405
    "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    "DEFAULT_PRIORITY": "now",
}
# Django's test client calls itself `testserver`; the real settings do not answer to that name.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
# Tests log staff in with force_login and no second factor; the tests of the second factor
# (cocopa/tests/test_otp.py) turn it back on with the `settings` fixture.
COCOPA_REQUIRE_STAFF_OTP = False
# SQLite tests run in memory, as Django's default, but said explicitly: pytest-django gives each
# pytest-xdist worker a database of its own by suffixing the test database's name, and our own
# backend's name hides from it that this is SQLite, so without this line each worker would look
# for a file named `test_<path of var/cocopa.sqlite3>_gw0` (docs/decisions/0009).
if DATABASES["default"]["ENGINE"] == "cocopa.core.db.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {**DATABASES["default"].get("TEST", {}), "NAME": ":memory:"}  # noqa: F405
# Emptying the database after a live-server test deletes rows instead of truncating every table
# (cocopa/core/db/postgresql_tests/base.py): seconds less per browser test on PostgreSQL.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "cocopa.core.db.postgresql_tests"  # noqa: F405
