"""Writing campaigns and recording adoptions: who may, the rules, the audit trail and the history."""

import datetime as dt

import pytest

from cocopa.campaigns import services
from cocopa.campaigns.models import Adoption, Campaign
from cocopa.campaigns.testing import make_campaign, make_member
from cocopa.core.dates import Precision
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.network.models import NetworkProfile

pytestmark = pytest.mark.django_db


def _input(**fields):
    fields.setdefault("name_it", "Giornata nazionale per la pace")
    return services.CampaignInput(**fields)


# --- Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("peace_office_user", True),
        ("superuser_user", True),
        ("administrative_office_user", False),
        ("representative_user", False),
        ("plain_user", False),
    ],
)
def test_who_may_manage_the_campaigns(request, persona, allowed):
    user = request.getfixturevalue(persona)
    for perm in (
        "campaigns.view_campaign",
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "campaigns.delete_campaign",
        "campaigns.add_adoption",
        "campaigns.delete_adoption",
    ):
        assert user.has_perm(perm) is allowed, perm


def test_a_plain_user_cannot_write_a_campaign_nor_record_an_adoption(plain_user):
    with pytest.raises(Forbidden):
        services.create_campaign(_input(), actor=plain_user)
    campaign = make_campaign()
    with pytest.raises(Forbidden):
        services.record_adoption(campaign, services.AdoptionInput(member=make_member()), actor=plain_user)
    with pytest.raises(Forbidden):
        services.delete_campaign(campaign, actor=plain_user)
    assert not Adoption.objects.exists()
    assert Campaign.objects.count() == 1


# --- Campaigns -------------------------------------------------------------------------------


def test_a_new_campaign_gets_its_address_its_partial_dates_an_audit_event_and_a_history(peace_office_user):
    campaign = services.create_campaign(
        _input(name_en="National day of peace", start="2014", end="2014-06", kind="national_day"),
        actor=peace_office_user,
    )
    assert campaign.slug == "giornata-nazionale-per-la-pace"
    assert (campaign.start_on, campaign.start_precision) == (dt.date(2014, 1, 1), Precision.YEAR)
    # An end stands for the last day its precision allows.
    assert (campaign.end_on, campaign.end_precision) == (dt.date(2014, 6, 30), Precision.MONTH)
    assert campaign.start_label == "2014"
    event = AuditEvent.objects.get(verb="campaigns.campaign_created")
    assert event.actor == peace_office_user
    assert event.data["start"] == "2014"
    assert event.data["end"] == "2014-06"
    assert campaign.history.count() == 1


def test_a_changed_campaign_keeps_its_former_version(peace_office_user):
    campaign = make_campaign()
    services.update_campaign(
        campaign, _input(name_it="Appello per la pace", kind="appeal"), actor=peace_office_user
    )
    campaign.refresh_from_db()
    assert campaign.name_it == "Appello per la pace"
    assert campaign.slug == "giornata-nazionale-per-la-pace"  # the address stays
    assert [h.name_it for h in campaign.history.order_by("history_date")] == [
        "Giornata nazionale per la pace",
        "Appello per la pace",
    ]
    assert AuditEvent.objects.filter(verb="campaigns.campaign_changed").count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name_it": "  "}, "name_it"),
        ({"start": "giugno 2014"}, "start"),
        ({"end": "2014-13"}, "end"),
        ({"start": "2015", "end": "2014"}, "end"),
        ({"kind": "rally"}, "kind"),
        ({"slug": "---"}, "slug"),
    ],
)
def test_bad_input_is_refused_naming_the_field(peace_office_user, fields, code):
    with pytest.raises(DomainError) as err:
        services.create_campaign(_input(**fields), actor=peace_office_user)
    assert err.value.code == code
    assert not Campaign.objects.exists()


def test_an_address_already_taken_is_refused(peace_office_user):
    make_campaign(slug="pace")
    with pytest.raises(Conflict) as err:
        services.create_campaign(_input(name_it="Altra", slug="pace"), actor=peace_office_user)
    assert err.value.code == "slug"


def test_deleting_a_campaign_deletes_its_adoptions_and_records_it(peace_office_user):
    campaign = make_campaign()
    services.record_adoption(campaign, services.AdoptionInput(member=make_member()), actor=peace_office_user)
    services.delete_campaign(campaign, actor=peace_office_user)
    assert not Campaign.objects.exists()
    assert not Adoption.objects.exists()
    event = AuditEvent.objects.get(verb="campaigns.campaign_deleted")
    assert event.data["adoptions"] == 1
    # The history keeps what was deleted.
    assert Adoption.history.filter(history_type="-").count() == 1


# --- Adoptions -------------------------------------------------------------------------------


def test_an_adoption_with_its_act_is_recorded_and_audited(peace_office_user):
    campaign, rivoli = make_campaign(), make_member()
    adoption = services.record_adoption(
        campaign,
        services.AdoptionInput(
            member=rivoli, act_body="council", act_number="45", act_on=dt.date(2014, 3, 12)
        ),
        actor=peace_office_user,
    )
    # Without a date of adoption, the act's day is taken.
    assert (adoption.adopted_on, adoption.adopted_precision) == (dt.date(2014, 3, 12), Precision.DAY)
    event = AuditEvent.objects.get(verb="campaigns.adoption_recorded")
    assert event.data == {
        "campaign": campaign.slug,
        "member": "001219",
        "network": False,
        "adopted": "2014-03-12",
        "act": ["council", "45", "2014-03-12"],
    }
    assert adoption.history.count() == 1


def test_a_member_adopts_a_campaign_once(peace_office_user):
    campaign, rivoli = make_campaign(), make_member()
    services.record_adoption(
        campaign, services.AdoptionInput(member=rivoli, adopted="2014-03-12"), actor=peace_office_user
    )
    with pytest.raises(Conflict) as err:
        services.record_adoption(campaign, services.AdoptionInput(member=rivoli), actor=peace_office_user)
    assert err.value.code == "member"
    assert "Rivoli" in err.value.message
    assert Adoption.objects.count() == 1
    # Another campaign it may adopt.
    services.record_adoption(
        make_campaign(name_it="Altra"), services.AdoptionInput(member=rivoli), actor=None
    )
    assert Adoption.objects.count() == 2


def test_the_network_itself_takes_part_once_and_not_beside_a_member(peace_office_user):
    NetworkProfile.objects.create(name="Coordinamento Comuni per la Pace", acronym="Co.Co.Pa.")
    campaign = make_campaign()
    adoption = services.record_adoption(
        campaign, services.AdoptionInput(by_network=True), actor=peace_office_user
    )
    assert adoption.member is None
    assert adoption.adopter_name == "Co.Co.Pa."
    with pytest.raises(Conflict) as err:
        services.record_adoption(campaign, services.AdoptionInput(by_network=True), actor=peace_office_user)
    assert err.value.code == "by_network"
    with pytest.raises(DomainError) as refused:
        services.record_adoption(
            campaign, services.AdoptionInput(by_network=True, member=make_member()), actor=peace_office_user
        )
    assert refused.value.code == "member"


def test_an_adoption_needs_its_adopter_and_a_readable_date(peace_office_user):
    campaign = make_campaign()
    with pytest.raises(DomainError) as err:
        services.record_adoption(campaign, services.AdoptionInput(), actor=peace_office_user)
    assert err.value.code == "member"
    with pytest.raises(DomainError) as err:
        services.record_adoption(
            campaign,
            services.AdoptionInput(member=make_member(), adopted="12/03/2014"),
            actor=peace_office_user,
        )
    assert err.value.code == "adopted"
    assert not Adoption.objects.exists()


def test_removing_an_adoption_is_audited(peace_office_user):
    adoption = services.record_adoption(
        make_campaign(), services.AdoptionInput(member=make_member()), actor=None
    )
    services.remove_adoption(adoption, actor=peace_office_user)
    assert not Adoption.objects.exists()
    event = AuditEvent.objects.get(verb="campaigns.adoption_removed")
    assert event.actor == peace_office_user
    assert event.data["member"] == "001219"
