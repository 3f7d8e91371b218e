"""The public site's pages; other engineers' benchmarks use these paths and names as they are."""

from django.urls import path

from cocopa.cooperation import views as cooperation_views
from cocopa.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("members/<str:slug>/", views.member, name="member"),
    path("data/", views.data, name="data"),
    path("fields/", views.fields, name="fields"),
    path("contacts/", views.contacts, name="contacts"),
    path("join/", views.join, name="join"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("legal/", views.legal, name="legal"),
    path("open-data/", views.open_data, name="open-data"),
    # Initiative.get_absolute_url names this; the page is the cooperation app's.
    path("cooperation/initiatives/<slug:identifier>/", cooperation_views.initiative, name="initiative"),
]
