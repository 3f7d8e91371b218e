"""The cooperation back office: every list loads for staff, and an initiative saves with its inlines."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cocopa.cooperation.models import Initiative

COOPERATION_MODELS = [m for m in admin.site._registry if m._meta.app_label == "cooperation"]


@pytest.fixture
def staff_client(client, demo_network, superuser_user):
    client.force_login(superuser_user)
    return client


def test_the_registry_models_are_all_in_the_back_office():
    names = {m.__name__ for m in COOPERATION_MODELS}

    assert {
        "Initiative",
        "InitiativeKind",
        "Organisation",
        "SectorMapping",
        "PortfolioClaim",
        "Result",
    } <= names


@pytest.mark.parametrize("model", COOPERATION_MODELS, ids=lambda m: m.__name__)
def test_every_changelist_loads_for_a_superuser(staff_client, model):
    page = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert staff_client.get(page).status_code == 200
    assert staff_client.get(page, {"q": "a"}).status_code == 200


def _value(value: object) -> object:
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(getattr(v, "pk", v)) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def _form_data(form) -> dict[str, object]:
    """What the browser posts back for a form: every field with its current value."""
    # An unchecked box posts "", which Django reads as False, as it reads a missing one.
    return {bound.html_name: _value(bound.value()) for bound in form}


def _post_data(response) -> dict[str, object]:
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def test_an_initiative_change_page_saves_with_its_inlines(staff_client):
    initiative = Initiative.objects.get(identifier="bethlehem-smart-water")
    page = reverse("admin:cooperation_initiative_change", args=[initiative.pk])
    response = staff_client.get(page)
    assert response.status_code == 200
    for prefix in (
        "countries",
        "places",
        "participations",
        "budgets",
        "transactions",
        "results",
        "documents",
    ):
        assert f'name="{prefix}-TOTAL_FORMS"' in response.text
    assert 'name="date_claims-TOTAL_FORMS"' in response.text

    data = _post_data(response)
    data["title_en"] = "BSW - Bethlehem Smart Water (edited)"
    data["places-TOTAL_FORMS"] = str(int(str(data["places-TOTAL_FORMS"])) + 1)
    new = int(str(data["places-TOTAL_FORMS"])) - 1
    data[f"places-{new}-name"] = "Beit Sahour centre"
    data[f"places-{new}-country"] = "PS"
    data[f"places-{new}-exactness"] = "2"
    saved = staff_client.post(page, data)

    errors = (
        [saved.context["adminform"].form.errors]
        + [f.formset.errors for f in saved.context["inline_admin_formsets"]]
        if saved.status_code == 200
        else []
    )
    assert saved.status_code == 302, errors
    initiative.refresh_from_db()
    assert initiative.title_en == "BSW - Bethlehem Smart Water (edited)"
    assert initiative.places.filter(name="Beit Sahour centre").exists()
    assert initiative.participations.count() == 8
    assert initiative.date_claims.count() == 2
    assert initiative.history.count() >= 2
