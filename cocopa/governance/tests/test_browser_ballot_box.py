"""A peace-office clerk, not a superuser, runs the in-person part of a secret board election in
Debian's chromium: marks who voted (no choice asked), closes voting, enters the count of the
whole box (a wrong count refused with its reason), and the count includes it.

Screenshots (1280 px and 390 px, Italian and English) go to $COCOPA_SHOTS when it is set."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import expect

from cocopa.core.roles import PEACE_OFFICE_GROUP
from cocopa.core.testing import shoot
from cocopa.governance import services
from cocopa.governance.models import BallotBox, Election, Person, Position
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"


def _secret_election(clerk: User) -> tuple[Election, list[LocalAuthority]]:
    today = timezone.localdate()
    position = Position.objects.get(body__key="comitato-direttivo", key="member")
    election = services.create_election(
        position,
        actor=clerk,
        title="Rinnovo del Comitato Direttivo",
        held_on=today,
        term_start=today + dt.timedelta(days=1),
        seats=2,
    )
    members = list(member_queries.members_in_good_standing(today).order_by("name"))
    for i, name in enumerate(["Anna Rossi", "Bruno Bianchi", "Carla Verdi"]):
        services.nominate(election, Person.objects.create(name=name), members[i], members[i], actor=clerk)
    services.open_election(election, actor=clerk)
    return election, members


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_clerk_marks_in_person_voters_and_enters_the_box(site, page, language):
    clerk = User.objects.create_user("impiegata", password=PASSWORD, is_staff=True)
    clerk.groups.add(Group.objects.get_or_create(name=PEACE_OFFICE_GROUP)[0])
    election, members = _secret_election(clerk)
    prefix = "" if language == "it" else "/en"

    page.goto(f"{site}{prefix}/accounts/login/?next={prefix}/office/elections/{election.pk}/")
    page.locator("#id_username").fill("impiegata")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url(f"**/office/elections/{election.pk}/")

    form = page.locator("#in-person-form")
    expect(form.locator("input[name=choices]")).to_have_count(0)
    for member in members[:3]:
        form.locator("select[name=authority]").select_option(str(member.pk))
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"**/office/elections/{election.pk}/")
    shoot(page, f"election-secret-in-person-{language}")
    page.locator("#close-election").click()
    page.wait_for_url(f"**/office/elections/{election.pk}/")
    page.locator("#ballot-box-link").click()
    page.wait_for_url(f"**/office/elections/{election.pk}/box/")
    expect(page.locator("#box-voters")).to_have_attribute("data-voters", "3")
    shoot(page, f"ballot-box-{language}")

    a, b, _c = (c.pk for c in election.candidates.order_by("pk"))
    page.fill("input[name=ballots]", "2")
    page.fill(f"input[name=candidate_{a}]", "2")
    page.locator("#record-box").click()
    expect(page.locator("[data-error-code=box_not_register]")).to_be_visible()
    shoot(page, f"ballot-box-refused-{language}")

    page.fill("input[name=ballots]", "3")
    page.fill("input[name=blank]", "1")
    page.fill(f"input[name=candidate_{a}]", "2")
    page.fill(f"input[name=candidate_{b}]", "1")
    page.locator("#record-box").click()
    page.wait_for_url(f"**/office/elections/{election.pk}/")
    expect(page.locator("#ballot-box")).to_be_visible()
    shoot(page, f"election-box-recorded-{language}")
    page.locator("#count-election").click()
    page.wait_for_url(f"**/office/elections/{election.pk}/")
    expect(page.locator("#result")).to_be_visible()
    shoot(page, f"election-counted-{language}")

    assert BallotBox.objects.get(election=election).blank == 1
    election.refresh_from_db()
    assert (election.result["ballots"], election.result["blank"]) == (3, 1)
