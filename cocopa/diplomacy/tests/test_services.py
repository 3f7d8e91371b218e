"""Recording agreements and missions: who may, the rules each refusal names, audit and history."""

from decimal import Decimal

import pytest

from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.diplomacy import services
from cocopa.diplomacy.models import Agreement, Cost, Mission, Participant
from cocopa.diplomacy.testing import make_agreement, make_kind, make_member, make_mission, make_partner

pytestmark = pytest.mark.django_db


def _mission(**fields):
    fields.setdefault("direction", Mission.Direction.OUTGOING)
    fields.setdefault("title_it", "Missione istituzionale in Senegal")
    return services.MissionInput(**fields)


def test_the_peace_office_records_a_mission_with_its_people_and_costs(peace_office_user):
    rivoli = make_member("Rivoli")
    mission = services.create_mission(
        _mission(
            country="SN",
            place="Dakar",
            started_on="2025-10-28",
            ended_on="2025-11-04",
            members=[rivoli],
            participants=[
                services.ParticipantInput(office_it="Sindaco di Rivoli", name="A. B.", public_office=True)
            ],
            costs=[
                services.CostInput(
                    item="Voli", amount=Decimal("1200.50"), currency="EUR", payer="Comune di Rivoli"
                )
            ],
        ),
        actor=peace_office_user,
    )
    assert mission.period
    assert list(mission.members.all()) == [rivoli]
    assert [p.public_label for p in mission.participants.all()] == ["A. B., Sindaco di Rivoli"]
    assert [(c.item, c.amount, c.payer) for c in mission.costs.all()] == [
        ("Voli", Decimal("1200.50"), "Comune di Rivoli")
    ]
    event = AuditEvent.objects.get(verb="diplomacy.mission_created")
    assert event.actor == peace_office_user
    assert event.target_id == str(mission.pk)
    assert event.data["costs"] == ["1200.50 EUR"]
    assert mission.history.count() == 1


@pytest.mark.parametrize("persona", ["plain_user", "representative_user", "administrative_office_user"])
def test_nobody_outside_the_peace_office_writes_the_register(request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        services.create_mission(_mission(), actor=user)
    with pytest.raises(Forbidden):
        services.create_agreement(
            services.AgreementInput(kind=make_kind(), title_it="Patto", foreign_authorities=[make_partner()]),
            actor=user,
        )
    assert not Mission.objects.exists()
    assert not Agreement.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="diplomacy.mission").exists()


def test_a_partial_date_keeps_its_precision_and_an_end_stands_for_its_last_day(peace_office_user):
    agreement = services.create_agreement(
        services.AgreementInput(
            kind=make_kind(),
            title_it="Patto",
            foreign_authorities=[make_partner()],
            signed_on="2017",
            ended_on="2020",
        ),
        actor=peace_office_user,
    )
    assert (agreement.signed_on.isoformat(), agreement.signed_on_precision) == ("2017-01-01", "year")
    assert (agreement.ended_on.isoformat(), agreement.ended_on_precision) == ("2020-12-31", "year")
    assert agreement.period == "2017 – 2020"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"signed_on": "1 luglio 2017"}, "signed_on"),
        ({"signed_on": "2020", "ended_on": "2017"}, "ended_on"),
        ({"act_on": "2017"}, "act_on"),
        ({"title_it": " "}, "title_it"),
        ({"foreign_authorities": []}, "members"),
    ],
)
def test_an_agreement_is_refused_naming_the_field(peace_office_user, fields, code):
    data = {"kind": make_kind(), "title_it": "Patto", "foreign_authorities": [make_partner()], **fields}
    with pytest.raises(DomainError) as err:
        services.create_agreement(services.AgreementInput(**data), actor=peace_office_user)
    assert err.value.code == code
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code", "line"),
    [
        ({"direction": "sideways"}, "direction", ""),
        ({"started_on": "2025-11-04", "ended_on": "2025-10-28"}, "ended_on", ""),
        ({"latitude": Decimal("14.7")}, "longitude", ""),
        (
            {
                "participants": [
                    services.ParticipantInput(office_it="Sindaco"),
                    services.ParticipantInput(office_it=""),
                ]
            },
            "participants",
            "2",
        ),
        ({"costs": [services.CostInput(item="Voli", amount=Decimal("-5"))]}, "costs", "1"),
        ({"costs": [services.CostInput(item="Voli", amount=Decimal("5"), currency="euro")]}, "costs", "1"),
    ],
)
def test_a_mission_is_refused_naming_the_field_and_the_line(peace_office_user, fields, code, line):
    with pytest.raises(DomainError) as err:
        services.create_mission(_mission(**fields), actor=peace_office_user)
    assert err.value.code == code
    assert line in err.value.message
    assert not Mission.objects.exists()
    assert not Participant.objects.exists()


def test_changing_a_mission_replaces_its_people_and_costs_and_keeps_history(peace_office_user):
    mission = make_mission(
        participants=[services.ParticipantInput(office_it="Sindaco di Rivoli")],
        costs=[services.CostInput(item="Voli", amount=Decimal("100"))],
    )
    services.update_mission(
        mission,
        _mission(
            title_it="Missione a Dakar",
            costs=[services.CostInput(item="Alloggio", amount=Decimal("300"), currency="XOF")],
        ),
        actor=peace_office_user,
    )
    mission.refresh_from_db()
    assert mission.title == "Missione a Dakar"
    assert not mission.participants.exists()
    assert [(c.item, c.currency) for c in Cost.objects.filter(mission=mission)] == [("Alloggio", "XOF")]
    assert mission.history.count() == 2
    assert Participant.history.filter(history_type="-").count() == 1
    assert AuditEvent.objects.filter(verb="diplomacy.mission_changed", actor=peace_office_user).count() == 1


def test_deleting_an_agreement_leaves_the_missions_that_named_it(peace_office_user):
    agreement = make_agreement()
    mission = make_mission(agreements=[agreement])
    services.delete_agreement(agreement, actor=peace_office_user)
    assert not Agreement.objects.exists()
    assert Mission.objects.get(pk=mission.pk).agreements.count() == 0
    event = AuditEvent.objects.get(verb="diplomacy.agreement_deleted")
    assert event.data["title"] == "Patto con Ouahigouya"


def test_deleting_a_mission_takes_its_parts_and_is_audited(peace_office_user):
    mission = make_mission(costs=[services.CostInput(item="Voli", amount=Decimal("1"))])
    services.delete_mission(mission, actor=peace_office_user)
    assert not Mission.objects.exists()
    assert not Cost.objects.exists()
    assert AuditEvent.objects.filter(verb="diplomacy.mission_deleted", actor=peace_office_user).exists()


def test_a_local_authority_abroad_is_named_once_per_country(peace_office_user):
    make_partner("Ouahigouya", "BF")
    with pytest.raises(DomainError) as err:
        services.create_foreign_authority(
            services.ForeignAuthorityInput(name="Ouahigouya", country="BF"), actor=peace_office_user
        )
    assert err.value.code == "name"
    other = services.create_foreign_authority(
        services.ForeignAuthorityInput(name="Ouahigouya", country="ML"), actor=peace_office_user
    )
    assert AuditEvent.objects.filter(
        verb="diplomacy.foreign_authority_created", target_id=str(other.pk)
    ).exists()
