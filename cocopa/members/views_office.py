"""The peace office's pages on conventions and acts: the lists, and recording a member's act
through services.record_act (the admin shows acts read-only). Mounted under /office/conventions/
by cocopa/urls.py (urls_office.py); adding a member (`add_member`) is /office/members/new/, routed
by cocopa/office/urls.py."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.members import forms, queries, services, warnings
from cocopa.members.models import Convention, LocalAuthority

View = Callable[..., HttpResponse]
WARNING_DAYS = 120


@permission_required_or_403("members.manage_members")
@require_GET
def conventions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "members/office/conventions.html",
        {
            "today": today,
            "days": WARNING_DAYS,
            "conventions": Convention.objects.select_related("source").order_by("start_on", "pk"),
            "in_force": queries.convention_in_force(today),
            "warnings": warnings.collect(today, WARNING_DAYS),
            "archived": warnings.archived_authorities(),
        },
    )


def _acts_page(
    request: HttpRequest,
    authority: LocalAuthority,
    form: forms.RecordActForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "members/office/member_acts.html",
        {
            "authority": authority,
            "acts": authority.acts.select_related("convention", "source", "membership").order_by(
                "adopted_on", "pk"
            ),
            "periods": authority.memberships.select_related("start_source", "end_source"),
            "form": form or forms.RecordActForm(),
        },
        status=status,
    )


@permission_required_or_403("members.manage_members")
@require_GET
def member_acts(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's acts, archived ones included (marked), its membership periods, and the form
    to record a new act."""
    return _acts_page(request, get_object_or_404(LocalAuthority, pk=pk))


@permission_required_or_403("members.manage_members")
@require_POST
def record_act(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(LocalAuthority, pk=pk)
    actor = request.user if isinstance(request.user, User) else None  # the guard: always a User
    form = forms.RecordActForm(request.POST, request.FILES)
    if not form.is_valid():
        return _acts_page(request, authority, form, 400)
    data = form.cleaned_data
    try:
        services.record_act(
            authority,
            actor=actor,
            kind=data["kind"],
            body=data["body"],
            number=data["number"],
            adopted_on=data["adopted_on"],
            in_force_on=data["in_force_on"],
            convention=data["convention"],
            notified_on=data["notified_on"],
            effective_on=data["effective_on"],
            document=data["document"],
            document_url=data["document_url"],
            force=data["force"],
        )
    except DomainError as err:
        return _acts_page(request, authority, form, refused(request, err))
    messages.success(request, _("The act is recorded and the membership periods follow it."))
    return redirect("members_office:member-acts", pk=authority.pk)


# Which field of the add-member page each refusal of services.add_member is shown beside.
ADD_MEMBER_REFUSALS = {
    "no_such_municipality": "code",
    "act_date_in_future": "adopted_on",
    "already_member": "adopted_on",
    "overlapping_period": "adopted_on",
}


@permission_required_or_403("members.manage_members")
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest) -> HttpResponse:
    """A municipality joins in one form: search ISTAT's list (?q=), choose one (?code=), then
    record its adhesion act; services.add_member starts the membership period in the same save."""
    if request.method == "POST":
        return _add_member_post(request)
    code = request.GET.get("code", "").strip()
    form = forms.AddMemberForm(initial={"code": code})
    if code and _chosen(code) is None:
        return _add_member_page(request, form, code, status=400, code_error=_no_such(code))
    return _add_member_page(request, form, code)


def _add_member_post(request: HttpRequest) -> HttpResponse:
    actor = request.user if isinstance(request.user, User) else None  # the guard: always a User
    form = forms.AddMemberForm(request.POST, request.FILES)
    code = request.POST.get("code", "").strip()
    if not form.is_valid():
        return _add_member_page(request, form, code, status=400)
    data = form.cleaned_data
    try:
        act = services.add_member(
            data["code"],
            actor=actor,
            adopted_on=data["adopted_on"],
            body=data["body"],
            number=data["number"],
            document=data["document"],
        )
    except DomainError as err:
        if isinstance(err, Forbidden):
            raise PermissionDenied from err
        field = ADD_MEMBER_REFUSALS.get(err.code)
        if field == "code":
            return _add_member_page(request, form, code, status=err.status, code_error=err)
        form.add_error(field, ValidationError(err.message, code=err.code))
        return _add_member_page(request, form, code, status=err.status)
    messages.success(
        request,
        _("%(name)s is a member from %(day)s: its adhesion act is recorded.")
        % {"name": act.authority.name, "day": data["adopted_on"].isoformat()},
    )
    return redirect("members_office:member-acts", pk=act.authority_id)


def _chosen(code: str) -> queries.AuthorityWithPopulation | None:
    """The municipality the code names, with its population today; None when there is none."""
    if not (len(code) == 6 and code.isdigit()):
        return None
    return queries.municipalities_matching(code, timezone.localdate()).filter(istat_code=code).first()


def _no_such(code: str) -> DomainError:
    return DomainError(
        "no_such_municipality", _("No municipality of ISTAT's list has the code %(code)s.") % {"code": code}
    )


def _add_member_page(
    request: HttpRequest,
    form: forms.AddMemberForm,
    code: str,
    *,
    status: int = 200,
    code_error: DomainError | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    text = request.GET.get("q", "").strip()
    found = queries.municipalities_matching(text, today)
    chosen = _chosen(code) if code and code_error is None else None
    if chosen is None and code_error is None and (code or request.method == "POST"):
        code_error = _no_such(code)  # a form sent without a municipality it can name
    return render(
        request,
        "members/office/add_member.html",
        {
            "today": today,
            "q": text,
            "results": list(found[: queries.SEARCH_LIMIT]) if text else [],
            "total": found.count() if text else 0,
            "limit": queries.SEARCH_LIMIT,
            "chosen": chosen,
            "code_error": code_error,
            "form": form,
        },
        status=status,
    )
