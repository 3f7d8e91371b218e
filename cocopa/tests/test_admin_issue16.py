"""The admin of events, peace education, city diplomacy and campaigns (issue 16) obeys the rules
and never writes around the services (docs/decisions/0006, 0007): every page is read-only, with a
button to the office page that changes the record; a peace-office clerk who uses the back office
reads them, a staff user without the rights does not."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cocopa.education import testing as et
from cocopa.education.models import Activity
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db

APPS = ("events", "education", "diplomacy", "campaigns")
MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in APPS), key=lambda m: m._meta.label
)


def _name(model, view: str) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


def _a_row(model):
    """A row of the model: the demo's, or (for school activities, which no source gives) one made."""
    if model is Activity and not Activity.objects.exists():
        et.make_activity(et.make_programme("Programma di prova"), et.make_school_member())
    row = model.objects.first()
    assert row is not None, model
    return row


@pytest.fixture
def clerk():
    user = gt.make_office_user("back-office-clerk")
    user.is_staff = True  # a peace-office clerk who also uses the back office, not a superuser
    user.save()
    return user


def test_every_model_of_the_four_apps_is_in_the_back_office():
    labels = {m._meta.label for m in MODELS}
    assert labels == {
        "events.Event",
        "events.EventKind",
        "education.Topic",
        "education.Programme",
        "education.Activity",
        "diplomacy.AgreementKind",
        "diplomacy.ForeignAuthority",
        "diplomacy.Agreement",
        "diplomacy.Mission",
        "campaigns.Campaign",
        "campaigns.Adoption",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_the_clerk_reads_each_model_and_is_sent_to_its_office_page(client, clerk, demo_network, model):
    row = _a_row(model)
    client.force_login(clerk)

    listing = client.get(reverse(_name(model, "changelist")))
    page = client.get(reverse(_name(model, "change"), args=[row.pk]))

    assert listing.status_code == 200
    assert page.status_code == 200
    office = admin.site._registry[model].office_url(row)
    assert office in page.content.decode()
    assert office.startswith("/office/")
    assert not page.context["has_change_permission"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_no_admin_form_writes_around_the_services_not_even_a_superusers(client, demo_network, model):
    row = _a_row(model)
    before = model.objects.count()
    history = row.history.count()
    client.force_login(gt.make_user("root", superuser=True))

    add = client.post(reverse(_name(model, "add")), {})
    change = client.post(reverse(_name(model, "change"), args=[row.pk]), {})
    delete = client.post(reverse(_name(model, "delete"), args=[row.pk]), {"post": "yes"})
    version = row.history.first()
    revert = client.post(reverse(_name(model, "simple_history"), args=[row.pk, version.history_id]), {})

    assert (add.status_code, change.status_code, delete.status_code, revert.status_code) == (
        403,
        403,
        403,
        403,
    )
    assert model.objects.count() == before
    assert row.history.count() == history


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_staff_user_without_the_rights_cannot_open_them(client, model):
    user = gt.make_user("staff-nobody")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse(_name(model, "changelist"))).status_code == 403
