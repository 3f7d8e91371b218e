"""Changing an adoption in place: through services.update_adoption, with record_adoption's rules
(a member adopts a campaign once), from the campaign's office page, for the peace office only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from cocopa.campaigns import services
from cocopa.campaigns.models import Adoption
from cocopa.campaigns.testing import make_campaign, make_member
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _adopt(campaign, member, **fields):
    return services.record_adoption(campaign, services.AdoptionInput(member=member, **fields), actor=None)


def test_the_office_changes_the_date_and_act_of_an_adoption_with_audit_and_history(peace_office_user):
    campaign, rivoli = make_campaign(), make_member()
    adoption = _adopt(campaign, rivoli, adopted="2014")
    services.update_adoption(
        adoption,
        services.AdoptionInput(
            member=rivoli,
            adopted="2014-06",
            act_body="council",
            act_number=" 45 ",
            uncertain=True,
            note_it="Da verificare",
        ),
        actor=peace_office_user,
    )
    adoption.refresh_from_db()
    assert (adoption.adopted_on, adoption.adopted_precision) == (dt.date(2014, 6, 1), "month")
    assert (adoption.act_body, adoption.act_number, adoption.uncertain) == ("council", "45", True)
    assert AuditEvent.objects.filter(
        verb="campaigns.adoption_changed", actor=peace_office_user, data__adopted="2014-06"
    ).exists()
    assert adoption.history.count() == 2


def test_an_adoption_cannot_move_to_a_member_that_already_adopted_the_campaign(peace_office_user):
    campaign, rivoli, nichelino = make_campaign(), make_member(), make_member("Nichelino", "001164")
    _adopt(campaign, rivoli, adopted="2014-03-12")
    second = _adopt(campaign, nichelino)
    with translation.override("en"), pytest.raises(Conflict) as refused:
        services.update_adoption(second, services.AdoptionInput(member=rivoli), actor=peace_office_user)
    assert refused.value.code == "member"
    assert "Rivoli already adopted this campaign (on 12 March 2014)" in refused.value.message
    second.refresh_from_db()
    assert second.member == nichelino


def test_an_adoption_keeps_its_adopter_and_a_readable_date(peace_office_user):
    campaign, rivoli = make_campaign(), make_member()
    adoption = _adopt(campaign, rivoli)
    for data, code in (
        (services.AdoptionInput(), "member"),
        (services.AdoptionInput(member=rivoli, by_network=True), "member"),
        (services.AdoptionInput(member=rivoli, adopted="12/03/2014"), "adopted"),
    ):
        with pytest.raises(DomainError) as refused:
            services.update_adoption(adoption, data, actor=peace_office_user)
        assert refused.value.code == code


def test_only_the_peace_office_changes_an_adoption(plain_user):
    campaign, rivoli = make_campaign(), make_member()
    adoption = _adopt(campaign, rivoli)
    with pytest.raises(Forbidden):
        services.update_adoption(
            adoption, services.AdoptionInput(member=rivoli, adopted="2020"), actor=plain_user
        )
    adoption.refresh_from_db()
    assert adoption.adopted_on is None


def test_the_campaign_office_page_links_each_adoption_to_its_form(client, peace_office_user):
    campaign = make_campaign()
    adoption = _adopt(campaign, make_member())
    client.force_login(peace_office_user)
    page = client.get(reverse("campaigns_office:edit", args=[campaign.pk])).content.decode()
    assert reverse("campaigns_office:edit-adoption", args=[adoption.pk]) in page


def test_the_clerk_changes_an_adoption_from_its_form(client, peace_office_user):
    campaign, rivoli = make_campaign(), make_member()
    adoption = _adopt(campaign, rivoli, adopted="2014")
    client.force_login(peace_office_user)
    url = reverse("campaigns_office:edit-adoption", args=[adoption.pk])

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {"adoption-member": rivoli.pk, "adoption-act_body": "executive", "adoption-act_on": "2014-05-02"},
    )

    assert 'value="2014"' in form  # the date as recorded
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns_office:edit", args=[campaign.pk])
    adoption.refresh_from_db()
    assert (adoption.act_body, adoption.adopted_on) == ("executive", dt.date(2014, 5, 2))


def test_moving_an_adoption_to_a_member_that_adopted_is_refused_beside_the_member(client, peace_office_user):
    campaign, rivoli, nichelino = make_campaign(), make_member(), make_member("Nichelino", "001164")
    _adopt(campaign, rivoli)
    second = _adopt(campaign, nichelino)
    client.force_login(peace_office_user)
    response = client.post(
        reverse("campaigns_office:edit-adoption", args=[second.pk]), {"adoption-member": rivoli.pk}
    )
    assert response.status_code == 409
    assert 'data-field-error="member"' in response.content.decode()
    assert Adoption.objects.get(pk=second.pk).member == nichelino


def test_a_user_without_the_right_cannot_change_an_adoption(client, plain_user):
    campaign, rivoli = make_campaign(), make_member()
    adoption = _adopt(campaign, rivoli)
    url = reverse("campaigns_office:edit-adoption", args=[adoption.pk])
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"adoption-member": rivoli.pk, "adoption-adopted": "2020"}).status_code == 403
    adoption.refresh_from_db()
    assert adoption.adopted_on is None
