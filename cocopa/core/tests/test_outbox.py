"""The outbox: a message is a row first, delivered by the worker, kept and retried when SMTP fails."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from post_office.models import STATUS, Email

from cocopa.core import outbox
from cocopa.core.errors import Conflict, Forbidden
from cocopa.core.models import AuditEvent

FAILING = "cocopa.core.tests.test_outbox.FailingSMTPBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class FailingSMTPBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("Connection refused by smtp.example.org")


@pytest.fixture
def queued(settings, tmp_path):
    """Production's queueing (no delivery inside the request), with a lock file of the test's own."""
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}
    return str(tmp_path / "outbox")


def deliver_with(settings, backend):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": backend}}


@pytest.mark.django_db
def test_send_mail_queues_a_row_and_the_worker_sends_it(settings, queued):
    send_mail("Convocazione", "Testo", "cocopa@localhost", ["sindaco@example.org"])

    email = Email.objects.get()
    assert email.status == STATUS.queued
    assert mail.outbox == []

    done = outbox.send_queued(queued)

    assert done == outbox.Pass(sent=1, failed=0, retrying=0)
    assert [m.to for m in mail.outbox] == [["sindaco@example.org"]]
    assert outbox.state_of(Email.objects.get().status) == "sent"


@pytest.mark.django_db
def test_a_message_stays_queued_with_the_error_while_smtp_is_down_and_goes_once_it_is_back(settings, queued):
    deliver_with(settings, FAILING)
    send_mail("Convocazione", "Testo", "cocopa@localhost", ["sindaco@example.org"])

    done = outbox.send_queued(queued)

    email = outbox.messages().get()
    assert done.retrying == 1
    assert outbox.state_of(email.status) == "queued"
    assert email.attempts == 1
    assert "Connection refused" in email.last_error
    assert email.scheduled_time is not None  # not before the retry interval

    # The server is back; the retry is due.
    deliver_with(settings, LOCMEM)
    Email.objects.update(scheduled_time=None)
    outbox.send_queued(queued)

    email = outbox.messages().get()
    assert outbox.state_of(email.status) == "sent"
    assert email.attempts == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_retries_wait_longer_each_time_then_the_message_fails(settings, queued):
    deliver_with(settings, FAILING)
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 2}
    send_mail("Promemoria", "Testo", "cocopa@localhost", ["a@example.org"])
    delays = []
    for _attempt in range(3):
        Email.objects.update(scheduled_time=None)
        outbox.send_queued(queued)
        email = Email.objects.get()
        if email.scheduled_time:
            delays.append(email.scheduled_time - email.last_updated)

    assert [round(d / dt.timedelta(minutes=1)) for d in delays] == [5, 10]
    assert Email.objects.get().status == STATUS.failed
    assert outbox.failed_count() == 1
    assert outbox.messages("failed").count() == 1
    assert outbox.messages("queued").count() == 0


@pytest.mark.django_db
def test_the_office_sends_a_failed_message_again(settings, queued, peace_office_user, plain_user):
    deliver_with(settings, FAILING)
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 0}
    send_mail("Invito", "Testo", "cocopa@localhost", ["a@example.org"])
    outbox.send_queued(queued)
    email = Email.objects.get()
    assert email.status == STATUS.failed

    with pytest.raises(Forbidden):
        outbox.send_again(email, actor=plain_user)
    outbox.send_again(email, actor=peace_office_user)
    deliver_with(settings, LOCMEM)
    outbox.send_queued(queued)

    assert Email.objects.get().status == STATUS.sent
    assert AuditEvent.objects.filter(verb="core.email_requeued").count() == 1
    with pytest.raises(Conflict) as err:
        outbox.send_again(email, actor=peace_office_user)
    assert err.value.code == "email_not_failed"


@pytest.mark.django_db
def test_without_an_smtp_server_the_message_is_kept_as_not_sent(settings, queued):
    deliver_with(settings, "cocopa.core.mail.NotSentEmailBackend")
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 0}
    send_mail("Invito", "Testo", "cocopa@localhost", ["a@example.org"])

    outbox.send_queued(queued)

    email = outbox.messages().get()
    assert email.status == STATUS.failed
    assert "EMAIL_HOST" in email.last_error


@pytest.mark.django_db
def test_the_worker_command_sends_and_says_how_many(settings, queued, capsys, monkeypatch):
    monkeypatch.setattr(outbox, "default_lockfile", queued)
    send_mail("Convocazione", "Testo", "cocopa@localhost", ["a@example.org"])

    call_command("send_outbox")

    assert "1 sent" in capsys.readouterr().out
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_in_tests_messages_are_rows_delivered_at_once():
    send_mail("Oggetto", "Testo", "cocopa@localhost", ["a@example.org"])

    assert len(mail.outbox) == 1
    assert Email.objects.get().status == STATUS.sent
