from django.urls import path

from cocopa.factsheet import views

app_name = "factsheet"

urlpatterns = [
    path("factsheet/", views.factsheet, name="page"),
    path("factsheet.pdf", views.factsheet_pdf, name="pdf"),
    path("factsheet/timeline-country/", views.choose_timeline_country, name="timeline-country"),
    # A member's yearly report beside its public page (public:member, members/<slug>/).
    path("members/<str:slug>/report/", views.member_report, name="member-report"),
    path("members/<str:slug>/report.pdf", views.member_report_pdf, name="member-report-pdf"),
    path("members/<str:slug>/report/fees-public/", views.member_report_fees, name="member-report-fees"),
]
