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
    path("<int:pk>/registrations/", views_office.registrations, name="registrations"),
    path("<int:pk>/registrations.<str:fmt>", views_office.registrations_table, name="registrations-table"),
    path("<int:pk>/registrations/attendance/", views_office.attendance, name="attendance"),
    path(
        "<int:pk>/registrations/<int:reg>/cancel/",
        views_office.cancel_registration,
        name="registration-cancel",
    ),
    path(
        "<int:pk>/registrations/<int:reg>/promote/",
        views_office.promote_registration,
        name="registration-promote",
    ),
]
