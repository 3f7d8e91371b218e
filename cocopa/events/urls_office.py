"""The peace office's events pages, under /office/events/ (cocopa/urls.py)."""

from django.urls import path

from cocopa.events import views_office

app_name = "events_office"

urlpatterns = [
    path("", views_office.event_list, name="list"),
    path("new/", views_office.create, name="create"),
    path("kinds/", views_office.kinds, name="kinds"),
    path("kinds/standard/", views_office.standard_kinds, name="standard-kinds"),
    path("kinds/<int:pk>/", views_office.edit_kind, name="edit-kind"),
    path("<int:pk>/", views_office.edit, name="edit"),
    path("<int:pk>/delete/", views_office.delete, name="delete"),
]
