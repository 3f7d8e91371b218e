"""The public documents library: /documents/ (filters and search), /documents/<pk>/ (a document and
its versions), /documents/versions/<pk>/file/ (a version's file, or the address of its copy).

A restricted document is answered as the existing document views answer a file one may not read
(cocopa.core.documents.serve_if_allowed): the login page for a visitor, 403 for a login without
the right (`library.view_document`)."""

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cocopa.core import pagination
from cocopa.core.documents import serve
from cocopa.library import queries
from cocopa.library.forms import FilterForm
from cocopa.library.models import Version

PAGE_SIZE = 20
FILTERS = ("q", "kind", "body", "year", "language")


def _refused(request: HttpRequest, perm: str) -> HttpResponse:
    """What serve_if_allowed answers when the rule says no."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(perm)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = FilterForm(
        request.GET,
        bodies=list(queries.bodies_with_documents(user)),
        years=queries.years_with_documents(user),
    )
    form.is_valid()  # a refused value is named beside its field; the other filters still apply
    filters = queries.Filters(
        kind=form.value("kind"),
        body=form.value("body"),
        year=form.value("year"),
        language=form.value("language"),
        q=form.value("q"),
    )
    kept = {name: request.GET.get(name, "") for name in FILTERS if name not in form.errors}
    kept = {name: value for name, value in kept.items() if value}

    def query(n: int) -> str:
        return "?" + urlencode({**kept, "page": n})

    pages = pagination.pager(
        queries.documents(user, filters), request.GET.get("page"), size=PAGE_SIZE, query=query
    )
    return render(
        request,
        "library/index.html",
        {
            "section": "documents",
            "form": form,
            "filtered": bool(kept),
            "page": pages.page,
            "pager": pages,
        },
        status=400 if form.errors else 200,
    )


@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.document_with_versions(pk)
    if found is None:
        raise Http404("no such document")
    if not request.user.has_perm("library.view_document", found):
        return _refused(request, "library.view_document")
    versions = list(found.versions.all())
    return render(
        request,
        "library/document.html",
        {
            "section": "documents",
            "document": found,
            "current": versions[0] if versions else None,
            "older": versions[1:],
        },
    )


@require_GET
def version_file(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    version = get_object_or_404(Version.objects.select_related("document__body"), pk=pk)
    if not request.user.has_perm("library.view_document", version.document):
        return _refused(request, "library.view_document")
    if version.file:
        return serve(version.file)
    # A copy published elsewhere: the reader is sent there (the address was checked when added).
    return HttpResponseRedirect(version.url)
