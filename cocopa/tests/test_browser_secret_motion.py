"""A peace-office clerk (not a superuser) puts a motion to a secret paper ballot in Chromium, enters
the tellers' count of the whole box (first one paper too many: refused beside its field, nothing
written), and sees the outcome and the resolution. Screenshots (1280 and 390 px, Italian and
English) go to $COCOPA_SHOTS when set."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocopa.core.models import AuditEvent
from cocopa.core.testing import make_office_user, shoot
from cocopa.governance import testing as gt
from cocopa.governance.models import Meeting, Motion, MotionPaperCount, Resolution

pytestmark = pytest.mark.browser


def meeting_under_way() -> Meeting:
    """Four members; the Assembly met yesterday (its register, votes and counts can be entered)."""
    for i, (member, _person) in enumerate(gt.make_members_with_representatives(4)):
        member.name = ("Avigliana", "Bruino", "Collegno", "Druento")[i]
        member.save()
    assembly = gt.make_assembly(key="assemblea")
    assembly.name_it, assembly.name_en = "Assemblea", "Assembly"
    assembly.save()
    return gt.make_meeting(
        assembly, timezone.localdate() - dt.timedelta(days=1), items=("Revisore dei conti",)
    )


def log_in(page: Page, base: str, username: str, path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.locator("#login-submit").click()
    page.wait_for_url(f"**{path}")


def test_a_clerk_records_a_secret_paper_count_and_sees_the_outcome(
    live_server, transactional_db, page, assert_accessible
):
    base = str(live_server.url)
    clerk = make_office_user("impiegata-pace")
    meeting = meeting_under_way()
    log_in(page, base, clerk.username, f"/office/meetings/{meeting.pk}/")

    # Three of four members present: three could vote.
    rows = page.locator("#register tbody tr").all()
    for row in rows[:3]:
        row.locator("input[value=present]").check()
    rows[3].locator("input[value=absent]").check()
    page.locator("#attendance-form button[type=submit]").click()
    expect(page.locator("#quorum")).to_have_attribute("data-quorum-reached", "true")

    page.goto(f"{base}/office/meetings/{meeting.pk}/motions/new/")
    page.fill("#id_title", "Nomina del revisore dei conti")
    page.select_option("#id_voting", "secret")
    shoot(page, "secret-motion-1-put-it")
    page.locator("#motion-form button[type=submit]").click()
    expect(page.locator("#motion-voting")).to_have_attribute("data-voting", "secret")
    expect(page.locator("#paper-count-form")).to_have_attribute("data-voters", "3")
    expect(page.locator("#roll-call-form")).to_have_count(0)
    assert_accessible(page)

    # One paper too many: refused beside the field, nothing written.
    page.fill("#id_in_favour", "4")
    page.fill("#id_against", "0")
    page.fill("#id_abstain", "0")
    page.click("#record-paper-count")
    expect(page.locator("[data-field-error=in_favour]")).to_be_visible()
    expect(page.locator("[data-error-code=count_over_voters]")).to_be_visible()
    shoot(page, "secret-motion-2-refused-it")
    assert not MotionPaperCount.objects.exists()
    motion_path = f"/office/motions/{Motion.objects.get().pk}/"
    page.goto(f"{base}/en{motion_path}")
    shoot(page, "secret-motion-2-form-en")
    page.goto(f"{base}{motion_path}")

    # The tellers' count: 2 for, 1 against.
    page.fill("#id_in_favour", "2")
    page.fill("#id_against", "1")
    page.fill("#id_abstain", "0")
    page.click("#record-paper-count")
    expect(page.locator("#outcome")).to_have_attribute("data-motion-carried", "true")
    expect(page.locator("#paper-count")).to_have_attribute("data-papers", "3")
    expect(page.locator("#resolution")).to_be_visible()
    assert_accessible(page)
    shoot(page, "secret-motion-3-counted-it")
    page.goto(f"{base}/en{motion_path}")
    shoot(page, "secret-motion-3-counted-en")

    motion = Motion.objects.get()
    assert (motion.status, motion.carried, motion.voting) == ("counted", True, "secret")
    assert Resolution.objects.get().motion_id == motion.pk
    assert AuditEvent.objects.filter(verb="governance.paper_count_recorded", actor=clerk).exists()

    page.goto(f"{base}/office/meetings/{meeting.pk}/")
    expect(page.locator(f"[data-secret-motion='{motion.pk}']")).to_be_visible()
    shoot(page, "secret-motion-4-meeting-it")
