"""The site's own URLs, plus one floor view per measured endpoint under /floor/."""

from django.urls import path

from bench import floors
from cocopa.urls import urlpatterns as site

urlpatterns = [
    path("floor/members/", floors.members_page),
    path("floor/api/members", floors.members_api),
    path("floor/api/statistics", floors.statistics_api),
    path("floor/cooperation/places.geojson", floors.places_geojson),
    path("floor/cooperation/", floors.cooperation_overview),
    *site,
]
