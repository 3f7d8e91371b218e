"""`cocopa reminders`: every deadline the office must not miss, gathered in one place.

Each app keeps its checks as plain functions over its own models (governance: terms, quorum,
designations; members: conventions and acts; fees: arrears). This module, on the top floor, calls
them by explicit import: no registry, nothing filled in at start-up, and reading this file tells
the whole list (docs/decisions/0008-layers-and-floors.md).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cocopa.core import audit, outbox, roles
from cocopa.fees.reminders import fee_arrears
from cocopa.governance.reminders import Reminder, bodies_without_quorum, designations_missing, terms_ending
from cocopa.members import warnings


def _from_members(found: list[warnings.Warning]) -> list[Reminder]:
    return [Reminder(w.kind, w.subject, w.detail, w.due) for w in found]


def failed_emails(today: dt.date) -> list[Reminder]:
    """One reminder while the outbox holds messages that could not be sent: the office reads the
    error and sends them again at /office/outbox/."""
    count = outbox.failed_count()
    if not count:
        return []
    detail = ngettext(
        "%(count)s message could not be sent; read the error and send it again.",
        "%(count)s messages could not be sent; read the errors and send them again.",
        count,
    ) % {"count": count}
    return [Reminder("email_failed", _("Outbox"), detail, today)]


def collect(today: dt.date, days: int) -> list[Reminder]:
    """Every reminder due on `today`, looking `days` days ahead where a check has a window."""
    return [
        *terms_ending(today, days),
        *bodies_without_quorum(today),
        *designations_missing(today),
        *fee_arrears(today, days),
        *_from_members(warnings.conventions_expiring(today, days)),
        *_from_members(warnings.members_without_renewal(today)),
        *_from_members(warnings.withdrawals_inside_notice(today)),
        *failed_emails(today),
    ]


@dataclass(frozen=True)
class TodoGroup:
    """One line of the office home's to-do panel: a kind of reminder, its rows and where to act."""

    kind: str
    title: str
    url_name: str
    reminders: list[Reminder]


# Each group of the panel: the reminder kinds it gathers, its title, the page where the office
# acts on it, and the right that page asks. The order is the panel's.
TODO_GROUPS: list[tuple[str, tuple[str, ...], Any, str, str]] = [
    (
        "terms",
        ("term_ending",),
        gettext_lazy("Terms ending"),
        "office:bodies",
        "governance.manage_governance",
    ),
    (
        "quorum",
        ("no_quorum_possible",),
        gettext_lazy("Bodies that cannot reach a quorum"),
        "office:bodies",
        "governance.manage_governance",
    ),
    (
        "representatives",
        ("designation_missing",),
        gettext_lazy("Members without a representative"),
        "office:people-members",
        "governance.manage_governance",
    ),
    (
        "conventions",
        ("convention_expiring", "renewal_act_missing", "withdrawal_notice_short"),
        gettext_lazy("Conventions and acts"),
        "members_office:conventions",
        "members.manage_members",
    ),
    ("fees", ("fee_arrears",), gettext_lazy("Unpaid fees"), "fees:arrears", "fees.use_staff_api"),
    ("emails", ("email_failed",), gettext_lazy("E-mails not sent"), "outbox:page", "core.view_outbox"),
]


def todo(today: dt.date, days: int, *, allowed: Callable[[str], bool]) -> list[TodoGroup]:
    """The to-do panel: `collect()`'s reminders grouped by kind, only the groups whose page the
    user may open (`allowed` is `user.has_perm`), empty groups left out."""
    found = collect(today, days)
    return [
        TodoGroup(key, str(title), url_name, [r for r in found if r.kind in kinds])
        for key, kinds, title, url_name, perm in TODO_GROUPS
        if allowed(perm) and any(r.kind in kinds for r in found)
    ]


def office_addresses() -> list[str]:
    """E-mail addresses of the peace office staff (and superusers), who receive the digest."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted({u.email for u in users if roles.is_peace_office(u)})


def send(reminders: list[Reminder], today: dt.date) -> int:
    """Mail the digest to the office; returns the number of recipients (0 when nothing to say)."""
    recipients = office_addresses()
    if not reminders or not recipients:
        return 0
    body = "\n".join(f"- [{r.kind}] {r.subject}: {r.detail}" for r in reminders)
    send_mail(
        _("Co.Co.Pa. reminders of %(day)s") % {"day": date_format(today)},
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    # The event keeps the name it had when governance sent the digest: the audit trail is append-only.
    audit.record(
        None, "governance.reminders_sent", None, {"reminders": len(reminders), "to": len(recipients)}
    )
    return len(recipients)
