"""Governance deadlines the office must not miss: terms ending soon, bodies that cannot reach a
quorum, members without a representative.

Each check is a plain function returning Reminder rows; `cocopa reminders` (cocopa.office.reminders)
calls them, with the checks of members and fees, by explicit import.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocopa.governance import quorum, terms
from cocopa.governance.models import Body, Designation, Mandate, in_force
from cocopa.governance.queries import populations, quorum_rule
from cocopa.members.queries import members_in_good_standing


@dataclass(frozen=True)
class Reminder:
    kind: str  # term_ending, no_quorum_possible, designation_missing
    subject: str  # what it is about, for the office: a mandate, a body, a member
    detail: str
    due: dt.date | None = None


def terms_ending(today: dt.date, days: int) -> list[Reminder]:
    """Mandates whose end falls between today and `days` days from now."""
    until = today + dt.timedelta(days=days)
    mandates = (
        Mandate.objects.filter(end_on__gte=today, end_on__lte=until)
        .filter(Q(ended="") | Q(ended=Mandate.Ended.TERM))
        .select_related("body", "position", "person", "authority")
        .order_by("end_on", "pk")
    )
    return [
        Reminder(
            "term_ending",
            f"{m.position}: {m.holder_name}",
            ngettext(
                "term ends on %(day)s, in %(days)s day",
                "term ends on %(day)s, in %(days)s days",
                terms.days_left(m.end_on, today),
            )
            % {"day": date_format(m.end_on), "days": terms.days_left(m.end_on, today)},
            m.end_on,
        )
        for m in mandates
        if m.end_on is not None
    ]


def bodies_without_quorum(today: dt.date) -> list[Reminder]:
    """Bodies whose sitting composition could not reach their quorum even if everyone came.

    The Assembly counts the members that have a representative designated; other bodies that
    hold meetings count the seats filled against their minimum and their quorum.
    """
    found = []
    for body in Body.objects.filter(kind__in=[Body.Kind.ASSEMBLY, Body.Kind.BOARD]).prefetch_related(
        "positions"
    ):
        if body.is_assembly:
            entitled = list(members_in_good_standing(today).values_list("pk", flat=True))
            if not entitled:
                continue
            represented = set(
                Designation.objects.filter(in_force(today), authority_id__in=entitled).values_list(
                    "authority_id", flat=True
                )
            )
            pops = populations(entitled, today)
            seats = [
                quorum.Seat(
                    member=pk,
                    population=pops.get(pk),
                    presence=quorum.Presence.PRESENT if pk in represented else quorum.Presence.ABSENT,
                )
                for pk in entitled
            ]
            best = quorum.evaluate(quorum_rule(body), seats)
            if not best.reached:
                found.append(
                    Reminder(
                        "no_quorum_possible",
                        str(body),
                        _(
                            "%(represented)s of %(entitled)s members have a representative; the quorum needs %(required)s"
                        )
                        % {
                            "represented": len(represented),
                            "entitled": best.entitled,
                            "required": best.required,
                        },
                    )
                )
            continue
        held = Mandate.objects.filter(in_force(today), body=body).count()
        required = body.min_seats or 1
        if held < required:
            found.append(
                Reminder(
                    "no_quorum_possible",
                    str(body),
                    _("%(held)s seats filled; the body needs at least %(required)s")
                    % {"held": held, "required": required},
                )
            )
    return found


def designations_missing(today: dt.date) -> list[Reminder]:
    """Members in good standing with no representative designated to the Assembly."""
    designated = Designation.objects.filter(in_force(today)).values("authority_id")
    return [
        Reminder("designation_missing", a.name, _("no Assembly representative designated"))
        for a in members_in_good_standing(today).exclude(pk__in=designated)
    ]
