"""Acts' and conventions' files, at /documents/acts/<pk>/ and /documents/conventions/<pk>/."""

from django.urls import URLPattern, URLResolver, path

from cocopa.members import views_documents as views

app_name = "members_documents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("acts/<int:pk>/", views.act_document, name="act"),
    path("conventions/<int:pk>/", views.convention_document, name="convention"),
]
