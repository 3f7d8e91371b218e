"""An agenda document's file, for whoever may read it (governance.view_agenda_document), at
/documents/agenda/<pk>/ (cocopa/core/documents.py serves it through the storage)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cocopa.core.documents import serve_if_allowed
from cocopa.governance.models import AgendaDocument


@require_GET
def agenda_document(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    document = get_object_or_404(AgendaDocument.objects.select_related("item__meeting"), pk=pk)
    return serve_if_allowed(request, "governance.view_agenda_document", document, document.file)
