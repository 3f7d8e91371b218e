"""A member representative's own pages under /me/ (login required)."""

from django.urls import URLPattern, URLResolver, path

from cocopa.governance import views_self as views

app_name = "self_service"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path(
        "meetings/<int:pk>/members/<int:authority>/attendance/",
        views.announce_attendance,
        name="announce-attendance",
    ),
    path("elections/<int:pk>/members/<int:authority>/ballot/", views.cast_ballot, name="cast-ballot"),
]
