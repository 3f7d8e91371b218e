"""Reads of peace education: programmes, activities and their totals per member, per school year
and per topic. Each totals table is one aggregating query; totals.py adds the lines up."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce

from cocopa.education import schoolyear
from cocopa.education.models import Activity, Programme, Topic
from cocopa.education.totals import Line, Reach
from cocopa.members.models import LocalAuthority

_SUMS: dict[str, Any] = {
    "n": Count("pk", distinct=True),
    "c": Coalesce(Sum("classes"), 0),
    "p": Coalesce(Sum("pupils"), 0),
    "t": Coalesce(Sum("teachers"), 0),
    "h": Coalesce(Sum("hours"), Decimal(0)),
}


def _reach(row: dict[str, Any]) -> Reach:
    return Reach(int(row["n"]), int(row["c"]), int(row["p"]), int(row["t"]), Decimal(row["h"]))


def programmes() -> QuerySet[Programme]:
    return Programme.objects.select_related("field_of_action", "source").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("order", "key"))
    )


def programme(slug: str) -> Programme | None:
    return programmes().filter(slug=slug).first()


def topics() -> QuerySet[Topic]:
    return Topic.objects.select_related("source")


def next_topic_order() -> int:
    """The order that puts a new topic at the end of the list."""
    last = Topic.objects.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 10


def office_topics() -> QuerySet[Topic]:
    """Every topic, retired ones too, in the list's order, with how many programmes and school
    activities treat it (what decides whether it may be deleted)."""
    return (
        Topic.objects.select_related("source")
        .annotate(
            programme_count=Count("programmes", distinct=True),
            activity_count=Count("activities", distinct=True),
        )
        .order_by("order", "key")
    )


def activities(qs: QuerySet[Activity] | None = None) -> QuerySet[Activity]:
    """Activities with what their rows and pages show, newest school year first."""
    qs = Activity.objects.all() if qs is None else qs
    return qs.select_related("programme", "member", "source").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("order", "key")), "documents"
    )


def of_member(member: LocalAuthority) -> QuerySet[Activity]:
    return activities(Activity.objects.filter(member=member))


def by_school_year(qs: QuerySet[Activity] | None = None) -> list[Line]:
    """Totals per school year, oldest first (the chart reads left to right, top to bottom)."""
    qs = Activity.objects.all() if qs is None else qs
    rows = qs.order_by().values("school_year").annotate(**_SUMS).order_by("school_year")
    return [Line(r["school_year"], schoolyear.label(r["school_year"]), _reach(r)) for r in rows]


def by_level(qs: QuerySet[Activity] | None = None) -> list[Line]:
    """Totals per school level, in the levels' order (infanzia first)."""
    qs = Activity.objects.all() if qs is None else qs
    levels = dict(Activity.Level.choices)
    order = {value: n for n, value in enumerate(levels)}
    rows = sorted(
        qs.order_by().values("level").annotate(**_SUMS), key=lambda r: order.get(r["level"], len(order))
    )
    return [Line(r["level"], str(levels.get(r["level"], r["level"])), _reach(r)) for r in rows]


def by_member(qs: QuerySet[Activity] | None = None) -> list[Line]:
    """Totals per member, by the member's name."""
    qs = Activity.objects.all() if qs is None else qs
    rows = (
        qs.order_by()
        .values("member_id", "member__name", "member__istat_code")
        .annotate(**_SUMS)
        .order_by("member__name")
    )
    slugs = {m.pk: m.slug for m in LocalAuthority.objects.filter(pk__in=[r["member_id"] for r in rows])}
    return [Line(slugs[r["member_id"]], r["member__name"], _reach(r)) for r in rows]


def by_topic(qs: QuerySet[Activity] | None = None) -> list[Line]:
    """Totals per topic: an activity on two topics counts in each (the lines do not add up to
    the whole). Topics no activity treats are left out."""
    qs = Activity.objects.all() if qs is None else qs
    sums = {
        "n": Count("activities", distinct=True),
        "c": Coalesce(Sum("activities__classes"), 0),
        "p": Coalesce(Sum("activities__pupils"), 0),
        "t": Coalesce(Sum("activities__teachers"), 0),
        "h": Coalesce(Sum("activities__hours"), Decimal(0)),
    }
    rows = (
        Topic.objects.filter(activities__in=qs)
        .values("pk", "key", "order")
        .annotate(**sums)
        .order_by("order", "key")
    )
    if not rows:
        return []
    # The names through the model, so the language's fallback applies.
    names = {t.pk: t.name for t in Topic.objects.filter(pk__in=[r["pk"] for r in rows])}
    return [Line(r["key"], names[r["pk"]], _reach(r)) for r in rows]
