from django.urls import path

from cocopa.factsheet import views

app_name = "factsheet"

urlpatterns = [
    path("factsheet/", views.factsheet, name="page"),
    path("factsheet.pdf", views.factsheet_pdf, name="pdf"),
    path("factsheet/timeline-country/", views.choose_timeline_country, name="timeline-country"),
]
