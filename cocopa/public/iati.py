"""The network's IATI publication: the activity file and the organisation file at stable
addresses, and the dataset metadata the IATI Registry asks for (issue 15, point 6).

It lives in `public`, above both cooperation (activities, budgets) and the library (the
organisation file's documents), the floors it reads.

Stable addresses, outside the language prefixes (cocopa/urls.py):
- `/iati/activities.xml`: every activity the checks find no error in (the same file as
  `cocopa export_iati` and the API's `/api/v1/iati/activities.xml`, both in this app: `read`);
- `/iati/activities-<year>.xml`: those that start in that year (actual start, else planned);
- `/iati/activities/<CC>.xml`: those whose one recipient is the country CC (ISO 3166-1, capitals),
  and `/iati/activities/multi-country.xml` the others: several countries, a region, or none. Each
  activity is in exactly one country file, as in exactly one year file: the IATI Registry must
  never be given an activity twice (the Datastore would hold it twice);
- `/iati/organisation.xml`: the network as an `iati-organisations` file.

Split: the IATI Standard's documentation speaks of a 40 MB limit per file and its tools refuse
files of about 60 MB; a demo activity takes about 4 KB. Above ACTIVITIES_PER_FILE activities
(5,000, some 20 MB: a software default, the setting IATI_ACTIVITIES_PER_FILE changes it) the
Registry is given one dataset per start year, or per country, instead of the whole file
(`datasets`); every file stays at its address whatever the count. The organisation file holds one
organisation and is never split.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from cocopa.cooperation import codelists, iati, iati_checks, iati_org, iati_source, iati_updated
from cocopa.cooperation.iati_source import Activity
from cocopa.cooperation.models import Initiative, RecipientCountry
from cocopa.diplomacy import iati as diplomacy_iati
from cocopa.library import iati as library_iati

# Software default: activities above which the Registry is given the activity file in parts.
ACTIVITIES_PER_FILE = 5000
# The file of the activities that have no single recipient country.
MULTI_COUNTRY = "multi-country"

Split = Literal["year", "country"]
SPLITS: tuple[Split, ...] = ("year", "country")


def activities_per_file() -> int:
    """The splitting threshold: the setting IATI_ACTIVITIES_PER_FILE, else the software default."""
    return int(getattr(settings, "IATI_ACTIVITIES_PER_FILE", 0) or ACTIVITIES_PER_FILE)


def start_year(activity: Activity) -> int | None:
    start = activity.actual_start or activity.planned_start
    return start.year if start else None


def single_country(activity: Activity) -> str | None:
    """The activity's country file: its one recipient country, None (multi-country) otherwise."""
    if len(activity.countries) == 1 and not activity.regions:
        return activity.countries[0].code
    return None


# One reader for every copy of the network's activity file: the files at /iati/…, the API's
# /api/v1/iati/activities.xml and /iati/findings (public/api_iati.py) and `cocopa export_iati`
# (public/management/commands/export_iati.py). They all live here, in `public`, because the
# activities are published with documents from an app above cooperation (the agreements of
# cocopa.diplomacy, category A09), which cooperation may not import (docs/decisions/0008).
# Moving the two writers up a floor was chosen over a registry of "extra document" providers that
# diplomacy would fill from its AppConfig.ready(): the same output, with no hook to find and no
# ordering of app loading to rely on (STYLE.md: no registries).
def read(initiatives: "QuerySet[Initiative] | None" = None) -> Iterator[Activity]:
    """The network's activities as published: the registry's records (iati_source.read) with the
    documents of their agreements (category A09, cocopa.diplomacy.iati) after their own."""
    return diplomacy_iati.with_agreement_documents(iati_source.read(initiatives))


def exportable(
    today: dt.date,
    initiatives: "QuerySet[Initiative] | None" = None,
    findings: list[iati_checks.Finding] | None = None,
) -> Iterator[Activity]:
    """The activities of the activity file, by the export's own checks (each finding appended to
    `findings` when given), with the documents of their agreements."""
    return iati_checks.exportable(read(initiatives), [] if findings is None else findings, today=today)


def of_year(year: int) -> "QuerySet[Initiative]":
    # start_on_index is the actual start, else the planned one: what start_year reads.
    return Initiative.objects.own().filter(start_on_index__year=year)


def _single_country() -> "QuerySet[Initiative]":
    return (
        Initiative.objects.own()
        .annotate(n_countries=Count("countries", distinct=True), n_regions=Count("regions", distinct=True))
        .filter(n_countries=1, n_regions=0)
    )


def of_country(code: str) -> "QuerySet[Initiative]":
    """The network's activities whose one recipient is country `code` (what single_country reads)."""
    return Initiative.objects.own().filter(
        pk__in=_single_country().values("pk"),
        id__in=RecipientCountry.objects.filter(code=code).values("initiative"),
    )


def country_files() -> list[str]:
    """The countries with a file of their own: those of the network's single-country activities
    (the file holds the ones the export's checks let through)."""
    codes = RecipientCountry.objects.filter(initiative__in=_single_country().values("pk"))
    return sorted(set(codes.values_list("code", flat=True)))


def of_several_countries() -> "QuerySet[Initiative]":
    return Initiative.objects.own().exclude(pk__in=_single_country().values("pk"))


def is_country(code: str) -> bool:
    """An ISO 3166-1 code of IATI's Country codelist (withdrawn ones too: old activities use them)."""
    return code in codelists.codes("Country", withdrawn=True)


def organisation_file(*, now: dt.datetime) -> tuple[bytes, list[str]]:
    """The organisation file, and what it leaves out (budgets across two years, documents
    without a category), each named."""
    reporting = iati.reporting_org_from_settings()
    figures = iati_org.figures(exportable(timezone.localdate(now)))
    documents, documents_left_out = library_iati.organisation_documents()
    data = iati_org.organisation_file(
        reporting=reporting,
        figures=figures,
        documents=documents,
        generated_at=now,
        last_updated=organisation_last_changed(figures.identifiers),
    )
    left_out = [f"budget: {line}" for line in figures.left_out] + [
        f"document without an organisation category: {title}" for title in documents_left_out
    ]
    return data, left_out


def organisation_last_changed(identifiers: Iterable[str]) -> dt.datetime | None:
    """The newest of the changes of the activities its figures come from and of the public
    documents' versions."""
    changed = iati_updated.last_changed()
    found = [changed[i] for i in identifiers if i in changed]
    documents = library_iati.last_changed()
    if documents is not None:
        found.append(documents)
    return max(found, default=None)


@dataclass(frozen=True)
class Dataset:
    """One dataset of the IATI Registry, as its publisher form and API name the fields."""

    name: str
    title: str
    filetype: str  # "activity" or "organisation"
    url: str
    activity_count: int | None
    data_updated: dt.datetime | None
    country: str | None = None  # the Registry's "recipient country" of a country's file
    registered: bool = True  # False: a file at its address that the Registry is not given

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "filetype": self.filetype,
            "url": self.url,
            "format": "IATI-XML",
            "iati_version": iati.VERSION,
            "language": iati.DEFAULT_LANGUAGE,
            "activity_count": self.activity_count,
            "data_updated": self.data_updated.isoformat(timespec="seconds") if self.data_updated else None,
            "recipient_country": self.country,
        }


def _url(name: str, *args: Any) -> str:
    return settings.COCOPA_SITE_URL.rstrip("/") + reverse(name, args=args)


class _Parts:
    """Activities counted per part of a split, with the newest change of each part."""

    def __init__(self, key: Callable[[Activity], object]) -> None:
        self.key = key
        self.counts: Counter[object] = Counter()
        self.updated: dict[object, dt.datetime] = {}

    def add(self, activity: Activity, when: dt.datetime | None) -> None:
        part = self.key(activity)
        self.counts[part] += 1
        if when is not None and (part not in self.updated or when > self.updated[part]):
            self.updated[part] = when


def datasets(
    publisher: str,
    *,
    today: dt.date,
    per_file: int | None = None,
    split: Split = "year",
    every_file: bool = False,
) -> list[Dataset]:
    """The datasets to register: the activity file (or, when it holds more than `per_file`
    activities, one per start year or per country) and the organisation file. With `every_file`,
    also the other files at their addresses, marked `registered=False`: giving the Registry the
    whole file and its parts would publish every activity twice."""
    per_file = per_file or activities_per_file()
    network = iati.reporting_org_from_settings().name
    changed = iati_updated.last_changed()
    whole = _Parts(lambda a: None)
    years = _Parts(lambda a: start_year(a) or 0)  # the checks require a start: never 0 in practice
    countries = _Parts(single_country)

    def counted() -> Iterator[Activity]:
        # One pass over the activities, streamed: the parts are counted as the figures are summed.
        for activity in exportable(today):
            when = changed.get(activity.identifier)
            for parts in (whole, years, countries):
                parts.add(activity, when)
            yield activity

    figures = iati_org.figures(counted())
    total = whole.counts[None]
    registered = "whole" if total <= per_file else split

    whole_file = Dataset(
        name=f"{publisher}-activities",
        title=f"{network} - activities",
        filetype="activity",
        url=_url("iati-activities"),
        activity_count=total,
        data_updated=whole.updated.get(None),
        registered=registered == "whole",
    )
    by_year = [
        Dataset(
            name=f"{publisher}-activities-{year}",
            title=f"{network} - activities starting in {year}",
            filetype="activity",
            url=_url("iati-activities-year", year),
            activity_count=years.counts[year],
            data_updated=years.updated.get(year),
            registered=registered == "year",
        )
        for year in sorted(years.counts, key=str)
    ]
    by_country = [
        Dataset(
            name=f"{publisher}-activities-{code.lower()}",
            title=f"{network} - activities in {codelists.name('Country', code)}",
            filetype="activity",
            url=_url("iati-activities-country", code),
            activity_count=countries.counts[code],
            data_updated=countries.updated.get(code),
            country=code,
            registered=registered == "country",
        )
        for code in sorted(str(c) for c in countries.counts if c is not None)
    ]
    if None in countries.counts:
        by_country.append(
            Dataset(
                name=f"{publisher}-activities-{MULTI_COUNTRY}",
                title=f"{network} - activities in several countries or regions",
                filetype="activity",
                url=_url("iati-activities-multi-country"),
                activity_count=countries.counts[None],
                data_updated=countries.updated.get(None),
                registered=registered == "country",
            )
        )
    organisation = Dataset(
        name=f"{publisher}-org",
        title=f"{network} - organisation",
        filetype="organisation",
        url=_url("iati-organisation"),
        activity_count=None,
        data_updated=organisation_last_changed(figures.identifiers),
    )
    found = [whole_file, *by_year, *by_country, organisation]
    return found if every_file else [d for d in found if d.registered]
