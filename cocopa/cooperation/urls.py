"""The cooperation pages and open data files, under the bilingual site (/cooperation/, /en/cooperation/)."""

from django.urls import path

from cocopa.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("countries/<str:iso>/", views.country, name="country"),
    path("initiatives/", views.initiative_list, name="initiative-list"),
    path("initiatives/<slug:identifier>/", views.initiative, name="initiative"),
    path("map/", views.map_page, name="map"),
    path("initiatives.csv", views.initiatives_csv, name="initiatives-csv"),
    path("initiatives.xlsx", views.initiatives_xlsx, name="initiatives-xlsx"),
    path("places.geojson", views.places_geojson, name="places-geojson"),
]
