"""The local authorities abroad in the office: the services' rules (coordinates, a party to an
agreement is not deleted), who may write them, and the pages a peace-office clerk uses."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.diplomacy import services
from cocopa.diplomacy.models import Agreement, ForeignAuthority
from cocopa.diplomacy.testing import make_agreement, make_partner

pytestmark = pytest.mark.django_db


def _input(**fields):
    fields.setdefault("name", "Ouahigouya")
    fields.setdefault("country", "BF")
    return services.ForeignAuthorityInput(**fields)


# --- services -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "code"),
    [
        (Decimal("91"), Decimal("0"), "latitude"),
        (Decimal("-90.5"), Decimal("0"), "latitude"),
        (Decimal("10"), Decimal("180.1"), "longitude"),
        (Decimal("10"), None, "longitude"),
    ],
)
def test_coordinates_off_the_globe_or_half_given_are_refused_naming_the_field(
    peace_office_user, latitude, longitude, code
):
    with pytest.raises(DomainError) as refused:
        services.create_foreign_authority(
            _input(latitude=latitude, longitude=longitude), actor=peace_office_user
        )
    assert refused.value.code == code
    assert not ForeignAuthority.objects.exists()


def test_the_clerk_changes_an_authority_with_audit_and_history(peace_office_user):
    town = make_partner(located=False)
    services.update_foreign_authority(
        town,
        _input(name="Commune de Ouahigouya", latitude=Decimal("13.5769"), longitude=Decimal("-2.4179")),
        actor=peace_office_user,
    )
    town.refresh_from_db()
    assert town.name == "Commune de Ouahigouya"
    assert town.located
    assert AuditEvent.objects.filter(
        verb="diplomacy.foreign_authority_changed", actor=peace_office_user, target_id=str(town.pk)
    ).exists()
    assert town.history.count() == 2


def test_an_authority_no_agreement_names_is_deleted_with_an_audit_event(peace_office_user):
    town = make_partner()
    services.delete_foreign_authority(town, actor=peace_office_user)
    assert not ForeignAuthority.objects.exists()
    assert AuditEvent.objects.filter(
        verb="diplomacy.foreign_authority_deleted", actor=peace_office_user, data__name="Ouahigouya"
    ).exists()
    assert ForeignAuthority.history.filter(history_type="-").count() == 1


def test_an_authority_an_agreement_names_is_not_deleted(peace_office_user):
    town = make_partner()
    make_agreement(foreign_authorities=[town])
    with pytest.raises(Conflict) as refused:
        services.delete_foreign_authority(town, actor=peace_office_user)
    assert refused.value.code == "in_use"
    assert "Ouahigouya" in refused.value.message
    assert ForeignAuthority.objects.filter(pk=town.pk).exists()
    assert Agreement.objects.get().foreign_authorities.get() == town


def test_only_the_peace_office_writes_the_authorities(plain_user):
    town = make_partner()
    with pytest.raises(Forbidden):
        services.create_foreign_authority(_input(name="Kayes", country="ML"), actor=plain_user)
    with pytest.raises(Forbidden):
        services.update_foreign_authority(town, _input(name="Altro"), actor=plain_user)
    with pytest.raises(Forbidden):
        services.delete_foreign_authority(town, actor=plain_user)
    assert list(ForeignAuthority.objects.values_list("name", flat=True)) == ["Ouahigouya"]


# --- pages ----------------------------------------------------------------------------------------

PAGES = ["/office/diplomacy/authorities/", "/office/diplomacy/authorities/new/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_send_visitors_to_log_in_and_refuse_users_without_the_right(client, plain_user, path):
    assert client.get(path).status_code == 302
    client.force_login(plain_user)
    assert client.get(path).status_code == 403


def test_a_user_without_the_right_cannot_change_or_delete(client, plain_user):
    town = make_partner()
    client.force_login(plain_user)
    assert (
        client.post(f"/office/diplomacy/authorities/{town.pk}/", {"name": "X", "country": "ML"}).status_code
        == 403
    )
    assert client.post(f"/office/diplomacy/authorities/{town.pk}/delete/").status_code == 403
    town.refresh_from_db()
    assert town.name == "Ouahigouya"


def test_the_diplomacy_office_page_links_the_authorities(client, peace_office_user):
    client.force_login(peace_office_user)
    page = client.get("/office/diplomacy/").content.decode()
    assert reverse("diplomacy_office:authorities") in page


def test_the_list_searches_by_name_and_by_country(client, peace_office_user):
    make_partner("Ouahigouya", "BF")
    make_partner("Kayes", "ML")
    client.force_login(peace_office_user)

    by_name = client.get("/office/diplomacy/authorities/?q=kay").content.decode()
    by_country = client.get("/office/diplomacy/authorities/?q=burkina").content.decode()
    by_code = client.get("/en/office/diplomacy/authorities/?q=ml").content.decode()
    nothing = client.get("/en/office/diplomacy/authorities/?q=zzz").content.decode()

    assert "Kayes" in by_name
    assert "Ouahigouya" not in by_name
    assert "Ouahigouya" in by_country
    assert "Kayes" not in by_country
    assert "Kayes" in by_code
    assert "Ouahigouya" not in by_code
    assert "No local authority abroad matches “zzz”." in nothing


def test_the_clerk_adds_an_authority_with_coordinates_typed_with_a_comma(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post(
        "/office/diplomacy/authorities/new/",
        {"name": "Kayes", "country": "ML", "latitude": "14,4469", "longitude": "-11,4443", "website": ""},
    )
    town = ForeignAuthority.objects.get(name="Kayes")
    assert response.status_code == 302
    assert response["Location"] == reverse("diplomacy_office:authority-edit", args=[town.pk])
    assert (town.latitude, town.longitude) == (Decimal("14.4469"), Decimal("-11.4443"))
    assert AuditEvent.objects.filter(
        verb="diplomacy.foreign_authority_created", actor=peace_office_user
    ).exists()
    assert town.history.get().history_user == peace_office_user


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"latitude": "95", "longitude": "10"}, "A latitude lies between -90 and 90"),
        ({"latitude": "12", "longitude": ""}, "Give both latitude and longitude, or neither."),
        ({"latitude": "nord", "longitude": "10"}, "Latitude"),
        ({"name": "Ouahigouya", "country": "BF"}, "already in the register"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_saved(client, peace_office_user, fields, shown):
    make_partner("Ouahigouya", "BF")
    client.force_login(peace_office_user)
    data = {"name": "Kayes", "country": "ML", "latitude": "", "longitude": "", "website": "", **fields}
    response = client.post("/en/office/diplomacy/authorities/new/", data)
    assert response.status_code in {400, 409}
    assert 'id="form-errors"' in response.content.decode()
    assert shown in response.content.decode()
    assert ForeignAuthority.objects.count() == 1


def test_deleting_a_party_to_an_agreement_is_refused_with_a_clear_message(client, peace_office_user):
    town = make_partner()
    make_agreement(foreign_authorities=[town])
    client.force_login(peace_office_user)

    confirm = client.get(f"/en/office/diplomacy/authorities/{town.pk}/delete/").content.decode()
    response = client.post(f"/en/office/diplomacy/authorities/{town.pk}/delete/", follow=True)

    assert "cannot be deleted: it is a party to 1 agreement" in confirm
    assert 'id="delete-confirm"' not in confirm
    assert 'data-error-code="in_use"' in response.content.decode()
    assert "is a party to 1 agreement" in response.content.decode()
    assert ForeignAuthority.objects.filter(pk=town.pk).exists()


def test_the_clerk_deletes_an_unused_authority(client, peace_office_user):
    town = make_partner()
    client.force_login(peace_office_user)
    response = client.post(f"/office/diplomacy/authorities/{town.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == reverse("diplomacy_office:authorities")
    assert not ForeignAuthority.objects.exists()


def test_from_an_authority_the_clerk_records_an_agreement_with_it_already_chosen(client, peace_office_user):
    town = make_partner()
    client.force_login(peace_office_user)
    page = client.get(f"/office/diplomacy/authorities/{town.pk}/").content.decode()
    assert f"/office/diplomacy/agreements/new/?party={town.pk}" in page
    form = client.get(f"/office/diplomacy/agreements/new/?party={town.pk}").content.decode()
    assert f'<option value="{town.pk}" selected>' in form
