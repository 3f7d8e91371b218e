"""What the factsheet reads on a day: cooperation, the timeline, bodies, and the footnoted conflicts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocopa.cooperation.models import Place, PortfolioClaim
from cocopa.cooperation.queries import years_label
from cocopa.cooperation.testing import make_initiative
from cocopa.core.models import Source
from cocopa.factsheet import queries
from cocopa.governance.testing import make_board, make_mandate, make_person, make_presidency
from cocopa.members.models import LocalAuthority, Membership, PopulationFigure
from cocopa.network.models import FoundingClaim, NetworkProfile

DAY = dt.date(2012, 6, 30)


@pytest.mark.parametrize(
    ("first", "last", "label"),
    [
        (2006, 2011, "2006–2011"),
        (2005, 2005, "2005"),
        (2004, None, "2004"),
        (None, 2013, "2013"),
        (None, None, ""),
    ],
)
def test_years_label(first: int | None, last: int | None, label: str) -> None:
    assert years_label(first, last) == label


@pytest.mark.django_db
def test_cooperation_counts_initiatives_begun_by_the_day() -> None:
    make_initiative(
        "bf-old", actual_start=dt.date(2009, 3, 1), actual_end=dt.date(2011, 12, 31), countries=["BF"]
    )
    make_initiative(
        "bf-new", actual_start=dt.date(2015, 1, 1), planned_end=dt.date(2017, 1, 1), countries=["BF"]
    )
    make_initiative("ml", actual_start=dt.date(2010, 1, 1), planned_end=None, countries=["ML"])
    make_initiative("undated", actual_start=None, planned_end=None, countries=["SN"])
    groups, undated = queries.cooperation(DAY, queries.Footnotes())
    lines = {line.code: line for group in groups for line in group.countries}
    assert set(lines) == {"BF", "ML"}
    assert (lines["BF"].initiatives, lines["BF"].period) == (1, "2009–2011")
    assert (lines["ML"].initiatives, lines["ML"].period) == (1, "2010")
    assert undated == 1
    later, _undated = queries.cooperation(dt.date(2016, 1, 1), queries.Footnotes())
    bf = next(line for group in later for line in group.countries if line.code == "BF")
    assert (bf.initiatives, bf.period) == (2, "2009–2017")


@pytest.mark.django_db
def test_work_at_home_names_its_places_and_one_initiative_in_two_countries_counts_in_each() -> None:
    lampedusa = make_initiative("lampedusa", actual_start=dt.date(2011, 1, 1), countries=["IT"])
    Place.objects.create(initiative=lampedusa, name="Lampedusa", country="IT")
    make_initiative(
        "tsunami", actual_start=dt.date(2006, 1, 1), actual_end=dt.date(2011, 1, 1), countries=["IN", "LK"]
    )
    groups, _undated = queries.cooperation(DAY, queries.Footnotes())
    by_key = {group.key: group for group in groups}
    assert [line.places for line in by_key["italy"].countries] == [["Lampedusa"]]
    asia = {line.code: (line.initiatives, line.period) for line in by_key["asia"].countries}
    assert asia == {"IN": (1, "2006–2011"), "LK": (1, "2006–2011")}
    # Groups come in the presentation's order: Asia before the work at home.
    assert [g.key for g in groups] == ["asia", "italy"]


@pytest.mark.django_db
def test_a_source_counting_otherwise_is_footnoted_and_one_agreeing_is_not() -> None:
    source = Source.objects.create(code="SEED", title="Brochure")
    make_initiative("bf", actual_start=dt.date(2010, 1, 1), countries=["BF"])
    make_initiative("ml", actual_start=dt.date(2010, 1, 1), countries=["ML"])
    PortfolioClaim.objects.create(country="BF", initiatives=4, text="Burkina Faso (4)", source=source)
    PortfolioClaim.objects.create(country="ML", initiatives=1, text="Mali (1)", source=source)
    notes = queries.Footnotes()
    groups, _undated = queries.cooperation(DAY, notes)
    lines = {line.code: line for group in groups for line in group.countries}
    assert lines["ML"].footnote is None
    assert lines["BF"].footnote == 1
    assert len(notes.notes) == 1
    assert "Burkina Faso (4)" in notes.notes[0].text
    assert notes.notes[0].sources == (source,)


@pytest.mark.django_db
def test_timeline_is_the_countrys_initiatives_begun_by_the_day_oldest_first() -> None:
    make_initiative(
        "ps-2002", title_en="Filters", actual_start=dt.date(2002, 1, 1), actual_end=None, countries=["PS"]
    )
    make_initiative(
        "ps-2001",
        title_en="Bedouins",
        actual_start=dt.date(2001, 1, 1),
        actual_end=dt.date(2003, 1, 1),
        countries=["PS"],
    )
    make_initiative("ps-2015", actual_start=dt.date(2015, 1, 1), countries=["PS"])
    make_initiative("lb", actual_start=dt.date(2000, 1, 1), countries=["LB"])
    with_english = queries.timeline("PS", DAY)
    assert [(e.period, e.initiative.identifier) for e in with_english] == [
        ("2001–2003", "ps-2001"),
        ("2002–2030", "ps-2002"),
    ]
    assert [e.initiative.identifier for e in queries.timeline("LB", DAY)] == ["lb"]


@pytest.mark.django_db
def test_timeline_country_is_the_offices_choice_else_palestine() -> None:
    assert queries.timeline_country(None) == "PS"
    network = NetworkProfile.objects.create(name="N", acronym="N", factsheet_country="lb")
    assert queries.timeline_country(network) == "LB"
    assert queries.timeline_country(network, "ht") == "HT"
    network.factsheet_country = ""
    assert queries.timeline_country(network) == "PS"


@pytest.mark.django_db
def test_the_profile_refuses_an_unknown_timeline_country() -> None:
    from django.core.exceptions import ValidationError

    network = NetworkProfile(name="N", acronym="N", factsheet_country="zz")
    with pytest.raises(ValidationError) as err:
        network.full_clean()
    assert "factsheet_country" in err.value.message_dict


@pytest.mark.django_db
def test_the_preferred_founding_claim_leads_and_the_others_are_footnoted() -> None:
    s1 = Source.objects.create(code="S1", title="One")
    s2 = Source.objects.create(code="S2", title="Two")
    early = FoundingClaim.objects.create(on=dt.date(1995, 1, 1), fact="thirteen municipalities")
    early.sources.add(s1)
    late = FoundingClaim.objects.create(on=dt.date(1996, 1, 1), fact="current site", preferred=True)
    late.sources.add(s2)
    notes = queries.Footnotes()
    founding = queries._founding(notes)
    assert founding.claim == late
    assert founding.footnote == 1
    assert "1995" in notes.notes[0].text
    assert notes.notes[0].sources == (s1,)
    late.preferred = False
    late.save()
    assert queries._founding(queries.Footnotes()).claim == early


def _member_municipality(name: str, istat: str, *figures: tuple[int, bool]) -> LocalAuthority:
    authority = LocalAuthority.objects.create(
        kind=LocalAuthority.Kind.MUNICIPALITY, name=name, istat_code=istat
    )
    Membership.objects.create(authority=authority, start_on=dt.date(2000, 1, 1))
    source = Source.objects.create(code=f"P{istat}", title=f"Figures {name}")
    for value, preferred in figures:
        PopulationFigure.objects.create(
            authority=authority,
            value=value,
            reference_date=dt.date(2011, 10, 9),
            preferred=preferred,
            source=source,
        )
    return authority


@pytest.mark.django_db
def test_the_capital_uses_the_preferred_figure_and_footnotes_the_other() -> None:
    capital = _member_municipality("Capitale", "999001", (900_000, False), (907_563, True))
    NetworkProfile.objects.create(name="N", acronym="N", capital=capital)
    sheet = queries.factsheet(DAY)
    assert sheet.capital is not None
    assert sheet.capital.population == 907_563
    assert sheet.capital.footnote is not None
    note = sheet.footnotes[sheet.capital.footnote - 1]
    assert "900" in note.text
    assert "907" not in note.text


@pytest.mark.django_db
def test_president_and_board_are_those_in_office_on_the_day() -> None:
    board, member = make_board()
    presidency, president, _vice = make_presidency()
    make_mandate(member, make_person("Ada"), None, dt.date(2010, 1, 1), dt.date(2013, 1, 1))
    make_mandate(member, make_person("Old"), None, dt.date(2001, 1, 1), dt.date(2004, 1, 1))
    make_mandate(president, make_person("Bea"), None, dt.date(2011, 1, 1))
    lines, presidents, members = queries.bodies(DAY)
    assert [m.holder_name for m in presidents] == ["Bea"]
    assert [m.holder_name for m in members] == ["Ada"]
    assert [line.body for line in lines] == [board, presidency]


@pytest.mark.django_db
def test_the_factsheet_reads_in_a_fixed_number_of_queries() -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            queries.factsheet(DAY)
        return len(ctx.captured_queries)

    NetworkProfile.objects.create(name="N", acronym="N")
    for i in range(3):
        make_initiative(f"a{i}", actual_start=dt.date(2005 + i, 1, 1), countries=["PS", "BF"])
    few = count()
    for i in range(3, 30):
        make_initiative(f"a{i}", actual_start=dt.date(2005, 1, 1), countries=["PS", "ML", "HT"])
    assert count() == few
