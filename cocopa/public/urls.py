from django.urls import path

from cocopa.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/<str:slug>/", views.member, name="member"),
]
