"""make_* factories for the cooperation registry: tests, the IATI benchmark and the importer's tests.

Plain functions creating real rows. make_initiative builds one initiative with exactly what it
is given (a valid, exportable one by default); make_portfolio bulk-creates many complete ones
(every element the IATI writer knows), fast enough for 10,000 in a benchmark.
"""

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from cocopa.cooperation.models import (
    Budget,
    Document,
    Indicator,
    IndicatorPeriod,
    Initiative,
    InitiativeKind,
    Organisation,
    Participation,
    Place,
    RecipientCountry,
    RecipientRegion,
    Result,
    SectorMapping,
    Transaction,
)
from cocopa.network.models import FieldOfAction, FieldOfIntervention

_numbers = itertools.count(1)

# (English name, Italian name, DAC code) of the fields make_portfolio maps to sectors.
FIELDS = (
    ("Water", "Acqua", "14030"),
    ("Education and schools", "Istruzione e scuole", "11220"),
    ("Health care", "Sanità", "12220"),
    ("Agriculture", "Agricoltura", "31120"),
)
COUNTRIES = ("BF", "PS", "SN", "ML", "MZ", "LB", "HT", "IN", "LK", "IT")


def make_kind(key: str = "cooperation") -> InitiativeKind:
    return InitiativeKind.objects.get_or_create(
        key=key, defaults={"name_it": "progetto di cooperazione", "name_en": "cooperation project"}
    )[0]


def make_field(
    name_en: str = "Water", *, name_it: str = "Acqua", code: str | None = "14030"
) -> FieldOfIntervention:
    """A field of intervention (found by its English name or created), mapped to a DAC code when given."""
    field = FieldOfIntervention.objects.filter(name_en=name_en).first()
    if field is None:
        field = FieldOfIntervention.objects.create(name_it=name_it, name_en=name_en)
    if code and not field.sectors.filter(code=code).exists():
        SectorMapping.objects.create(field_of_intervention=field, code=code)
    return field


def make_field_of_action(
    name_en: str = "Decentralised cooperation", *, code: str | None = "15112"
) -> FieldOfAction:
    field = FieldOfAction.objects.filter(name_en=name_en).first()
    if field is None:
        field = FieldOfAction.objects.create(name_it=name_en, name_en=name_en)
    if code and not field.sectors.filter(code=code).exists():
        SectorMapping.objects.create(field_of_action=field, code=code)
    return field


def make_organisation(
    name: str = "Comune di Prova", *, ref: str = "", type: str = "11", country: str = "IT"
) -> Organisation:
    return Organisation.objects.create(name=name, ref=ref, type=type, country=country)


def make_initiative(
    identifier: str | None = None,
    *,
    title_it: str = "Acqua per tutti",
    title_en: str = "Water for all",
    description_it: str = "Punti d'acqua nei villaggi.",
    description_en: str = "Water points in the villages.",
    status: str = "2",
    planned_start: dt.date | None = None,
    actual_start: dt.date | None = dt.date(2020, 1, 1),
    planned_end: dt.date | None = dt.date(2030, 12, 31),
    actual_end: dt.date | None = None,
    countries: Sequence[str | tuple[str, Decimal | None]] = ("BF",),
    regions: Sequence[tuple[str, Decimal | None]] = (),
    fields: Sequence[FieldOfIntervention] | None = None,
    fields_of_action: Sequence[FieldOfAction] = (),
    organisations: Sequence[tuple[Organisation, str]] | None = None,
    places: Sequence[tuple[str, Decimal | None, Decimal | None]] = (),
    budgets: Sequence[tuple[dt.date, dt.date, Decimal]] = (),
    transactions: Sequence[dict[str, Any]] = (),
    documents: Sequence[dict[str, Any]] = (),
    results: Sequence[dict[str, Any]] = (),
    related: Sequence[Initiative] = (),
    kind: InitiativeKind | None = None,
) -> Initiative:
    """One initiative, exportable as it stands by default: title and description in both
    languages, a status, an actual start, Burkina Faso, the Water field (DAC 14030) and the
    network as extending organisation. Every part can be replaced (an empty sequence removes it).

    countries: codes, or (code, percentage); fields: None for the default Water field;
    organisations: (organisation, IATI role) pairs, None for a default extending one;
    transactions: Transaction fields; documents: Document fields; results: {"title_it", "title_en",
    "type", "indicators": [{"title_it", "measure", "periods": [(start, end, target, actual)]}]}.
    """
    n = next(_numbers)
    initiative = Initiative.objects.create(
        identifier=identifier or f"initiative-{n}",
        kind=kind or make_kind(),
        title_it=title_it,
        title_en=title_en,
        description_it=description_it,
        description_en=description_en,
        status=status,
        planned_start=planned_start,
        actual_start=actual_start,
        planned_end=planned_end,
        actual_end=actual_end,
    )
    for country in countries:
        code, percentage = (country, None) if isinstance(country, str) else country
        RecipientCountry.objects.create(initiative=initiative, code=code, percentage=percentage)
    for code, percentage in regions:
        RecipientRegion.objects.create(initiative=initiative, code=code, percentage=percentage)
    initiative.fields_of_intervention.set([make_field()] if fields is None else fields)
    initiative.fields_of_action.set(fields_of_action)
    if organisations is None:
        organisations = [(make_organisation("Co.Co.Pa. - Coordinamento Comuni per la Pace"), "3")]
    for org, role in organisations:
        Participation.objects.create(initiative=initiative, organisation=org, role=role)
    for name, lat, lon in places:
        Place.objects.create(initiative=initiative, name=name, latitude=lat, longitude=lon)
    for start, end, value in budgets:
        Budget.objects.create(initiative=initiative, period_start=start, period_end=end, value=value)
    for tx in transactions:
        Transaction.objects.create(initiative=initiative, **tx)
    for doc in documents:
        Document.objects.create(initiative=initiative, **doc)
    for res in results:
        result = Result.objects.create(
            initiative=initiative,
            type=res.get("type", "1"),
            title_it=res.get("title_it", "Risultato"),
            title_en=res.get("title_en", ""),
        )
        for ind in res.get("indicators", []):
            indicator = Indicator.objects.create(
                result=result,
                title_it=ind.get("title_it", "Indicatore"),
                title_en=ind.get("title_en", ""),
                measure=ind.get("measure", "1"),
            )
            for start, end, target, actual in ind.get("periods", []):
                IndicatorPeriod.objects.create(
                    indicator=indicator, period_start=start, period_end=end, target=target, actual=actual
                )
    initiative.related.set(related)
    return initiative


def make_portfolio(n: int, *, prefix: str = "gen", start: dt.date = dt.date(2010, 1, 1)) -> int:
    """Bulk-create n complete, exportable initiatives (identifiers `{prefix}-00001` …).

    Each has two narratives per text, two recipient countries (50/50), two places, three
    participating organisations, two yearly budgets, three transactions, a document, a result
    with an indicator and a period, two DAC sectors and a related initiative (its predecessor).
    Returns n. Runs a constant number of statements per 1,000 initiatives.
    """
    kind = make_kind()
    fields = [make_field(en, name_it=it, code=code) for en, it, code in FIELDS]
    orgs = [
        make_organisation("Co.Co.Pa. - Coordinamento Comuni per la Pace", type="11"),
        make_organisation("Commune partenaire", ref="XM-DAC-41114", type="40", country="BF"),
        make_organisation("ONG di prova", type="22"),
    ]
    batch = 1000
    made = 0
    previous: Initiative | None = None
    while made < n:
        size = min(batch, n - made)
        initiatives = []
        for k in range(made, made + size):
            begin = start + dt.timedelta(days=k % 3000)
            initiatives.append(
                Initiative(
                    identifier=f"{prefix}-{k + 1:05d}",
                    kind=kind,
                    title_it=f"Iniziativa {k + 1}: acqua e scuole",
                    title_en=f"Initiative {k + 1}: water and schools",
                    description_it=f"Descrizione dell'iniziativa {k + 1}, con punti d'acqua & scuole <nuove>.",
                    description_en=f"Description of initiative {k + 1}, with water points & new <schools>.",
                    status="2" if k % 2 else "4",
                    actual_start=begin,
                    planned_end=begin + dt.timedelta(days=729),
                    start_on_index=begin,
                )
            )
        Initiative.objects.bulk_create(initiatives)
        if initiatives[0].pk is None:  # databases that do not return ids
            ids = dict(
                Initiative.objects.filter(identifier__in=[i.identifier for i in initiatives]).values_list(
                    "identifier", "pk"
                )
            )
            for i in initiatives:
                i.pk = ids[i.identifier]
        _children(initiatives, fields, orgs, previous)
        previous = initiatives[-1]
        made += size
    return n


def _children(
    initiatives: list[Initiative],
    fields: list[FieldOfIntervention],
    orgs: list[Organisation],
    previous: Initiative | None,
) -> None:
    countries, places, parts, budgets, txs, docs, results = [], [], [], [], [], [], []
    field_links, related_links = [], []
    FieldLink = Initiative.fields_of_intervention.through
    RelatedLink = Initiative.related.through
    for k, i in enumerate(initiatives):
        begin = i.actual_start
        assert begin is not None
        a, b = COUNTRIES[k % len(COUNTRIES)], COUNTRIES[(k + 1) % len(COUNTRIES)]
        countries += [
            RecipientCountry(initiative=i, code=a, percentage=Decimal(50)),
            RecipientCountry(initiative=i, code=b, percentage=Decimal(50)),
        ]
        places += [
            Place(
                initiative=i,
                name="Ouahigouya",
                country="BF",
                latitude=Decimal("13.5828"),
                longitude=Decimal("-2.4216"),
            ),
            Place(initiative=i, name="Villaggio senza coordinate", country="BF"),
        ]
        parts += [
            Participation(initiative=i, organisation=orgs[0], role="1"),
            Participation(initiative=i, organisation=orgs[1], role="4"),
            Participation(initiative=i, organisation=orgs[2], role="3"),
        ]
        second = begin + dt.timedelta(days=365)
        budgets += [
            Budget(
                initiative=i,
                period_start=begin,
                period_end=second - dt.timedelta(days=1),
                value=Decimal("10000.00"),
            ),
            Budget(
                initiative=i,
                period_start=second,
                period_end=second + dt.timedelta(days=364),
                value=Decimal("12500.50"),
            ),
        ]
        txs += [
            Transaction(
                initiative=i,
                type="1",
                date=begin,
                value=Decimal("5000"),
                provider=orgs[0],
                description_it="Quota del comune",
                description_en="The municipality's share",
            ),
            Transaction(
                initiative=i,
                type="2",
                date=begin,
                value=Decimal("8000"),
                receiver=orgs[1],
                description_it="Impegno",
                description_en="",
            ),
            Transaction(
                initiative=i,
                type="3",
                date=begin + dt.timedelta(days=30),
                value=Decimal("4000.25"),
                provider=orgs[0],
                receiver=orgs[1],
            ),
        ]
        docs.append(
            Document(
                initiative=i,
                url=f"https://example.org/initiatives/{i.identifier}",
                title_it="Scheda",
                title_en="Project sheet",
                language="it",
                published_on=begin,
            )
        )
        results.append(
            Result(initiative=i, type="1", title_it="Punti d'acqua costruiti", title_en="Water points built")
        )
        field_links += [
            FieldLink(initiative_id=i.pk, fieldofintervention_id=fields[k % len(fields)].pk),
            FieldLink(initiative_id=i.pk, fieldofintervention_id=fields[(k + 1) % len(fields)].pk),
        ]
        if previous is not None:
            related_links += [
                RelatedLink(from_initiative_id=i.pk, to_initiative_id=previous.pk),
                RelatedLink(from_initiative_id=previous.pk, to_initiative_id=i.pk),
            ]
        previous = i
    RecipientCountry.objects.bulk_create(countries)
    Place.objects.bulk_create(places)
    Participation.objects.bulk_create(parts)
    Budget.objects.bulk_create(budgets)
    Transaction.objects.bulk_create(txs)
    Document.objects.bulk_create(docs)
    Result.objects.bulk_create(results)
    if results[0].pk is None:
        by_initiative = dict(
            Result.objects.filter(initiative__in=initiatives).values_list("initiative_id", "pk")
        )
        for r in results:
            r.pk = by_initiative[r.initiative_id]
    indicators = [
        Indicator(result=r, title_it="Punti d'acqua", title_en="Water points", measure="1") for r in results
    ]
    Indicator.objects.bulk_create(indicators)
    if indicators[0].pk is None:
        by_result = dict(Indicator.objects.filter(result__in=results).values_list("result_id", "pk"))
        for ind in indicators:
            ind.pk = by_result[ind.result_id]
    IndicatorPeriod.objects.bulk_create(
        IndicatorPeriod(
            indicator=ind,
            period_start=dt.date(2020, 1, 1),
            period_end=dt.date(2020, 12, 31),
            target=Decimal(10),
            actual=Decimal(8),
        )
        for ind in indicators
    )
    FieldLink.objects.bulk_create(field_links)
    RelatedLink.objects.bulk_create(related_links)


# One complete activity as the exporter writes it (every element the importer maps), numbered.
_IATI_ACTIVITY = (
    '<iati-activity last-updated-datetime="2026-01-01T00:00:00+00:00" xml:lang="it" default-cur'
    'rency="EUR"><iati-identifier>XM-BENCH-1-gen-{n:05d}</iati-identifier><reporting-org ref="X'
    'M-BENCH-1" type="11"><narrative>Co.Co.Pa. - Coordinamento Comuni per la Pace</narrative></'
    'reporting-org><title><narrative xml:lang="it">Iniziativa {n}: acqua e scuole</narrative><n'
    'arrative xml:lang="en">Initiative {n}: water and schools</narrative></title><description t'
    'ype="1"><narrative xml:lang="it">Descrizione dell\'iniziativa {n}, con punti d\'acqua &amp; '
    'scuole &lt;nuove&gt;.</narrative><narrative xml:lang="en">Description of initiative {n}, w'
    "ith water points &amp; new &lt;schools&gt;.</narrative></description><participating-org ro"
    'le="1" type="11"><narrative>Co.Co.Pa. - Coordinamento Comuni per la Pace</narrative></part'
    'icipating-org><participating-org role="3" type="22"><narrative>ONG di prova</narrative></p'
    'articipating-org><participating-org role="4" type="40" ref="XM-DAC-41114"><narrative>Commu'
    'ne partenaire</narrative></participating-org><activity-status code="2"/><activity-date typ'
    'e="2" iso-date="2010-01-02"/><activity-date type="3" iso-date="2012-01-01"/><recipient-cou'
    'ntry code="PS" percentage="50.00"/><recipient-country code="SN" percentage="50.00"/><locat'
    'ion><name><narrative>Ouahigouya</narrative></name><point srsName="http://www.opengis.net/d'
    'ef/crs/EPSG/0/4326"><pos>13.582800 -2.421600</pos></point><exactness code="2"/></location>'
    '<location><name><narrative>Villaggio senza coordinate</narrative></name><exactness code="2'
    '"/></location><sector vocabulary="1" code="11220" percentage="50.00"/><sector vocabulary="'
    '1" code="12220" percentage="50.00"/><budget type="1" status="1"><period-start iso-date="20'
    '10-01-02"/><period-end iso-date="2011-01-01"/><value currency="EUR" value-date="2010-01-02'
    '">10000.00</value></budget><budget type="1" status="1"><period-start iso-date="2011-01-02"'
    '/><period-end iso-date="2012-01-01"/><value currency="EUR" value-date="2011-01-02">12500.5'
    '0</value></budget><transaction><transaction-type code="1"/><transaction-date iso-date="201'
    '0-01-02"/><value currency="EUR" value-date="2010-01-02">5000.00</value><description><narra'
    'tive xml:lang="it">Quota del comune</narrative><narrative xml:lang="en">The municipality\'s'
    ' share</narrative></description><provider-org type="11"><narrative>Co.Co.Pa. - Coordinamen'
    "to Comuni per la Pace</narrative></provider-org></transaction><transaction><transaction-ty"
    'pe code="2"/><transaction-date iso-date="2010-01-02"/><value currency="EUR" value-date="20'
    '10-01-02">8000.00</value><description><narrative xml:lang="it">Impegno</narrative></descri'
    'ption><receiver-org ref="XM-DAC-41114" type="40"><narrative>Commune partenaire</narrative>'
    '</receiver-org></transaction><transaction><transaction-type code="3"/><transaction-date is'
    'o-date="2010-02-01"/><value currency="EUR" value-date="2010-02-01">4000.25</value><provide'
    'r-org type="11"><narrative>Co.Co.Pa. - Coordinamento Comuni per la Pace</narrative></provi'
    'der-org><receiver-org ref="XM-DAC-41114" type="40"><narrative>Commune partenaire</narrativ'
    'e></receiver-org></transaction><document-link url="https://example.org/initiatives/gen-{n:'
    '05d}" format="text/html"><title><narrative xml:lang="it">Scheda</narrative><narrative xml:'
    'lang="en">Project sheet</narrative></title><category code="A12"/><language code="it"/><doc'
    'ument-date iso-date="2010-01-02"/></document-link><related-activity ref="XM-BENCH-1-gen-{p'
    'rev:05d}" type="3"/><related-activity ref="XM-BENCH-1-gen-{next:05d}" type="3"/><result ty'
    'pe="1"><title><narrative xml:lang="it">Punti d\'acqua costruiti</narrative><narrative xml:l'
    'ang="en">Water points built</narrative></title><indicator measure="1" ascending="1"><title'
    '><narrative xml:lang="it">Punti d\'acqua</narrative><narrative xml:lang="en">Water points</'
    'narrative></title><period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-'
    '12-31"/><target value="10.00"/><actual value="8.00"/></period></indicator></result></iati-'
    "activity>"
)


def iati_activities_file(n: int, *, prefix: str = "XM-BENCH-1") -> bytes:
    """An IATI activity file of n complete activities (`{prefix}-gen-00001` …), each related to its
    neighbours, without a database: the importer's tests of large files and concurrency."""
    activities = [
        _IATI_ACTIVITY.replace("XM-BENCH-1", prefix).format(n=k, prev=max(k - 1, 1), next=min(k + 1, n))
        for k in range(1, n + 1)
    ]
    head = '<?xml version="1.0" encoding="utf-8"?>\n<iati-activities version="2.03" generated-datetime="2026-01-01T00:00:00+00:00">\n'
    return (head + "\n".join(activities) + "\n</iati-activities>\n").encode()
