"""The peace office's pages: convene a body, keep the register, count votes, run board elections.

Thin views: load, authorise (`user.has_perm`, rules in cocopa.governance.permissions), validate (forms), call the service,
redirect. A service's refusal is shown as a message above the same form, its data kept.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.governance import forms, forms_meetings, lifecycle, queries, services
from cocopa.governance.forms_ballot_box import InPersonMarkForm
from cocopa.governance.models import (
    AgendaItem,
    Attendance,
    Election,
    Meeting,
    Motion,
    MotionPaperCount,
    Participation,
    Resolution,
)
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority

View = Callable[..., HttpResponse]


# --- Dashboard --------------------------------------------------------------------------------


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "governance/office/dashboard.html",
        {
            "upcoming": queries.upcoming_meetings(now)[:20],
            # Held meetings are past even when their recorded start is not (rows from before the
            # lifecycle rules): the dashboard lists each meeting once, never as both.
            "past": Meeting.objects.filter(Q(starts_at__lt=now) | Q(status=Meeting.Status.HELD))
            .select_related("body")
            .order_by("-starts_at")[:10],
            "elections": Election.objects.exclude(status=Election.Status.COUNTED).select_related("position"),
            "counted": Election.objects.filter(status=Election.Status.COUNTED).select_related("position")[
                :10
            ],
        },
    )


# --- Meetings ---------------------------------------------------------------------------------


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET", "POST"])
def convene(request: HttpRequest) -> HttpResponse:
    form = forms.ConveneForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.convene(
                    data["body"],
                    data["starts_at"],
                    actor=request.user,
                    convened_on=data["convened_on"],
                    place=data["place"],
                    online_url=data["online_url"],
                    items=data["agenda"],
                    urgent=data["urgent"],
                    documents=form.documents(),
                )
            except DomainError as err:
                status = refused(request, err)
            else:
                messages.success(request, _("The meeting is convened."))
                return redirect("office:meeting-detail", pk=meeting.pk)
        else:
            status = 400
    return render(request, "governance/office/convene.html", {"form": form}, status=status)


def _meeting_page(request: HttpRequest, meeting: Meeting, status: int = 200, **forms_: Any) -> HttpResponse:
    result = queries.meeting_quorum(meeting)
    names = {a.authority_id: a.authority.name for a in meeting.attendances.all()}
    return render(
        request,
        "governance/office/meeting.html",
        {
            "meeting": meeting,
            "items": [
                (item, forms.MinutesForm(initial={"text": item.minutes})) for item in meeting.items.all()
            ],
            "attendance_form": forms_.get("attendance_form") or forms.AttendanceForm(meeting),
            "quorum": result,
            "unknown_population": [names.get(pk, pk) for pk in result.unknown_population],
            "motions": meeting.motions.select_related("item").order_by("pk"),
            "voted_items": set(meeting.motions.exclude(item=None).values_list("item_id", flat=True)),
            # services.cancel_meeting refuses once a vote is counted: no form to fill in vain.
            "cancellable": not meeting.motions.filter(status=Motion.Status.COUNTED).exists(),
            "cancel_form": forms_.get("cancel_form") or forms.CancelMeetingForm(),
            "edit_form": forms_.get("edit_form") or forms_meetings.EditMeetingForm(meeting),
            "postpone_form": forms_.get("postpone_form") or forms_meetings.PostponeForm(),
            "postponements": queries.postponements(meeting),
            # Before the start the register, votes and minutes are refused (lifecycle.py): no forms.
            "opened": lifecycle.meeting_outcome_refused(
                meeting.starts_at, meeting.status == Meeting.Status.CANCELLED, timezone.now()
            )
            is None,
        },
        status=status,
    )


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, get_object_or_404(Meeting.objects.select_related("body"), pk=pk))


@permission_required_or_403("governance.manage_governance")
@require_POST
def record_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = forms.AttendanceForm(meeting, request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, 400, attendance_form=form)
    try:
        services.record_attendance(meeting, form.register(), actor=request.user)
    except DomainError as err:
        return _meeting_page(request, meeting, refused(request, err), attendance_form=form)
    messages.success(request, _("The attendance register is saved."))
    return redirect("office:meeting-detail", pk=meeting.pk)


@permission_required_or_403("governance.manage_governance")
@require_POST
def cancel_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = forms.CancelMeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the meeting is cancelled."))
        return _meeting_page(request, meeting, 400, cancel_form=form)
    try:
        services.cancel_meeting(meeting, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as err:
        return _meeting_page(request, meeting, refused(request, err), cancel_form=form)
    messages.success(request, _("The meeting is cancelled. Those convened are notified by e-mail."))
    return redirect("office:meeting-detail", pk=meeting.pk)


@permission_required_or_403("governance.manage_governance")
@require_POST
def edit_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = forms_meetings.EditMeetingForm(meeting, request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, 400, edit_form=form)
    try:
        services.edit_meeting(
            meeting,
            actor=request.user,
            place=form.cleaned_data["place"],
            online_url=form.cleaned_data["online_url"],
        )
    except DomainError as err:
        return _meeting_page(request, meeting, refused(request, err), edit_form=form)
    messages.success(request, _("The meeting is changed. Those convened are notified by e-mail."))
    return redirect("office:meeting-detail", pk=meeting.pk)


@permission_required_or_403("governance.manage_governance")
@require_POST
def postpone_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = forms_meetings.PostponeForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, 400, postpone_form=form)
    try:
        services.postpone_meeting(
            meeting, form.cleaned_data["starts_at"], actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as err:
        return _meeting_page(request, meeting, refused(request, err), postpone_form=form)
    messages.success(request, _("The meeting is postponed. Those convened are notified by e-mail."))
    return redirect("office:meeting-detail", pk=meeting.pk)


@permission_required_or_403("governance.manage_governance")
@require_POST
def record_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.record_minutes(item, form.cleaned_data["text"], actor=request.user)
        except DomainError as err:
            refused(request, err)
        else:
            messages.success(request, _("The minutes are saved."))
    return redirect("office:meeting-detail", pk=item.meeting_id)


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET", "POST"])
def put_motion(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    # From an agenda item: its title and proposed motion fill the form.
    item_pk = request.GET.get("item", "")
    item = meeting.items.filter(pk=item_pk).first() if item_pk.isdigit() else None
    initial = {"title": item.title, "text": item.motion_text, "item": item.pk} if item else None
    form = forms.MotionForm(meeting, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                motion = services.put_motion(
                    meeting,
                    data["title"],
                    actor=request.user,
                    item=data["item"],
                    text=data["text"],
                    majority=data["majority"],
                    weighting=data["weighting"],
                    abstentions=data["abstentions"],
                    tie=data["tie"],
                    chair=data["chair"],
                    voting=data["voting"],
                )
            except DomainError as err:
                status = refused(request, err)
            else:
                messages.success(request, _("The motion is put to the vote."))
                return redirect("office:motion-detail", pk=motion.pk)
        else:
            status = 400
    return render(
        request, "governance/office/motion_new.html", {"meeting": meeting, "form": form}, status=status
    )


def _motion(pk: int) -> Motion:
    return get_object_or_404(Motion.objects.select_related("meeting__body", "item", "chair"), pk=pk)


def _motion_page(
    request: HttpRequest,
    motion: Motion,
    form: forms.RollCallForm | None = None,
    status: int = 200,
    paper_form: forms.PaperCountForm | None = None,
) -> HttpResponse:
    in_room = (Attendance.Presence.PRESENT, Attendance.Presence.PROXY)
    return render(
        request,
        "governance/office/motion.html",
        {
            "motion": motion,
            "meeting": motion.meeting,
            "form": None if motion.is_secret else form or forms.RollCallForm(motion),
            "paper_form": paper_form or forms.PaperCountForm(),
            "paper_count": MotionPaperCount.objects.filter(motion=motion).first(),
            # Who could put a paper in the box: the presence frozen when the vote opened.
            "voters": motion.roll_call.filter(presence__in=in_room).count(),
            # The vote's own quorum (frozen when it opened, stored when counted), not the register's now.
            "quorum": queries.vote_quorum(motion),
            "resolution": Resolution.objects.filter(motion=motion).first(),
        },
        status=status,
    )


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET", "POST"])
def motion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _motion(pk)
    if request.method != "POST":
        return _motion_page(request, motion)
    form = forms.RollCallForm(motion, request.POST)
    if not form.is_valid():
        return _motion_page(request, motion, form, 400)
    try:
        services.record_roll_call(motion, form.choices(), actor=request.user)
    except DomainError as err:
        return _motion_page(request, motion, form, refused(request, err))
    messages.success(request, _("The roll-call is saved."))
    return redirect("office:motion-detail", pk=motion.pk)


@permission_required_or_403("governance.manage_governance")
@require_POST
def count_motion(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _motion(pk)
    try:
        motion = services.count_motion(motion, actor=request.user)
    except DomainError as err:
        return _motion_page(request, motion, status=refused(request, err))
    messages.success(request, _("The motion is counted."))
    return redirect("office:motion-detail", pk=motion.pk)


@permission_required_or_403("governance.manage_governance")
@require_POST
def record_paper_count(request: HttpRequest, pk: int) -> HttpResponse:
    """The tellers' count of a secret motion's whole box; the motion is counted from it."""
    motion = _motion(pk)
    form = forms.PaperCountForm(request.POST)
    if not form.is_valid():
        return _motion_page(request, motion, status=400, paper_form=form)
    try:
        motion = services.record_paper_count(motion, actor=request.user, **form.cleaned_data)
    except DomainError as err:
        field = getattr(err, "field", None)
        form.add_error(field if field in form.fields else None, err.message)
        return _motion_page(request, motion, status=refused(request, err), paper_form=form)
    messages.success(request, _("The count of the paper ballots is recorded and the motion is counted."))
    return redirect("office:motion-detail", pk=motion.pk)


# --- Elections --------------------------------------------------------------------------------


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET", "POST"])
def create_election(request: HttpRequest) -> HttpResponse:
    form = forms.ElectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                election = services.create_election(
                    data["position"],
                    actor=request.user,
                    title=data["title"],
                    held_on=data["held_on"],
                    term_start=data["term_start"],
                    seats=data["seats"],
                    method=data["method"],
                    max_choices=data["max_choices"],
                    tie_rule=data["tie_rule"],
                    secret=data["secret"],
                    creates_presidency=data["creates_presidency"],
                )
            except DomainError as err:
                status = refused(request, err)
            else:
                messages.success(request, _("The election is created: nominations are open."))
                return redirect("office:election-detail", pk=election.pk)
        else:
            status = 400
    return render(request, "governance/office/election_new.html", {"form": form}, status=status)


def _election(pk: int) -> Election:
    return get_object_or_404(Election.objects.select_related("body", "position"), pk=pk)


def _electorate(election: Election) -> QuerySet[LocalAuthority]:
    """Who votes: the electors frozen when voting opened; before, the members in good standing."""
    if election.status == Election.Status.NOMINATING or not election.electors.exists():
        return member_queries.members_in_good_standing(election.held_on)
    return LocalAuthority.objects.filter(pk__in=election.electors.values("authority_id")).order_by(
        "name", "pk"
    )


def _election_page(
    request: HttpRequest,
    election: Election,
    status: int = 200,
    nomination_form: forms.NominationForm | None = None,
    ballot_form: forms.InPersonBallotForm | InPersonMarkForm | None = None,
) -> HttpResponse:
    members = _electorate(election)
    voted = {p.authority_id: p for p in Participation.objects.filter(election=election)}
    candidates = list(election.candidates.select_related("person", "authority", "nominated_by"))
    by_id = {c.pk: c for c in candidates}
    result = election.counted_result
    return render(
        request,
        "governance/office/election.html",
        {
            "election": election,
            "candidates": candidates,
            "nomination_form": nomination_form or forms.NominationForm(members),
            "ballot_form": ballot_form or _in_person_form(election, members.exclude(pk__in=list(voted))),
            "box": getattr(election, "ballot_box", None) if election.secret else None,
            "participation": [(m, voted.get(m.pk)) for m in members],
            "voted_count": len(voted),
            "totals": [(by_id.get(cid), votes, cid in result.elected) for cid, votes in result.totals]
            if result
            else [],
            "result": result,
            "lot_drawn": [by_id.get(cid) for cid in result.lot.drawn] if result and result.lot else [],
            "ties": [
                {
                    "tie": tie,
                    "among": [by_id.get(cid) for cid in tie.among],
                    "order": [by_id.get(cid) for cid in tie.order],
                }
                for tie in result.ties
            ]
            if result
            else [],
            "mandates": election.mandates.select_related("position__body", "person", "authority").order_by(
                "position__body__order", "position__order", "pk"
            ),
        },
        status=status,
    )


@permission_required_or_403("governance.manage_governance")
@require_http_methods(["GET"])
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _election_page(request, _election(pk))


@permission_required_or_403("governance.manage_governance")
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    form = forms.NominationForm(member_queries.members_in_good_standing(election.held_on), request.POST)
    if not form.is_valid():
        return _election_page(request, election, 400, nomination_form=form)
    data = form.cleaned_data
    try:
        services.nominate(
            election, data["person"], data["authority"], data["nominated_by"], actor=request.user
        )
    except DomainError as err:
        return _election_page(request, election, refused(request, err), nomination_form=form)
    messages.success(request, _("The candidate is nominated."))
    return redirect("office:election-detail", pk=election.pk)


def _step(request: HttpRequest, pk: int, step: Callable[..., Election], done: str) -> HttpResponse:
    election = _election(pk)
    try:
        step(election, actor=request.user)
    except DomainError as err:
        return _election_page(request, _election(pk), refused(request, err))
    messages.success(request, done)
    return redirect("office:election-detail", pk=election.pk)


@permission_required_or_403("governance.manage_governance")
@require_POST
def open_election(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.open_election, _("Voting is open."))


@permission_required_or_403("governance.manage_governance")
@require_POST
def close_election(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.close_election, _("Voting is closed."))


@permission_required_or_403("governance.manage_governance")
@require_POST
def count_election(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.count_election, _("The election is counted and the mandates created."))


def _in_person_form(
    election: Election, members: Any, data: Any = None
) -> forms.InPersonBallotForm | InPersonMarkForm:
    """Secret: only who voted (the box is counted whole, views_ballot_box); open: the choices too."""
    if election.secret:
        return InPersonMarkForm(members, data)
    return forms.InPersonBallotForm(election, members, data)


@permission_required_or_403("governance.record_in_person_ballot")
@require_POST
def record_in_person(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    members = _electorate(election)
    form = _in_person_form(election, members, request.POST)
    if not form.is_valid():
        return _election_page(request, election, 400, ballot_form=form)
    authority: LocalAuthority = form.cleaned_data["authority"]
    try:
        if isinstance(form, InPersonMarkForm):
            services.mark_voted_in_person(election, authority, actor=request.user)
        else:
            services.record_in_person(election, authority, form.candidate_ids(), actor=request.user)
    except DomainError as err:
        return _election_page(request, election, refused(request, err), ballot_form=form)
    if isinstance(form, InPersonMarkForm):
        messages.success(
            request, _("%(member)s is marked as having voted in person.") % {"member": authority.name}
        )
        return redirect("office:election-detail", pk=election.pk)
    messages.success(request, _("The ballot of %(member)s is recorded.") % {"member": authority.name})
    return redirect("office:election-detail", pk=election.pk)
