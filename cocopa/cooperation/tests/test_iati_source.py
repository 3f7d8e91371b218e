"""The export's reader (iati_source.read): the same activities, to the byte, as the model instances
the ORM's prefetches give; a fixed number of queries per chunk of initiatives."""

import datetime as dt
import io
import random
import tracemalloc
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from cocopa.cooperation import iati, iati_checks, iati_source, queries
from cocopa.cooperation.models import (
    Budget,
    Document,
    Indicator,
    IndicatorPeriod,
    Initiative,
    Organisation,
    Place,
    PlannedDisbursement,
    RecipientRegion,
    Result,
    Sector,
    SectorMapping,
    Transaction,
)
from cocopa.cooperation.testing import (
    make_field,
    make_field_of_action,
    make_initiative,
    make_organisation,
    make_portfolio,
)

pytestmark = pytest.mark.django_db

REPORTING = iati.ReportingOrg(ref="XM-TEST-1", name="Co.Co.Pa. - Coordinamento Comuni per la Pace", type="11")
NOW = dt.datetime(2026, 1, 15, 10, 30, tzinfo=dt.UTC)


def orm_initiatives() -> Any:
    """The reading the export used before iati_source: model instances with every relation
    prefetched, in the models' orderings (the reference the reader must match)."""
    return queries.initiatives_for_export().iterator(chunk_size=7)


def export(initiatives: Iterable[Any]) -> tuple[bytes, list[iati_checks.Finding]]:
    out = io.BytesIO()
    findings: list[iati_checks.Finding] = []
    iati.write_activities(
        iati_checks.exportable(initiatives, findings, today=NOW.date()),
        out,
        reporting=REPORTING,
        generated_at=NOW,
    )
    return out.getvalue(), findings


def fuzzy_portfolio(seed: int, n: int) -> None:
    """n initiatives with a random mix of what the writer reads, and of nothing at all:
    translations filled, empty or blank; several countries and regions with no, equal, rounded or
    wrong percentages; fields of intervention and of action with several sectors; organisations
    with and without identifier; transactions with and without provider, receiver, description;
    budgets, documents, results with indicators and periods; related initiatives."""
    rnd = random.Random(seed)
    water = make_field()
    SectorMapping.objects.create(field_of_intervention=water, code="14031")
    schools = make_field("Schools", name_it="Scuole", code="11220")
    empty_field = make_field("Peace", name_it="Pace", code=None)
    action = make_field_of_action()
    SectorMapping.objects.create(field_of_action=action, code="15110")
    orgs = [
        make_organisation("Co.Co.Pa. - Coordinamento Comuni per la Pace"),
        make_organisation("Commune partenaire", ref="XM-DAC-41114", type="40", country="BF"),
        make_organisation("ONG senza tipo", type=""),
        make_organisation("  ", ref="XM-ONLY-REF", type="22"),
    ]
    text = ["", "   ", "Acqua & scuole <nuove>", "Testo con \x0b carattere vietato", "Città è già lì"]
    made: list[Initiative] = []
    for k in range(n):
        countries: list[Any] = rnd.choice(
            [
                [],
                ["BF"],
                [("BF", Decimal(50)), ("SN", Decimal(50))],
                [("BF", Decimal("33.33")), ("SN", Decimal("33.33")), ("ML", Decimal("33.33"))],
                [("BF", Decimal(70)), ("SN", Decimal(20))],
                [("BF", None), ("SN", Decimal(40))],
                ["PS", "LB", "HT"],
            ]
        )
        regions: list[tuple[str, Decimal | None]] = rnd.choice(
            [[], [("289", None)], [("298", Decimal("25.5"))]]
        )
        days = rnd.randrange(0, 3000)
        begin = dt.date(2010, 1, 1) + dt.timedelta(days=days)
        initiative = make_initiative(
            f"fz{seed}-{rnd.randrange(10**6):06d}-{k:03d}",
            title_it=rnd.choice(text),
            title_en=rnd.choice(text),
            description_it=rnd.choice(text),
            description_en=rnd.choice(text),
            status=rnd.choice(["", "1", "2", "4"]),
            planned_start=rnd.choice([None, begin]),
            actual_start=rnd.choice([None, begin]),
            planned_end=rnd.choice([None, begin + dt.timedelta(days=700)]),
            actual_end=rnd.choice([None, begin + dt.timedelta(days=400)]),
            countries=countries,
            regions=regions,
            fields=rnd.choice([[], [water], [schools, water], [empty_field]]),
            fields_of_action=rnd.choice([[], [action]]),
            organisations=rnd.sample([(o, r) for o in orgs for r in "1234"], rnd.randrange(0, 4)),
            places=rnd.choice(
                [
                    [],
                    [("Ouahigouya", Decimal("13.5828"), Decimal("-2.4216"))],
                    [("  ", None, None), ("Gaza", Decimal("31.5"), Decimal("34.466667"))],
                ]
            ),
            budgets=[
                (
                    begin + dt.timedelta(days=400 * b),
                    begin + dt.timedelta(days=400 * b + 300),
                    Decimal(rnd.randrange(1, 10**6)) / 100,
                )
                for b in range(rnd.randrange(0, 3))
            ],
            transactions=[
                {
                    "type": rnd.choice(["1", "2", "3"]),
                    "date": begin + dt.timedelta(days=t % 2),
                    "value": Decimal(rnd.randrange(1, 10**6)) / 100,
                    "value_date": rnd.choice([None, begin]),
                    "provider": rnd.choice([None, *orgs]),
                    "receiver": rnd.choice([None, *orgs]),
                    "reference": rnd.choice(["", f"tx-{t}"]),
                    "description_it": rnd.choice(text),
                    "description_en": rnd.choice(text),
                }
                for t in range(rnd.randrange(0, 4))
            ],
            documents=[
                {
                    "url": f"https://example.org/d/{k}/{d}",
                    "title_it": rnd.choice(text),
                    "title_en": rnd.choice(text),
                    "language": rnd.choice(["", "it", "fr"]),
                    "published_on": rnd.choice([None, begin]),
                    "format": rnd.choice(["text/html", "application/pdf"]),
                }
                for d in range(rnd.randrange(0, 3))
            ],
            results=[
                {
                    "title_it": rnd.choice(text),
                    "title_en": rnd.choice(text),
                    "type": rnd.choice(["1", "2"]),
                    "indicators": [
                        {
                            "title_it": rnd.choice(text),
                            "title_en": rnd.choice(text),
                            "periods": [
                                (
                                    dt.date(2020 + p, 1, 1),
                                    dt.date(2020 + p, 12, 31),
                                    rnd.choice([None, Decimal(10)]),
                                    rnd.choice([None, Decimal("7.50")]),
                                )
                                for p in range(rnd.randrange(0, 3))
                            ],
                        }
                        for _i in range(rnd.randrange(0, 3))
                    ],
                }
                for _r in range(rnd.randrange(0, 3))
            ],
            related=rnd.sample(made, min(len(made), rnd.randrange(0, 3))),
        )
        made.append(initiative)
    # What the factories do not write: a region vocabulary, result descriptions, baselines, …
    RecipientRegion.objects.filter(code="298").update(vocabulary="2")
    Document.objects.filter(language="fr").update(category="A01")
    budgets = list(Budget.objects.order_by("pk").values_list("pk", flat=True))
    Budget.objects.filter(pk__in=budgets[::3]).update(status="2", value_date=dt.date(2019, 5, 5))
    Transaction.objects.filter(type="3").update(description_en="  ")
    results = list(Result.objects.order_by("pk").values_list("pk", flat=True))
    Result.objects.filter(pk__in=results[::2]).update(description_it="Descrizione", description_en="")
    indicators = list(Indicator.objects.order_by("pk").values_list("pk", flat=True))
    Indicator.objects.filter(pk__in=indicators[::2]).update(baseline_year=2019, ascending=False)
    Indicator.objects.filter(pk__in=indicators[::4]).update(baseline_value=Decimal("3.25"), measure="2")
    # Texts and names in other languages, as an import keeps them: tagged, untagged, and a text
    # shown in the Italian column for want of an Italian or English one.
    for n, initiative in enumerate(made[1::3]):
        shown = "Agua para todos"
        if n % 2:
            Initiative.objects.filter(pk=initiative.pk).update(title_it=shown)
        Initiative.objects.filter(pk=initiative.pk).update(
            narratives={"title": [["es", shown, shown], ["", "Sans langue"]], "description": [["fr", "Eau"]]}
        )
    Transaction.objects.filter(type="2").update(narratives={"description": [["es", "Compromiso"]]})
    Document.objects.filter(language="it").update(narratives={"title": [["", "Scheda"]]})
    Result.objects.filter(pk__in=results[1::2]).update(narratives={"description": [["fr", "Résultat"]]})
    Indicator.objects.filter(pk__in=indicators[1::3]).update(narratives={"title": [["es", "Indicador"]]})
    Organisation.objects.filter(ref="XM-DAC-41114").update(name_lang="fr", names=[["en", "Partner commune"]])
    Place.objects.filter(name="Gaza").update(name_lang="en", names=[["ar", "غزة"]])
    for n, initiative in enumerate(made[2::4]):
        PlannedDisbursement.objects.create(
            initiative=initiative,
            type=rnd.choice(["", "1", "2"]),
            period_start=dt.date(2021, 1, 1),
            period_end=rnd.choice([None, dt.date(2021, 12, 31)]),
            value=Decimal(n * 1000 + 1),
            currency=rnd.choice(["", "GBP"]),
            provider=rnd.choice([None, *orgs]),
            receiver=rnd.choice([None, *orgs]),
        )
    Indicator.objects.filter(pk__in=indicators[::5]).update(
        baselines=[
            {"year": "2019", "iso_date": "2019-03-01", "value": "4", "dimensions": [["sex", "female"]]},
            {"year": "2019", "value": "5", "comment": [["en", "Survey"], ["", "Enquête"]]},
        ]
    )
    periods = list(IndicatorPeriod.objects.order_by("pk").values_list("pk", flat=True))
    IndicatorPeriod.objects.filter(pk__in=periods[::3]).update(
        targets=[{"value": "10", "dimensions": [["age", "0-5"]]}, {"value": "12"}],
        actuals=[{"value": "7", "comment": [["fr", "Partiel"]]}],
    )
    Place.objects.filter(name="Ouahigouya").update(
        ref="BF-OUA",
        reach="1",
        location_class="2",
        feature_designation="PPL",
        location_ids=[["G1", "2560115"]],
        administrative=[["G1", "1", "BF"], ["G1", "2", "Nord"]],
        narratives={
            "description": [["fr", "Ville"], ["", "Centre"]],
            "activity-description": [["it", "Pozzi"]],
        },
    )
    # Sectors of their own for some (they win over the fields' codes), of several vocabularies.
    for n, initiative in enumerate(made[::2]):
        for vocabulary, code, percentage, uri, name in rnd.choice(
            [
                [("1", "14031", None, "", "")],
                [("1", "11220", Decimal(60), "", ""), ("1", "14031", Decimal(40), "", "")],
                [("2", "111", Decimal(100), "", ""), ("99", f"A{n}", None, "https://example.org/v", "Acqua")],
            ]
        ):
            Sector.objects.create(
                initiative=initiative,
                vocabulary=vocabulary,
                code=code,
                percentage=percentage,
                vocabulary_uri=uri,
                name=name,
            )


def written(initiatives: Iterable[Any]) -> bytes:
    """Every activity, unchecked: what the writer makes of each record, errors and all."""
    out = io.BytesIO()
    iati.write_activities(initiatives, out, reporting=REPORTING, generated_at=NOW)
    return out.getvalue()


# ---------------------------------------------------------------- the same bytes as the ORM's reading


def test_the_demo_network_is_exported_byte_for_byte_as_from_the_orm(demo_network):
    data, findings = export(iati_source.read(chunk_size=5))
    assert (data, findings) == export(orm_initiatives())
    assert data.count(b"<iati-activity ") >= 15
    assert written(iati_source.read(chunk_size=5)) == written(orm_initiatives())


@pytest.mark.parametrize("seed", [1, 2])
def test_a_fuzzy_portfolio_is_exported_byte_for_byte_as_from_the_orm(seed):
    fuzzy_portfolio(seed, 50)
    make_portfolio(10)
    data, findings = export(iati_source.read(chunk_size=7))
    assert (data, findings) == export(orm_initiatives())
    assert any(f.severity == "error" for f in findings)  # some left out …
    everything = written(iati_source.read(chunk_size=7))
    assert everything == written(orm_initiatives())  # … and, unchecked, all of them the same
    for made in (
        b"<recipient-region ",
        b'percentage="33.34"',
        b"<provider-org",
        b"<indicator ",
        b"<baseline ",
    ):
        assert made in everything, made  # the portfolio has what it is meant to compare
    assert everything.count(b"<iati-activity ") == 60


def test_the_reader_reads_every_language_whichever_is_active():
    make_initiative("bilingual")
    with translation.override("en"):
        english = written(iati_source.read())
    with translation.override("it"):
        italian = written(iati_source.read())
    assert english == italian
    assert (
        b'<narrative xml:lang="it">Acqua per tutti</narrative><narrative xml:lang="en">Water for all'
        in italian
    )


def test_a_record_from_an_instance_without_prefetches_is_the_one_the_reader_gives():
    fuzzy_portfolio(3, 12)
    read = list(iati_source.read())
    instances = [iati_source.from_model(i) for i in Initiative.objects.order_by("identifier")]
    # Related initiatives come by identifier from the reader, by the model's ordering from .all().
    assert [a.__class__.__name__ for a in read] == ["Activity"] * 12
    for mine, theirs in zip(read, instances, strict=True):
        assert {f: getattr(mine, f) for f in mine.__slots__ if f != "related"} == {
            f: getattr(theirs, f) for f in theirs.__slots__ if f != "related"
        }
        assert sorted(mine.related) == sorted(theirs.related)


# ---------------------------------------------------------------- queries and memory


@pytest.mark.parametrize(("initiatives", "chunks"), [(0, 0), (4, 1), (5, 1), (12, 3), (15, 3)])
def test_the_reader_runs_one_query_per_related_table_and_chunk(
    initiatives, chunks, django_assert_num_queries
):
    make_portfolio(initiatives)  # every relation filled: two countries, sectors, a result …
    with django_assert_num_queries(1 + iati_source.QUERIES_PER_CHUNK * chunks):  # then each table
        read = list(iati_source.read(chunk_size=5))
    assert len(read) == initiatives


class _Sink:
    """Counts bytes and keeps none, so only the reader's and the writer's memory is measured."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def _peak(limit: int) -> tuple[int, int]:
    qs = Initiative.objects.filter(pk__in=Initiative.objects.order_by("identifier").values("pk")[:limit])
    sink = _Sink()
    tracemalloc.start()
    try:
        iati.write_activities(
            iati_checks.exportable(iati_source.read(qs, chunk_size=100), [], today=NOW.date()),
            sink,  # type: ignore[arg-type]
            reporting=REPORTING,
            generated_at=NOW,
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, sink.size


def test_the_readers_memory_does_not_grow_with_the_number_of_activities():
    make_portfolio(800)
    small_peak, small_size = _peak(400)
    large_peak, large_size = _peak(800)
    assert large_size > 1.9 * small_size  # twice the output …
    assert large_peak < 1.3 * small_peak  # … about the same memory
