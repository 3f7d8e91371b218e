"""What the office must not miss about conventions and acts (members/README.md, "Warnings").

Plain reads returning Warning rows; `cocopa reminders` lists them (cocopa.office.reminders) and
the office's conventions page shows them.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocopa.members import conventions, queries
from cocopa.members.models import AdhesionAct, Convention, LocalAuthority, Membership

JOINING_KINDS = (AdhesionAct.Kind.ADHESION, AdhesionAct.Kind.RENEWAL, AdhesionAct.Kind.CONVENTION)


@dataclass(frozen=True)
class Warning:
    kind: str  # convention_expiring, renewal_act_missing, withdrawal_notice_short
    subject: str
    detail: str
    due: dt.date | None = None


def conventions_expiring(today: dt.date, days: int) -> list[Warning]:
    """Conventions whose last day falls between today and `days` days from now."""
    until = today + dt.timedelta(days=days)
    found = Convention.objects.filter(end_on__gte=today, end_on__lte=until).order_by("end_on", "pk")
    starts: dict[str, list[dt.date]] = {}
    for kind, start in Convention.objects.values_list("kind", "start_on"):
        starts.setdefault(kind, []).append(start)
    return [
        Warning(
            "convention_expiring",
            c.title,
            _("expires on %(day)s") % {"day": date_format(c.end_on)},
            c.end_on,
        )
        for c in found
        if c.end_on is not None
        and conventions.expiring(c.end_on, today, days)
        and not conventions.succeeded(c.end_on, starts.get(c.kind, []))
    ]


def members_without_renewal(today: dt.date) -> list[Warning]:
    """Members in good standing with no adhesion or renewal act under the membership convention
    in force; when none is in force, with none since the last one expired (e.g. from 2026-01-01,
    members without a 2026 renewal)."""
    convention = queries.convention_in_force(today)
    joined_after: dt.date | None = None
    if convention is not None:
        covering = Q(convention=convention) | Q(convention__isnull=True, adopted_on__gte=convention.start_on)
        detail = _("no adhesion or renewal act under %(convention)s") % {"convention": convention.title}
    else:
        convention = queries.last_expired_convention(today)
        if convention is None or convention.end_on is None:
            return []
        # Renewed: an act that starts (in force, else adopted) after the end, whichever convention
        # it names (a renewal of the expired convention is one). Joined after the end: not expired.
        covering = Q(starts__gt=convention.end_on)
        joined_after = convention.end_on
        detail = _("no renewal act since %(convention)s expired on %(day)s") % {
            "convention": convention.title,
            "day": date_format(convention.end_on),
        }
    # An act counts from the day it is dated (a month-precision date from the 1st of the month).
    acts = (
        queries.current_acts()
        .annotate(starts=Coalesce("in_force_on", "adopted_on"))
        .filter(covering, authority=OuterRef("pk"), kind__in=JOINING_KINDS)
        .filter(Q(adopted_on__isnull=True) | Q(adopted_on__lte=today))
    )
    members = (
        queries.current_authorities()
        .filter(Exists(Membership.objects.active_on(today).filter(authority=OuterRef("pk"))))
        .exclude(Exists(acts))
    )
    if joined_after is not None:
        members = members.exclude(
            Exists(
                Membership.objects.active_on(today).filter(
                    authority=OuterRef("pk"), start_on__gt=joined_after
                )
            )
        )
    members = members.order_by("name", "pk")
    return [Warning("renewal_act_missing", a.name, detail) for a in members]


def withdrawals_inside_notice(today: dt.date) -> list[Warning]:
    """Withdrawals not yet in effect whose notice is shorter than their convention asks (or unknown)."""
    acts = (
        queries.current_acts()
        .filter(kind=AdhesionAct.Kind.WITHDRAWAL, effective_on__gte=today)
        .select_related("authority", "convention")
        .order_by("effective_on", "pk")
    )
    found = []
    for act in acts:
        days = queries.notice_days_for(act)
        if days is None or act.effective_on is None:
            continue
        if act.notified_on is None:
            detail = _("takes effect on %(day)s; the notice date is unknown (%(days)s days required)") % {
                "day": date_format(act.effective_on),
                "days": days,
            }
        elif not conventions.notice_ok(act.notified_on, act.effective_on, days):
            short = conventions.days_short(act.notified_on, act.effective_on, days)
            detail = ngettext(
                "notified on %(notified)s, takes effect on %(day)s: %(short)s day short of %(days)s",
                "notified on %(notified)s, takes effect on %(day)s: %(short)s days short of %(days)s",
                short,
            ) % {
                "notified": date_format(act.notified_on),
                "day": date_format(act.effective_on),
                "short": short,
                "days": days,
            }
        else:
            continue
        found.append(Warning("withdrawal_notice_short", act.authority.name, detail, act.effective_on))
    return found


def collect(today: dt.date, days: int) -> list[Warning]:
    return [
        *conventions_expiring(today, days),
        *members_without_renewal(today),
        *withdrawals_inside_notice(today),
    ]


def archived_authorities() -> "list[LocalAuthority]":
    """Archived authorities, for the office (they stay in history, out of public pages)."""
    return list(LocalAuthority.objects.filter(archived_on__isnull=False).order_by("name"))
