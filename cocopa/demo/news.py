"""The demo network's news, from its data file: posts that each retell one dated, sourced event,
written and published through the news services as the peace office would, dated on the event."""

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from cocopa.cooperation.models import Initiative
from cocopa.core import datafile
from cocopa.core.datafile import translated
from cocopa.core.models import Source
from cocopa.members import queries as member_queries
from cocopa.news import services
from cocopa.news.services import PostInput

# A post about a past event is dated on its day, at noon in Torino.
NOON = dt.time(12, 0)


def data_file() -> Path:
    return Path(__file__).resolve().parent / "data" / "news.yaml"


def event_day(text: Any) -> dt.date:
    """The day a post is dated on: the event's day, or the last day of `first/last`.

    Raises ValueError on anything but ISO days: a post needs a day, not a month or a year.
    """
    return dt.date.fromisoformat(str(text).rpartition("/")[2])


def published_at(text: Any) -> dt.datetime:
    return dt.datetime.combine(event_day(text), NOON, tzinfo=ZoneInfo(settings.TIME_ZONE))


def load(path: Path | None = None) -> int:
    """Write and publish the posts (after the network and the initiatives they name); how many."""
    path = path or data_file()
    data = datafile.read(path)
    reader = datafile.Reader(str(path), {s.code: s for s in Source.objects.all()})
    initiatives = {i.identifier: i for i in Initiative.objects.all()}
    rows = data.get("posts") or []
    with transaction.atomic():
        for i, row in enumerate(rows):
            where = f"posts[{i}]"
            if not row.get("sources"):
                raise reader.fail(where, "a demo post cites the source of its fact")
            reader.source_list(row["sources"], f"{where}.sources")
            try:
                when = published_at(row["date"])
            except (KeyError, ValueError):
                raise reader.fail(f"{where}.date", "a post needs the day of its event") from None
            members = []
            for slug in row.get("members") or []:
                member = member_queries.by_slug(str(slug)).first()
                if member is None:
                    raise reader.fail(f"{where}.members", f"unknown member {slug!r}")
                members.append(member)
            texts = {
                **translated("title", row["title"]),
                **translated("summary", row.get("summary")),
                **translated("body", row.get("body")),
            }
            post = services.create_post(
                PostInput(
                    **texts,
                    members=members,
                    initiatives=[
                        reader.lookup(initiatives, str(key), f"{where}.initiatives", "initiative")
                        for key in row.get("initiatives") or []
                    ],
                    countries=[str(c) for c in row.get("countries") or []],
                ),
                actor=None,  # the system loads the demo; no rule is asked
            )
            services.publish_post(post, actor=None, at=when)
    return len(rows)
