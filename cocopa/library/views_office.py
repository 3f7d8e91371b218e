"""The peace office's pages on the documents library (/office/documents/): the list, adding a
document with its first version, adding a version, changing visibility, each through services.py."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.core.errors import DomainError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.library import forms, services
from cocopa.library.models import Document

PERM = "library.manage_documents"


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None  # the guard: always a User


def _show_refusal(request: HttpRequest, form: Form, err: DomainError) -> int:
    """A refusal about a field shows beside it; any other as a message."""
    field = getattr(err, "field", None)
    if field in form.fields:
        form.add_error(field, ValidationError(err.message, code=err.code))
        return err.status
    return refused(request, err)


@permission_required_or_403(PERM)
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    rows = (
        Document.objects.select_related("body", "member")
        .annotate(version_count=Count("versions"), latest=Max("versions__number"))
        .order_by("-pk")
    )
    return render(request, "library/office/documents.html", {"documents": rows})


@permission_required_or_403(PERM)
@require_http_methods(["GET", "POST"])
def add_document(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "library/office/add_document.html", {"form": forms.DocumentForm()})
    form = forms.DocumentForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = services.add_document(
                actor=_actor(request),
                title_it=data["title_it"],
                title_en=data["title_en"],
                description_it=data["description_it"],
                description_en=data["description_en"],
                kind=data["kind"],
                language=data["language"],
                date=data["date"],
                date_precision=data["date_precision"],
                visibility=data["visibility"],
                body=data["body"],
                member=data["member"],
                meeting=data["meeting"],
                resolution=data["resolution"],
                source=data["source"],
                file=data["file"],
                url=data["url"],
                version_date=data["version_date"],
                note=data["note"],
            )
        except DomainError as err:
            status = _show_refusal(request, form, err)
        else:
            messages.success(request, _("The document is added with its first version."))
            return redirect("library_office:document", pk=document.pk)
    return render(request, "library/office/add_document.html", {"form": form}, status=status)


def _document_page(
    request: HttpRequest,
    document: Document,
    *,
    version_form: forms.VersionFields | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "library/office/document.html",
        {
            "document": document,
            "versions": document.versions.order_by("-number"),
            "version_form": version_form or forms.VersionFields(),
            "visibility_form": forms.VisibilityForm(initial={"visibility": document.visibility}),
        },
        status=status,
    )


@permission_required_or_403(PERM)
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    return _document_page(
        request, get_object_or_404(Document.objects.select_related("body", "member"), pk=pk)
    )


@permission_required_or_403(PERM)
@require_POST
def add_version(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Document, pk=pk)
    form = forms.VersionFields(request.POST, request.FILES)
    if not form.is_valid():
        return _document_page(request, found, version_form=form, status=400)
    data = form.cleaned_data
    try:
        version = services.add_version(
            found,
            actor=_actor(request),
            file=data["file"],
            url=data["url"],
            date=data["version_date"],
            note=data["note"],
        )
    except DomainError as err:
        status = _show_refusal(request, form, err)
        return _document_page(request, found, version_form=form, status=status)
    messages.success(
        request, _("Version %(number)s is added: it is now the current one.") % {"number": version.number}
    )
    return redirect("library_office:document", pk=found.pk)


@permission_required_or_403(PERM)
@require_POST
def set_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Document, pk=pk)
    form = forms.VisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Visibility: choose public or restricted."))
        return _document_page(request, found, status=400)
    services.set_visibility(found, form.cleaned_data["visibility"], actor=_actor(request))
    messages.success(request, _("The visibility is changed."))
    return redirect("library_office:document", pk=found.pk)
