"""services.record_in_person_sheet and its page: every in-person ballot of an election on one page."""

import pytest
from django.urls import reverse

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import Ballot, Participation

pytestmark = pytest.mark.django_db


def election(secret: bool):
    _body, seat = gt.make_board(1)
    pairs = gt.make_members_with_representatives(2)
    made = gt.make_election(seat, [(p, a) for a, p in pairs], secret=secret, max_choices=1)
    return made, gt.candidate_ids(made), [a for a, _p in pairs] + [gt.make_member(f"Z{i}") for i in range(3)]


def test_a_secret_sheet_marks_every_ticked_member_and_writes_no_ballot(office):
    made, _ids, members = election(secret=True)

    done = services.record_in_person_sheet(made, {m: [] for m in members[:4]}, actor=office)

    assert len(done) == 4
    assert Participation.objects.filter(election=made, channel="in_person").count() == 4
    assert not Ballot.objects.exists()


def test_an_open_sheet_records_each_member_s_choice_and_a_blank_ballot(office):
    made, (c1, c2), members = election(secret=False)

    services.record_in_person_sheet(made, {members[0]: [c1], members[1]: [c2], members[2]: []}, actor=office)

    assert sorted(Ballot.objects.values_list("authority__name", "choices")) == sorted(
        [(members[0].name, [c1]), (members[1].name, [c2]), (members[2].name, [])]
    )


def test_one_refusal_on_the_sheet_names_the_member_and_writes_nothing(office):
    made, (c1, _c2), members = election(secret=False)
    services.record_in_person(made, members[2], [c1], actor=office)

    with pytest.raises(Conflict) as err:
        services.record_in_person_sheet(made, {members[0]: [c1], members[2]: [c1]}, actor=office)

    assert err.value.code == "already_voted"
    assert members[2].name in err.value.message
    assert Participation.objects.filter(election=made).count() == 1


def test_an_empty_sheet_and_a_stranger_are_refused(office, representative_user):
    made, _ids, members = election(secret=True)
    with pytest.raises(DomainError) as err:
        services.record_in_person_sheet(made, {}, actor=office)
    assert err.value.code == "sheet_empty"
    with pytest.raises(Forbidden):
        services.record_in_person_sheet(made, {members[0]: []}, actor=representative_user)


def test_the_clerk_ticks_the_members_on_one_page(client, office):
    made, (c1, c2), members = election(secret=False)
    client.force_login(office)
    url = reverse("office:in-person-sheet", args=[made.pk])
    page = client.get(url).content.decode()
    assert all(f'data-member="{m.pk}"' in page for m in members)

    response = client.post(
        url,
        {
            f"voted_{members[0].pk}": "on",
            f"choices_{members[0].pk}": [c1],
            f"voted_{members[3].pk}": "on",
            f"choices_{members[3].pk}": [c2],
            f"voted_{members[4].pk}": "on",
        },
    )

    assert response.status_code == 302
    assert Participation.objects.filter(election=made).count() == 3
    page = client.get(url).content.decode()
    assert f'data-member="{members[0].pk}"' not in page  # who voted leaves the sheet


def test_choices_without_the_tick_or_too_many_choices_are_shown_beside_the_row(client, office):
    made, (c1, c2), members = election(secret=False)
    client.force_login(office)
    url = reverse("office:in-person-sheet", args=[made.pk])

    unticked = client.post(url, {f"choices_{members[0].pk}": [c1]})
    too_many = client.post(url, {f"voted_{members[1].pk}": "on", f"choices_{members[1].pk}": [c1, c2]})

    assert unticked.status_code == 400
    assert f'data-field-error="voted_{members[0].pk}"' in unticked.content.decode()
    assert too_many.status_code == 400
    assert members[1].name in too_many.content.decode()
    assert not Participation.objects.exists()


def test_the_sheet_is_the_peace_office_s(client, representative_user):
    made, _ids, _members = election(secret=True)
    client.force_login(representative_user)
    assert client.get(reverse("office:in-person-sheet", args=[made.pk])).status_code == 403
