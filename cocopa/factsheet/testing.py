"""The acceptance fixture of the factsheet: the network exactly as its presentation brochure describes it.

`make_seed_network()` writes the brochure's figures (source SEED: /work/shared/seed/000_*.txt), not
the demo data (`cocopa load_demo`): the brochure gives counts, bands and a share, not the members, so
the 31 municipalities besides the capital are synthetic ("Comune grande 1" …) with populations
chosen inside the brochure's bands, and every authority has a synthetic ISTAT code in province 999,
which no real province has. The capital keeps the brochure's name and population.

A factsheet generated from this fixture must say what the brochure says: the capital with 907,563
inhabitants, 8 large, 10 medium, 7 medium/small and 6 small municipalities, 70 % of the province's
population, the portfolio by country, the Palestine timeline, the four bodies and the contacts.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from cocopa.cooperation.models import Initiative, Place, PortfolioClaim
from cocopa.cooperation.testing import make_initiative, make_kind, make_organisation
from cocopa.core.dates import Precision
from cocopa.core.models import Source
from cocopa.governance.models import Body, Position
from cocopa.members.models import LocalAuthority, SizeClass
from cocopa.network.models import FieldOfAction, FieldOfIntervention, FoundingClaim, NetworkProfile, Website
from cocopa.testing import make_authority

# The day every brochure fact holds on: after the last initiative it names started (2015–2017).
DAY = dt.date(2017, 12, 31)
JOINED = dt.date(1996, 1, 1)
POPULATION_ON = dt.date(2011, 10, 9)
PROVINCE = "999"  # synthetic: no real province has this code

CAPITAL_POPULATION = 907_563
# (key, Italian name, English name, lower bound, synthetic name stem, populations): inside each band
# of the brochure (30,000–55,000; 10,000–29,999; 5,000–9,999; under 5,000).
CLASSES: tuple[tuple[str, str, str, int, str, tuple[int, ...]], ...] = (
    ("large", "grandi", "large", 30_000, "Comune grande", tuple(31_000 + 3_000 * i for i in range(8))),
    ("medium", "medi", "medium", 10_000, "Comune medio", tuple(10_500 + 2_000 * i for i in range(10))),
    (
        "medium_small",
        "medio-piccoli",
        "medium/small",
        5_000,
        "Comune medio-piccolo",
        tuple(5_200 + 700 * i for i in range(7)),
    ),
    ("small", "piccoli", "small", 0, "Comune piccolo", tuple(800 + 700 * i for i in range(6))),
)
SHARE = Decimal(70)  # per cent of the territory's population the member municipalities represent

# The brochure's "FIELDS OF ACTION" (the first item runs over two lines: "PEACE AND HUMAN RIGHTS /
# EDUCATION", with no gap between them, as the project's data file reads it).
FIELDS_OF_ACTION: tuple[tuple[str, str], ...] = (
    ("Educazione alla pace e ai diritti umani", "Peace and human rights education"),
    ("Cooperazione decentrata", "Decentralised cooperation"),
    ("Diplomazia delle città", "City diplomacy"),
    ("Solidarietà nazionale e internazionale", "National and international solidarity"),
)
# "FIELDS OF INTERVENTION": water and other public services (with the five in brackets), …
FIELDS_OF_INTERVENTION: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Acqua", "Water", ()),
    (
        "Altri servizi pubblici",
        "Other public services",
        (
            ("Anagrafe e stato civile", "Civil register"),
            ("Radio municipale", "Municipal radio"),
            ("Sanità", "Health care"),
            ("Mercati", "Markets"),
            ("Rifiuti", "Waste"),
        ),
    ),
    ("Agricoltura", "Agriculture", ()),
    ("Educazione e scuole", "Education and schools", ()),
    ("Giovani", "Youth", ()),
    ("Empowerment delle donne", "Women's empowerment", ()),
    ("Diritti umani", "Human rights", ()),
    ("Formazione", "Training", ()),
)

# "IN PALESTINE": (first year, last year, Italian title, English title as the brochure gives it;
# "fo Peace" corrected to "for Peace").
PALESTINE: tuple[tuple[int, int, str, str], ...] = (
    (2000, 2000, "Progetto Betlemme2000", "Project Betlemme2000"),
    (
        2002,
        2002,
        "Gaza: filtri per l'acqua nelle scuole dei campi profughi",
        "Gaza: water filters for schools in refugee camps",
    ),
    (
        2001,
        2003,
        "Sostegno ai beduini Jahaleen di Abu Dis, area di Betlemme",
        "Support of Jahaleen bedouins in Abu Dis, Bethlehem area",
    ),
    (
        2004,
        2004,
        "Missione politica della Rete europea per la pace in Medio Oriente",
        "Political mission of European Network for Peace in the Middle East",
    ),
    (
        2005,
        2005,
        "Osservatore internazionale per le elezioni amministrative palestinesi (Gaza e Rafah)",
        "International observer for the Palestinian administrative elections (Gaza and Rafah)",
    ),
    (
        2009,
        2011,
        "Coordinamento italiano degli enti locali per la pace e i diritti umani",
        "Italian Coordination of Local Authorities for Peace and HR",
    ),
    (
        2015,
        2017,
        "Bethlehem Smart Water: sensibilizzazione e attività educative",
        "Bethlehem Smart Water Awareness and educational activities",
    ),
)
# The countries the brochure counts or names without a timeline: (code, initiatives, Italian and
# English name for the synthetic titles, start years). The brochure gives no years for these;
# the years are the fixture's, all before DAY.
OTHER_COUNTRIES: tuple[tuple[str, tuple[int, ...], str, str], ...] = (
    ("BF", (2002, 2005, 2008, 2012), "Burkina Faso", "Burkina Faso"),
    ("ML", (2007,), "Mali", "Mali"),
    ("SN", (2009,), "Senegal", "Senegal"),
    ("MZ", (2004,), "Mozambico", "Mozambique"),
    ("LB", (2008,), "Libano", "Lebanon"),
)
# "AFRICA: Burkina Faso (4) Mali (1) Senegal (1) Mozambique (1)": what the brochure claims.
CLAIMED = {"BF": 4, "ML": 1, "SN": 1, "MZ": 1}

# "HOW DO WE WORK": (key, kind, Italian name, English name, Italian and English description, term).
BODIES: tuple[tuple[str, str, str, str, str, str, int | None], ...] = (
    (
        "assemblea",
        Body.Kind.ASSEMBLY,
        "Assemblea",
        "Assembly",
        "Sindaci o vicesindaci",
        "Mayors or Deputy Mayors",
        None,
    ),
    (
        "comitato-direttivo",
        Body.Kind.BOARD,
        "Comitato Direttivo",
        "Executive Board",
        "Eletto dall'Assemblea ogni 3 anni",
        "Elected by the Assembly every 3 years",
        3,
    ),
    (
        "ufficio-intercomunale-pace",
        Body.Kind.PEACE_OFFICE,
        "Ufficio Intercomunale Pace",
        "Intermunicipal Peace Office",
        "",
        "",
        None,
    ),
    (
        "ufficio-amministrativo",
        Body.Kind.ADMINISTRATIVE_OFFICE,
        "Ufficio amministrativo",
        "Administrative Office",
        "Gestito da uno dei comuni",
        "Run by one of the Municipalities",
        None,
    ),
)

MOTTO = (
    "Cities have to become workshops of peace. They need to break the shield of State sovereignities "
    "which are still characterized by the old antagonism among States, in order to re-establish "
    "solidarity in a worldwide dimension. Cities are called to carry out this great pacific revolution."
)
EMAIL = "cocopa@comune.torino.it"
PHONES = "011/443.25.88, 011/443.25.87"
FAX = "011/443.25.99"
ADDRESS = "c/o Comune di Torino, Via Antonio Meucci 4 - Torino"


@dataclass
class SeedNetwork:
    """What make_seed_network() wrote, with the day its figures hold on."""

    day: dt.date
    source: Source
    profile: NetworkProfile
    territory: LocalAuthority
    capital: LocalAuthority
    # The 31 municipalities besides the capital, by size class key.
    members: dict[str, list[LocalAuthority]]
    size_classes: list[SizeClass]
    fields_of_action: list[FieldOfAction]
    fields_of_intervention: list[FieldOfIntervention]
    # Palestine's seven initiatives in the brochure's order; every initiative by identifier.
    palestine: list[Initiative]
    initiatives: dict[str, Initiative]
    bodies: dict[str, Body]
    populations: dict[str, int] = field(default_factory=dict)  # authority name → population

    @property
    def represented(self) -> int:
        """The population of the member municipalities (the capital and the 31)."""
        return sum(self.populations[a.name] for a in [self.capital, *self.all_members])

    @property
    def all_members(self) -> list[LocalAuthority]:
        return [a for group in self.members.values() for a in group]


def _year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def make_seed_network() -> SeedNetwork:
    """The network as the brochure describes it, valid on DAY (see the module docstring)."""
    source = Source.objects.create(
        code="SEED",
        title="Co.Co.Pa. presentation brochure",
        kind="brochure",
        published="undated",
        date_uncertain=True,
    )

    # Members: the capital apart, then 8 + 10 + 7 + 6 synthetic municipalities inside their bands.
    populations: dict[str, int] = {"Comune di Torino": CAPITAL_POPULATION}
    capital = make_authority(
        "Comune di Torino",
        CAPITAL_POPULATION,
        istat_code=f"{PROVINCE}000",
        province_code=PROVINCE,
        population_on=POPULATION_ON,
        joined=JOINED,
    )
    size_classes = []
    members: dict[str, list[LocalAuthority]] = {}
    number = 0
    for key, name_it, name_en, lower_bound, stem, values in CLASSES:
        size_classes.append(
            SizeClass.objects.create(key=key, lower_bound=lower_bound, name_it=name_it, name_en=name_en)
        )
        members[key] = []
        for i, value in enumerate(values, start=1):
            number += 1
            name = f"{stem} {i}"
            populations[name] = value
            members[key].append(
                make_authority(
                    name,
                    value,
                    istat_code=f"{PROVINCE}{number:03d}",
                    province_code=PROVINCE,
                    population_on=POPULATION_ON,
                    joined=JOINED,
                )
            )
    represented = sum(populations.values())
    # The brochure's "70 % of the population of the province": the territory's population is
    # what makes the represented population that share of it.
    territory_population = int((Decimal(represented) * 100 / SHARE).to_integral_value())
    territory = make_authority(
        "Provincia di Torino",
        territory_population,
        kind=LocalAuthority.Kind.PROVINCE,
        province_code=PROVINCE,
        population_on=POPULATION_ON,
        joined=JOINED,
    )
    populations[territory.name] = territory_population

    profile = NetworkProfile.objects.create(
        acronym="Co.Co.Pa.",
        name_it="Coordinamento Comuni per la Pace della Provincia di Torino",
        name_en="Coordination of Municipalities for Peace of the Province of Torino",
        founded_on=_year_start(1995),
        founded_precision=Precision.YEAR,
        description_it=(
            "Nato nel 1995, il Coordinamento Comuni per la Pace (Co.Co.Pa.) è una rete di enti locali "
            "che lavorano insieme per promuovere una cultura e politiche di pace."
        ),
        description_en=(
            "Created in 1995, the Coordination of Municipalities for Peace (Co.Co.Pa.) is a network of "
            "local authorities that work together to promote a culture and policies of peace."
        ),
        # The brochure quotes Balducci in English only; the Italian page shows the same words.
        motto_quote_it=MOTTO,
        motto_quote_en=MOTTO,
        motto_author="E. Balducci",
        motto_occasion_it="Assemblea nazionale degli enti locali per la pace",
        motto_occasion_en="National Assembly of Local Institutions for Peace",
        motto_on=dt.date(1994, 5, 21),
        motto_source=source,
        territory_name_it="Provincia di Torino",
        territory_name_en="Province of Torino",
        territory=territory,
        capital=capital,
        address_it=ADDRESS,
        address_en=ADDRESS,
        phones=PHONES,
        fax=FAX,
        email=EMAIL,
        contact_source=source,
    )
    claim = FoundingClaim.objects.create(
        on=_year_start(1995),
        on_precision=Precision.YEAR,
        fact_it="anno di nascita indicato dalla brochure di presentazione",
        fact_en="year of creation given by the presentation brochure",
        preferred=True,
    )
    claim.sources.set([source])
    website = Website.objects.create(url="http://www.cocopa.it/", current=True)
    website.sources.set([source])

    fields_of_action = [
        FieldOfAction.objects.create(name_it=it, name_en=en, order=n, source=source)
        for n, (it, en) in enumerate(FIELDS_OF_ACTION)
    ]
    fields_of_intervention = []
    for n, (it, en, children) in enumerate(FIELDS_OF_INTERVENTION):
        parent = FieldOfIntervention.objects.create(name_it=it, name_en=en, order=n, source=source)
        fields_of_intervention.append(parent)
        for m, (child_it, child_en) in enumerate(children):
            fields_of_intervention.append(
                FieldOfIntervention.objects.create(
                    name_it=child_it, name_en=child_en, parent=parent, order=m, source=source
                )
            )

    initiatives = _portfolio(source, fields_of_action)
    palestine = [initiatives[f"seed-ps-{n}"] for n in range(1, len(PALESTINE) + 1)]
    bodies = _bodies(source)
    return SeedNetwork(
        day=DAY,
        source=source,
        profile=profile,
        territory=territory,
        capital=capital,
        members=members,
        size_classes=size_classes,
        fields_of_action=fields_of_action,
        fields_of_intervention=fields_of_intervention,
        palestine=palestine,
        initiatives=initiatives,
        bodies=bodies,
        populations=populations,
    )


def _portfolio(source: Source, fields_of_action: list[FieldOfAction]) -> dict[str, Initiative]:
    """The brochure's "INTERNATIONAL AND NATIONAL COOPERATION", one Initiative per counted project."""
    network = make_organisation("Co.Co.Pa. - Coordinamento Comuni per la Pace")
    kind = make_kind()
    cooperation = [
        f for (_it, en), f in zip(FIELDS_OF_ACTION, fields_of_action, strict=True) if "cooperation" in en
    ]
    made: dict[str, Initiative] = {}

    def add(
        identifier: str,
        title_it: str,
        title_en: str,
        first: int,
        last: int | None,
        countries: tuple[str, ...],
    ) -> Initiative:
        initiative = make_initiative(
            identifier,
            title_it=title_it,
            title_en=title_en,
            description_it="",
            description_en="",
            status="4" if last is not None else "2",
            actual_start=_year_start(first),
            planned_end=None,
            actual_end=_year_end(last) if last is not None else None,
            countries=countries,
            fields=[],
            fields_of_action=cooperation,
            organisations=[(network, "3")],
            kind=kind,
        )
        initiative.actual_start_precision = Precision.YEAR
        initiative.actual_end_precision = Precision.YEAR
        initiative.save(update_fields=["actual_start_precision", "actual_end_precision"])
        initiative.sources.set([source])
        made[identifier] = initiative
        return initiative

    for n, (first, last, title_it, title_en) in enumerate(PALESTINE, start=1):
        add(f"seed-ps-{n}", title_it, title_en, first, last, ("PS",))
    for code, years, name_it, name_en in OTHER_COUNTRIES:
        for n, year in enumerate(years, start=1):
            add(
                f"seed-{code.lower()}-{n}",
                f"Cooperazione con {name_it} {n}",
                f"Cooperation with {name_en} {n}",
                year,
                year + 2,
                (code,),
            )
    add(
        "seed-in-lk",
        "India e Sri Lanka: post-emergenza dopo lo tsunami",
        "India and Sri Lanka: post emergency after the tsunami",
        2006,
        2011,
        ("IN", "LK"),
    )
    add("seed-ht", "Haiti: oltre l'emergenza", "Haiti: beyond the emergency", 2011, 2013, ("HT",))
    lampedusa = add(
        "seed-it-lampedusa",
        "Solidarietà con Lampedusa",
        "Solidarity with Lampedusa",
        2013,
        2014,
        ("IT",),
    )
    Place.objects.create(initiative=lampedusa, name="Lampedusa", country="IT")
    for code, count in CLAIMED.items():
        name_it, name_en = next((it, en) for c, _years, it, en in OTHER_COUNTRIES if c == code)
        PortfolioClaim.objects.create(
            country=code,
            initiatives=count,
            text_it=f"{name_it} ({count})",
            text_en=f"{name_en} ({count})",
            source=source,
        )
    return made


def _bodies(source: Source) -> dict[str, Body]:
    """The brochure's "HOW DO WE WORK": the four bodies, the board elected every three years."""
    bodies = {}
    for order, (key, kind, name_it, name_en, description_it, description_en, term) in enumerate(BODIES):
        bodies[key] = Body.objects.create(
            key=key,
            kind=kind,
            name_it=name_it,
            name_en=name_en,
            description_it=description_it,
            description_en=description_en,
            order=order,
            term_years=term,
            source=source,
            term_source=source if term else None,
        )
    Position.objects.create(
        body=bodies["comitato-direttivo"], key="member", name_it="Componente", name_en="Member"
    )
    return bodies


# --- A member's year, for the yearly report ("what membership gave us") ---------------------------


@dataclass
class MemberYear:
    """What `make_member_year` wrote: one thing of each register for the member in YEAR, and one
    of each outside it (the year before or after), so a report can be checked against both."""

    member: LocalAuthority
    other: LocalAuthority  # another member, with a representative of its own
    year: int
    names: dict[str, str] = field(default_factory=dict)  # what each register's row is called


def make_member_year(year: int = 2024, name: str = "Comune del resoconto") -> MemberYear:
    """A member with, in `year`: its fee (assessed 600.00, paid 450.00 on two days), an initiative
    with a budget of the year (10,000 EUR, revised to 12,000), the member funding 25 % with 3,000
    EUR of incoming funds, an event dated to the month only held in the town, an event of the year
    before, two school activities (2,023/24 and year/year+1), a mission, an agreement in force and
    one ended before, a campaign adopted, and a roll-call vote on a resolution. All written through
    the services or as the services leave them; no demo fact is needed."""
    from cocopa.campaigns.models import Adoption
    from cocopa.campaigns.testing import make_campaign
    from cocopa.cooperation.models import Budget, Participation, Transaction
    from cocopa.diplomacy.services import ParticipantInput
    from cocopa.diplomacy.testing import make_agreement, make_mission, make_partner
    from cocopa.education.testing import make_activity, make_programme, make_topic
    from cocopa.events.testing import make_event
    from cocopa.fees.testing import make_assessment, make_payment
    from cocopa.governance import testing as gt
    from cocopa.governance.models import Motion, Resolution, RollCall

    member = make_authority(name, 20_000, joined=dt.date(2000, 1, 1))
    other = make_authority("Comune vicino", 8_000, joined=dt.date(2000, 1, 1))
    built = MemberYear(member, other, year)

    fee = make_assessment(member, year, "600.00")
    make_payment(member, "300.00", assessment=fee, paid_on=dt.date(year, 3, 10))
    make_payment(member, "150.00", assessment=fee, paid_on=dt.date(year, 9, 1))
    make_assessment(other, year, "240.00")

    organisation = make_organisation(name)
    organisation.authority = member
    organisation.save()
    initiative = make_initiative(
        title_it="Acqua a Ouahigouya",
        title_en="Water in Ouahigouya",
        actual_start=dt.date(year - 1, 3, 1),
        planned_end=dt.date(year + 1, 6, 30),
        organisations=[(organisation, Participation.Role.FUNDING)],
    )
    Participation.objects.filter(initiative=initiative, organisation=organisation).update(share=Decimal(25))
    Budget.objects.create(
        initiative=initiative, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
        value=Decimal(10_000),
    )  # fmt: skip
    Budget.objects.create(
        initiative=initiative, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
        value=Decimal(12_000), type="2",
    )  # fmt: skip
    Budget.objects.create(
        initiative=initiative, period_start=dt.date(year + 1, 1, 1), period_end=dt.date(year + 1, 6, 30),
        value=Decimal(5_000),
    )  # fmt: skip
    Transaction.objects.create(
        initiative=initiative, type=Transaction.Type.INCOMING_FUNDS, date=dt.date(year, 5, 2),
        value=Decimal(3_000), provider=organisation,
    )  # fmt: skip
    Transaction.objects.create(
        initiative=initiative, type=Transaction.Type.INCOMING_FUNDS, date=dt.date(year - 1, 5, 2),
        value=Decimal(999), provider=organisation,
    )  # fmt: skip
    make_initiative(
        title_it="Scuole a Betlemme", title_en="Schools in Bethlehem", actual_start=dt.date(year - 5, 1, 1),
        planned_end=dt.date(year - 2, 12, 31), organisations=[(organisation, Participation.Role.EXTENDING)],
    )  # fmt: skip
    built.names["initiative"], built.names["old_initiative"] = "Water in Ouahigouya", "Schools in Bethlehem"

    built.names["event"] = make_event(
        title_it="Marcia della pace in città", title_en="Peace march in town", start=f"{year}-05",
        place_authority=member,
    ).title_en  # type: ignore[attr-defined]  # fmt: skip
    built.names["old_event"] = make_event(
        title_it="Convegno dell'anno prima", title_en="Conference of the year before", start=f"{year - 1}-11-20",
        participants=[member],
    ).title_en  # type: ignore[attr-defined]  # fmt: skip

    programme = make_programme()
    topic = make_topic()
    make_activity(programme, member, school_year=year - 1, pupils=40, classes=2, teachers=3, topics=[topic])
    make_activity(programme, member, school_year=year, pupils=25, classes=1, teachers=1,
                  level="secondaria-1")  # fmt: skip
    make_activity(programme, member, school_year=year - 3, pupils=500)

    built.names["mission"] = make_mission(
        title_it="Missione a Ouahigouya", title_en="Mission to Ouahigouya", started_on=f"{year}-10",
        members=[member], participants=[ParticipantInput(office_it="Sindaca", name="Anna Esempio",
                                                         public_office=True, member=member)],
    ).title_en  # type: ignore[attr-defined]  # fmt: skip
    partner = make_partner()
    built.names["agreement"] = make_agreement(
        title_it="Patto con Ouahigouya", title_en="Pact with Ouahigouya", signed_on=str(year - 3),
        members=[member], foreign_authorities=[partner],
    ).title_en  # type: ignore[attr-defined]  # fmt: skip
    built.names["ended_agreement"] = make_agreement(
        title_it="Patto scaduto", title_en="Expired pact", signed_on=str(year - 8), ended_on=str(year - 2),
        members=[member], foreign_authorities=[partner],
    ).title_en  # type: ignore[attr-defined]  # fmt: skip

    campaign = make_campaign(name_it="Sindaci per la pace", name_en="Mayors for Peace")
    Adoption.objects.create(campaign=campaign, member=member, adopted_on=dt.date(year, 8, 6))
    built.names["campaign"] = "Mayors for Peace"

    assembly = gt.make_assembly()
    meeting = gt.make_meeting(assembly, dt.date(year, 4, 20), register=False)
    motion = Motion.objects.create(
        meeting=meeting, title="Bilancio", status=Motion.Status.COUNTED, opened_at=gt.at(dt.date(year, 4, 20)),
        carried=True,
    )  # fmt: skip
    RollCall.objects.create(motion=motion, authority=member, presence="present", choice="against")
    RollCall.objects.create(motion=motion, authority=other, presence="present", choice="for")
    Resolution.objects.create(
        body=assembly, year=year, number=1, adopted_on=dt.date(year, 4, 20), title="Bilancio di previsione",
        meeting=meeting, motion=motion,
    )  # fmt: skip
    secret = Motion.objects.create(
        meeting=meeting, title="Nomina", status=Motion.Status.COUNTED, opened_at=gt.at(dt.date(year, 4, 20)),
        carried=True, voting="secret",
    )  # fmt: skip
    RollCall.objects.create(motion=secret, authority=member, presence="proxy", choice="absent")
    Resolution.objects.create(
        body=assembly, year=year, number=2, adopted_on=dt.date(year, 4, 20), title="Nomina del revisore",
        meeting=meeting, motion=secret,
    )  # fmt: skip
    return built
