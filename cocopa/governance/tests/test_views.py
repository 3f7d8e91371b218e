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
    # The vice-presidency has one seat and no one on record: shown as a seat without holder.
    vice = next(
        p for p in _view(response, "presidenza").composition.positions if p.position.key == "vice-president"
    )
    assert vice.vacancies == 1
    assert 'class="org-holder no-holder"' in html


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


def test_default_rules_are_marked_as_defaults(demo_network, client):
    board = Body.objects.get(key="comitato-direttivo")
    board.rules_are_defaults = False
    board.save()

    html = client.get(URL).content.decode()

    assert html.count("rules-default") == Body.objects.filter(rules_are_defaults=True).count()
    section = html[html.index('id="body-comitato-direttivo"') : html.index('id="body-presidenza"')]
    assert "rules-default" not in section
    # The board's three-year term is flagged uncertain, with the source it comes from.
    assert "term-uncertain" in section
    assert 'href="#note-' in section


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
    assert response.content.decode().count('class="no-representative"') == assembly.assembly_seats


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
