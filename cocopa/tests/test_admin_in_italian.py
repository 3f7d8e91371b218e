"""Every page of the back office in Italian, as a superuser sees it (issue 13, point 8): no word
of Django's or of a third-party app's English left in the changelists, forms and histories."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from cocopa.core.testing import make_user

pytestmark = pytest.mark.django_db

# English that an Italian page of the admin must not show: Django's own wording, simple_history's
# columns, and third-party app labels shown as they are.
ENGLISH = [
    "Choose",
    "Change reason",
    "Changed by",
    "AXES",
    "Axes",
    "OTP_TOTP",
    "Otp_Totp",
    "TOTP device",
    "Django administration",
    "Django site admin",
    "Authenticator",
    "Model name",
    "Add link",
]


def _visible_text(html: str) -> str:
    """The page without tags, scripts and attributes: what a reader sees."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"(?s)<[^>]+>", " ", html)


def _english_on(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = _visible_text(response.content.decode())
    return [word for word in ENGLISH if word in text]


def _changelists() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


def test_every_changelist_is_in_italian(client, demo_network):
    client.force_login(make_user(superuser=True))

    found = {url: words for url in ["/admin/", *_changelists()] if (words := _english_on(client, url))}

    assert found == {}


def test_a_history_page_is_in_italian(client, demo_network):
    """simple_history's page: its columns are in Italian, and so is the list of versions."""
    from cocopa.core.models import Source

    client.force_login(make_user(superuser=True))
    source = Source.objects.order_by("pk").first()
    url = reverse("admin:core_source_history", args=[source.pk])

    assert _english_on(client, url) == []
    page = _visible_text(client.get(url).content.decode())
    assert "Modificato da" in page
    assert "Motivo della modifica" in page


def test_the_group_form_names_permissions_by_app_and_model_in_the_page_language(client):
    client.force_login(make_user(superuser=True))

    italian = client.get(reverse("admin:auth_group_add")).content.decode()
    english = client.get("/en" + reverse("admin:auth_group_add")).content.decode()

    assert "Fonti e registro delle operazioni | " in italian
    assert "core | source | Can add source" not in italian
    assert "Sources and audit trail | source | Can add source" in english


def test_authenticator_apps_are_named_in_the_admin_without_a_migration(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

    admin_user = make_user(superuser=True)
    TOTPDevice.objects.create(user=admin_user, name="telefono")
    client.force_login(admin_user)

    page = client.get("/en" + reverse("admin:otp_totp_totpdevice_changelist")).content.decode()

    assert "authenticator app" in page
    assert "TOTP device" not in page
    assert "Confirmed" in page
    assert "Last used at" in page


def test_a_history_row_names_its_type_and_shows_no_none(client, demo_network):
    """Our copy of simple_history's list: the type has its own msgid (the catalogue's "Created" is
    "Creato il" elsewhere) and an empty change reason is a dash."""
    from cocopa.core.models import Source

    client.force_login(make_user(superuser=True))
    source = Source.objects.order_by("pk").first()
    url = "/en" + reverse("admin:core_source_history", args=[source.pk])

    html = client.get(url).content.decode()

    assert "Created" in _visible_text(html)
    assert re.search(r"<td>\s*—\s*</td>", html)  # the change reason, empty
