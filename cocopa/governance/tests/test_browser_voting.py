"""A representative votes online in Debian's chromium: logs in on the login page, opens /me/,
ticks a candidate and submits; the page says the member voted and one participation is stored.
Never downloads a browser: without /usr/bin/chromium the test skips, or fails under CI=true."""

import pytest
from playwright.sync_api import expect

from cocopa.governance.models import Ballot, Participation
from cocopa.governance.tests.test_office_views import (
    make_office_user,
    make_representative,
    members_today,
    open_board_election,
)

pytestmark = pytest.mark.browser


def test_a_representative_logs_in_and_votes_for_their_member(site, page):
    office = make_office_user()
    member = members_today()[3]
    make_representative(office, member, username="sindaca", password="una-password-lunga")
    election = open_board_election(office, candidates=3)
    chosen = election.candidates.order_by("pk").first()

    page.goto(site + "/me/")
    assert "/accounts/login/" in page.url
    page.locator("#id_username").fill("sindaca")
    page.locator("#id_password").fill("una-password-lunga")
    page.locator("#login-submit").click()

    ballot = page.locator(f"#ballot-{election.pk}-{member.pk}")
    expect(ballot).to_have_attribute("data-voted", "false")
    box = ballot.locator(f"input[type=checkbox][value='{chosen.pk}']")
    # Bootstrap Italia draws the box on the label, which is what a person clicks.
    ballot.locator(f"label[for='{box.get_attribute('id')}']").click()
    expect(box).to_be_checked()
    ballot.locator("button[type=submit]").click()

    expect(page.locator(f"#voted-{election.pk}-{member.pk}")).to_be_visible()
    expect(page.locator(f"#ballot-{election.pk}-{member.pk}")).to_have_attribute("data-voted", "true")
    assert Participation.objects.filter(election=election, authority=member, channel="online").count() == 1
    assert Participation.objects.count() == 1
    assert list(Ballot.objects.values_list("choices", flat=True)) == [[chosen.pk]]
