"""The demo's bodies, presidents and offices, as the sources give them."""

import datetime as dt

import pytest
import yaml

from cocopa.governance import queries
from cocopa.governance.models import Body, Mandate

pytestmark = pytest.mark.django_db

D = dt.date


def presidency_mandates(position_key: str) -> dict[str, Mandate]:
    return {
        m.person.name: m
        for m in Mandate.objects.filter(
            body__kind=Body.Kind.PRESIDENCY, position__key=position_key
        ).select_related("person", "source", "authority")
    }


def test_the_demo_has_the_bodies(demo_network):
    kinds = dict(Body.objects.values_list("key", "kind"))

    assert kinds == {
        "assemblea": "assembly",
        "comitato-direttivo": "board",
        "presidenza": "presidency",
        "ufficio-di-presidenza": "other",
        "ufficio-intercomunale-pace": "peace_office",
        "ufficio-amministrativo": "administrative_office",
    }
    assert all(Body.objects.values_list("rules_are_defaults", flat=True))
    assert not Body.objects.filter(source__isnull=True).exists()


def test_the_board_term_is_three_years_from_the_seed_and_uncertain(demo_network):
    board = Body.objects.get(kind=Body.Kind.BOARD)

    assert board.term_years == 3
    assert board.term_uncertain
    assert board.term_source is not None
    assert board.term_source.code == "SEED"
    assert board.min_seats == 5


def test_the_presidents_with_their_dates_and_sources(demo_network):
    presidents = presidency_mandates("president")

    ferrero = presidents["Angelo Ferrero"]
    assert (ferrero.start_label, ferrero.end_label) == ("2007-05", "2007-05")
    assert (ferrero.began, ferrero.ended) == (Mandate.Began.ATTESTED, Mandate.Ended.LAST_ATTESTED)
    assert ferrero.source.code == "S12"
    assert ferrero.authority.name == "Moncalieri"

    riccardo = presidents["Cesare Riccardo"]
    assert (riccardo.start_on, riccardo.end_on) == (D(2024, 1, 16), D(2024, 12, 9))
    assert (riccardo.began, riccardo.ended) == (Mandate.Began.ATTESTED, Mandate.Ended.SUCCEEDED)
    assert riccardo.source.code == "S05"

    garrone = presidents["Carlo Garrone"]
    assert (garrone.start_on, garrone.end_on, garrone.began) == (
        D(2024, 12, 10),
        None,
        Mandate.Began.ELECTION,
    )
    assert garrone.source.code == "S07"
    assert garrone.authority.name == "Rivoli"

    [carosso] = presidency_mandates("vice-president").values()
    assert carosso.person.name == "Matteo Carosso"
    assert (carosso.start_on, carosso.end_on, carosso.began) == (
        D(2024, 12, 10),
        None,
        Mandate.Began.ELECTION,
    )
    assert carosso.source.code == "S07"
    assert carosso.authority.name == "Beinasco"

    assert not Mandate.objects.filter(source__isnull=True).exists()


def test_the_presidency_today_is_garrone_and_carosso(demo_network):
    presidency = Body.objects.get(kind=Body.Kind.PRESIDENCY)

    def holders(day):
        return {
            p.position.key: [m.person.name for m in p.mandates]
            for p in queries.composition(presidency, day).positions
        }

    assert holders(D(2025, 6, 1)) == {"president": ["Carlo Garrone"], "vice-president": ["Matteo Carosso"]}
    assert holders(D(2024, 6, 1)) == {"president": ["Cesare Riccardo"], "vice-president": []}
    assert holders(D(2024, 12, 9)) == {"president": ["Cesare Riccardo"], "vice-president": []}
    assert holders(D(2024, 12, 10)) == {"president": ["Carlo Garrone"], "vice-president": ["Matteo Carosso"]}
    assert holders(D(2007, 5, 15)) == {"president": ["Angelo Ferrero"], "vice-president": []}
    assert queries.composition(presidency, D(2025, 6, 1)).vacancies == 0


def test_the_offices_and_their_hosts(demo_network):
    peace = queries.composition(Body.objects.get(kind=Body.Kind.PEACE_OFFICE), D(2011, 6, 1))
    hosts = {p.position.key: [m.holder_name for m in p.mandates] for p in peace.positions}
    assert hosts["host"] == ["Torino"]

    admin = Body.objects.get(kind=Body.Kind.ADMINISTRATIVE_OFFICE)
    undated = Mandate.objects.filter(body=admin)
    assert sorted(m.authority.name for m in undated) == ["Grugliasco", "Torino"]
    assert all(m.start_on is None and m.uncertain for m in undated)
    for day in (D(2005, 1, 1), D(2015, 6, 1), D(2025, 6, 1)):
        assert [p.mandates for p in queries.composition(admin, day).positions] == [[]]


def test_the_demo_matches_the_researched_facts(demo_network, shared_data):
    facts = yaml.safe_load((shared_data / "cocopa" / "facts.yaml").read_text(encoding="utf-8"))["governance"]
    for key, position in (("presidents", "president"), ("vice_presidents", "vice-president")):
        mandates = presidency_mandates(position)
        assert set(mandates) == {fact["name"] for fact in facts[key]}
        for fact in facts[key]:
            mandate = mandates[fact["name"]]
            sources = set(fact.get("sources") or [fact["source"]])
            assert mandate.source.code in sources
            if "elected" in fact:
                assert mandate.began == Mandate.Began.ELECTION
                assert mandate.start_on == dt.date.fromisoformat(str(fact["elected"]))
            else:
                assert mandate.began == Mandate.Began.ATTESTED
                assert mandate.start_label == str(fact["attested"])
