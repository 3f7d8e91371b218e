"""Dates as people write them (cocopa/formats): "martedì 15 dicembre 2026" in Italian, the same
order in English, and never an ISO date in a sentence."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from cocopa.members import warnings
from cocopa.members.models import Convention

DAY = dt.date(2026, 12, 15)
EVENING = dt.datetime(2026, 12, 15, 18, 0, tzinfo=ZoneInfo("Europe/Rome"))


@pytest.mark.parametrize(
    ("language", "date", "datetime", "short"),
    [
        ("it", "15 dicembre 2026", "martedì 15 dicembre 2026, 18:00", "15/12/2026"),
        ("en", "15 December 2026", "Tuesday 15 December 2026, 18:00", "15/12/2026"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(language, date, datetime, short):
    with translation.override(language):
        assert date_format(DAY) == date
        assert date_format(EVENING, "DATETIME_FORMAT") == datetime
        assert date_format(DAY, "SHORT_DATE_FORMAT") == short


def test_the_day_of_the_month_is_not_padded():
    with translation.override("it"):
        assert date_format(dt.date(2026, 3, 5)) == "5 marzo 2026"


def test_a_date_in_a_template_follows_the_page_language():
    template = Template("{{ day }} · {{ day|date:'DATE_FORMAT' }}")

    with translation.override("it"):
        assert template.render(Context({"day": DAY})) == "15 dicembre 2026 · 15 dicembre 2026"


@pytest.mark.django_db
def test_a_warning_writes_its_day_out():
    Convention.objects.create(
        title="Convenzione 2011-2026",
        kind=Convention.Kind.MEMBERSHIP,
        start_on=dt.date(2011, 1, 1),
        end_on=DAY,
        withdrawal_notice_days=120,
    )

    with translation.override("it"):
        found = warnings.conventions_expiring(dt.date(2026, 12, 1), 30)

    assert [w.detail for w in found] == ["scade il 15 dicembre 2026"]


@pytest.mark.parametrize(
    ("precision", "italian", "english"),
    [
        ("day", "4 ottobre 1995", "4 October 1995"),
        ("month", "ottobre 1995", "October 1995"),
        ("year", "1995", "1995"),
    ],
)
def test_a_partial_date_is_written_out_at_its_precision(precision, italian, english):
    from cocopa.core.dates import written_partial

    day = dt.date(1995, 10, 4)
    with translation.override("it"):
        assert written_partial(day, precision) == italian
    with translation.override("en"):
        assert written_partial(day, precision) == english
    assert written_partial(None, precision) == ""
