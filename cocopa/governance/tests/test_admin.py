"""The governance back office: every list and change page loads; ballots are never shown."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cocopa.governance.models import Ballot, Body, Mandate

GOVERNANCE_MODELS = [m for m in admin.site._registry if m._meta.app_label == "governance"]


@pytest.fixture
def staff_client(client, demo_network, superuser_user):
    client.force_login(superuser_user)
    return client


def test_the_governance_records_are_in_the_back_office_but_not_the_ballots():
    names = {m.__name__ for m in GOVERNANCE_MODELS}

    assert {"Person", "Designation", "Body", "Mandate", "Meeting", "Resolution", "Election"} <= names
    assert Ballot not in admin.site._registry


@pytest.mark.parametrize("model", GOVERNANCE_MODELS, ids=lambda m: m.__name__)
def test_every_changelist_loads_for_a_superuser(staff_client, model):
    page = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert staff_client.get(page).status_code == 200
    assert staff_client.get(page, {"q": "a"}).status_code == 200


def test_body_and_mandate_change_pages_load(staff_client):
    body = Body.objects.get(key="presidenza")
    mandate = Mandate.objects.filter(person__name="Carlo Garrone").get()

    assert staff_client.get(reverse("admin:governance_body_change", args=[body.pk])).status_code == 200
    assert staff_client.get(reverse("admin:governance_mandate_change", args=[mandate.pk])).status_code == 200


def test_elections_cannot_be_added_or_deleted_in_the_back_office(staff_client):
    assert staff_client.get(reverse("admin:governance_election_add")).status_code == 403
