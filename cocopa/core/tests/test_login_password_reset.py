"""Password reset by e-mail with Django's views and the site's templates."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_reset_link_is_mailed_and_sets_a_new_password(client, django_user_model):
    user = django_user_model.objects.create_user("rep", "rep@example.org", "old-password")

    page = client.get(reverse("password_reset"))
    assert page.status_code == 200
    assert 'id="password-reset-form"' in page.content.decode()
    sent = client.post(reverse("password_reset"), {"email": "rep@example.org"})
    assert sent.status_code == 302
    assert sent["Location"] == reverse("password_reset_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rep@example.org"]
    assert "rep" in message.body
    link = re.search(r"https?://testserver(/\S+)", str(message.body))
    assert link, message.body

    form_page = client.get(link.group(1), follow=True)
    assert 'id="password-reset-confirm-form"' in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")

    request = RequestFactory().post(reverse("login"))
    assert authenticate(request, username="rep", password="a-new-long-passphrase") == user
    # The link works once.
    again = client.get(link.group(1), follow=True)
    assert 'id="password-reset-invalid"' in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_login_page_links_to_the_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
