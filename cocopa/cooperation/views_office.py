"""The peace office's IATI page, /office/iati/ (cocopa/urls.py): what the export's checks find in
each activity, what is left out of the export and why, each finding linked to the form field that
fixes it (iati_review). Read-only: the fixes are made in the back office."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cocopa.cooperation import iati_review
from cocopa.core.guards import permission_required_or_403


class SeverityFilter(forms.Form):
    severity = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Errors and warnings")),
            ("error", _("Errors only")),
            ("warning", _("Warnings only")),
        ],
    )


@permission_required_or_403("cooperation.review_iati")
@require_GET
def iati_findings(request: HttpRequest) -> HttpResponse:
    form = SeverityFilter(request.GET or None)
    severity = ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            severity = form.cleaned_data["severity"]
        else:
            status = 400  # named beside the filter; every finding is shown
    found = iati_review.review(today=timezone.localdate())
    unidentified, partners = iati_review.partners_without_identifier()
    return render(
        request,
        "cooperation/office/iati.html",
        {
            "form": form,
            "review": found,
            "severity": severity,
            "shown": found.with_findings(severity),
            "counts": found.counts,
            "unidentified": unidentified,
            "partners": partners,
        },
        status=status,
    )
