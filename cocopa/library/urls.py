"""The documents library at /documents/ (cocopa/urls.py), beside the uploaded files' own download
paths (/documents/agenda/…, /documents/acts/…, /documents/conventions/…): numbers and `versions/`
never meet those words."""

from django.urls import URLPattern, URLResolver, path

from cocopa.library import views

app_name = "library"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.document, name="document"),
    path("versions/<int:pk>/file/", views.version_file, name="version-file"),
]
