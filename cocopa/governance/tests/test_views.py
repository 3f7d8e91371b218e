"""The public governance pages: who sits where on a day, past holders, resolutions, meetings.

Assertions are on data, links and markers (classes, data- attributes), never on translated text.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocopa.governance.models import AgendaItem, Attendance, Body, Mandate, Meeting, Person, Resolution
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db

URL = "/governance/"


def _view(response, key):
    return next(v for v in response.context["bodies"] if v.body.key == key)


def _holders(response, key):
    view = _view(response, key)
    return {m.holder_name for p in view.composition.positions for m in p.mandates}


def test_today_the_presidency_is_garrone_and_carosso(demo_network, client):
    response = client.get(URL)

    assert response.status_code == 200
    assert _holders(response, "presidenza") == {"Carlo Garrone", "Matteo Carosso"}
    html = response.content.decode()
    assert "Carlo Garrone" in html
    assert "Matteo Carosso" in html
    # The member each sits for links to its member page.
    assert 'href="/members/001219/"' in html
    assert 'href="/members/001024/"' in html


def test_in_june_2024_the_president_was_riccardo(demo_network, client):
    response = client.get(URL, {"at": "2024-06-01"})

    assert _holders(response, "presidenza") == {"Cesare Riccardo"}
    html = response.content.decode()
    assert "Cesare Riccardo" in html
    section = html[html.index('id="body-presidenza"') : html.index('id="body-ufficio-di-presidenza"')]
    riccardo = Mandate.objects.get(person__name="Cesare Riccardo")
    assert re.findall(r'data-mandate="(\d+)"', section) == [str(riccardo.pk)]
    # The vice-presidency has one seat and no one on record: summed up in one line, not listed.
    vice = next(
        p for p in _view(response, "presidenza").composition.positions if p.position.key == "vice-president"
    )
    assert vice.vacancies == 1
    assert _view(response, "presidenza").unfilled == 1
    assert 'data-position="vice-president"' not in section
    assert section.count('class="seats-summary"') == 1
    assert 'class="org-holder no-holder"' not in html


def test_in_may_2007_the_president_was_ferrero(demo_network, client):
    response = client.get(URL, {"at": "2007-05-15"})

    assert _holders(response, "presidenza") == {"Angelo Ferrero"}
    assert 'href="/members/001156/"' in response.content.decode()
    assert "Angelo Ferrero" in response.content.decode()


def test_a_malformed_date_shows_today(demo_network, client):
    response = client.get(URL, {"at": "yesterday"})

    assert response.status_code == 200
    assert response.context["at"].chosen is False
    assert _holders(response, "presidenza") == {"Carlo Garrone", "Matteo Carosso"}


def test_rules_without_a_source_are_not_on_record_never_software_defaults(demo_network, client):
    board = Body.objects.get(key="comitato-direttivo")
    board.rules_are_defaults = False
    board.save()

    html = client.get(URL).content.decode()
    english = client.get("/en" + URL).content.decode()

    # Every body but the board keeps the software's defaults: the public page states none of them.
    defaults = Body.objects.filter(rules_are_defaults=True).count()
    assert defaults > 0
    assert "rules-default" not in html
    assert "software default" not in english.lower()
    for key in Body.objects.filter(rules_are_defaults=True).values_list("key", flat=True):
        section = english[english.index(f'id="body-{key}"') :]
        section = section[: section.index("</section>")]
        assert "Not on record" in section
        assert "of the members" not in section  # no quorum words
    board_section = english[
        english.index('id="body-comitato-direttivo"') : english.index('id="body-presidenza"')
    ]
    assert "of the members" in board_section
    # The board's three-year term is flagged uncertain, with the source it comes from.
    assert "term-uncertain" in board_section
    assert 'href="#note-' in board_section


def test_undated_hosts_are_listed_apart(demo_network, client):
    response = client.get(URL)

    office = _view(response, "ufficio-amministrativo")
    assert {m.authority.name for m in office.undated} == {"Torino", "Grugliasco"}
    assert not any(p.mandates for p in office.composition.positions)
    html = response.content.decode()
    section = html[html.index('id="body-ufficio-amministrativo"') :]
    assert section.count('class="undated-mandate"') == 2
    assert "Via Antonio Meucci 4" in section or "via Antonio Meucci 4" in section


def test_the_assembly_counts_member_seats_and_representatives(demo_network, client):
    response = client.get(URL, {"at": "2024-06-01"})

    assembly = _view(response, "assemblea")
    assert assembly.assembly_seats == len(assembly.composition.assembly) > 0
    assert assembly.assembly_designated == 0
    html = response.content.decode()
    # One line says no representative is on record, instead of one "none" per member.
    assert 'class="no-representative"' not in html
    section = html[html.index('id="body-assemblea"') : html.index('id="body-comitato-direttivo"')]
    assert section.count('class="seats-summary"') == 1
    assert section.count('<li><a href="/members/') == assembly.assembly_seats


def test_the_english_page_shows_the_bodies_in_english(demo_network, client):
    response = client.get("/en" + URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Executive Board" in html
    assert "Carlo Garrone" in html


def test_the_menu_links_to_the_page(demo_network, client):
    html = client.get("/").content.decode()

    assert html.count(f'href="{reverse("governance:how-we-work")}"') == 2  # header and footer


def _board_members(n: int) -> None:
    board = Body.objects.get(key="comitato-direttivo")
    position = board.positions.get(key="member")
    authorities = list(LocalAuthority.objects.all()[:n])
    for i in range(n):
        person = Person.objects.create(name=f"Member {i}")
        Mandate.objects.create(
            body=board,
            position=position,
            person=person,
            authority=authorities[i % len(authorities)],
            start_on=dt.date(2024, 12, 10),
            began=Mandate.Began.ELECTION,
        )
        Mandate.objects.create(body=board, position=position, person=person, began=Mandate.Began.ATTESTED)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_queries_do_not_grow_with_the_mandates(demo_network, client):
    _board_members(3)
    few = _queries(client, URL)
    _board_members(12)
    many = _queries(client, URL)

    assert many == few


def test_past_holders_latest_first(demo_network, client):
    response = client.get(reverse("governance:body", args=["presidenza"]))

    assert response.status_code == 200
    names = [m.holder_name for m in response.context["mandates"]]
    assert names.index("Cesare Riccardo") < names.index("Angelo Ferrero")
    assert names.index("Carlo Garrone") < names.index("Cesare Riccardo")
    html = response.content.decode()
    assert html.count("data-mandate=") == Mandate.objects.filter(body__key="presidenza").count()


def test_an_unknown_body_is_not_found(demo_network, client):
    assert client.get("/governance/no-such-body/").status_code == 404


def _resolution(body_key: str, year: int, number: int, *, published: bool = True) -> Resolution:
    return Resolution.objects.create(
        body=Body.objects.get(key=body_key),
        year=year,
        number=number,
        adopted_on=dt.date(year, 3, number),
        title=f"Resolution {body_key} {number}/{year}",
        published=published,
        figures={
            "carried": True,
            "tie": False,
            "tie_broken_by": None,
            "members": {
                "for": 20,
                "against": 3,
                "abstain": 2,
                "absent": 11,
                "base": 23,
                "required": 12,
                "carried": True,
                "tie": False,
            },
            "population": None,
            "quorum": {"entitled": 36, "present": 25, "required": 19},
        },
    )


def _listed(response):
    return {(r.body.key, r.year, r.number) for r in response.context["resolutions"]}


def test_the_register_lists_published_resolutions_and_filters(demo_network, client):
    _resolution("assemblea", 2024, 1)
    _resolution("assemblea", 2025, 1)
    _resolution("comitato-direttivo", 2025, 1)
    _resolution("assemblea", 2025, 2, published=False)
    url = reverse("governance:resolutions")

    assert _listed(client.get(url)) == {
        ("assemblea", 2024, 1),
        ("assemblea", 2025, 1),
        ("comitato-direttivo", 2025, 1),
    }
    assert _listed(client.get(url, {"year": "2025"})) == {
        ("assemblea", 2025, 1),
        ("comitato-direttivo", 2025, 1),
    }
    assert _listed(client.get(url, {"body": "assemblea", "year": "2025"})) == {("assemblea", 2025, 1)}
    # A filter that names nothing known is ignored, not an error.
    assert len(_listed(client.get(url, {"body": "nope", "year": "x"}))) == 3
    assert 'href="/governance/resolutions/assemblea/2024/1/"' in client.get(url).content.decode()


def test_a_resolution_page_shows_its_figures(demo_network, client):
    _resolution("assemblea", 2025, 1)
    _resolution("assemblea", 2025, 2, published=False)

    response = client.get(reverse("governance:resolution", args=["assemblea", 2025, 1]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="count-members"' in html
    assert "<td>20</td>" in html
    assert client.get(reverse("governance:resolution", args=["assemblea", 2025, 2])).status_code == 404


def test_upcoming_meetings_show_the_agenda_but_not_the_attendance(demo_network, client):
    assembly = Body.objects.get(key="assemblea")
    soon = timezone.now() + dt.timedelta(days=10)
    meeting = Meeting.objects.create(
        body=assembly, starts_at=soon, place="Sala rossa", convened_on=timezone.localdate()
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Bilancio preventivo")
    rivoli = LocalAuthority.objects.get(istat_code="001219")
    Attendance.objects.create(
        meeting=meeting,
        authority=rivoli,
        announced=True,
        person=Person.objects.create(name="Secret Attendee"),
    )
    cancelled = Meeting.objects.create(
        body=assembly,
        starts_at=soon,
        place="Altrove",
        convened_on=timezone.localdate(),
        status=Meeting.Status.CANCELLED,
    )
    Meeting.objects.create(
        body=assembly,
        starts_at=soon - dt.timedelta(days=40),
        place="Passata",
        convened_on=timezone.localdate(),
    )

    response = client.get(reverse("governance:meetings"))

    assert [m.pk for m in response.context["meetings"]] == [meeting.pk]
    html = response.content.decode()
    assert "Bilancio preventivo" in html
    assert "Sala rossa" in html
    assert str(cancelled.uid) not in html
    assert "Secret Attendee" not in html


def _held(body_key: str, day: dt.date, place: str) -> Meeting:
    meeting = Meeting.objects.create(
        body=Body.objects.get(key=body_key),
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(18))),
        place=place,
        convened_on=day - dt.timedelta(days=20),
        status=Meeting.Status.HELD,
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title=f"Agenda {place}")
    return meeting


def _archived(response) -> list[str]:
    return [m.place for m in response.context["past"]]


def test_the_meetings_archive_filters_past_meetings_by_body_and_year(demo_network, client):
    _held("assemblea", dt.date(2024, 3, 5), "A-2024")
    _held("assemblea", dt.date(2025, 4, 6), "A-2025")
    _held("comitato-direttivo", dt.date(2025, 2, 1), "B-2025")
    cancelled = _held("assemblea", dt.date(2025, 5, 1), "Cancelled")
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save()
    url = reverse("governance:meetings")

    assert _archived(client.get(url)) == ["A-2025", "B-2025", "A-2024"]
    assert _archived(client.get(url, {"year": "2025"})) == ["A-2025", "B-2025"]
    assert _archived(client.get(url, {"body": "assemblea"})) == ["A-2025", "A-2024"]
    response = client.get("/en" + url, {"body": "assemblea", "year": "2024"})
    assert _archived(response) == ["A-2024"]
    html = response.content.decode()
    assert "Agenda A-2024" in html
    assert '<option value="assemblea" selected>' in html
    assert '<option value="2024" selected>' in html
    # The date is written out, not in ISO form.
    assert "Tuesday 5 March 2024, 18:00" in html


def test_an_empty_archive_says_what_is_not_on_record(demo_network, client):
    _held("assemblea", dt.date(2025, 4, 6), "A-2025")

    html = client.get("/en/governance/meetings/", {"body": "assemblea", "year": "2024"}).content.decode()

    assert "No meeting of the body “Assembly” is on record for 2024." in html
    assert "archive-empty" in html
    resolutions = client.get("/en/governance/resolutions/", {"body": "comitato-direttivo", "year": "2023"})
    assert (
        "No resolution of the body “Executive Board” is published for 2023." in resolutions.content.decode()
    )


def test_a_year_or_body_that_is_not_one_is_named_in_a_message(demo_network, client):
    _held("assemblea", dt.date(2025, 4, 6), "A-2025")

    response = client.get("/en/governance/meetings/", {"body": "nope", "year": "20x5"})

    assert response.status_code == 200
    assert _archived(response) == ["A-2025"]
    html = response.content.decode()
    assert "Body: there is no body “nope”" in html
    assert "Year: “20x5” is not a year" in html
    assert 'role="alert"' in html


def test_the_archives_are_paginated_and_the_pages_keep_the_filters(demo_network, client):
    for i in range(30):
        _held("assemblea", dt.date(2025, 1, 1) + dt.timedelta(days=i), f"P{i}")

    first = client.get("/en/governance/meetings/", {"body": "assemblea", "year": "2025"})
    second = client.get("/en/governance/meetings/", {"body": "assemblea", "year": "2025", "page": "2"})

    assert len(_archived(first)) == 25
    assert len(_archived(second)) == 5
    assert 'href="?body=assemblea&amp;year=2025&amp;page=2"' in first.content.decode()
    assert set(_archived(first)).isdisjoint(_archived(second))
    for i in range(30):
        _resolution("assemblea", 2025, i + 1)
    assert len(client.get("/en/governance/resolutions/", {"page": "2"}).context["resolutions"]) == 5


def test_the_year_choice_covers_the_networks_life(demo_network, client):
    years = client.get("/en/governance/meetings/").context["years"]

    assert years[0] == timezone.localdate().year
    assert years[-1] == 1995


def test_an_affiliation_kept_as_the_source_gives_it_is_marked_italian_on_the_english_page(
    demo_network, client
):
    english = client.get("/en/governance/").content.decode()

    assert (
        '<span class="small holder-affiliation" lang="it">assessore al bilancio, Comune di Rivoli</span>'
        in english
    )
