"""/office/: the office's home first, adding a member, then the peace office's governance pages
(their own urls_office), whose former dashboard of meetings and elections moves to /office/meetings/."""

from django.urls import URLPattern, URLResolver, path

from cocopa.governance import urls_office as governance_office
from cocopa.governance import views_office as governance_views
from cocopa.members import views_office as members_views
from cocopa.office import views

app_name = "office"

urlpatterns: list[URLPattern | URLResolver] = [
    # Named "dashboard" too, so every "Peace office" breadcrumb of the governance pages leads home.
    path("", views.home, name="home"),
    path("meetings/", governance_views.dashboard, name="meetings"),
    # Before governance's members/<slug>/, which would take "new" for a member's slug.
    path("members/new/", members_views.add_member, name="add-member"),
    *[p for p in governance_office.urlpatterns if getattr(p, "name", None) != "dashboard"],
    path("", views.home, name="dashboard"),
]
