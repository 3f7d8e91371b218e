"""The registers of issue 16 in the search: events, campaigns, agreements, missions and
peace-education programmes, public ones only, public fields only, kept up to date by their writes."""

import dataclasses
import datetime as dt
import html

import pytest
from django.utils.html import strip_tags

from cocopa.campaigns.models import Campaign
from cocopa.campaigns.testing import make_campaign
from cocopa.diplomacy import services as diplomacy
from cocopa.diplomacy.testing import make_mission
from cocopa.education.models import Programme
from cocopa.events import services as events
from cocopa.events.models import Event
from cocopa.events.testing import make_event
from cocopa.search import fold, queries
from cocopa.search.models import SearchEntry

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


def found(q: str, language: str = "it") -> dict[str, list[str]]:
    words = fold.query_words(q)
    return {
        g.kind.key: [html.unescape(strip_tags(h.title)) for h in g.hits]
        for g in queries.groups(words, language, TODAY)
    }


def test_the_demo_registers_are_found_in_both_languages(demo_network) -> None:
    assert found("intercomunale")["events"] == ["Firma della convenzione dell'Ufficio Intercomunale Pace"]
    assert found("intermunicipal", "en")["events"] == [
        "Signing of the Intermunicipal Peace Office convention"
    ]
    # Past events stay found (unlike the bodies' meetings, which are found until their day).
    signing = Event.objects.get(title_it__startswith="Firma della convenzione")
    assert signing.last_on < TODAY
    assert (
        "Patto triennale di partenariato con Ouahigouya (fino al 2020)" in found("ouahigouya")["agreements"]
    )
    assert "Three-year partnership pact with Ouahigouya (to 2020)" in found("ouahigouya", "en")["agreements"]
    assert "Il sindaco di Ouahigouya in visita a Nichelino" in found("ouahigouya")["missions"]
    assert "The mayor of Ouahigouya visits Nichelino" in found("ouahigouya", "en")["missions"]
    campaign = Campaign.objects.get(slug="diritto-alla-pace")
    assert found("deliberazioni consigli")["campaigns"] == [campaign.name_it]
    assert found("deliberations councils", "en")["campaigns"] == [campaign.name_en]
    assert found("crescere")["programmes"] == ["Crescere in Pace"]
    assert found("growing", "en")["programmes"] == ["Crescere in Pace (Growing up in peace)"]
    crescere = Programme.objects.get(slug="crescere-in-pace")
    (hit,) = next(g.hits for g in queries.groups(["growing"], "en", TODAY) if g.kind.key == "programmes")
    assert hit.url == "/en" + crescere.get_absolute_url()


def test_a_draft_event_is_not_found_until_published_and_an_edit_is_reflected(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_event(title_it="Marcia della pace Perugia-Assisi", is_public=False)
    assert found("perugia") == {}
    assert not SearchEntry.objects.filter(kind="events").exists()

    data = events.EventInput(
        title_it="Marcia della pace Perugia-Assisi",
        title_en="Perugia-Assisi peace march",
        kind=draft.kind,
        start="2026-10-12",
        is_public=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        events.update_event(draft, data, actor=None)
    assert found("perugia") == {"events": ["Marcia della pace Perugia-Assisi"]}
    assert found("march", "en") == {"events": ["Perugia-Assisi peace march"]}

    with django_capture_on_commit_callbacks(execute=True):
        events.update_event(
            draft, dataclasses.replace(data, title_it="Marcia per la pace ad Assisi"), actor=None
        )
    assert found("perugia") == {}
    assert found("assisi") == {"events": ["Marcia per la pace ad Assisi"]}

    with django_capture_on_commit_callbacks(execute=True):
        events.update_event(draft, dataclasses.replace(data, is_public=False), actor=None)
    assert found("assisi") == {}

    with django_capture_on_commit_callbacks(execute=True):
        events.delete_event(draft, actor=None)
    assert not SearchEntry.objects.filter(kind="events").exists()


def test_a_campaign_is_reindexed_when_changed_and_leaves_when_deleted(
    django_capture_on_commit_callbacks,
) -> None:
    from cocopa.campaigns import services as campaigns

    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_campaign(name_it="Sindaci per la pace")
    assert found("sindaci") == {"campaigns": ["Sindaci per la pace"]}
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.update_campaign(
            campaign, campaigns.CampaignInput(name_it="Mayors for Peace", kind=campaign.kind), actor=None
        )
    assert found("sindaci") == {}
    assert found("mayors") == {"campaigns": ["Mayors for Peace"]}
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.delete_campaign(campaign, actor=None)
    assert found("mayors") == {}


def test_a_missions_participants_are_found_by_name_only_for_a_public_office(
    django_capture_on_commit_callbacks,
) -> None:
    participants = [
        diplomacy.ParticipantInput(
            office_it="Sindaco di Rivoli", name="Andrea Tragaioli", public_office=True
        ),
        diplomacy.ParticipantInput(office_it="Interprete", name="Mario Rossetti"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        make_mission(title_it="Missione in Senegal", participants=participants)
    assert found("tragaioli") == {"missions": ["Missione in Senegal"]}
    assert found("interprete") == {"missions": ["Missione in Senegal"]}
    assert found("rossetti") == {}
    assert "Rossetti" not in "".join(SearchEntry.objects.values_list("text", flat=True))
