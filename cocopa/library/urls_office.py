"""The peace office's pages on the documents library, under /office/documents/ (cocopa/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from cocopa.library import views_office as views

app_name = "library_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.documents, name="documents"),
    path("new/", views.add_document, name="add-document"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/versions/", views.add_version, name="add-version"),
    path("<int:pk>/visibility/", views.set_visibility, name="set-visibility"),
]
