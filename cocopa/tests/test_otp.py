"""Staff confirm a TOTP code before the back office; representatives and the public are not asked."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django_otp.oath import TOTP  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from cocopa.core import enrolment
from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP, PEACE_OFFICE_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_otp(settings):
    settings.COCOPA_REQUIRE_STAFF_OTP = True
    # django-otp makes a device wait after a wrong code (1 s, doubling); tests retry at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def make_user(username: str, *, staff: bool = False, group: str | None = None) -> User:
    user = User.objects.create_user(username, password="pw", is_staff=staff)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.mark.parametrize(
    "path", ["/office/", "/en/office/", "/admin/", "/en/admin/members/", "/fees/", "/en/fees/x/"]
)
def test_staff_without_a_device_are_sent_to_set_up_one(client, path):
    client.force_login(make_user("office", group=PEACE_OFFICE_GROUP))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith("/accounts/2fa/setup/")
    assert f"next={path.replace('/', '%2F')}" in response["Location"]


@pytest.mark.parametrize(
    "user_kwargs",
    [{"staff": True}, {"group": PEACE_OFFICE_GROUP}, {"group": ADMINISTRATIVE_OFFICE_GROUP}],
)
def test_every_kind_of_staff_is_asked(client, user_kwargs):
    client.force_login(make_user("someone", **user_kwargs))
    assert client.get("/office/").status_code == 302


def test_a_superuser_is_asked_too(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    assert "/accounts/2fa/" in client.get("/admin/")["Location"]


@pytest.mark.parametrize("path", ["/", "/me/", "/fees/mine/", "/en/fees/mine/"])
def test_staff_are_not_asked_outside_the_back_office(client, path):
    client.force_login(make_user("office", staff=True))
    response = client.get(path)
    assert "/accounts/2fa/" not in response.get("Location", "")


def test_the_staff_api_with_a_session_answers_403_json_until_the_code_is_confirmed(client):
    client.force_login(make_user("office", group=ADMINISTRATIVE_OFFICE_GROUP))
    response = client.get("/api/v1/fees/assessments")
    assert response.status_code == 403
    assert response.json()["code"] == "otp_required"
    assert "/accounts/2fa/" not in client.get("/api/v1/members").get("Location", "")


def test_a_representative_is_never_asked(client):
    client.force_login(make_user("rep"))
    response = client.get("/office/")
    assert "/accounts/2fa/" not in response.get("Location", "")


def test_the_prefixes_are_a_setting(client, settings):
    settings.COCOPA_STAFF_OTP_PATH_PREFIXES = ["/governance/"]
    client.force_login(make_user("office", staff=True))
    assert "/accounts/2fa/" not in client.get("/office/").get("Location", "")
    assert "/accounts/2fa/setup/" in client.get("/governance/")["Location"]


def test_setting_up_shows_an_inline_qr_code_and_the_key_then_the_first_code_confirms(client):
    user = make_user("office", group=PEACE_OFFICE_GROUP)
    client.force_login(user)
    client.get(enrolment.invite_to_enrol(user, actor=None).path)

    page = client.get(reverse("otp-setup"), {"next": "/office/"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    assert "otpauth" not in html.split("<svg")[0]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert 'id="otp-secret"' in html

    wrong = client.post(reverse("otp-setup"), {"token": "000000", "next": "/office/"})
    assert wrong.status_code == 200
    assert 'id="otp-error"' in wrong.content.decode()

    done = client.post(reverse("otp-setup"), {"token": current_code(device), "next": "/office/"})
    assert done.status_code == 302
    assert done["Location"] == "/office/"
    device.refresh_from_db()
    assert device.confirmed
    assert "/accounts/2fa/" not in client.get("/office/").get("Location", "")


def test_a_confirmed_device_is_asked_for_once_per_session(client):
    user = make_user("office", staff=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)

    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/2fa/verify/")

    wrong = client.post(reverse("otp-verify"), {"token": "123456", "next": "/admin/"})
    assert wrong.status_code == 200
    assert 'id="otp-error"' in wrong.content.decode()

    right = client.post(reverse("otp-verify"), {"token": current_code(device), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_verify_page_does_not_redirect_to_another_site(client):
    user = make_user("office", staff=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.post(
        reverse("otp-verify"), {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_set_up_page_is_for_logged_in_users_only(client):
    response = client.get(reverse("otp-setup"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_production_requires_the_second_factor_and_the_test_settings_do_not_by_default():
    import cocopa.settings as production
    import cocopa.settings_test as test_settings

    assert production.COCOPA_REQUIRE_STAFF_OTP is True
    assert test_settings.COCOPA_REQUIRE_STAFF_OTP is False
