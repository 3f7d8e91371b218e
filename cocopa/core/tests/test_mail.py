"""E-mail settings from the environment, and password-reset links that never reach a log."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from cocopa.core import outbox

ROOT = Path(__file__).resolve().parents[3]
SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.POST_OFFICE['BACKENDS']['default'], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, "
    "s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL, 'testserver' in s.ALLOWED_HOSTS)"
)


def settings_under(**environment: str) -> subprocess.CompletedProcess[str]:
    """The real settings (not the tests') loaded in a fresh process with this environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_", "DEFAULT_FROM"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="sqlite://:memory:",
        DJANGO_SETTINGS_MODULE="cocopa.settings",
    )
    env.pop("ALLOWED_HOSTS", None)
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_without_an_smtp_server_nothing_is_sent_and_nothing_is_printed():
    result = settings_under()

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "cocopa.core.mail.NotSentEmailBackend", "587", "True", "False", "cocopa@localhost", "False"
    ]  # fmt: skip


def test_smtp_settings_come_from_the_environment():
    result = settings_under(
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="465",
        EMAIL_HOST_USER="cocopa",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_SSL="true",
        DEFAULT_FROM_EMAIL="segreteria@example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.org", "465", "cocopa",
        "False", "True", "segreteria@example.org", "False",
    ]  # fmt: skip


@pytest.mark.parametrize("backend", ["console", "filebased"])
def test_a_backend_that_writes_messages_out_is_refused_unless_debug(backend):
    name = f"django.core.mail.backends.{backend}.EmailBackend"

    refused = settings_under(EMAIL_BACKEND=name)
    allowed = settings_under(EMAIL_BACKEND=name, DEBUG="true")

    assert refused.returncode != 0
    assert "password-reset links" in refused.stderr
    assert "Traceback" in refused.stderr  # ImproperlyConfigured at start-up, before serving
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.split()[0] == name


def test_testserver_is_not_a_host_the_real_settings_answer_to():
    assert settings_under().stdout.split()[-1] == "False"
    assert settings_under(ALLOWED_HOSTS="cocopa.example.org").stdout.split()[-1] == "False"


@pytest.mark.django_db
def test_a_password_reset_without_smtp_logs_that_it_was_not_sent_and_nothing_of_the_link(
    client, django_user_model, settings, caplog, capsys, tmp_path
):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "cocopa.core.mail.NotSentEmailBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    django_user_model.objects.create_user("rep", "rep@example.org", "old-password")

    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("password_reset"), {"email": "rep@example.org"})
        outbox.send_queued(str(tmp_path / "outbox"))  # the worker tries, and keeps it as not sent

    assert response.status_code == 302  # the same answer as when a message goes out
    assert mail.outbox == []
    logged = "\n".join(r.getMessage() for r in caplog.records) + "".join(capsys.readouterr())
    assert "not sent" in logged
    for secret in ("reset/", "rep@example.org", "http"):
        assert secret not in logged
