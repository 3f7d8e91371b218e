"""Invitations: the peace office's page (/office/people/) and the invitee's link (/accounts/invitation/…).

Thin views over services/invitations.py: the page invites, resends and revokes; the link shows
who is invited to what and lets the invitee choose a password, then sends staff to enrol the
second factor and representatives to their own page. A link that cannot be used says why.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocopa.core.errors import DomainError
from cocopa.core.guards import permission_required_or_403
from cocopa.governance import services
from cocopa.governance.forms import MemberChoiceField, styled
from cocopa.governance.models import Designation, Invitation, Person
from cocopa.governance.services import invitations
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority
from cocopa.network import queries as network_queries

PERM = "governance.invite_people"
BACKEND = "cocopa.core.backends.AuthenticationOnlyBackend"


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("e-mail"),
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    role = forms.ChoiceField(choices=Invitation.Role.choices, label=gettext_lazy("Role"))
    authority: "forms.ModelChoiceField[LocalAuthority]" = MemberChoiceField(
        queryset=LocalAuthority.objects.none(),
        required=False,
        label=gettext_lazy("Member (for a representative)"),
    )
    basis = forms.ChoiceField(
        choices=[("", "—"), *Designation.Basis.choices],
        required=False,
        label=gettext_lazy("Representative as (for a representative)"),
    )
    person = forms.ModelChoiceField(queryset=Person.objects.all(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = network_queries.today()
        self.fields["authority"].queryset = member_queries.members_in_good_standing(today)  # type: ignore[attr-defined]
        styled(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Invitation.Role.REPRESENTATIVE:
            if not data.get("authority"):
                self.add_error("authority", _("Choose the member the representative acts for."))
            if not data.get("basis"):
                self.add_error("basis", _("Say whether the representative is the mayor or a delegate."))
        return data


def _initial(request: HttpRequest) -> dict[str, Any]:
    """A form filled from the link that led here (the member page's "invite the new mayor")."""
    initial: dict[str, Any] = {"role": request.GET.get("role", Invitation.Role.PEACE_OFFICE)}
    person_id = request.GET.get("person", "")
    person = Person.objects.filter(pk=int(person_id)).first() if person_id.isdigit() else None
    if person is not None:
        initial.update(person=person.pk, name=person.name, email=person.email)
    if request.GET.get("authority", "").isdigit():
        initial.update(role=Invitation.Role.REPRESENTATIVE, authority=int(request.GET["authority"]))
    if request.GET.get("basis") in Designation.Basis.values:
        initial["basis"] = request.GET["basis"]
    return initial


@permission_required_or_403(PERM)
def people(request: HttpRequest) -> HttpResponse:
    """Invite someone to a role, and the invitations still pending, with resend and revoke."""
    form = InviteForm(request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = services.invite(
                data["email"],
                data["name"],
                data["role"],
                actor=request.user,
                authority=data.get("authority"),
                basis=data.get("basis") or "",
                person=data.get("person"),
            )
        except DomainError as err:
            messages.error(request, err.message, extra_tags=err.code)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s; the link works until %(until)s.")
                % {"email": issued.invitation.email, "until": _when(issued.invitation)},
            )
            return redirect("office:people")
    context = {
        "form": form,
        "pending": invitations.pending(),
        "staff": invitations.office_staff(),
        "hours": settings.COCOPA_INVITATION_HOURS,
    }
    return render(request, "governance/office/people.html", context)


def _when(invitation: Invitation) -> str:
    return formats.date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT")


@require_POST
@permission_required_or_403(PERM)
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        issued = services.resend_invitation(invitation, actor=request.user)
    except DomainError as err:
        messages.error(request, err.message, extra_tags=err.code)
    else:
        messages.success(
            request,
            _("A new link was sent to %(email)s; the previous one no longer works.")
            % {"email": issued.invitation.email},
        )
    return redirect("office:people")


@require_POST
@permission_required_or_403(PERM)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.revoke_invitation(invitation, actor=request.user)
    except DomainError as err:
        messages.error(request, err.message, extra_tags=err.code)
    else:
        messages.success(request, _("Invitation to %(email)s revoked.") % {"email": invitation.email})
    return redirect("office:people")


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's link: who is invited to what, and the password to choose."""
    try:
        found = invitations.opened(token)
    except DomainError as err:
        return render(
            request,
            "governance/invitation_refused.html",
            {"message": err.message, "code": err.code},
            status=410,
        )
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accepted = services.accept_invitation(token, form.cleaned_data["password1"], actor=request.user)
        except invitations.InvitationRefused as err:
            return render(
                request,
                "governance/invitation_refused.html",
                {"message": err.message, "code": err.code},
                status=410,
            )
        except DomainError as err:
            form.add_error("password1", err.message)
        else:
            # Whoever was logged in on this browser is not the invitee.
            logout(request)
            login(request, accepted.user, backend=BACKEND)
            messages.success(request, _("Welcome, %(name)s: your login is ready.") % {"name": found.name})
            return redirect(accepted.next_path)
    context = {
        "invitation": found,
        "role": invitations.role_label(found),
        "form": form,
        "username": found.email,
    }
    return render(request, "governance/invitation.html", context)
