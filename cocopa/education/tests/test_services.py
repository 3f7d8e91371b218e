"""Writing programmes, activities and topics: who may, the rules, the audit trail and the history."""

import pytest

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.education import services
from cocopa.education.models import Activity, Programme
from cocopa.education.testing import make_activity, make_programme, make_school_member, make_topic
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db


def _activity(programme, member, **fields):
    fields.setdefault("school_name", "IC Primo Levi")
    fields.setdefault("school_year", 2024)
    fields.setdefault("level", Activity.Level.PRIMARIA)
    fields.setdefault("pupils", 20)
    return services.ActivityInput(programme=programme, member=member, **fields)


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
def test_who_may_write_peace_education(request, persona, allowed):
    user = request.getfixturevalue(persona)
    for perm in (
        "education.add_programme",
        "education.change_activity",
        "education.delete_activity",
        "education.import_activities",
    ):
        assert user.has_perm(perm) is allowed, perm


def test_the_peace_office_records_a_programme_audited_with_its_history(peace_office_user):
    topic = make_topic()
    programme = services.create_programme(
        services.ProgrammeInput(
            title_it="Crescere in Pace",
            from_year=2005,
            to_year=2007,
            partners=" Co.Co.Pa. \n\nConsorzio ONG Piemontesi ",
            topics=[topic],
        ),
        actor=peace_office_user,
    )
    assert programme.slug == "crescere-in-pace"
    assert programme.partner_list == ["Co.Co.Pa.", "Consorzio ONG Piemontesi"]
    assert programme.years == "2005–2007"
    assert list(programme.topics.all()) == [topic]
    event = AuditEvent.objects.get(verb="education.programme_created")
    assert (event.actor, event.target_id) == (peace_office_user, str(programme.pk))
    assert programme.history.count() == 1
    assert programme.history.first().history_user == peace_office_user


def test_someone_outside_the_office_cannot_write(plain_user):
    with pytest.raises(Forbidden):
        services.create_programme(services.ProgrammeInput(title_it="Pace"), actor=plain_user)
    programme = make_programme()
    with pytest.raises(Forbidden):
        services.create_activity(_activity(programme, make_school_member()), actor=plain_user)
    assert not Programme.objects.exclude(pk=programme.pk).exists()
    assert not Activity.objects.exists()


def test_a_programme_ending_before_it_starts_is_refused(peace_office_user):
    with pytest.raises(DomainError) as err:
        services.create_programme(
            services.ProgrammeInput(title_it="Pace", from_year=2010, to_year=2005), actor=peace_office_user
        )
    assert err.value.code == "to_year"


def test_a_programme_with_activities_cannot_be_deleted(peace_office_user):
    programme = make_programme()
    make_activity(programme, make_school_member())
    with pytest.raises(Conflict) as err:
        services.delete_programme(programme, actor=peace_office_user)
    assert err.value.code == "has_activities"
    Activity.objects.all().delete()
    services.delete_programme(programme, actor=peace_office_user)
    assert AuditEvent.objects.filter(verb="education.programme_deleted").count() == 1


def test_an_activity_is_recorded_changed_and_deleted_each_audited(peace_office_user):
    programme, member = make_programme(), make_school_member()
    activity = services.create_activity(
        _activity(programme, member, school_code=" toic81500x "), actor=peace_office_user
    )
    assert activity.school_code == "TOIC81500X"
    assert activity.school_year_label == "2024/25"
    services.update_activity(activity, _activity(programme, member, pupils=45), actor=peace_office_user)
    activity.refresh_from_db()
    assert activity.pupils == 45
    assert [h.pupils for h in activity.history.order_by("history_id")] == [20, 45]
    services.delete_activity(activity, actor=peace_office_user)
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="education.activity")
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == ["education.activity_created", "education.activity_changed", "education.activity_deleted"]
    assert AuditEvent.objects.get(verb="education.activity_deleted").data["pupils"] == 45


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"school_name": " "}, "school_name"),
        ({"school_code": "TOIC8150"}, "school_code"),
        ({"level": "università"}, "level"),
        ({"pupils": 0, "classes": 0, "teachers": 0}, "pupils"),
        ({"pupils": -1}, "pupils"),
    ],
)
def test_an_activity_against_the_rules_is_refused_naming_its_field(peace_office_user, fields, code):
    with pytest.raises(DomainError) as err:
        services.create_activity(
            _activity(make_programme(), make_school_member(), **fields), actor=peace_office_user
        )
    assert err.value.code == code
    assert not Activity.objects.exists()


def test_an_activity_counts_only_for_a_member_of_that_school_year(peace_office_user):
    import datetime as dt

    left = make_authority("Trofarello", 10_000, joined=dt.date(2000, 1, 1), left=dt.date(2024, 8, 31))
    with pytest.raises(DomainError) as err:
        services.create_activity(_activity(make_programme(), left, school_year=2024), actor=peace_office_user)
    assert err.value.code == "member"
    # The year before, it was a member.
    services.create_activity(
        _activity(Programme.objects.get(), left, school_year=2023), actor=peace_office_user
    )


def test_a_topic_key_is_unique(peace_office_user):
    services.create_topic("justice", "giustizia", "justice", actor=peace_office_user)
    with pytest.raises(Conflict):
        services.create_topic("Justice", "giustizia", actor=peace_office_user)
