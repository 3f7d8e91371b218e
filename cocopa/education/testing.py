"""Programmes, topics and activities for tests, written by the system (no actor)."""

import datetime as dt
from typing import Any

from cocopa.education import services
from cocopa.education.models import Activity, Programme, Topic
from cocopa.members.models import LocalAuthority
from cocopa.testing import make_authority


def make_topic(key: str = "justice", name: str = "giustizia", name_en: str = "justice") -> Topic:
    return services.create_topic(key, name, name_en, actor=None)


def make_programme(title: str = "Crescere in Pace", **fields: Any) -> Programme:
    return services.create_programme(services.ProgrammeInput(title_it=title, **fields), actor=None)


def make_school_member(name: str = "Comune della scuola", istat_code: str | None = None) -> LocalAuthority:
    """A member municipality since 2000."""
    return make_authority(name, 10_000, istat_code=istat_code, joined=dt.date(2000, 1, 1))


def make_activity(programme: Programme, member: LocalAuthority, **fields: Any) -> Activity:
    fields.setdefault("school_name", "IC Primo Levi")
    fields.setdefault("school_year", 2024)
    fields.setdefault("level", Activity.Level.PRIMARIA)
    fields.setdefault("classes", 1)
    fields.setdefault("pupils", 20)
    fields.setdefault("teachers", 2)
    return services.create_activity(
        services.ActivityInput(programme=programme, member=member, **fields), actor=None
    )
