"""The peace office's pages of peace education, under /office/education/ (cocopa/urls.py)."""

from django.urls import path, re_path

from cocopa.education import views_office

app_name = "education_office"

urlpatterns = [
    path("", views_office.overview, name="overview"),
    path("programmes/new/", views_office.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views_office.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/delete/", views_office.programme_delete, name="programme-delete"),
    path("activities/new/", views_office.activity_create, name="activity-create"),
    path("activities/<int:pk>/", views_office.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/delete/", views_office.activity_delete, name="activity-delete"),
    path("topics/", views_office.topic_list, name="topics"),
    path("topics/new/", views_office.topic_create, name="topic-create"),
    path("topics/<int:pk>/", views_office.topic_edit, name="topic-edit"),
    path("topics/<int:pk>/move/", views_office.topic_move, name="topic-move"),
    path("topics/<int:pk>/retire/", views_office.topic_retire, name="topic-retire"),
    path("topics/<int:pk>/delete/", views_office.topic_delete, name="topic-delete"),
    path("import/", views_office.import_sheet, name="import"),
    path("import/confirm/", views_office.import_confirm, name="import-confirm"),
    re_path(r"^import/template\.(?P<fmt>csv|xlsx)$", views_office.template, name="template"),
]
