"""The public pages (Italian and English), the office pages' guards and forms, the country timeline
and the downloads, over the demo network."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from cocopa.core.models import AuditEvent
from cocopa.diplomacy.models import Agreement, Mission
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db


@pytest.fixture
def senegal(demo_network):
    return Mission.objects.get(country="SN")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_public_pages_answer_in_both_languages(client, demo_network, senegal, prefix):
    pact = Agreement.objects.get(foreign_authorities__name="Commune de Ouahigouya")
    for path in ("/diplomacy/", "/diplomacy/agreements/", "/diplomacy/missions/"):
        assert client.get(prefix + path).status_code == 200
    page = client.get(f"{prefix}/diplomacy/missions/{senegal.pk}/").content.decode()
    assert ("Institutional mission to Senegal" if prefix else "Missione istituzionale in Senegal") in page
    assert "Rivoli" in page
    assert "Beinasco" in page
    page = client.get(f"{prefix}/diplomacy/agreements/{pact.pk}/").content.decode()
    assert "Commune de Ouahigouya" in page
    assert "S14" not in page or "TorinOggi" in page  # the source cited by its title
    assert "TorinOggi" in page


def test_a_missing_agreement_or_mission_is_a_404(client, db):
    assert client.get("/diplomacy/agreements/999/").status_code == 404
    assert client.get("/en/diplomacy/missions/999/").status_code == 404


def test_a_person_is_named_publicly_only_as_a_public_office_holder(client, demo_network):
    visit = Mission.objects.get(source__code="S14")
    page = client.get(f"/en/diplomacy/missions/{visit.pk}/").content.decode()
    assert "Basile Boureima Ouedraogo, Mayor of Ouahigouya" in page
    person = visit.participants.get()
    person.public_office = False
    person.save()
    page = client.get(f"/en/diplomacy/missions/{visit.pk}/").content.decode()
    assert "Basile Boureima Ouedraogo" not in page
    assert "Mayor of Ouahigouya" in page


def test_the_country_timeline_shows_missions_and_agreements_among_initiatives_by_date(client, demo_network):
    page = client.get("/cooperation/countries/BF/").content.decode()
    pact = Agreement.objects.get(source__code="S14")
    ambf = Mission.objects.get(source__code="S10")
    visit = Mission.objects.get(source__code="S14")
    anci = Mission.objects.get(source__code="S11")
    order = [
        page.index('id="initiative-ne-yi-beeogo-burkina"'),  # 2002
        page.index('id="initiative-anci-ambf-burkina-2017"'),  # 2017
        page.index(f'id="agreement-{pact.pk}"'),  # 2017 (year)
        page.index(f'id="mission-{ambf.pk}"'),  # 2017-02-21
        page.index(f'id="mission-{visit.pk}"'),  # 2017-07-01
        page.index(f'id="mission-{anci.pk}"'),  # 2018-03
    ]
    assert order == sorted(order)
    # Their sources are numbered among the page's notes and listed at its foot.
    foot = page[page.index('id="sources-heading"') :]
    assert "Ouahigouya delegation visits Nichelino" in foot  # S14
    assert "Burkina Faso mayors visit Torino" in foot  # S10
    # Senegal's page shows its mission, Burkina Faso's does not.
    senegal = Mission.objects.get(country="SN")
    assert f'id="mission-{senegal.pk}"' not in page
    assert f'id="mission-{senegal.pk}"' in client.get("/en/cooperation/countries/SN/").content.decode()


def test_the_map_data_holds_partner_towns_lines_where_members_are_located_and_mission_places(
    client, demo_network
):
    data = json.loads(client.get("/diplomacy/network.geojson").content)
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert "partner" in kinds
    assert "mission" in kinds
    assert "link" not in kinds  # the demo's members have no sourced coordinates
    nichelino = LocalAuthority.objects.get(istat_code="001164")
    nichelino.latitude, nichelino.longitude = 45.0, 7.65
    nichelino.save()
    data = json.loads(client.get("/diplomacy/network.geojson").content)
    lines = [f for f in data["features"] if f["properties"]["kind"] == "link"]
    assert [line["geometry"]["coordinates"] for line in lines] == [[[7.65, 45.0], [-2.41786, 13.5769]]]


def test_the_registers_download_as_csv_and_xlsx(client, demo_network):
    csv = client.get("/diplomacy/missions/download.csv")
    assert csv["Content-Disposition"] == 'attachment; filename="missions.csv"'
    text = csv.content.decode("utf-8-sig")
    assert "2025-10-28" in text
    assert "S31" in text
    assert "Marco Giusta" in text  # a public office holder
    xlsx = client.get("/en/diplomacy/agreements/download.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert client.get("/diplomacy/agreements/download.pdf").status_code == 404


# --- Office ---------------------------------------------------------------------------------


OFFICE_PAGES = ["/office/diplomacy/", "/office/diplomacy/missions/new/", "/office/diplomacy/agreements/new/"]


@pytest.mark.parametrize("path", OFFICE_PAGES)
def test_the_office_pages_send_visitors_to_log_in_and_refuse_users_without_the_right(
    client, plain_user, path
):
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(plain_user)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", OFFICE_PAGES)
def test_a_peace_office_clerk_reaches_the_office_pages(client, peace_office_user, path):
    client.force_login(peace_office_user)
    assert client.get(path).status_code == 200


def test_the_office_home_links_the_diplomacy_pages_for_the_clerk_only(client, peace_office_user, plain_user):
    client.force_login(peace_office_user)
    assert 'id="area-diplomacy"' in client.get("/office/").content.decode()


def _mission_post(**fields):
    data = {
        "direction": "outgoing",
        "title_it": "Missione a Dakar",
        "country": "SN",
        "started_on": "2025-10-28",
        "ended_on": "2025-11-04",
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "0",
        "costs-TOTAL_FORMS": "2",
        "costs-INITIAL_FORMS": "0",
        "participants-0-office_it": "Sindaco di Rivoli",
        "participants-0-name": "Nome Cognome",
        "participants-0-public_office": "on",
        "costs-0-item": "Voli",
        "costs-0-amount": "1200.50",
        "costs-0-currency": "EUR",
        "costs-0-payer": "Comune di Rivoli",
    }
    data.update(fields)
    return data


def test_the_clerk_records_a_mission_with_a_participant_and_a_cost(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post("/office/diplomacy/missions/new/", _mission_post())
    mission = Mission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("diplomacy_office:mission-edit", args=[mission.pk])
    assert [p.public_label for p in mission.participants.all()] == ["Nome Cognome, Sindaco di Rivoli"]
    assert [(c.item, str(c.amount)) for c in mission.costs.all()] == [("Voli", "1200.50")]
    assert AuditEvent.objects.filter(verb="diplomacy.mission_created", actor=peace_office_user).exists()
    # Written through the page, the history names the clerk.
    assert mission.history.get().history_user == peace_office_user
    page = client.get(response["Location"]).content.decode()
    assert 'value="Sindaco di Rivoli"' in page
    assert 'value="Voli"' in page


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"started_on": "28/10/2025"}, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"ended_on": "2025-10-01"}, "cannot end before it started"),
        ({"costs-0-currency": "euro"}, "Cost line 1"),
        ({"costs-0-amount": "molti"}, "Cost line 1:"),
        ({"participants-0-office_it": "", "participants-0-name": "Senza carica"}, "Participant 1"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    client, peace_office_user, fields, shown
):
    client.force_login(peace_office_user)
    with translation.override("en"):
        response = client.post("/en/office/diplomacy/missions/new/", _mission_post(**fields))
    assert response.status_code == 400
    assert shown in response.content.decode()
    assert 'role="alert"' in response.content.decode()  # the summary above the form
    assert not Mission.objects.exists()


def test_the_clerk_changes_and_deletes_an_agreement(client, peace_office_user, demo_network):
    client.force_login(peace_office_user)
    pact = Agreement.objects.get(source__code="S14")
    page = client.get(f"/office/diplomacy/agreements/{pact.pk}/").content.decode()
    assert 'value="2017"' in page  # the partial date shown back as the source gave it
    data = {
        "kind": pact.kind.pk,
        "title_it": "Patto con Ouahigouya",
        "foreign_authorities": [p.pk for p in pact.foreign_authorities.all()],
        "signed_on": "2017",
        "ended_on": "2020",
        "act_on": "2017-13-01",
    }
    response = client.post(f"/office/diplomacy/agreements/{pact.pk}/", data)
    assert response.status_code == 400
    data["act_on"] = ""
    response = client.post(f"/office/diplomacy/agreements/{pact.pk}/", data)
    assert response.status_code == 302
    pact.refresh_from_db()
    assert pact.title == "Patto con Ouahigouya"
    response = client.post(f"/office/diplomacy/agreements/{pact.pk}/delete/")
    assert response.status_code == 302
    assert not Agreement.objects.filter(pk=pact.pk).exists()


def test_the_clerk_links_events_to_a_mission_shown_both_ways_without_drafts(client, peace_office_user):
    from cocopa.events.testing import make_event

    conference = make_event(title_it="Convegno di ritorno da Dakar", start="2025-11-10")
    draft = make_event(title_it="Bozza riservata", start="2025-11-11", is_public=False)
    client.force_login(peace_office_user)
    form = client.get("/office/diplomacy/missions/new/").content.decode()
    assert f'value="{conference.pk}"' in form
    response = client.post(
        "/office/diplomacy/missions/new/", _mission_post(events=[str(conference.pk), str(draft.pk)])
    )
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert set(mission.events.all()) == {conference, draft}
    client.logout()
    page = client.get(f"/diplomacy/missions/{mission.pk}/").content.decode()
    assert f'data-event="{conference.pk}"' in page
    assert "Bozza riservata" not in page
    event_page = client.get(f"/en/events/{conference.pk}/").content.decode()
    assert f'data-mission="{mission.pk}"' in event_page
    assert "Missione a Dakar" in event_page
    found = client.get(f"/api/v1/missions/{mission.pk}").json()
    assert found["events"] == [conference.pk]


def test_the_country_timeline_slots_the_country_s_events_by_date_and_only_once(client, demo_network):
    from cocopa.events.testing import make_event

    ambf = Mission.objects.get(source__code="S10")  # 2017-02-21
    visit = Mission.objects.get(source__code="S14")  # 2017-07-01
    spring = make_event(title_it="Incontro con i sindaci burkinabè", start="2017-05", countries=["BF"])
    held = make_event(title_it="Festa a Ouagadougou", start="2017-03-01", country="BF")
    hidden = make_event(title_it="Bozza in Burkina", start="2017-04-01", countries=["BF"], is_public=False)
    elsewhere = make_event(title_it="Serata a Dakar", start="2017-04-02", countries=["SN"])
    page = client.get("/cooperation/countries/BF/").content.decode()
    order = [
        page.index(f'id="mission-{ambf.pk}"'),
        page.index(f'id="event-{held.pk}"'),
        page.index(f'id="event-{spring.pk}"'),  # May 2017 stands on its first day
        page.index(f'id="mission-{visit.pk}"'),
    ]
    assert order == sorted(order)
    assert "maggio 2017" in page[order[2] : order[3]].lower()
    assert f'id="event-{hidden.pk}"' not in page
    assert f'id="event-{elsewhere.pk}"' not in page
    # Shown in the timeline, not a second time in a section of its own.
    assert page.count(f'href="/events/{spring.pk}/"') == 1
    assert 'id="events-related"' not in page
