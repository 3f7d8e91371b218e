from django.urls import URLPattern, URLResolver, path

from cocopa.fees import views

app_name = "fees"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("assess/", views.assess, name="assess"),
    path("schedule/", views.schedule, name="schedule"),
    path("payments/", views.payments, name="payments"),
    path("payments/new/", views.record_payment, name="record-payment"),
    path("payments/import/", views.import_bank_file, name="import"),
    path("payments/import/confirm/", views.confirm_import, name="confirm-import"),
    path("payments/unmatched/", views.unmatched, name="unmatched"),
    path("payments/unmatched/<int:pk>/", views.match_bank_row, name="match-bank-row"),
    path("payments/<int:pk>/archive/", views.archive_payment, name="archive-payment"),
    path("payments/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("payments/<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("assessments/<int:pk>/waive/", views.waive, name="waive"),
    path("arrears/", views.arrears, name="arrears"),
    path("export/assessments.<str:fmt>", views.export_assessments, name="export-assessments"),
    path("export/payments.<str:fmt>", views.export_payments, name="export-payments"),
    path("mine/", views.mine, name="mine"),
    path("bases/", views.fee_bases, name="bases"),
    path("bases/<int:pk>/remove/", views.remove_fee_base, name="remove-base"),
    path("payments/<int:pk>/issue-receipt/", views.issue_receipt, name="issue-receipt"),
]
