"""The admin speaks the network's words: its own header, and a name for every app (issue 13, point 8)."""

import pytest
from django.apps import apps
from django.contrib import admin

from cocopa.core.testing import make_user

pytestmark = pytest.mark.django_db


def test_the_admin_index_names_the_network_not_django(client):
    client.force_login(make_user(superuser=True))

    italian = client.get("/admin/").content.decode()
    english = client.get("/en/admin/").content.decode()

    assert "Django" not in italian + english
    assert "Amministrazione Co.Co.Pa." in italian
    assert "Co.Co.Pa. back office" in english


@pytest.mark.parametrize("label", ["axes", "otp_totp", "django_otp", "simple_history"])
def test_third_party_apps_have_a_name_rather_than_their_label(label):
    name = str(apps.get_app_config(label).verbose_name)

    assert name != label.title()
    assert admin.site.site_header != "Django administration"
