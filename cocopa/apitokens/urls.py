"""The owner's own API tokens (login required): what each is for, when it expires, when it was used."""

from django.urls import URLPattern, path

from cocopa.apitokens import views

app_name = "apitokens"

urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
]
