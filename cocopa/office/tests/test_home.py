import pytest
from django.urls import reverse

from cocopa.office import reminders
from cocopa.office.reminders import TODO_GROUPS


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("peace_office_user", 200),
        ("administrative_office_user", 200),
        ("superuser_user", 200),
        ("plain_user", 403),
        ("representative_user", 403),
    ],
)
def test_who_may_open_the_office_home(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("office:home")).status_code == status


def test_a_visitor_is_sent_to_log_in(client, db):
    response = client.get(reverse("office:home"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_peace_office_sees_its_areas_and_not_the_fees(client, peace_office_user, demo_network):
    client.force_login(peace_office_user)
    html = client.get(reverse("office:home")).content.decode()
    assert 'id="area-conventions"' in html
    assert 'id="area-people"' in html
    assert 'id="area-fees"' not in html
    assert 'data-todo="representatives"' in html


def test_the_administrative_office_sees_the_fees_and_not_governance(
    client, administrative_office_user, demo_network
):
    client.force_login(administrative_office_user)
    html = client.get(reverse("office:home")).content.decode()
    assert 'id="area-fees"' in html
    assert 'id="area-import"' in html
    assert 'id="area-members"' not in html
    assert 'data-todo="representatives"' not in html


def test_the_governance_breadcrumb_and_the_meetings_page_still_resolve(client, peace_office_user):
    assert reverse("office:dashboard") == reverse("office:home") == "/office/"
    client.force_login(peace_office_user)
    assert client.get(reverse("office:meetings")).status_code == 200


def test_todo_keeps_only_the_groups_the_user_may_open(demo_network):
    import datetime as dt

    day = dt.date(2025, 6, 1)
    every = reminders.todo(day, 30, allowed=lambda perm: True)
    none = reminders.todo(day, 30, allowed=lambda perm: False)
    assert none == []
    assert {g.kind for g in every} <= {key for key, *_ in TODO_GROUPS}
    assert all(g.reminders for g in every)


def test_the_public_site_has_a_login_link_for_visitors(client, db):
    html = client.get("/").content.decode()
    assert 'id="login-link"' in html
    assert 'href="/accounts/login/"' in html


def test_the_public_site_leads_staff_to_the_office_and_others_to_their_member(
    client, peace_office_user, representative_user
):
    client.force_login(peace_office_user)
    assert 'href="/office/" id="user-area-link"' in client.get("/").content.decode()
    client.force_login(representative_user)
    assert 'href="/me/" id="user-area-link"' in client.get("/").content.decode()


def test_a_failed_e_mail_is_on_the_to_do_panel_with_a_link_to_the_outbox(client, peace_office_user, db):
    from post_office.models import STATUS, Email

    client.force_login(peace_office_user)
    before = client.get(reverse("office:home")).content.decode()
    assert 'data-todo="emails"' not in before
    assert 'id="area-outbox"' in before

    Email.objects.create(from_email="cocopa@localhost", to=["sindaco@example.org"], status=STATUS.failed)
    Email.objects.create(from_email="cocopa@localhost", to=["vice@example.org"], status=STATUS.sent)
    html = client.get(reverse("office:home")).content.decode()

    assert 'data-todo="emails"' in html
    assert "1 messaggio non è stato inviato" in html
    assert reverse("outbox:page") in html


def test_a_representative_is_not_shown_the_outbox_group(representative_user, db):
    import datetime as dt

    from post_office.models import STATUS, Email

    Email.objects.create(from_email="cocopa@localhost", to=["sindaco@example.org"], status=STATUS.failed)
    groups = reminders.todo(dt.date(2026, 1, 5), 30, allowed=representative_user.has_perm)
    assert [g.kind for g in groups if g.kind == "emails"] == []
    assert [g.kind for g in reminders.todo(dt.date(2026, 1, 5), 30, allowed=lambda perm: True)][
        -1
    ] == "emails"


def test_the_account_bar_leads_both_offices_home_and_not_a_representative(
    client, administrative_office_user, representative_user
):
    client.force_login(administrative_office_user)
    assert 'id="account-office-link"' in client.get(reverse("self_service:home")).content.decode()
    client.force_login(representative_user)
    assert 'id="account-office-link"' not in client.get(reverse("self_service:home")).content.decode()
