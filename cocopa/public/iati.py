"""The network's IATI publication: the activity file and the organisation file at stable
addresses, and the dataset metadata the IATI Registry asks for (issue 15, point 6).

It lives in `public`, above both cooperation (activities, budgets) and the library (the
organisation file's documents), the floors it reads.

Stable addresses, outside the language prefixes (cocopa/urls.py):
- `/iati/activities.xml`: every activity the checks find no error in (the same file as
  `cocopa export_iati` and the API's `/api/v1/iati/activities.xml`);
- `/iati/activities-<year>.xml`: those that start in that year (actual start, else planned);
- `/iati/organisation.xml`: the network as an `iati-organisations` file.

Split: the IATI Standard's documentation speaks of a 40 MB limit per file and its tools refuse
files of about 60 MB; a demo activity takes about 4 KB. Above ACTIVITIES_PER_FILE activities
(5,000, some 20 MB) the Registry is given one dataset per start year instead of the whole file
(`datasets`); the whole file stays at its address. The organisation file holds one organisation
and is never split.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cocopa.cooperation import iati, iati_checks, iati_org, iati_source, iati_updated
from cocopa.cooperation.iati_source import Activity
from cocopa.cooperation.models import Initiative
from cocopa.library import iati as library_iati

ACTIVITIES_PER_FILE = 5000


def start_year(activity: Activity) -> int | None:
    start = activity.actual_start or activity.planned_start
    return start.year if start else None


def exportable(today: dt.date, initiatives: "QuerySet[Initiative] | None" = None) -> Iterator[Activity]:
    """The activities of the activity file, by the export's own checks."""
    return iati_checks.exportable(iati_source.read(initiatives), [], today=today)


def of_year(year: int) -> "QuerySet[Initiative]":
    # start_on_index is the actual start, else the planned one: what start_year reads.
    return Initiative.objects.own().filter(start_on_index__year=year)


def organisation_file(*, now: dt.datetime) -> tuple[bytes, list[str]]:
    """The organisation file, and what it leaves out (budgets across two years, documents
    without a category), each named."""
    reporting = iati.reporting_org_from_settings()
    identifiers = [a.identifier for a in exportable(timezone.localdate(now))]
    budgets, budgets_left_out = iati_org.total_budgets(identifiers)
    documents, documents_left_out = library_iati.organisation_documents()
    data = iati_org.organisation_file(
        reporting=reporting,
        budgets=budgets,
        documents=documents,
        generated_at=now,
        last_updated=organisation_last_changed(identifiers if budgets else []),
    )
    left_out = [f"budget across two calendar years: {b}" for b in budgets_left_out] + [
        f"document without an organisation category: {title}" for title in documents_left_out
    ]
    return data, left_out


def organisation_last_changed(identifiers: list[str]) -> dt.datetime | None:
    """The newest of the budgeted activities' changes and the public documents' versions."""
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
        }


def _url(name: str, *args: Any) -> str:
    return settings.COCOPA_SITE_URL.rstrip("/") + reverse(name, args=args)


def datasets(publisher: str, *, today: dt.date, per_file: int = ACTIVITIES_PER_FILE) -> list[Dataset]:
    """The datasets to register: the activity file (or one per start year when it holds more than
    `per_file` activities) and the organisation file."""
    network = iati.reporting_org_from_settings().name
    changed = iati_updated.last_changed()
    counts: Counter[int] = Counter()
    updated: dict[int, dt.datetime] = {}
    identifiers = []
    for activity in exportable(today):
        year = start_year(activity) or 0  # the checks require a start: never 0 in practice
        identifiers.append(activity.identifier)
        counts[year] += 1
        when = changed.get(activity.identifier)
        if when is not None and (year not in updated or when > updated[year]):
            updated[year] = when
    total = sum(counts.values())
    found = []
    if total <= per_file:
        found.append(
            Dataset(
                name=f"{publisher}-activities",
                title=f"{network} - activities",
                filetype="activity",
                url=_url("iati-activities"),
                activity_count=total,
                data_updated=max(updated.values(), default=None),
            )
        )
    else:
        for year in sorted(counts):
            found.append(
                Dataset(
                    name=f"{publisher}-activities-{year}",
                    title=f"{network} - activities starting in {year}",
                    filetype="activity",
                    url=_url("iati-activities-year", year),
                    activity_count=counts[year],
                    data_updated=updated.get(year),
                )
            )
    budgets, _left_out = iati_org.total_budgets(identifiers)
    found.append(
        Dataset(
            name=f"{publisher}-org",
            title=f"{network} - organisation",
            filetype="organisation",
            url=_url("iati-organisation"),
            activity_count=None,
            data_updated=organisation_last_changed(identifiers if budgets else []),
        )
    )
    return found
