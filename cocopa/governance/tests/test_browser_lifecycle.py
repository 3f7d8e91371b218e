"""The peace-office clerk (not a superuser) in Debian's chromium on the demo network, on the pages
the lifecycle rules touch: a register refused before the meeting opens, a vote whose quorum is the
one stored although the register changed afterwards, an election with a tie for second place
settled by the tie rule, and a body's population weights marked as software defaults.

Screenshots (1280 px and 390 px, Italian and English) go to $COCOPA_SHOTS when it is set."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocopa.core.roles import PEACE_OFFICE_GROUP
from cocopa.core.testing import shoot
from cocopa.governance import services
from cocopa.governance.models import Attendance, Body, Person, Position
from cocopa.members import queries as member_queries

pytestmark = pytest.mark.browser

PASSWORD = "una-password-lunga"


def both_languages(page: Page, site: str, path: str, name: str) -> None:
    for prefix, lang in (("", "it"), ("/en", "en")):
        page.goto(f"{site}{prefix}{path}")
        shoot(page, f"{name}-{lang}")


def test_the_clerk_sees_the_lifecycle_on_the_office_pages(site, page):
    clerk = User.objects.create_user("impiegata", password=PASSWORD, is_staff=True)
    clerk.groups.add(Group.objects.get_or_create(name=PEACE_OFFICE_GROUP)[0])
    assembly = Body.objects.get(key="assemblea")
    now = timezone.localtime()
    members = list(member_queries.members_in_good_standing(now.date()))

    # A meeting in ten days: its register is refused.
    future = services.convene(
        assembly,
        (now + dt.timedelta(days=10)).replace(hour=18, minute=0, second=0, microsecond=0),
        actor=clerk,
        convened_on=now.date(),
        place="Sala consiliare",
        items=[("Bilancio", "")],
    )
    # A meeting that began yesterday: register, one vote counted, then two members marked absent.
    held = services.convene(
        assembly,
        (now - dt.timedelta(days=1)).replace(hour=18, minute=0, second=0, microsecond=0),
        actor=clerk,
        convened_on=now.date() - dt.timedelta(days=30),
        place="Sala consiliare",
        items=[("Bilancio", "")],
    )
    present = Attendance.Presence.PRESENT
    services.record_attendance(held, {m.pk: (present, None) for m in members}, actor=clerk)
    motion = services.put_motion(held, "Approvazione del bilancio", actor=clerk, weighting="double")
    services.record_roll_call(motion, {m.pk: "for" for m in members}, actor=clerk)
    services.count_motion(motion, actor=clerk)
    absent = Attendance.Presence.ABSENT
    services.record_attendance(held, {m.pk: (absent, None) for m in members[:2]}, actor=clerk)

    # An election of five board members, the first two becoming president and vice-president,
    # three candidates tied for second place; the tie rule is the older membership.
    seat = Position.objects.get(body__key="comitato-direttivo", key="member")
    election = services.create_election(
        seat,
        actor=clerk,
        title="Elezione del Comitato Direttivo",
        held_on=now.date(),
        term_start=now.date() + dt.timedelta(days=1),
        seats=5,
        tie_rule="seniority",
        creates_presidency=True,
        secret=False,  # the office enters in-person choices only in an open election
    )
    ids = [
        services.nominate(election, Person.objects.create(name=f"Candidata {i + 1}"), m, m, actor=clerk).pk
        for i, m in enumerate(members[:6])
    ]
    services.open_election(election, actor=clerk)
    a, b, c, d, e, _f = ids
    for member, choices in zip(members, [[a, b, c, d, e], [a, b, c, d], [a]], strict=False):
        services.record_in_person(election, member, choices, actor=clerk)
    services.close_election(election, actor=clerk)
    services.count_election(election, actor=clerk)

    page.goto(site + "/accounts/login/?next=/office/")
    page.locator("#id_username").fill("impiegata")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url("**/office/")

    both_languages(page, site, "/office/", "dashboard")
    for prefix, lang in (("", "it"), ("/en", "en")):
        page.goto(f"{site}{prefix}/office/meetings/{future.pk}/")
        expect(page.locator("#not-open")).to_be_visible()
        expect(page.locator("#attendance-form button[type=submit]")).to_have_count(0)
        shoot(page, f"meeting-not-open-{lang}")
    both_languages(page, site, f"/office/meetings/{held.pk}/", "meeting-held")
    both_languages(page, site, f"/office/motions/{motion.pk}/", "motion-counted")
    expect(page.locator("#quorum [data-members-present]")).to_have_attribute(
        "data-members-present", str(len(members))
    )
    both_languages(page, site, f"/office/elections/{election.pk}/", "election-ties")
    expect(page.locator("#ties .tie")).to_have_count(1)
    both_languages(page, site, "/office/bodies/assemblea/", "body-weights")
    expect(page.locator("#population-weights")).to_be_visible()
