"""A peace-office clerk (not a superuser) runs a meeting from start to finish in Chromium: opens
the convened Assembly, adds two agenda items (one with a document), postpones it (those convened
get a notice), and once it has opened records the register, puts an item's proposed motion to
the vote, records the roll-call on one page, counts it and downloads the minutes as PDF.
Screenshots (1280 and 390 px, Italian and English) go to $COCOPA_SHOTS when set."""

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cocopa.core.models import AuditEvent
from cocopa.core.testing import make_office_user, shoot
from cocopa.governance import testing as gt
from cocopa.governance.models import Meeting, Resolution

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def convened_assembly() -> Meeting:
    """Three members, each with a representative with an e-mail; the Assembly convened in 3 days."""
    for i, (member, person) in enumerate(gt.make_members_with_representatives(3)):
        member.name = ("Avigliana", "Bruino", "Collegno")[i]
        member.save()
        person.email = f"sindaco{i}@example.org"
        person.save()
    today = timezone.localdate()
    assembly = gt.make_assembly(key="assemblea")
    assembly.name_it, assembly.name_en = "Assemblea", "Assembly"
    assembly.save()
    return gt.make_meeting(
        assembly,
        today + dt.timedelta(days=3),
        convened_on=today - dt.timedelta(days=10),
        items=("Comunicazioni",),
    )


def log_in(page: Page, base: str, username: str, path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.locator("#login-submit").click()
    page.wait_for_url(f"**{path}")


def add_item(page: Page, title: str, motion: str = "") -> None:
    page.fill("#id_add-title", title)
    page.fill("#id_add-motion_text", motion)
    page.click("#add-item-submit")
    expect(page.locator(".alert-success")).to_be_visible()


def test_a_clerk_runs_a_meeting_from_agenda_to_minutes(
    live_server, transactional_db, page, tmp_path: Path, assert_accessible
):
    base = str(live_server.url)
    clerk = make_office_user("impiegata-pace")
    meeting = convened_assembly()

    log_in(page, base, clerk.username, f"/office/meetings/{meeting.pk}/")

    # The agenda: two items, the second with a proposed motion and a document, then moved up.
    page.click("#agenda-link")
    add_item(page, "Bilancio consuntivo 2025", "Si approva il bilancio consuntivo 2025.")
    add_item(page, "Programma delle attività")
    second = page.locator("[data-title='Bilancio consuntivo 2025']")
    second.locator("details:has(form.attach-document) summary").click()
    document = tmp_path / "Relazione del tesoriere.pdf"
    document.write_bytes(PDF)
    second.locator("input[type=file]").set_input_files(str(document))
    second.locator("form.attach-document button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator("[data-title='Programma delle attività'] button[data-move=up]").click()
    expect(page.locator("#item-2")).to_have_attribute("data-title", "Programma delle attività")
    expect(page.locator("[data-title='Bilancio consuntivo 2025'] .documents a")).to_have_text(
        "Relazione del tesoriere.pdf"
    )
    shoot(page, "meeting-1-agenda-it")
    assert_accessible(page)
    page.goto(f"{base}/en/office/meetings/{meeting.pk}/agenda/")
    shoot(page, "meeting-1-agenda-en")

    # Postponed by two days, at 17:30: the page keeps the old date; those convened are told.
    page.goto(f"{base}/office/meetings/{meeting.pk}/")
    new_start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=5), dt.time(17, 30))
    )
    page.fill("#id_postpone_starts_at", new_start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_postpone_reason", "Sala non disponibile")
    page.click("#postpone-submit")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#postponements li")).to_have_count(1)
    shoot(page, "meeting-2-postponed-it")
    assert_accessible(page)
    assert sorted(m.to[0] for m in mail.outbox) == [f"sindaco{i}@example.org" for i in range(3)]
    assert AuditEvent.objects.filter(verb="governance.meeting_postponed", actor=clerk).exists()

    # The day of the meeting, half an hour after the start.
    with time_machine.travel(new_start + dt.timedelta(minutes=30), tick=True):
        log_in(page, base, clerk.username, f"/office/meetings/{meeting.pk}/")  # a new day's session
        for row in page.locator("#register tbody tr").all():
            row.locator("input[value=present]").check()
        page.locator("#attendance-form button[type=submit]").click()
        expect(page.locator("#quorum")).to_have_attribute("data-quorum-reached", "true")

        page.locator("[data-put-item='3']").click()
        expect(page.locator("#id_title")).to_have_value("Bilancio consuntivo 2025")
        page.locator("#motion-form button[type=submit]").click()

        # The roll-call, every member on one page.
        rows = page.locator("#roll-call-form tbody tr")
        expect(rows).to_have_count(3)
        for row in rows.all():
            row.locator("input[value=for]").check()
        shoot(page, "meeting-3-roll-call-it")
        page.locator("#roll-call-form button[type=submit]").click()
        expect(page.locator(".alert-success")).to_be_visible()
        page.click("#count-motion")
        expect(page.locator("#resolution")).to_be_visible()
        shoot(page, "meeting-4-counted-it")
        page.goto(page.url.replace(base, base + "/en"))
        shoot(page, "meeting-4-counted-en")

        # The minutes, as PDF.
        page.goto(f"{base}/office/meetings/{meeting.pk}/")
        shoot(page, "meeting-5-held-it")
        href = page.locator("#minutes-pdf").get_attribute("href")
        response = page.request.get(base + str(href))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        assert "Bilancio consuntivo 2025" in text
        assert Resolution.objects.get().title in text
        page.goto(f"{base}/en/office/meetings/{meeting.pk}/")
        shoot(page, "meeting-5-held-en")
