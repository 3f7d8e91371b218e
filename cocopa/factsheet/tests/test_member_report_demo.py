"""The member's report on the demo network: each section's count is what the registers hold for
that member and year, counted here independently of report_queries; and the command."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from cocopa.cooperation.models import Participation
from cocopa.diplomacy.models import Agreement, Mission
from cocopa.events.models import Event
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.usefixtures("demo_network")


def count(html: str, section: str) -> int:
    found = re.search(rf'data-section="{section}" data-count="(\d+)"', html)
    assert found, section
    return int(found.group(1))


def in_year(first: dt.date | None, last: dt.date | None, year: int) -> bool:
    first, last = first or last, last or first
    return first is not None and last is not None and first.year <= year <= last.year


@pytest.mark.parametrize(("name", "year"), [("Torino", 2017), ("Beinasco", 2025), ("Rivoli", 2025)])
def test_each_sections_count_is_the_registers(client: Client, name: str, year: int) -> None:
    member = LocalAuthority.objects.get(name=name, kind=LocalAuthority.Kind.MUNICIPALITY)
    html = client.get(f"/en/members/{member.slug}/report/?year={year}").content.decode()

    events = {
        e.pk
        for e in Event.objects.filter(is_public=True)
        .filter(Q(place_authority=member) | Q(organisers=member) | Q(participants=member))
        .distinct()
        if in_year(e.start_on, e.last_on, year)
    }
    missions = {
        m.pk
        for m in Mission.objects.filter(Q(members=member) | Q(participants__member=member)).distinct()
        if in_year(m.started_on, m.ended_on, year)
    }
    agreements = {
        a.pk
        for a in Agreement.objects.filter(members=member)
        if a.signed_on and a.signed_on.year <= year and (a.ended_on is None or a.ended_on.year >= year)
    }
    initiatives = set()
    for p in Participation.objects.filter(organisation__authority=member, initiative__publisher__isnull=True):
        start = p.initiative.actual_start or p.initiative.planned_start
        end = p.initiative.actual_end or p.initiative.planned_end
        if end is None and start is not None and p.initiative.status == "2":  # under way: runs on to today
            end = timezone.localdate()
        if in_year(start, end, year):
            initiatives.add(p.initiative_id)
    assert count(html, "events") == len(events)
    assert count(html, "missions") == len(missions)
    assert count(html, "agreements") == len(agreements)
    assert count(html, "initiatives") == len(initiatives)
    assert events or missions  # the demo holds something for each of these member-years
    # The demo records no fee, no school activity and no vote: the page says so, never zeros.
    assert 'data-fee-shown="false"' in html
    assert "No figures recorded for" in html


def test_torinos_2017_lists_the_event_dated_to_the_month_only(client: Client) -> None:
    html = client.get("/en/members/001272/report/?year=2017").content.decode()
    assert 'data-precision="month"' in html
    assert "May 2017" in html
    assert "Burkina Faso mayors (AMBF) received in Torino" in html


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_command_writes_the_report(tmp_path: Path, language: str) -> None:
    target = tmp_path / "report.pdf"
    out = io.StringIO()
    call_command(
        "member_report", "001272", "--year", "2017", "--lang", language, "-o", str(target), stdout=out
    )
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Torino" in text
    assert "2017" in text
    assert "Torino for 2017" in out.getvalue()
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["999999"], "code"),
        (["001272", "--year", "20x7"], "--year"),
        (["001272", "-o", "/nonexistent/f.pdf"], "-o"),
    ],
)
def test_the_command_refuses_bad_input_naming_it(tmp_path: Path, args: list[str], option: str) -> None:
    argv = [*args] if "-o" in args else [*args, "-o", str(tmp_path / "f.pdf")]
    with pytest.raises(CommandError, match=f"^{option}:"):
        call_command("member_report", *argv, stdout=io.StringIO())
    assert not list(tmp_path.iterdir())
