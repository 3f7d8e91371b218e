"""The peace office's news pages, under /office/news/ (cocopa/urls.py)."""

from django.urls import path

from cocopa.news import views_office

app_name = "news_office"

urlpatterns = [
    path("", views_office.post_list, name="list"),
    path("new/", views_office.create, name="create"),
    path("<int:pk>/", views_office.edit, name="edit"),
    path("<int:pk>/preview/", views_office.preview, name="preview"),
    path("<int:pk>/publish/", views_office.publish, name="publish"),
    path("<int:pk>/unpublish/", views_office.unpublish, name="unpublish"),
    path("<int:pk>/delete/", views_office.delete, name="delete"),
]
