"""IATI API: the network's activities as one IATI 2.03 activity file, and what the pre-export
checks found. Here in `public`, not in cooperation, so that the file is the one published at
/iati/activities.xml, agreements' documents (A09) included: both read `public.iati.read`."""

import datetime as dt
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema

from cocopa.cooperation import iati, iati_checks, iati_source, iati_updated
from cocopa.core.schemas import ErrorOut
from cocopa.public import iati as publication

router = Router(tags=["iati"])


class FindingOut(Schema):
    initiative: str = Field(description="The initiative's identifier.")
    field: str = Field(
        description="What to fix, as the registry names it: `status`, `budgets[0].period_end` …"
    )
    rule: str = Field(description="Stable code of the check: `start_date_missing`, `status_missing` …")
    message: str
    severity: str = Field(description="`error` (the initiative is left out of the export) or `warning`.")


class FindingsOut(Schema):
    excluded: list[str] = Field(
        description="Identifiers of the initiatives left out of the export for errors."
    )
    findings: list[FindingOut]


def _findings(today: dt.date) -> list[iati_checks.Finding]:
    return iati_checks.check(publication.read(), today=today)


def _excluded(findings: list[iati_checks.Finding]) -> list[str]:
    return sorted({f.initiative for f in findings if f.severity == "error"})


@router.get(
    "/iati/activities.xml",
    response={409: ErrorOut},
    url_name="iati-activities",
    operation_id="export_iati_activities",
    summary="IATI activity file",
    openapi_extra={
        "responses": {
            "200": {
                "description": "One IATI 2.03 `iati-activities` file, streamed. The `X-IATI-Findings` header "
                "counts the findings of the pre-export checks (see `/iati/findings`).",
                "headers": {"X-IATI-Findings": {"schema": {"type": "integer"}}},
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_iati_activities(request: HttpRequest) -> StreamingHttpResponse:
    """Every initiative the checks find no error in, as IATI 2.03 activities (409 when the
    reporting organisation's identifier is not configured)."""
    reporting = iati.reporting_org_from_settings()
    now = timezone.now()
    findings = _findings(timezone.localdate(now))
    excluded = set(_excluded(findings))

    def clean() -> Iterator[iati_source.Activity]:
        for initiative in publication.read():
            if initiative.identifier not in excluded:
                yield initiative

    response = StreamingHttpResponse(
        iati.iter_activities(
            clean(), reporting=reporting, generated_at=now, last_updated=iati_updated.last_changed()
        ),
        content_type="application/xml; charset=utf-8",
    )
    response["X-IATI-Findings"] = str(len(findings))
    response["Content-Disposition"] = 'inline; filename="activities.xml"'
    return response


@router.get(
    "/iati/findings",
    response={200: FindingsOut},
    url_name="iati-findings",
    operation_id="iati_findings",
    summary="IATI pre-export findings",
)
def iati_findings(request: HttpRequest) -> FindingsOut:
    """What the checks modelled on the IATI Validator find, per initiative and field to fix."""
    findings = _findings(timezone.localdate())
    return FindingsOut(
        excluded=_excluded(findings),
        findings=[FindingOut(**f.as_dict()) for f in findings],
    )
