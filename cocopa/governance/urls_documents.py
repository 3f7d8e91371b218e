"""Agenda documents' files, at /documents/agenda/<pk>/ (cocopa/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from cocopa.governance import views_documents as views

app_name = "governance_documents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("agenda/<int:pk>/", views.agenda_document, name="agenda"),
]
