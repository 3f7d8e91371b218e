"""What the search finds: one function per kind of thing, and the one list of kinds, `KINDS`.

Each function gives the entries (one per language) of the things of its kind with the given ids,
or of all of them when `ids` is None; a thing it does not give (deleted, unpublished, cancelled)
leaves the index. Only what the public site shows is given. `WATCHED` names the models whose
saves and deletions change a kind's entries, and which of its things they touch.

Adding a kind: a function below, a line in KINDS, its models in WATCHED.
"""

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from cocopa.campaigns.models import Campaign
from cocopa.cooperation.models import Initiative
from cocopa.core.sources import KEYS_IN_TEXT
from cocopa.diplomacy.models import Agreement, AgreementKind, ForeignAuthority, Mission, Participant
from cocopa.education.models import Programme
from cocopa.events.models import Event, EventKind
from cocopa.governance.models import AgendaItem, Body, Meeting, Resolution
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority, Membership
from cocopa.news import markup
from cocopa.news.models import Post

Ids = Collection[int] | None


@dataclass(frozen=True)
class Entry:
    object_id: int
    language: str
    title: str
    text: str
    url: str
    date: dt.date | None = None


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _only(rows: QuerySet[Any], ids: Ids) -> QuerySet[Any]:
    return rows if ids is None else rows.filter(pk__in=ids)


def _join(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def _readable(text: str) -> str:
    """A recorded text as the page shows it to a reader: the research notes' source codes ("(S07)",
    "(S08, about 2007-2011)") are numbered notes there, so the snippet keeps only their remark."""
    return KEYS_IN_TEXT.sub(lambda m: f" ({m[2]})" if m[2] else "", text)


def members(ids: Ids = None) -> Iterator[Entry]:
    """Authorities that are or were members of the network (not the thousands of others the
    office can pick from): name, kind, province, the names the sources give them."""
    rows = _only(LocalAuthority.objects.all(), ids).filter(
        Exists(Membership.objects.filter(authority=OuterRef("pk")))
    )
    for authority in rows.order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    authority.pk,
                    language,
                    authority.name,
                    _join(
                        str(LocalAuthority.Kind(authority.kind).label),
                        authority.province_name,
                        _readable(authority.names_in_sources),
                    ),
                    authority.get_absolute_url(),
                )


def initiatives(ids: Ids = None) -> Iterator[Entry]:
    """The cooperation portfolio's initiatives, in each language (Italian where no English)."""
    for initiative in _only(Initiative.objects.own(), ids).order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    initiative.pk,
                    language,
                    initiative.title,
                    _readable(initiative.description),
                    initiative.get_absolute_url(),
                    initiative.start_on_index,
                )


def resolutions(ids: Ids = None) -> Iterator[Entry]:
    """Published resolutions: number, body, title and text."""
    rows = _only(Resolution.objects.filter(published=True), ids).select_related("body")
    for resolution in rows.order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    resolution.pk,
                    language,
                    resolution.title,
                    _join(f"{resolution.number}/{resolution.year}", resolution.body.name, resolution.text),
                    reverse(
                        "governance:resolution",
                        args=[resolution.body.key, resolution.year, resolution.number],
                    ),
                    resolution.adopted_on,
                )


def meetings(ids: Ids = None) -> Iterator[Entry]:
    """Convened meetings of the network's bodies, shown on the upcoming meetings page: body, day,
    place, agenda. The search shows them until their day has passed (queries.py)."""
    rows = _only(Meeting.objects.filter(status=Meeting.Status.CONVENED), ids).select_related("body")
    for meeting in rows.prefetch_related("items").order_by("pk"):
        day = timezone.localtime(meeting.starts_at)
        agenda = [item.title for item in sorted(meeting.items.all(), key=lambda item: item.number)]
        for language in languages():
            with translation.override(language):
                yield Entry(
                    meeting.pk,
                    language,
                    f"{meeting.body.name}, {date_format(day, 'DATE_FORMAT')}",
                    _join(meeting.place, *agenda),
                    reverse("governance:meetings"),
                    day.date(),
                )


def news(ids: Ids = None) -> Iterator[Entry]:
    """Published news posts: title, summary and text, in each language (Italian where no English).
    A post published for a later time enters the index when it is next saved or rebuilt."""
    for post in _only(Post.objects.published(), ids).order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    post.pk,
                    language,
                    post.title,
                    # The text a reader sees: the Markdown rendered, then its tags taken away.
                    _join(post.summary, strip_tags(markup.render(post.body))),
                    post.get_absolute_url(),
                    timezone.localtime(post.published_at).date() if post.published_at else None,
                )


def documents(ids: Ids = None) -> Iterator[Entry]:
    """The library's public documents (a restricted one is never in the index): title and
    description in each language."""
    rows = _only(Document.objects.filter(visibility=Document.Visibility.PUBLIC), ids)
    for document in rows.order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    document.pk,
                    language,
                    document.title,
                    _readable(document.description),
                    document.get_absolute_url(),
                    document.date,
                )


def events(ids: Ids = None) -> Iterator[Entry]:
    """The events register's public events (a draft never), past ones too: title, kind, place and
    description, dated on their start."""
    rows = _only(Event.objects.public(), ids).select_related("kind")
    for event in rows.order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    event.pk,
                    language,
                    event.title,
                    _join(event.kind.name, event.address, _readable(event.description)),
                    event.get_absolute_url(),
                    event.start_on,
                )


def campaigns(ids: Ids = None) -> Iterator[Entry]:
    """The campaigns (every one is public): name, kind, promoter, description."""
    for campaign in _only(Campaign.objects.all(), ids).order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    campaign.pk,
                    language,
                    campaign.name,
                    _join(
                        str(campaign.get_kind_display()),
                        campaign.promoter,
                        _readable(campaign.description),
                    ),
                    campaign.get_absolute_url(),
                    campaign.start_on,
                )


def agreements(ids: Ids = None) -> Iterator[Entry]:
    """City diplomacy's agreements (all public): title, kind, the parties abroad, description."""
    rows = _only(Agreement.objects.all(), ids).select_related("kind").prefetch_related("foreign_authorities")
    for agreement in rows.order_by("pk"):
        abroad = sorted(a.name for a in agreement.foreign_authorities.all())
        for language in languages():
            with translation.override(language):
                yield Entry(
                    agreement.pk,
                    language,
                    agreement.title,
                    _join(agreement.kind.name, *abroad, _readable(agreement.description)),
                    agreement.get_absolute_url(),
                    agreement.signed_on,
                )


def missions(ids: Ids = None) -> Iterator[Entry]:
    """Missions and delegations received (all public): title, direction, place, who took part as
    the public pages show them (a name only beside a public office, Participant.public_label),
    purpose and outcomes. Costs are left out: figures, not words to search."""
    rows = _only(Mission.objects.all(), ids).prefetch_related("participants")
    for mission in rows.order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    mission.pk,
                    language,
                    mission.title,
                    _join(
                        str(mission.get_direction_display()),
                        mission.place,
                        *(p.public_label for p in mission.participants.all()),
                        _readable(mission.purpose),
                        _readable(mission.outcomes),
                    ),
                    mission.get_absolute_url(),
                    mission.started_on,
                )


def programmes(ids: Ids = None) -> Iterator[Entry]:
    """Peace-education programmes (all public): title, method, description, partners. Undated: their
    years are known to the year at best."""
    for programme in _only(Programme.objects.all(), ids).order_by("pk"):
        for language in languages():
            with translation.override(language):
                yield Entry(
                    programme.pk,
                    language,
                    programme.title,
                    _join(
                        programme.method,
                        _readable(programme.description),
                        *programme.partner_list,
                    ),
                    programme.get_absolute_url(),
                )


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise  # the results page's heading for the group
    entries: Callable[[Ids], Iterable[Entry]]
    # Whether the page shows the entries' dates: an initiative's start is often known only to the
    # year, so it orders the results but is not shown as a day.
    show_dates: bool = True


# The kinds searched, in the order the results page shows their groups.
KINDS: tuple[Kind, ...] = (
    Kind("members", _("Members"), members),
    Kind("initiatives", _("Initiatives"), initiatives, show_dates=False),
    Kind("resolutions", _("Resolutions"), resolutions),
    Kind("meetings", _("Meetings"), meetings),
    # Their dates are often known only to the month or the year (docs/decisions/0001): they order
    # the results but are not shown as a day.
    Kind("events", _("Events"), events, show_dates=False),
    Kind("campaigns", _("Campaigns"), campaigns, show_dates=False),
    Kind("agreements", _("Agreements"), agreements, show_dates=False),
    Kind("missions", _("Missions and delegations"), missions, show_dates=False),
    Kind("programmes", _("Peace education programmes"), programmes),
    Kind("news", _("News"), news),
    Kind("documents", _("Documents"), documents),
)
KIND = {kind.key: kind for kind in KINDS}


def _resolutions_of(body: Body) -> list[int]:
    return list(body.resolutions.values_list("pk", flat=True))


def _meetings_of(body: Body) -> list[int]:
    return list(body.meetings.values_list("pk", flat=True))


# (model, kind, the ids of that kind a saved or deleted row changes). Other bulk writes and
# queryset.update() send no signal: `cocopa rebuild_search_index` puts the index right after them.
WATCHED: tuple[tuple[type[Model], str, Callable[[Any], Iterable[int]]], ...] = (
    (LocalAuthority, "members", lambda authority: [authority.pk]),
    (Membership, "members", lambda membership: [membership.authority_id]),
    (Initiative, "initiatives", lambda initiative: [initiative.pk]),
    (Resolution, "resolutions", lambda resolution: [resolution.pk]),
    (Body, "resolutions", _resolutions_of),
    (Meeting, "meetings", lambda meeting: [meeting.pk]),
    (AgendaItem, "meetings", lambda item: [item.meeting_id]),
    (Body, "meetings", _meetings_of),
    (Event, "events", lambda event: [event.pk]),
    (EventKind, "events", lambda kind: list(kind.events.values_list("pk", flat=True))),
    (Campaign, "campaigns", lambda campaign: [campaign.pk]),
    (Agreement, "agreements", lambda agreement: [agreement.pk]),
    (AgreementKind, "agreements", lambda kind: list(kind.agreements.values_list("pk", flat=True))),
    (ForeignAuthority, "agreements", lambda abroad: list(abroad.agreements.values_list("pk", flat=True))),
    (Mission, "missions", lambda mission: [mission.pk]),
    (Participant, "missions", lambda participant: [participant.mission_id]),
    (Programme, "programmes", lambda programme: [programme.pk]),
    (Post, "news", lambda post: [post.pk]),
    (Document, "documents", lambda document: [document.pk]),
)

# Imports that write their rows in bulk (no signal per row) record one audit event: after it, the
# whole kind is re-indexed. By the event's verb.
BULK_IMPORTS: dict[str, str] = {
    "cooperation.iati_imported": "initiatives",
    "istat.imported": "members",  # names of municipalities, members among them, may change
}
