"""The files of adhesion acts and conventions, for the offices (members.view_act_document,
members.view_convention_document), at /documents/acts/<pk>/ and /documents/conventions/<pk>/
(cocopa/core/documents.py serves them through the storage)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cocopa.core.documents import serve_if_allowed
from cocopa.members.models import AdhesionAct, Convention


@require_GET
def act_document(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    act = get_object_or_404(AdhesionAct, pk=pk)
    return serve_if_allowed(request, "members.view_act_document", act, act.document)


@require_GET
def convention_document(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    convention = get_object_or_404(Convention, pk=pk)
    return serve_if_allowed(request, "members.view_convention_document", convention, convention.document)
