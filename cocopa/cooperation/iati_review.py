"""What the IATI checks find, as the peace office reads it on /office/iati/ (issue 15, point 5).

The same rules as `cocopa export_iati` and the API's `/iati/findings`: the activities come from
`iati_source.read()` and each is checked by `iati_checks.check_initiative`, exactly as
`iati_checks.exportable` does for the export, so the page, the command and the API cannot
disagree. This module only adds what a person needs to act: the initiative's title, whether it is
left out of the export and why (its errors), and for each finding a link to the back-office form
field that fixes it (`fix_url`).

Initiatives are edited in the back office's change form (cooperation/admin.py), their related
rows inline; indicators on their result's page, indicator periods on their indicator's page, an
organisation's type on the organisation's page. A finding names its field as a path
(`budgets[0].period_end`); its link is that form's URL with the field's element id as anchor
(`#id_budgets-0-period_end`). The n-th row of a relation in the checks is the n-th inline row of
the form: both follow the model's own ordering (iati_source breaks the rare ties by id).
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Model
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cocopa.cooperation import iati_checks, iati_source, models
from cocopa.cooperation.iati_checks import Finding

SEVERITIES = ("error", "warning")

# The relations a finding's path may name, as the form shows them (inline prefix = related name).
RELATIONS: dict[str, Promise] = {
    "countries": _("Recipient country"),
    "regions": _("Recipient region"),
    "places": _("Place"),
    "participations": _("Participating organisation"),
    "budgets": _("Budget"),
    "transactions": _("Transaction"),
    "documents": _("Document"),
    "results": _("Result"),
    "indicators": _("Indicator"),
    "periods": _("Indicator period"),
}

# What each rule asks the office to do, in the office's words (the checks' own messages are
# English and technical; they are shown beside, marked as English).
RULES: dict[str, Promise] = {
    "title_missing": _("Give the initiative a title."),
    "description_missing": _("Write a description: IATI requires one."),
    "status_missing": _("Set the activity status: IATI requires it."),
    "unknown_code": _("Choose a code from the IATI codelist."),
    "start_date_missing": _("Give a planned or actual start date: IATI requires one."),
    "actual_date_in_future": _("An actual date cannot be in the future: use the planned date instead."),
    "end_before_start": _("The end comes before the start: correct one of the dates."),
    "recipient_percentages_not_100": _("Give every recipient country and region a percentage, 100 in total."),
    "recipient_missing": _("Add a recipient country or region."),
    "point_incomplete": _("A place needs both latitude and longitude, or neither."),
    "sector_missing": _(
        "Add a field of intervention (or of action) mapped to a DAC sector: IATI expects a sector."
    ),
    "sector_percentages_not_100": _("Sector percentages must sum to 100."),
    "participating_org_missing": _("Add a participating organisation: IATI requires one."),
    "participating_org_unnamed": _("Give the organisation a name or an identifier."),
    "budget_end_before_start": _("The budget period ends before it starts."),
    "budget_period_too_long": _("Split the budget into periods of at most one year."),
    "transaction_date_in_future": _("A transaction cannot be dated in the future."),
    "value_date_in_future": _(
        "The value date of an amount cannot be in the future: use the day it was valued."
    ),
    "document_title_missing": _("Give the document a title."),
    "result_title_missing": _("Give the result a title."),
    "result_without_indicator": _("Add an indicator to the result: IATI requires one."),
    "indicator_title_missing": _("Give the indicator a title."),
}

_STEP = re.compile(r"^(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?$")


@dataclass(frozen=True)
class Row:
    """One finding with what the page shows of it."""

    finding: Finding
    label: str  # the field, in the office's words: "Budget 1: period end"
    advice: str  # what to do (RULES), empty for a rule the page does not know yet
    url: str  # the form field that fixes it


@dataclass
class ActivityReview:
    identifier: str
    title: str
    pk: int | None
    rows: list[Row] = field(default_factory=list)

    @property
    def left_out(self) -> bool:
        return iati_checks.has_errors(r.finding for r in self.rows)

    @property
    def errors(self) -> list[Row]:
        return [r for r in self.rows if r.finding.severity == "error"]

    @property
    def warnings(self) -> list[Row]:
        return [r for r in self.rows if r.finding.severity == "warning"]


@dataclass
class Review:
    today: dt.date
    activities: list[ActivityReview]

    @property
    def findings(self) -> list[Finding]:
        """Every finding, in the order the export reports them."""
        return [r.finding for a in self.activities for r in a.rows]

    @property
    def left_out(self) -> list[ActivityReview]:
        return [a for a in self.activities if a.left_out]

    @property
    def exported(self) -> int:
        return len(self.activities) - len(self.left_out)

    @property
    def counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings)

    def with_findings(self, severity: str = "") -> list[ActivityReview]:
        """The activities with findings of `severity` (any when empty), keeping only those."""
        shown = []
        for a in self.activities:
            rows = [r for r in a.rows if not severity or r.finding.severity == severity]
            if rows:
                shown.append(ActivityReview(a.identifier, a.title, a.pk, rows))
        return shown


def _title(texts: iati_source.Texts) -> str:
    by_language = dict(texts)
    return by_language.get(get_language() or "", "") or next(iter(by_language.values()), "")


def review(*, today: dt.date) -> Review:
    """Every activity the export reads, with its findings by the export's own rules."""
    pks = dict(models.Initiative.objects.own().values_list("identifier", "pk"))
    activities = []
    for activity in iati_source.read():
        pk = pks.get(activity.identifier)
        found = iati_checks.check_initiative(activity, today=today)
        rows = [
            Row(
                finding=f,
                label=field_label(f.field),
                advice=str(RULES.get(f.rule, "")),
                url=fix_url(pk, f.field) if pk is not None else "",
            )
            for f in found
        ]
        activities.append(ActivityReview(activity.identifier, _title(activity.title), pk, rows))
    return Review(today, activities)


# ---------------------------------------------------------------- the field and its form


def _steps(path: str) -> list[tuple[str, int | None]]:
    steps = []
    for part in path.split("."):
        m = _STEP.match(part)
        if m is None:
            return []
        steps.append((m["name"], int(m["index"]) if m["index"] is not None else None))
    return steps


def _verbose(model: type[Model], name: str) -> str:
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:  # not a model field (a path the checks invented): its own name
        return name.replace("_", " ")
    return str(getattr(found, "verbose_name", name.replace("_", " ")))


_MODELS: dict[str, type[Model]] = {
    "countries": models.RecipientCountry,
    "regions": models.RecipientRegion,
    "places": models.Place,
    "participations": models.Participation,
    "budgets": models.Budget,
    "transactions": models.Transaction,
    "documents": models.Document,
    "results": models.Result,
    "indicators": models.Indicator,
    "periods": models.IndicatorPeriod,
}


def field_label(path: str) -> str:
    """`budgets[0].period_end` → "Budget 1: period end", in the active language."""
    parts: list[str] = []
    model: type[Model] = models.Initiative
    for name, index in _steps(path):
        if name in RELATIONS:
            model = _MODELS[name]
            parts.append(f"{RELATIONS[name]} {index + 1}" if index is not None else str(RELATIONS[name]))
        elif name in ("organisation", "provider", "receiver"):
            parts.append(_verbose(model, name))
            model = models.Organisation
        else:
            parts.append(_verbose(model, name))
    return ": ".join(parts) or path


def _change(model: type[Model], pk: int) -> str:
    return reverse(f"admin:cooperation_{model._meta.model_name}_change", args=[pk])


def _nth(queryset: "Iterable[int]", index: int) -> int | None:
    pks = list(queryset)
    return pks[index] if 0 <= index < len(pks) else None


# Many-to-many fields the form shows as two lists (filter_horizontal): the admin's script renames
# the field's own <select> to "…_from", the list of choices the office picks from.
_CHOOSERS = frozenset({"fields_of_action", "fields_of_intervention", "related", "sources"})


def _element_id(name: str) -> str:
    """The form's element id of an initiative field (translated fields: their Italian column)."""
    if name in ("title", "description"):
        return f"id_{name}_it"
    if name in _CHOOSERS:
        return f"id_{name}_from"
    return f"id_{name}"


def fix_url(initiative_pk: int, path: str) -> str:
    """The back-office form, anchored at the field, where the office fixes what `path` names."""
    page = _change(models.Initiative, initiative_pk)
    steps = _steps(path)
    if not steps:
        return page
    (first, n), rest = steps[0], steps[1:]
    if first not in _MODELS:  # a field of the initiative itself
        return f"{page}#{_element_id(first)}"
    if n is None or not rest:  # the relation as a whole: its inline group
        return f"{page}#{first}-group"
    name, _index = rest[0]
    if first == "results" and name == "indicators":
        return _indicator_url(initiative_pk, page, n, rest)
    if name in ("organisation", "provider", "receiver") and len(rest) > 1:
        org = _organisation_of(initiative_pk, first, n, name)
        if org is not None:
            return f"{_change(models.Organisation, org)}#id_{rest[1][0]}"
    suffix = "title_it" if name == "title" else name
    return f"{page}#id_{first}-{n}-{suffix}"


def _organisation_of(initiative_pk: int, relation: str, n: int, side: str) -> int | None:
    if relation == "participations":
        rows = models.Participation.objects.filter(initiative_id=initiative_pk).order_by("role", "pk")
        return _nth(rows.values_list("organisation_id", flat=True), n)
    if relation == "transactions":
        rows = models.Transaction.objects.filter(initiative_id=initiative_pk).order_by("date", "pk")
        return _nth(rows.values_list(f"{side}_id", flat=True), n)
    return None


def _indicator_url(initiative_pk: int, page: str, n: int, rest: list[tuple[str, int | None]]) -> str:
    result = _nth(
        models.Result.objects.filter(initiative_id=initiative_pk).order_by("pk").values_list("pk", flat=True),
        n,
    )
    if result is None:
        return page
    result_page = _change(models.Result, result)
    _name, m = rest[0]
    if m is None or len(rest) < 2:
        return f"{result_page}#indicators-group"
    name, k = rest[1]
    if name == "periods":
        indicator = _nth(
            models.Indicator.objects.filter(result_id=result).order_by("pk").values_list("pk", flat=True), m
        )
        if indicator is None:
            return result_page
        indicator_page = _change(models.Indicator, indicator)
        if k is None or len(rest) < 3:
            return f"{indicator_page}#periods-group"
        return f"{indicator_page}#id_periods-{k}-{rest[2][0]}"
    suffix = "title_it" if name == "title" else name
    return f"{result_page}#id_indicators-{m}-{suffix}"


# ---------------------------------------------------------------- partners' identifiers


@dataclass(frozen=True)
class Partner:
    pk: int
    name: str
    initiatives: int  # how many initiatives name it as a participant

    @property
    def url(self) -> str:
        return f"{_change(models.Organisation, self.pk)}#id_ref"


def partners_without_identifier() -> tuple[list[Partner], int]:
    """The participating organisations with no IATI identifier (`Organisation.ref`), and how many
    participating organisations there are in all. Not a finding: IATI allows a name alone, and no
    identifier is ever made up (an Italian municipality's ISTAT code is on no list of the IATI
    organisation identifier guide); the office fills one in where a list gives it."""
    named = (
        models.Organisation.objects.filter(participations__isnull=False)
        .annotate(initiatives=Count("participations__initiative", distinct=True))
        .order_by("name", "pk")
    )
    missing = [Partner(o.pk, o.name, o.initiatives) for o in named if not o.ref.strip()]
    return missing, named.count()
