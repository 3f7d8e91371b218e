"""The peace office's pages on conventions and members' acts, under /office/conventions/."""

from django.urls import URLPattern, URLResolver, path

from cocopa.members import views_office as views

app_name = "members_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.conventions, name="conventions"),
    path("members/<int:pk>/acts/", views.member_acts, name="member-acts"),
    path("members/<int:pk>/acts/new/", views.record_act, name="record-act"),
]
