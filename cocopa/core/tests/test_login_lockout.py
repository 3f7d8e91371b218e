"""django-axes locks a username out from an address after five failed logins, site and admin."""

import pytest
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("rep", password="right-password")


def log_in(client, password: str, *, url: str | None = None, ip: str = "10.0.0.1", username: str = "rep"):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failed_logins_lock_the_account_and_the_right_password_is_then_refused(client, member):
    for _ in range(4):
        assert log_in(client, "wrong").status_code == 200  # the form again, with its error
    fifth = log_in(client, "wrong")
    assert fifth.status_code == 429

    response = log_in(client, "right-password")

    assert response.status_code == 429
    assert 'id="lockout"' in response.content.decode()
    assert 'data-minutes="30"' in response.content.decode()  # the wait, whatever the language
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, member):
    for _ in range(5):
        log_in(client, "wrong")
    assert log_in(client, "right-password", ip="10.0.0.2").status_code == 302


def test_a_successful_login_clears_the_failures(client, member):
    for _ in range(4):
        log_in(client, "wrong")
    assert log_in(client, "right-password").status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username="rep").exists()
    assert log_in(client, "wrong").status_code == 200


def test_the_admin_login_goes_through_the_lockout_too(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    admin_login = reverse("admin:login")
    for _ in range(5):
        log_in(client, "wrong", url=admin_login, username="boss")
    response = log_in(client, "right-password", url=admin_login, username="boss")
    assert response.status_code == 429
