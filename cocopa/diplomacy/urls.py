"""The public city diplomacy pages, under the bilingual site (/diplomacy/, /en/diplomacy/)."""

from django.urls import path

from cocopa.diplomacy import views

app_name = "diplomacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("network.geojson", views.network_geojson, name="geojson"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/download.<str:fmt>", views.agreements_download, name="agreements-download"),
    path("agreements/<int:pk>/", views.agreement, name="agreement"),
    path("missions/", views.mission_list, name="mission-list"),
    path("missions/download.<str:fmt>", views.missions_download, name="missions-download"),
    path("missions/<int:pk>/", views.mission, name="mission"),
]
