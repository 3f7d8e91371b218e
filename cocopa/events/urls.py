"""The public events pages and files, under the bilingual site (/events/, /en/events/)."""

from django.urls import path

from cocopa.events import views

app_name = "events"

urlpatterns = [
    path("", views.upcoming, name="upcoming"),
    path("calendar/", views.this_month, name="calendar"),
    path("calendar/<int:year>/<int:month>/", views.month, name="month"),
    path("past/", views.past, name="past"),
    path("calendar.ics", views.calendar_ics, name="calendar-ics"),
    path("members/<str:slug>/calendar.ics", views.member_calendar_ics, name="member-calendar-ics"),
    path("events.csv", views.events_csv, name="csv"),
    path("events.xlsx", views.events_xlsx, name="xlsx"),
    path("events.geojson", views.events_geojson, name="geojson"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("registration/<str:token>/", views.registration, name="registration"),
    path("<int:pk>/place.geojson", views.event_geojson, name="detail-geojson"),
]
