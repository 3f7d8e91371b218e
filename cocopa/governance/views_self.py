"""A member representative's pages: convocations, attendance, and the member's own ballot.

A representative acts only for the members they are designated for today; any other member's
form answers 403 before a service is called (and the services check it again).
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import require_to_act_for
from cocopa.governance import forms, services
from cocopa.governance.models import (
    AgendaItem,
    Attendance,
    Election,
    Mandate,
    Meeting,
    Participation,
    in_force,
)
from cocopa.governance.roles import represented_members
from cocopa.members.models import LocalAuthority


@dataclass
class Convocation:
    meeting: Meeting
    upcoming: bool
    attendances: list[Attendance]


@dataclass
class BallotSlot:
    """One open election for one represented member: voted already, or the ballot form."""

    election: Election
    authority: LocalAuthority
    participation: Participation | None
    form: forms.BallotForm | None = None
    entitled: bool = True


@dataclass
class SelfPage:
    members: list[LocalAuthority]
    convocations: list[Convocation] = field(default_factory=list)
    ballots: list[BallotSlot] = field(default_factory=list)


def _prefix(election: Election, authority: LocalAuthority) -> str:
    return f"e{election.pk}-m{authority.pk}"


def _page(request: HttpRequest, failed: BallotSlot | None = None) -> SelfPage:
    today = timezone.localdate()
    now = timezone.now()
    members = represented_members(request.user, today)
    page = SelfPage(members)
    ids = [m.pk for m in members]
    # The convocations the user may read (governance.view_convocation): those of the members they
    # represent, and every meeting of a body they sit in (a board member who represents nobody).
    sitting = Mandate.objects.filter(in_force(today), person__user_id=request.user.pk or 0)
    bodies = sitting.values("body_id")
    meetings = (
        Meeting.objects.filter(Q(attendances__authority_id__in=ids) | Q(body_id__in=bodies))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.prefetch_related("documents")),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(authority_id__in=ids).select_related("authority"),
                to_attr="mine",
            ),
        )
        .distinct()
    )
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = sorted((m for m in meetings if m.starts_at < now), key=lambda m: m.starts_at, reverse=True)[:10]
    page.convocations = [Convocation(m, True, m.mine) for m in upcoming] + [
        Convocation(m, False, m.mine) for m in past
    ]
    elections = Election.objects.filter(status=Election.Status.OPEN).select_related("position")
    voted = {
        (p.election_id, p.authority_id): p
        for p in Participation.objects.filter(election__in=elections, authority_id__in=ids)
    }
    for election in elections:
        for member in members:
            if failed and failed.election.pk == election.pk and failed.authority.pk == member.pk:
                page.ballots.append(failed)
                continue
            done = voted.get((election.pk, member.pk))
            slot = BallotSlot(election, member, done)
            if done is None:
                slot.form = forms.BallotForm(election, prefix=_prefix(election, member))
            page.ballots.append(slot)
    return page


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/self/home.html", {"page": _page(request)})


@login_required
@require_POST
def announce_attendance(request: HttpRequest, pk: int, authority: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    member = get_object_or_404(LocalAuthority, pk=authority)
    require_to_act_for(request.user, "governance.announce_attendance", member)
    form = forms.AnnounceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether your member will attend."), extra_tags="invalid")
        return redirect("self_service:home")
    try:
        services.announce_attendance(meeting, member, form.cleaned_data["attending"], actor=request.user)
    except DomainError as err:
        status = refused(request, err)
        return render(request, "governance/self/home.html", {"page": _page(request)}, status=status)
    messages.success(request, _("Your answer is recorded."))
    return redirect("self_service:home")


@login_required
@require_POST
def cast_ballot(request: HttpRequest, pk: int, authority: int) -> HttpResponse:
    election = get_object_or_404(Election, pk=pk)
    member = get_object_or_404(LocalAuthority, pk=authority)
    require_to_act_for(request.user, "governance.cast_online_ballot", member)
    form = forms.BallotForm(election, request.POST, prefix=_prefix(election, member))
    slot = BallotSlot(election, member, None, form)
    if not form.is_valid():
        return render(request, "governance/self/home.html", {"page": _page(request, slot)}, status=400)
    try:
        services.cast_online(election, member, form.candidate_ids(), actor=request.user)
    except DomainError as err:
        status = refused(request, err)
        failed = None if err.code == "already_voted" else slot
        return render(request, "governance/self/home.html", {"page": _page(request, failed)}, status=status)
    messages.success(request, _("Your member's ballot is cast."))
    return redirect("self_service:home")
