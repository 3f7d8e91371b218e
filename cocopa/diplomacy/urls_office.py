"""The peace office's city diplomacy pages, under /office/diplomacy/ (cocopa/urls.py)."""

from django.urls import path

from cocopa.diplomacy import views_office

app_name = "diplomacy_office"

urlpatterns = [
    path("", views_office.home, name="home"),
    path("agreements/new/", views_office.agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/", views_office.agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/delete/", views_office.agreement_delete, name="agreement-delete"),
    path("missions/new/", views_office.mission_create, name="mission-create"),
    path("missions/<int:pk>/", views_office.mission_edit, name="mission-edit"),
    path("missions/<int:pk>/delete/", views_office.mission_delete, name="mission-delete"),
    path("authorities/", views_office.authority_list, name="authorities"),
    path("authorities/new/", views_office.authority_create, name="authority-create"),
    path("authorities/<int:pk>/", views_office.authority_edit, name="authority-edit"),
    path("authorities/<int:pk>/delete/", views_office.authority_delete, name="authority-delete"),
]
