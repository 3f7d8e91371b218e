"""The outbox page: who may see it, the filter by state, and "send again" for a failed message."""

import smtplib

import pytest
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from post_office.models import STATUS, Email

from cocopa.core import outbox

pytestmark = pytest.mark.django_db


class DownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("Connection refused by smtp.example.org")


@pytest.fixture
def failed(settings, tmp_path):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "DEFAULT_PRIORITY": "medium",
        "MAX_RETRIES": 0,
        "BACKENDS": {"default": "cocopa.core.tests.test_views_outbox.DownBackend"},
    }
    send_mail("Convocazione dell'Assemblea", "Testo", "cocopa@localhost", ["sindaco@example.org"])
    outbox.send_queued(str(tmp_path / "outbox"))
    return Email.objects.get()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("peace_office_user", 200),
        ("administrative_office_user", 200),
        ("representative_user", 403),
        ("plain_user", 403),
    ],
)
def test_who_may_open_the_outbox(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("outbox:page")).status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("outbox:page"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_clerk_sees_a_failed_message_with_its_error_and_filters_by_state(
    client, peace_office_user, failed
):
    client.force_login(peace_office_user)

    page = client.get(reverse("outbox:page"), {"state": "failed"}).content.decode()
    assert "sindaco@example.org" in page
    assert "Connection refused" in page
    assert "Testo" not in page  # never the body
    assert "sindaco@example.org" not in client.get(reverse("outbox:page"), {"state": "sent"}).content.decode()


def test_the_clerk_sends_a_failed_message_again(client, peace_office_user, failed):
    client.force_login(peace_office_user)

    response = client.post(reverse("outbox:send-again", args=[failed.pk]))

    assert response.status_code == 302
    assert Email.objects.get().status == STATUS.queued
    again = client.post(reverse("outbox:send-again", args=[failed.pk]), follow=True)
    assert b'data-error-code="email_not_failed"' in again.content


def test_a_representative_cannot_send_again(client, representative_user, failed):
    client.force_login(representative_user)
    assert client.post(reverse("outbox:send-again", args=[failed.pk])).status_code == 403
    assert Email.objects.get().status == STATUS.failed
