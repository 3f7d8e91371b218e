"""The public campaigns, under the bilingual site (/campaigns/, /en/campaigns/)."""

from django.urls import path

from cocopa.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("campaigns.geojson", views.adoptions_geojson, name="geojson"),
    path("campaigns.<str:fmt>", views.adoptions_file, name="file"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/members.geojson", views.members_geojson, name="members-geojson"),
]
