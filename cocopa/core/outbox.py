"""The outbox: every e-mail cocopa sends is a row first (django-post-office), then delivered.

The only module that imports post_office (besides settings and core's admin). Callers keep using
Django's `send_mail` and `EmailMessage.send`: EMAIL_BACKEND is post_office's, which stores the
message (attachments included) as a queued row. The worker (`cocopa send_outbox --loop`, started
by `make run` beside gunicorn) hands queued rows to the delivery backend (SMTP from EMAIL_HOST, or
core.mail.NotSentEmailBackend without one). A failed attempt is logged with its error and tried
again later, each delay twice the one before (`back_off`), until POST_OFFICE["MAX_RETRIES"]; then
the message is failed and stays so until the office sends it again (`send_again`).

A message's state as the office reads it: queued (waiting, or waiting to be tried again), sent,
failed. Bodies are not shown on the office page: a password-reset message holds a link that sets
a password.
"""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from post_office import mail
from post_office.lockfile import FileLock, FileLocked, default_lockfile
from post_office.models import STATUS, Attachment, Email, EmailTemplate, Log

from cocopa.core import audit
from cocopa.core.errors import Conflict, Forbidden
from cocopa.core.roles import Actor

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# The states the office reads, and the library's statuses behind each.
STATES: dict[str, tuple["StrOrPromise", tuple[int, ...]]] = {
    "queued": (gettext_lazy("queued"), (STATUS.queued, STATUS.requeued)),
    "sent": (gettext_lazy("sent"), (STATUS.sent,)),
    "failed": (gettext_lazy("failed"), (STATUS.failed,)),
}


# The library's models, which the admin does not show (cocopa/core/admin.py).
MODELS = (Email, Log, Attachment, EmailTemplate)


@dataclass(frozen=True)
class Pass:
    """What one pass of the worker did."""

    sent: int
    failed: int
    retrying: int
    locked: bool = False  # another worker held the lock: this pass sent nothing


def state_of(status: int | None) -> str:
    for key, (_label, statuses) in STATES.items():
        if status in statuses:
            return key
    return "queued"  # a row being created (status not yet set) is waiting like a queued one


def state_label(state: str) -> str:
    return str(STATES[state][0])


def messages(state: str | None = None) -> QuerySet[Email]:
    """The outbox, newest first, with the attempts made and the last error (`last_error`)."""
    last_error = Log.objects.filter(email=OuterRef("pk"), status=STATUS.failed).order_by("-date", "-pk")
    rows = Email.objects.annotate(
        attempts=Count("logs"), last_error=Subquery(last_error.values("message")[:1])
    ).order_by("-created", "-pk")
    if state in STATES:
        rows = rows.filter(status__in=STATES[state][1])
    return rows  # type: ignore[no-any-return]


def failed_count() -> int:
    """Messages that could not be sent and wait for the office (for the office's to-do panel)."""
    return int(Email.objects.filter(status=STATUS.failed).count())


def back_off(ids: list[int], now: dt.datetime) -> None:
    """Put the next attempt of each message just requeued after a delay that doubles each time:
    RETRY_INTERVAL after the first failure, twice that after the second, and so on."""
    base = settings.POST_OFFICE["RETRY_INTERVAL"]
    assert isinstance(base, dt.timedelta)
    requeued = Email.objects.filter(pk__in=ids, status=STATUS.requeued)
    for email in requeued:
        email.scheduled_time = now + base * 2 ** max((email.number_of_retries or 1) - 1, 0)
    Email.objects.bulk_update(requeued, ["scheduled_time"])


def send_queued(lockfile: str | None = None) -> Pass:
    """One pass of the worker: deliver the messages due (a batch), then space out the retries.

    A file lock keeps two workers on one machine from sending the same message twice."""
    try:
        with FileLock(lockfile or default_lockfile):
            due = list(mail.get_queued().values_list("pk", flat=True))
            sent, failed, retrying = mail.send_queued()
            back_off(due, timezone.now())
    except FileLocked:
        return Pass(0, 0, 0, locked=True)
    return Pass(sent, failed, retrying)


def send_again(email: Email, *, actor: Actor) -> Email:
    """Queue a failed message again, with its attempts counted afresh; the worker sends it."""
    if actor is None or not actor.has_perm("core.resend_email"):
        raise Forbidden("forbidden", _("You are not allowed to do this."))
    with transaction.atomic():
        email = Email.objects.select_for_update().get(pk=email.pk)
        if email.status != STATUS.failed:
            raise Conflict("email_not_failed", _("Only a message that could not be sent can be sent again."))
        email.status = STATUS.queued
        email.number_of_retries = 0
        email.scheduled_time = None
        email.save(update_fields=["status", "number_of_retries", "scheduled_time", "last_updated"])
        audit.record(actor, "core.email_requeued", email, {"subject": email.subject[:200]})
    return email
