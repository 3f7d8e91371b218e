"""The peace office's cooperation pages, under /office/iati/ (cocopa/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from cocopa.cooperation import views_office as views

app_name = "cooperation_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.iati_findings, name="iati"),
    path("import/", views.iati_import, name="import"),
    path("import/confirm/", views.iati_import_confirm, name="import-confirm"),
    path("import/template.<str:fmt>", views.iati_template, name="template"),
]
