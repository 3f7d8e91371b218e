"""The public pages at the HTTP edge: status codes, what each page lists, the date and class selectors."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from cocopa.network import queries as network_queries
from cocopa.testing import make_members

RIVOLI = "001219"
TORINO = "001272"
TROFARELLO = "001280"


def url(name: str, *args: str, lang: str = "it", query: str = "") -> str:
    with translation.override(lang):
        return reverse(f"public:{name}", args=args) + query


def listed_slugs(response) -> set[str]:
    return {row.authority.slug for row in response.context["rows"]}


PAGES = [("home", ()), ("data", ()), ("members", ()), ("member", (RIVOLI,)), ("fields", ()), ("contacts", ())]


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_answers_in_both_languages(client, demo_network, name, args, lang):
    response = client.get(url(name, *args, lang=lang))

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert response.text.count("<main") == 1


def test_english_pages_live_under_en_and_italian_ones_at_the_root(demo_network):
    assert url("members", lang="it") == "/members/"
    assert url("members", lang="en") == "/en/members/"


def test_the_home_page_shows_motto_description_and_founding(client, demo_network):
    response = client.get(url("home"))

    assert "Cities have to become workshops of peace" in response.text
    assert "è una rete di enti locali" in response.text
    assert "Nato nel 1995" in response.text


def test_the_data_page_lists_every_founding_claim_with_its_sources(client, demo_network):
    response = client.get(url("data", lang="en"))

    assert response.context["founding"].fact == "thirteen municipalities set up the coordination"
    claims = response.context["claims"]
    assert sorted(c.date_label for c in claims) == ["1995", "1995", "1995-11-09", "1996"]
    assert response.text.count('class="leading-claim"') == 1
    # Each source is a numbered note at the foot, and the text refers to it by its number.
    notes = {n.source.code: n.number for n in response.context["sources"].notes()}
    for code in ("S06", "S03", "S07", "S41", "SEED"):
        assert f'href="#note-{notes[code]}"' in response.text
        assert f'id="note-{notes[code]}"' in response.text


def test_reported_member_counts_stand_beside_the_registers_count(client, demo_network):
    response = client.get(url("data", lang="en"))

    by_source = {r.count.source.code: r for r in response.context["reported"] if r.count.on is not None}
    uip = by_source["S16"]
    assert uip.count.municipalities == 23
    assert uip.registry_day == dt.date(1997, 2, 17)
    assert uip.registry_municipalities == 23
    assert "23 municipalities sign the UIP convention" in response.text


def test_the_members_page_filtered_by_a_class_lists_only_that_class(client, demo_network):
    response = client.get(url("members", query="?class=medium"))

    rows = response.context["rows"]
    assert rows
    assert {row.authority.size_class for row in rows} == {"medium"}
    stats = response.context["stats"]
    assert len(rows) == next(c.members for c in stats.classes if c.key == "medium")


def test_class_counts_and_totals_cover_all_members_even_when_filtered(client, demo_network):
    filtered = client.get(url("members", query="?class=small")).context["stats"]
    unfiltered = client.get(url("members")).context["stats"]

    assert filtered == unfiltered


@pytest.mark.parametrize(
    ("day", "slug", "is_member"),
    [
        ("2021-06-01", RIVOLI, False),
        ("2024-09-01", RIVOLI, True),
        ("2020-06-01", TROFARELLO, True),
        ("2025-01-01", TROFARELLO, False),
    ],
)
def test_the_date_selector_shows_the_network_as_it_was(client, demo_network, day, slug, is_member):
    response = client.get(url("members", query=f"?at={day}"))

    assert response.context["at"].at == dt.date.fromisoformat(day)
    assert (slug in listed_slugs(response)) is is_member


@pytest.mark.parametrize("day", ["2011-06-01", "2024-09-01"])
def test_counts_per_class_and_population_represented_match_the_statistics(client, demo_network, day):
    stats = network_queries.statistics(dt.date.fromisoformat(day))

    response = client.get(url("members", query=f"?at={day}"))

    assert response.context["stats"] == stats
    for size_class in stats.classes:
        assert f"{size_class.members}</td>" in response.text
    represented = f"{stats.population_represented:,}".replace(",", ".")
    assert f"<strong>{represented}</strong>" in response.text


def test_the_share_of_the_territory_names_its_source(client, demo_network):
    response = client.get(url("members", lang="en", query="?at=2024-09-01"))

    stats = response.context["stats"]
    assert stats.territory_share is not None
    assert f"{stats.territory_share} %" in response.text
    assert response.context["territory_figure"].source.code == "S45"


def test_numbers_are_written_the_way_each_language_writes_them(client, demo_network):
    italian = client.get(url("member", TORINO)).text
    english = client.get(url("member", TORINO, lang="en")).text

    assert "872.367" in italian
    assert "872,367" in english


def test_a_day_before_the_founding_shows_a_network_without_members(client, demo_network):
    response = client.get(url("members", query="?at=1990-01-01"))

    assert response.status_code == 200
    assert response.context["stats"].members == 0
    assert response.context["rows"] == []


@pytest.mark.parametrize("bad", ["garbage", "2024-13-01", "2024-02-30", "20240901", "2024-W01-1"])
def test_a_malformed_date_gives_a_message_and_falls_back_to_today(client, demo_network, bad):
    response = client.get(url("members", lang="en", query=f"?at={bad}"))

    assert response.status_code == 200
    assert response.context["at"].at == network_queries.today()
    assert "is not a date in the form YYYY-MM-DD" in response.text
    assert 'role="alert"' in response.text


def test_an_unknown_class_gives_a_message_and_shows_all_members(client, demo_network):
    response = client.get(url("members", lang="en", query="?class=huge"))

    assert "There is no size class “huge”" in response.text
    assert len(response.context["rows"]) == response.context["stats"].members


def test_the_members_page_is_paginated_by_fifty(client, db):
    make_members(120)

    first = client.get(url("members"))
    last = client.get(url("members", query="?page=3"))

    assert len(first.context["rows"]) == 50
    assert len(last.context["rows"]) == 20
    assert 'href="?page=2"' in first.text


def test_pagination_links_keep_the_class_and_the_date(client, db):
    make_members(200)

    response = client.get(url("members", query="?class=large&at=2020-01-01"))

    assert response.context["page"].paginator.num_pages > 1
    assert 'href="?class=large&amp;at=2020-01-01&amp;page=2"' in response.text


def test_rivolis_page_shows_two_periods_and_its_act_no_123(client, demo_network):
    response = client.get(url("member", RIVOLI, lang="en"))

    assert len(response.context["periods"]) == 2
    assert "no. 123" in response.text
    assert "4 October 1995" in response.text
    assert "still a member" in response.text


def test_a_members_page_says_whether_it_was_a_member_on_the_day(client, demo_network):
    before = client.get(url("member", RIVOLI, lang="en", query="?at=2021-06-01"))
    after = client.get(url("member", RIVOLI, lang="en", query="?at=2024-09-01"))

    assert before.context["standing"] is None
    assert "Not a member of the network." in before.text
    assert after.context["standing"] is not None
    assert "A member of the network." in after.text


def test_torinos_page_shows_all_five_population_figures_with_their_sources(client, demo_network):
    response = client.get(url("member", TORINO, lang="en"))

    figures = response.context["figures"]
    assert sorted(f.value for f in figures) == [857000, 869312, 872367, 875698, 907563]
    assert {f.source.code for f in figures} == {"S45", "S46", "S47", "S36", "SEED"}
    notes = {n.source.code: n.number for n in response.context["sources"].notes()}
    for code in ("S45", "S46", "S47", "S36", "SEED"):
        assert f'id="note-{notes[code]}"' in response.text
    table = response.text.split('class="table population-figures"')[1].split("</table>")[0]
    assert table.count(">uncertain<") == 4
    assert table.count(">used on this date<") == 1


def test_supra_municipal_members_have_their_own_pages(client, demo_network):
    metropolitan = client.get(url("member", "province-201"))
    province = client.get(url("member", "province-001"))

    assert metropolitan.context["authority"].name == "Città metropolitana di Torino"
    assert province.context["authority"].name == "Provincia di Torino"


@pytest.mark.parametrize("slug", ["999999", "province-999", "nonsense", "-", "province-"])
def test_an_unknown_member_gives_404(client, demo_network, slug):
    response = client.get(url("member", slug))

    assert response.status_code == 404
    assert "Pagina non trovata" in response.text


def test_the_language_switcher_links_to_the_same_page_in_the_other_language(client, demo_network):
    italian = client.get(url("members", query="?class=large&at=2024-09-01")).text
    english = client.get(url("members", lang="en", query="?class=large&at=2024-09-01")).text

    assert 'href="/en/members/?class=large&amp;at=2024-09-01" hreflang="en"' in italian
    assert 'href="/members/?class=large&amp;at=2024-09-01" hreflang="it"' in english


def test_internal_links_keep_the_chosen_date(client, demo_network):
    response = client.get(url("members", query="?at=2024-09-01"))

    assert f'href="/members/{RIVOLI}/?at=2024-09-01"' in response.text
    assert 'href="/fields/?at=2024-09-01"' in response.text
    assert 'href="/contacts/?at=2024-09-01"' in response.text


def test_the_date_selector_is_a_labelled_date_field(client, demo_network):
    for name in ("home", "members"):
        text = client.get(url(name, query="?at=2024-09-01")).text
        assert re.search(r'<label for="at-input"[^>]*>', text)
        assert '<input type="date" id="at-input" name="at" value="2024-09-01"' in text


def test_fields_page_lists_fields_of_action_and_of_intervention_with_children(client, demo_network):
    response = client.get(url("fields", lang="en"))

    assert "City diplomacy" in response.text
    assert "Other public services" in response.text
    assert "Municipal radio" in response.text
    assert "“What is Co.Co.Pa.?”, presentation of the network" in response.text  # the brochure's note


def test_contacts_page_gives_address_phones_email_websites_and_their_sources(client, demo_network):
    response = client.get(url("contacts", lang="en"))

    text = response.text
    assert "Via Antonio Meucci 4" in text
    assert 'href="tel:0114432588"' in text
    assert "011 443 2599" in text
    assert 'href="mailto:cocopa@comune.torino.it"' in text
    assert "https://www.cocopa.it/" in text
    assert "older site hosted by Comune di Torino" in text
    assert "the current site names Grugliasco" in text
    assert "“What is Co.Co.Pa.?”, presentation of the network" in text  # the brochure's note


def test_pages_work_before_any_network_is_set_up(client, db):
    for name in ("home", "members", "fields", "contacts"):
        assert client.get(url(name)).status_code == 200


def test_the_pages_only_answer_get(client, demo_network):
    assert client.post(url("members")).status_code == 405


def test_the_server_error_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Errore del server" in response.content.decode()
