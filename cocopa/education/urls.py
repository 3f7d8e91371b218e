"""The public pages of peace education, under the bilingual site (/education/, /en/education/)."""

from django.urls import path, re_path

from cocopa.education import views

app_name = "education"

urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^activities\.(?P<fmt>csv|xlsx)$", views.activities_table, name="activities-table"),
    re_path(
        r"^members/(?P<slug>[-a-z0-9]+)/report\.(?P<fmt>csv|xlsx)$", views.member_report, name="member-report"
    ),
    path("programmes/<slug:slug>/", views.programme, name="programme"),
]
