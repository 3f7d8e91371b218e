"""A convened meeting's agenda as ordered items: add, edit, move up or down, remove, and attach
documents. Only while the meeting is convened (not held, not cancelled); numbers stay 1…n with
no gaps. Every change is in the audit trail."""

from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import Actor, signed_in
from cocopa.governance.models import AgendaDocument, AgendaItem, Meeting
from cocopa.governance.services._common import require_office
from cocopa.governance.services.meetings import attach

TITLE_MAX = 500


def _lock_convened(meeting_pk: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting_pk)
    if meeting.status != Meeting.Status.CONVENED:
        raise Conflict(
            "agenda_closed",
            _("The agenda can be changed only while the meeting is convened, before it is held."),
        )
    return meeting


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise DomainError("title_missing", _("Every agenda item needs a title."))
    if len(title) > TITLE_MAX:
        raise DomainError("title_too_long", _("An agenda item's title is too long."))
    return title


def add_item(
    meeting: Meeting, *, actor: Actor, title: str, description: str = "", motion_text: str = ""
) -> AgendaItem:
    """A new item at the end of the agenda."""
    require_office(actor)
    title = _clean_title(title)
    with transaction.atomic():
        _lock_convened(meeting.pk)
        last = meeting.items.aggregate(n=Max("number"))["n"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=last + 1,
            title=title,
            description=description.strip(),
            motion_text=motion_text.strip(),
        )
        audit.record(
            signed_in(actor),
            "governance.agenda_item_added",
            item,
            {"meeting": meeting.pk, "number": item.number},
        )
    return item


def edit_item(
    item: AgendaItem, *, actor: Actor, title: str, description: str, motion_text: str
) -> AgendaItem:
    """Change an item's title, description and proposed motion; the audit keeps the old ones."""
    require_office(actor)
    title = _clean_title(title)
    with transaction.atomic():
        _lock_convened(item.meeting_id)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        before = {"title": item.title, "description": item.description, "motion_text": item.motion_text}
        item.title, item.description, item.motion_text = title, description.strip(), motion_text.strip()
        item.save(update_fields=["title", "description", "motion_text"])
        audit.record(signed_in(actor), "governance.agenda_item_edited", item, {"before": before})
    return item


def move_item(item: AgendaItem, direction: str, *, actor: Actor) -> AgendaItem:
    """Swap an item with the one above ("up") or below ("down"); refused past either end."""
    require_office(actor)
    if direction not in ("up", "down"):
        raise DomainError("invalid_direction", _("An item moves up or down."))
    with transaction.atomic():
        _lock_convened(item.meeting_id)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        target = item.number - 1 if direction == "up" else item.number + 1
        other = (
            AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id, number=target).first()
        )
        if other is None:
            raise DomainError("cannot_move", _("This item is already at that end of the agenda."))
        number = item.number
        # (meeting, number) is unique: park the item on 0 (never a real number) while swapping.
        AgendaItem.objects.filter(pk=item.pk).update(number=0)
        AgendaItem.objects.filter(pk=other.pk).update(number=number)
        AgendaItem.objects.filter(pk=item.pk).update(number=target)
        item.number = target
        audit.record(signed_in(actor), "governance.agenda_item_moved", item, {"from": number, "to": target})
    return item


def remove_item(item: AgendaItem, *, actor: Actor) -> None:
    """Remove an item and its documents; the items after it move up one. The last item stays:
    a convocation has at least one."""
    require_office(actor)
    with transaction.atomic():
        meeting = _lock_convened(item.meeting_id)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if meeting.items.count() == 1:
            raise DomainError("agenda_empty", _("A convocation needs at least one agenda item."))
        number, title = item.number, item.title
        audit.record(
            signed_in(actor),
            "governance.agenda_item_removed",
            item,
            {"meeting": meeting.pk, "number": number, "title": title, "documents": item.documents.count()},
        )
        item.delete()
        # One at a time from the lowest, so no two items ever share a number.
        for pk in meeting.items.filter(number__gt=number).order_by("number").values_list("pk", flat=True):
            AgendaItem.objects.filter(pk=pk).update(number=F("number") - 1)


def attach_document(item: AgendaItem, title: str, file: "File[Any]", *, actor: Actor) -> AgendaDocument:
    """Attach a document to an item (title empty: the file's name); readable by those convened."""
    require_office(actor)
    with transaction.atomic():
        _lock_convened(item.meeting_id)
        return attach(item, (title.strip() or str(file.name))[:300], file, actor=actor)


def remove_document(document: AgendaDocument, *, actor: Actor) -> None:
    """Take a document off an item of a convened agenda (a wrong or withdrawn file). The row goes
    with its audit entry naming the title and file; the file leaves the storage after commit, so
    a rolled-back removal keeps it."""
    require_office(actor)
    with transaction.atomic():
        _lock_convened(document.item.meeting_id)
        name, storage = document.file.name, document.file.storage
        audit.record(
            signed_in(actor),
            "governance.document_removed",
            document.item,
            {"meeting": document.item.meeting_id, "title": document.title, "file": name},
        )
        document.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
