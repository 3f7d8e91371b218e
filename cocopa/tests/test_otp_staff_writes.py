"""The second factor as a property of staff (issue 12, point 7; docs/decisions/0013).

Every write by staff needs a confirmed second factor, wherever it is sent; enrolling a device
needs an invitation link or a factor already confirmed; staff sessions end after 12 idle hours.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from cocopa.apitokens import services as token_services
from cocopa.core import enrolment
from cocopa.core.errors import Forbidden
from cocopa.core.models import AuditEvent
from cocopa.core.testing import make_office_user, make_user
from cocopa.network.models import NetworkProfile
from cocopa.tests.test_otp import current_code

pytestmark = pytest.mark.django_db

TIMELINE = "/factsheet/timeline-country/"


@pytest.fixture(autouse=True)
def _require_otp():
    # django-otp makes a device wait after a wrong code (1 s, doubling); tests retry at once.
    with override_settings(COCOPA_REQUIRE_STAFF_OTP=True, OTP_TOTP_THROTTLE_FACTOR=0):
        yield


def verified_client(client, user: User):
    """`client` logged in as `user` with a confirmed device and this session's code confirmed."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.post(reverse("otp-verify"), {"token": current_code(device), "next": "/"})
    assert response.status_code == 302
    return client


def chosen_country() -> str:
    profile = NetworkProfile.objects.get()
    return str(profile.factsheet_country)


# ---- every staff write, not a list of URLs -----------------------------------------------------


def test_a_staff_write_outside_the_back_office_prefixes_needs_the_second_factor(client, demo_network):
    office = make_office_user("clerk")
    before = chosen_country()
    country = "FR" if before != "FR" else "DE"
    client.force_login(office)

    response = client.post(TIMELINE, {"country": country}, HTTP_REFERER="http://testserver/factsheet/")

    assert response.status_code == 303
    assert response["Location"].startswith("/accounts/2fa/setup/?next=%2Ffactsheet%2F")
    assert chosen_country() == before
    assert not AuditEvent.objects.filter(verb="factsheet.timeline_country").exists()


def test_the_same_write_with_the_second_factor_confirmed_goes_through(client, demo_network):
    office = make_office_user("clerk")
    country = "FR" if chosen_country() != "FR" else "DE"
    verified_client(client, office)

    response = client.post(TIMELINE, {"country": country})

    assert response.status_code == 302
    assert chosen_country() == country


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", [TIMELINE, "/me/", "/governance/", "/en/factsheet/"])
def test_every_unsafe_method_of_staff_is_sent_to_confirm_a_code_first(client, method, path):
    user = make_user("staffer")
    user.is_staff = True
    user.save()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)

    response = getattr(client, method)(path)

    assert response.status_code == 303
    assert response["Location"].split("?")[0].endswith("/accounts/2fa/verify/")


def test_a_staff_write_to_the_api_with_a_session_answers_403_json(client):
    client.force_login(make_office_user("clerk"))
    for path in ("/api/v1/members", "/api/v1/fees/assessments"):
        response = client.post(path, {}, content_type="application/json")
        assert response.status_code == 403
        assert response.json()["code"] == "otp_required"


def test_an_api_call_with_a_token_is_judged_by_the_token_not_by_the_session_beside_it(client):
    office = make_office_user("clerk")
    _token, secret = token_services.create_token(office, "script", actor=None)
    client.force_login(office)

    with_token = client.post(
        "/api/v1/fees/assessments", {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert with_token.status_code == 405  # the token passes; the endpoint only reads
    # A wrong token does not fall back on the (unconfirmed) staff session.
    wrong = client.get("/api/v1/fees/assessments", HTTP_AUTHORIZATION="Bearer cocopa_wrong")
    assert wrong.status_code == 401


@pytest.mark.parametrize(
    ("name", "data"),
    [("set_language", {"language": "en", "next": "/"}), ("logout", {})],
)
def test_the_exempt_views_take_a_write_without_the_code(client, name, data):
    client.force_login(make_office_user("clerk"))
    response = client.post(reverse(name), data)
    assert "/accounts/2fa/" not in response.get("Location", "")


def test_logging_in_as_staff_needs_no_code_before_the_password(client):
    make_office_user("clerk")
    response = client.post(reverse("login"), {"username": "clerk", "password": "pw"})
    assert response.status_code == 302
    assert "/accounts/2fa/" not in response["Location"]


def test_a_representative_or_plain_login_is_never_asked_on_writes(client, demo_network):
    client.force_login(make_user("plain"))
    response = client.post(TIMELINE, {"country": "FR"})
    assert response.status_code == 403  # refused by the rule, not sent to a second factor
    assert "/accounts/2fa/" not in response.get("Location", "")


def test_the_write_rule_is_off_when_the_second_factor_is_not_required(client, demo_network, settings):
    settings.COCOPA_REQUIRE_STAFF_OTP = False
    client.force_login(make_office_user("clerk"))
    assert client.post(TIMELINE, {"country": "FR"}).status_code == 302


# ---- enrolling a device: an invitation or a confirmed factor -------------------------------------


def test_a_password_alone_no_longer_enrols_a_device(client):
    office = make_office_user("clerk")
    client.force_login(office)

    page = client.get(reverse("otp-setup"))
    attempt = client.post(reverse("otp-setup"), {"token": "123456"})

    assert page.status_code == 403
    assert 'id="otp-enrol-needed"' in page.content.decode()
    assert 'id="otp-qr"' not in page.content.decode()
    assert attempt.status_code == 403
    assert not TOTPDevice.objects.filter(user=office).exists()


def test_the_invitation_journey_enrols_once_and_the_link_is_then_dead(client):
    office = make_office_user("clerk")
    invitation = enrolment.invite_to_enrol(office, actor=None)

    # Not logged in: the link asks for the password first and comes back.
    anonymous = client.get(invitation.path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")
    client.force_login(office)

    opened = client.get(invitation.path)
    assert opened["Location"] == reverse("otp-setup")
    page = client.get(reverse("otp-setup"))
    assert page.status_code == 200
    assert 'id="otp-qr"' in page.content.decode()
    device = TOTPDevice.objects.get(user=office, confirmed=False)
    done = client.post(reverse("otp-setup"), {"token": current_code(device), "next": "/office/"})
    assert done["Location"] == "/office/"
    assert client.get("/office/").status_code == 200

    client.logout()
    client.force_login(office)
    again = client.get("/en" + invitation.path)  # the English page, whose words are checked
    assert again.status_code == 403
    assert "already been used" in again.content.decode()
    assert TOTPDevice.objects.filter(user=office).count() == 1
    assert AuditEvent.objects.filter(verb="auth.enrolment_invited", target_id=str(office.pk)).count() == 1


def test_an_invitation_expires_after_the_configured_hours(client, settings):
    settings.COCOPA_OTP_ENROL_INVITATION_HOURS = 2
    office = make_office_user("clerk")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        invitation = enrolment.invite_to_enrol(office, actor=None)
        clock.shift(timedelta(hours=2, minutes=1))
        client.force_login(office)
        assert client.get(invitation.path).status_code == 403
        assert client.get(reverse("otp-setup")).status_code == 403


def test_an_invitation_is_for_its_own_user_only(client):
    invitation = enrolment.invite_to_enrol(make_office_user("clerk"), actor=None)
    client.force_login(make_office_user("other"))
    response = client.get("/en" + invitation.path)  # the English page, whose words are checked
    assert response.status_code == 403
    assert "another account" in response.content.decode()


def test_a_key_shown_before_the_invitation_is_never_the_one_enrolled(client):
    office = make_office_user("clerk")
    seen = TOTPDevice.objects.create(user=office, name="authenticator", confirmed=False)
    client.force_login(office)
    client.get(enrolment.invite_to_enrol(office, actor=None).path)
    client.get(reverse("otp-setup"))
    assert not TOTPDevice.objects.filter(pk=seen.pk).exists()


def test_a_changed_password_kills_the_invitation(client):
    office = make_office_user("clerk")
    invitation = enrolment.invite_to_enrol(office, actor=None)
    office.set_password("another-password")
    office.save()
    client.force_login(office)
    assert client.get(invitation.path).status_code == 403


def test_a_confirmed_factor_may_enrol_another_device_without_an_invitation(client):
    office = make_office_user("clerk")
    verified_client(client, office)
    page = client.get(reverse("otp-setup"))
    assert page.status_code == 200
    assert TOTPDevice.objects.filter(user=office, confirmed=False).count() == 1


def test_only_the_system_or_a_superuser_invites(superuser_user):
    office = make_office_user("clerk")
    with pytest.raises(Forbidden):
        enrolment.invite_to_enrol(office, actor=make_office_user("colleague"))
    assert enrolment.invite_to_enrol(office, actor=superuser_user).path.startswith("/accounts/2fa/enrol/")


def test_the_command_prints_a_working_link(client, settings):
    settings.COCOPA_SITE_URL = "https://cocopa.example.org"
    office = make_office_user("clerk")
    out = StringIO()
    call_command("invite_to_enrol", "clerk", stdout=out)
    url = re.search(r"https://cocopa\.example\.org(/accounts/2fa/enrol/\S+/)", out.getvalue())
    assert url is not None
    client.force_login(office)
    assert client.get(url.group(1))["Location"] == reverse("otp-setup")
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("invite_to_enrol", "nobody")


# ---- staff sessions end after 12 idle hours ------------------------------------------------------


def test_a_staff_session_ends_after_twelve_idle_hours(client):
    office = make_office_user("clerk")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": "clerk", "password": "pw"})
        assert client.get("/me/").status_code == 200
        clock.shift(timedelta(hours=11))
        assert client.get("/me/").status_code == 200  # idle time, not time since login
        clock.shift(timedelta(hours=11))
        assert client.get("/me/").status_code == 200
        clock.shift(timedelta(hours=12, minutes=1))
        response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert office.is_active


def test_the_idle_hours_are_a_setting(client, settings):
    settings.COCOPA_STAFF_SESSION_IDLE_HOURS = 1
    make_office_user("clerk")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": "clerk", "password": "pw"})
        clock.shift(timedelta(minutes=61))
        assert client.get("/me/").status_code == 302


def test_other_logins_keep_the_two_week_session(client):
    make_user("representative")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": "representative", "password": "pw"})
        clock.shift(timedelta(days=13))
        assert client.get("/me/").status_code == 200
