"""The peace office's campaign pages, under /office/campaigns/ (cocopa/urls.py)."""

from django.urls import path

from cocopa.campaigns import views_office

app_name = "campaigns_office"

urlpatterns = [
    path("", views_office.campaign_list, name="list"),
    path("new/", views_office.create, name="create"),
    path("<int:pk>/", views_office.edit, name="edit"),
    path("<int:pk>/delete/", views_office.delete, name="delete"),
    path("<int:pk>/adoptions/", views_office.record_adoption, name="record-adoption"),
    path("adoptions/<int:pk>/", views_office.edit_adoption, name="edit-adoption"),
    path("adoptions/<int:pk>/remove/", views_office.remove_adoption, name="remove-adoption"),
]
