"""The office's pages for in-person voting: the count of a secret election's whole box, entered once
voting is closed (services.record_ballot_box), and the sheet of every in-person ballot on one page
(services.record_in_person_sheet)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.governance import queries, services
from cocopa.governance.forms_ballot_box import BallotBoxForm, InPersonSheetForm
from cocopa.governance.models import BallotBox, Election, Participation
from cocopa.governance.services.ballot_box import in_person_voters


@permission_required_or_403("governance.record_ballot_box")
@require_http_methods(["GET", "POST"])
def ballot_box(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election.objects.select_related("body", "position"), pk=pk)
    if not request.user.has_perm("governance.record_ballot_box", election):
        raise PermissionDenied("governance.record_ballot_box")
    status = 200
    form = BallotBoxForm(election, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_ballot_box(
                    election,
                    actor=request.user,
                    ballots=data["ballots"],
                    blank=data["blank"],
                    void=data["void"],
                    votes=form.votes(),
                )
            except DomainError as err:
                status = refused(request, err)
            else:
                messages.success(request, _("The count of the in-person ballot box is recorded."))
                return redirect("office:election-detail", pk=election.pk)
        else:
            status = 400
    return render(
        request,
        "governance/office/ballot_box.html",
        {
            "election": election,
            "form": form,
            "voters": in_person_voters(election),
            "box": BallotBox.objects.filter(election=election).first(),
            "editable": election.status == Election.Status.CLOSED,
        },
        status=status,
    )


@permission_required_or_403("governance.record_in_person_ballot")
@require_http_methods(["GET", "POST"])
def in_person_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Every in-person ballot on one page: one row per member that has not voted yet."""
    election = get_object_or_404(Election.objects.select_related("body", "position"), pk=pk)
    voted = Participation.objects.filter(election=election).values("authority_id")
    form = InPersonSheetForm(
        election, queries.electorate(election).exclude(pk__in=voted), request.POST or None
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = services.record_in_person_sheet(election, form.sheet(), actor=request.user)
            except DomainError as err:
                status = refused(request, err)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s member is recorded as having voted in person.",
                        "%(count)s members are recorded as having voted in person.",
                        len(done),
                    )
                    % {"count": len(done)},
                )
                return redirect("office:election-detail", pk=election.pk)
        else:
            status = 400
    return render(
        request,
        "governance/office/in_person_sheet.html",
        {"election": election, "form": form, "open": election.status == Election.Status.OPEN},
        status=status,
    )
