"""The back office: staff find, filter and edit the registry, and every change is kept in history."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cocopa.members.models import LocalAuthority, SizeClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, superuser_user):
    client.force_login(superuser_user)
    client.user = superuser_user
    return client


def test_every_registered_model_has_a_working_list_with_search(staff_client, demo_network):
    for model in admin.site._registry:
        if model._meta.app_label not in {"members", "network", "core"}:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert staff_client.get(url, {"q": "Rivoli"}).status_code == 200, url


def test_a_member_page_opens_with_its_periods_figures_and_acts(staff_client, demo_network):
    rivoli = LocalAuthority.objects.get(istat_code="001219")
    response = staff_client.get(reverse("admin:members_localauthority_change", args=[rivoli.pk]))
    assert response.status_code == 200
    assert b"48632" in response.content
    assert b"1995-10-04" in response.content


def test_a_change_in_the_back_office_is_kept_in_history_with_who_made_it(staff_client):
    small = SizeClass.objects.create(key="small", lower_bound=0, name_it="piccoli", name_en="small")
    url = reverse("admin:members_sizeclass_change", args=[small.pk])
    response = staff_client.post(
        url, {"key": "small", "lower_bound": "0", "name_it": "piccolissimi", "name_en": "small"}
    )
    assert response.status_code == 302
    last = small.history.latest()
    assert (last.name_it, last.history_user, last.history_type) == ("piccolissimi", staff_client.user, "~")
    history = staff_client.get(reverse("admin:members_sizeclass_history", args=[small.pk]))
    assert history.status_code == 200
    assert b"piccolissimi" in history.content


def test_the_class_starting_at_zero_cannot_be_deleted(staff_client):
    small = SizeClass.objects.create(key="small", lower_bound=0, name_it="piccoli")
    response = staff_client.get(reverse("admin:members_sizeclass_delete", args=[small.pk]))
    assert response.status_code == 403
