"""The outbox page under /office/outbox/ (cocopa/core/views_outbox.py)."""

from django.urls import URLPattern, path

from cocopa.core import views_outbox

app_name = "outbox"

urlpatterns: list[URLPattern] = [
    path("", views_outbox.outbox_page, name="page"),
    path("<int:pk>/send-again/", views_outbox.send_again, name="send-again"),
]
