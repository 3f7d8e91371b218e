"""The tables people download: every activity (open data), and a member's activities and its
totals per school year, for the report the member gives its council. Rows of plain values for
core/tables.py, which writes CSV and XLSX."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from cocopa.core.tables import Row
from cocopa.education.models import Activity
from cocopa.education.totals import Line


def activity_header() -> list[str]:
    return [
        _("School year"),
        _("Programme"),
        _("Member"),
        _("Member's ISTAT code"),
        _("School"),
        _("School code"),
        _("Level"),
        _("Classes"),
        _("Pupils reached"),
        _("Teachers reached"),
        _("Hours"),
        _("Topics"),
        _("Materials"),
        _("Source"),
    ]


def activity_rows(activities: Iterable[Activity]) -> Iterable[Row]:
    for a in activities:
        yield [
            a.school_year_label,
            a.programme.title,
            a.member.name,
            a.member.istat_code,
            a.school_name,
            a.school_code,
            a.get_level_display(),
            a.classes,
            a.pupils,
            a.teachers,
            a.hours,
            ", ".join(t.name for t in a.topics.all()),
            a.materials,
            a.source.code if a.source else "",
        ]


def totals_header() -> list[str]:
    return [
        _("School year"),
        _("Activities"),
        _("Classes"),
        _("Pupils reached"),
        _("Teachers reached"),
        _("Hours"),
    ]


def totals_rows(lines: Iterable[Line]) -> Iterable[Row]:
    for line in lines:
        r = line.reach
        yield [line.label, r.activities, r.classes, r.pupils, r.teachers, r.hours]
