"""Office pages on who represents each member: designations, and a new mayor after local elections.

The mayor-change page first shows what the change affects (the outgoing mayor's designation and
seats held for the member), then applies it in one step through services.change_mayor.
"""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocopa.core import names
from cocopa.core.errors import DomainError
from cocopa.core.guards import permission_required_or_403
from cocopa.core.widgets import DateInput
from cocopa.governance import queries, services
from cocopa.governance.models import Designation, Office, Person, in_force
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority
from cocopa.network import queries as network_queries


class PersonChoiceForm(forms.Form):
    """An existing person, or the name of a new one."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.all(), required=False, label=gettext_lazy("Person on record")
    )
    new_name = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("or a new person: name"),
        validators=[names.validate_name],
    )
    new_email = forms.EmailField(required=False, label=gettext_lazy("e-mail"))
    start_on = forms.DateField(label=gettext_lazy("From"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("new_name") or "").strip():
            raise forms.ValidationError(_("Choose a person on record or give a new person's name."))
        return data

    def chosen_person(self, user: Any) -> Person:
        person: Person | None = self.cleaned_data.get("person")
        if person is not None:
            return person
        return services.add_person(
            self.cleaned_data["new_name"], actor=user, email=self.cleaned_data.get("new_email", "")
        )


class DesignationForm(PersonChoiceForm):
    basis = forms.ChoiceField(choices=Designation.Basis.choices, label=gettext_lazy("Basis"))
    act = forms.CharField(required=False, max_length=200, label=gettext_lazy("Act"))


class MayorForm(PersonChoiceForm):
    carry_over_seats = forms.BooleanField(
        required=False,
        label=gettext_lazy("The new mayor takes over the outgoing mayor's seats for the rest of their term"),
    )


@permission_required_or_403("governance.manage_governance")
def members(request: HttpRequest) -> HttpResponse:
    """Every member in good standing today with its mayor and its Assembly representative."""
    today = network_queries.today()
    standing = list(member_queries.members_in_good_standing(today))
    designations = {
        d.authority_id: d for d in Designation.objects.filter(in_force(today)).select_related("person")
    }
    mayors = {
        o.authority_id: o
        for o in Office.objects.filter(in_force(today), kind=Office.Kind.MAYOR).select_related("person")
    }
    rows = [(a, mayors.get(a.pk), designations.get(a.pk)) for a in standing]
    return render(
        request,
        "governance/office/people_members.html",
        {"rows": rows, "today": today, "missing": sum(1 for _a, _m, d in rows if d is None)},
    )


def _authority(slug: str) -> LocalAuthority:
    found = [a for a in member_queries.by_slug(slug) if a.slug == slug]
    if not found:
        raise Http404
    return found[0]


@permission_required_or_403("governance.manage_governance")
def member(request: HttpRequest, slug: str) -> HttpResponse:
    """A member's offices and designations, with the forms to designate and to record a new mayor."""
    authority = _authority(slug)
    today = network_queries.today()
    designation_form = DesignationForm(prefix="designation", initial={"start_on": today})
    mayor_form = MayorForm(prefix="mayor", initial={"start_on": today})
    impact = None
    new_mayor: Person | None = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "designate":
            designation_form = DesignationForm(request.POST, prefix="designation")
            if designation_form.is_valid():
                try:
                    # A new person and their designation are written together or not at all.
                    with transaction.atomic():
                        services.designate(
                            authority,
                            designation_form.chosen_person(request.user),
                            designation_form.cleaned_data["start_on"],
                            actor=request.user,
                            basis=designation_form.cleaned_data["basis"],
                            act=designation_form.cleaned_data["act"],
                        )
                except DomainError as err:
                    messages.error(request, err.message)
                else:
                    messages.success(request, _("Representative designated."))
                    return redirect("office:people-member", slug=slug)
        elif action in ("mayor-preview", "mayor-apply"):
            mayor_form = MayorForm(request.POST, prefix="mayor")
            if mayor_form.is_valid():
                start_on: dt.date = mayor_form.cleaned_data["start_on"]
                impact = queries.mayor_change_impact(authority, start_on)
                new_mayor = mayor_form.cleaned_data.get("person")
                if action == "mayor-apply":
                    try:
                        with transaction.atomic():
                            change = services.change_mayor(
                                authority,
                                mayor_form.chosen_person(request.user),
                                start_on,
                                actor=request.user,
                                carry_over_seats=mayor_form.cleaned_data["carry_over_seats"],
                            )
                    except DomainError as err:
                        messages.error(request, err.message)
                    else:
                        messages.success(
                            request,
                            _(
                                "New mayor recorded: %(designations)s designations moved, %(ended)s seats ended, "
                                "%(carried)s taken over."
                            )
                            % {
                                "designations": change.designations_replaced,
                                "ended": change.mandates_ended,
                                "carried": change.mandates_carried_over,
                            },
                        )
                        return redirect("office:people-member", slug=slug)
    context = {
        "authority": authority,
        "today": today,
        "offices": Office.objects.filter(authority=authority).select_related("person", "source"),
        "designations": Designation.objects.filter(authority=authority).select_related("person"),
        "mayor": queries.mayor_on(authority, today),
        "designation_form": designation_form,
        "mayor_form": mayor_form,
        "impact": impact,
        "new_mayor": new_mayor,
        "may_invite": request.user.has_perm("governance.invite_people"),
        # Today's and later designations whose person has no login yet: the office may invite them.
        "without_login": Designation.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gte=today), authority=authority, person__user__isnull=True
        ).select_related("person"),
    }
    return render(request, "governance/office/people_member.html", context)
