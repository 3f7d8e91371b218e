"""Writes to the cooperation registry that are more than an admin form: whose activity may be
edited, and the peace office's choice to show another publisher's activities.

Another publisher's activity (an Initiative with a `publisher`) is held as they publish it: the
office does not edit it (README, "Whose activity it is"); only a newer file of theirs, imported
with `update_held`, changes it.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from cocopa.cooperation.models import Initiative, Publisher
from cocopa.core import audit
from cocopa.core.errors import Conflict, Forbidden
from cocopa.core.roles import Actor


class HeldActivityReadOnly(Conflict):
    def __init__(self, initiative: Initiative) -> None:
        publisher = initiative.publisher
        super().__init__(
            "held_activity_read_only",
            _(
                "%(identifier)s is published by %(publisher)s and held as they publish it: it cannot "
                "be edited here. A newer file of theirs, imported with --update-held, updates it."
            )
            % {
                "identifier": initiative.iati_identifier,
                "publisher": str(publisher) if publisher is not None else "",
            },
        )


def ensure_editable(initiative: Initiative) -> None:
    """Refuse any edit of another publisher's activity, with a message naming it."""
    if initiative.is_held:
        raise HeldActivityReadOnly(initiative)


def set_publisher_shown(publisher: Publisher, shown: bool, *, actor: Actor) -> Publisher:
    """Show (or hide) a publisher's activities on the public site, apart from the network's own."""
    if actor is not None and not actor.has_perm("cooperation.change_publisher"):
        raise Forbidden(
            "forbidden", _("Only the peace office chooses which publishers' activities are shown.")
        )
    with transaction.atomic():
        locked = Publisher.objects.select_for_update().get(pk=publisher.pk)
        if locked.shown_publicly != shown:
            locked.shown_publicly = shown
            locked.save(update_fields=["shown_publicly"])
            audit.record(actor, "cooperation.publisher_shown", locked, {"ref": locked.ref, "shown": shown})
    publisher.shown_publicly = shown
    return publisher
