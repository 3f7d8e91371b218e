from django.urls import path

from cocopa.search import views

app_name = "search"

urlpatterns = [path("", views.search, name="search")]
