"""Public pages on how the network works, at /governance/ (Italian) and /en/governance/."""

from django.urls import URLPattern, URLResolver, path

from cocopa.governance import views

app_name = "governance"

# Fixed paths come before <key>/, so no body key can hide them.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.how_we_work, name="how-we-work"),
    path("resolutions/", views.resolutions, name="resolutions"),
    path("resolutions/<slug:body>/<int:year>/<int:number>/", views.resolution, name="resolution"),
    path("meetings/", views.meetings, name="meetings"),
    path("calendar.ics", views.calendar_ics, name="calendar"),
    path("<slug:key>/", views.body_history, name="body"),
]
