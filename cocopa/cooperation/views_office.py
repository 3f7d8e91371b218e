"""The peace office's IATI pages, under /office/iati/ (cocopa/urls.py).

- /office/iati/: what the export's checks find in each activity, what is left out of the export
  and why, each finding linked to the form field that fixes it (iati_review). Read-only: the
  fixes are made in the back office.
- /office/iati/import/: bulk entry from the spreadsheet template (iati_sheets): upload, preview
  (nothing written), confirm the very file previewed (its SHA-256, the upload kept in the session).
"""

import base64
import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.cooperation import iati_review, iati_sheets
from cocopa.core import limits
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403

UPLOAD_KEY = "cooperation.iati_sheet"  # the session's copy of the upload being previewed


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
            "per_file": settings.IATI_ACTIVITIES_PER_FILE,
        },
        status=status,
    )


# --- Bulk entry from the spreadsheet template ---------------------------------------------------


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled template (XLSX, or CSV of the Activities sheet)"),
        help_text=_("Nothing is written until you confirm the preview."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > limits.max_import_bytes():
            raise ValidationError(
                _(
                    "%(name)s is %(size)s MB, more than the %(limit)s MB an import accepts (setting %(setting)s)."
                )
                % {
                    "name": upload.name,
                    "size": limits.megabytes(upload.size),
                    "limit": limits.megabytes(limits.max_import_bytes()),
                    "setting": "COCOPA_MAX_IMPORT_MB",
                }
            )
        return upload


class SheetConfirmForm(forms.Form):
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    plan = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)  # iati_sheets.fingerprint
    # The preview found only warnings that keep activities out of the export: import them marked.
    marked = forms.BooleanField(required=False, widget=forms.HiddenInput)


@permission_required_or_403("cooperation.import_iati")
@require_GET
def iati_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        content, kind = (
            iati_sheets.template_xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        content, kind = iati_sheets.template_csv(), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="cocopa-iati-template.{fmt}"'
    return response


def _import_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.setdefault("form", SheetUploadForm())
    preview = context.get("preview")
    if preview is not None and preview.ok:
        context["confirm"] = SheetConfirmForm(
            initial={"sha256": preview.sha256, "plan": preview.fingerprint, "marked": preview.marked}
        )
    return render(request, "cooperation/office/iati_import.html", context, status=status)


@permission_required_or_403("cooperation.import_iati")
@require_http_methods(["GET", "POST"])
def iati_import(request: HttpRequest) -> HttpResponse:
    """Upload the filled template: it is kept in the session and previewed, nothing written."""
    if request.method != "POST":
        return _import_page(request, {})
    form = SheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    content = upload.read()
    name = str(upload.name)[:200]
    request.session[UPLOAD_KEY] = {
        "name": name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "content": base64.b64encode(content).decode("ascii"),
    }
    preview = iati_sheets.preview(content, name, actor=request.user)
    return _import_page(request, {"preview": preview}, status=200 if preview.ok else 400)


@permission_required_or_403("cooperation.import_iati")
@require_POST
def iati_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the upload the preview showed: the session's copy, if its SHA-256 is the page's."""
    form = SheetConfirmForm(request.POST)
    staged = request.session.get(UPLOAD_KEY)
    if not form.is_valid() or not staged or staged["sha256"] != form.cleaned_data["sha256"]:
        messages.error(
            request,
            gettext("The file changed since its preview (another file was uploaded): upload it again."),
            extra_tags="import_file_changed",
        )
        return redirect("cooperation_office:import")
    content = base64.b64decode(staged["content"])
    try:
        report = iati_sheets.import_upload(
            content,
            staged["name"],
            expected_sha256=staged["sha256"],
            expected_plan=form.cleaned_data["plan"],
            allow_warnings=form.cleaned_data["marked"],
            actor=request.user,
        )
    except iati_sheets.SheetRejected as err:
        preview = iati_sheets.Preview(name=staged["name"], sha256=staged["sha256"], problems=err.problems)
        return _import_page(request, {"preview": preview}, status=409)
    except iati_sheets.PlanChanged as err:
        refused(request, err)
        preview = iati_sheets.preview(content, staged["name"], actor=request.user)
        return _import_page(request, {"preview": preview}, status=409)
    del request.session[UPLOAD_KEY]
    text = gettext(
        "Activities imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
    ) % {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }
    if report.marked:
        text += " " + gettext(
            "%(marked)s kept out of the export until their findings, listed below, are fixed."
        ) % {"marked": report.marked}
    messages.success(request, text, extra_tags="iati_sheet_imported")
    return redirect("cooperation_office:iati")
