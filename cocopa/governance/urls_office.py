"""The peace office's pages under /office/ (staff only)."""

from django.urls import URLPattern, URLResolver, path

from cocopa.governance import (
    views_agenda,
    views_ballot_box,
    views_bodies,
    views_invitations,
    views_minutes,
    views_people,
)
from cocopa.governance import views_office as views

app_name = "office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("meetings/new/", views.convene, name="convene"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/cancel/", views.cancel_meeting, name="cancel-meeting"),
    path("meetings/<int:pk>/edit/", views.edit_meeting, name="edit-meeting"),
    path("meetings/<int:pk>/postpone/", views.postpone_meeting, name="postpone-meeting"),
    path("meetings/<int:pk>/attendance/", views.record_attendance, name="record-attendance"),
    path("meetings/<int:pk>/motions/new/", views.put_motion, name="put-motion"),
    path("meetings/<int:pk>/minutes.pdf", views_minutes.minutes_pdf, name="minutes-pdf"),
    path("meetings/<int:pk>/attendance.<str:fmt>", views_minutes.attendance_table, name="attendance-table"),
    path("resolutions/<int:pk>.pdf", views_minutes.resolution_pdf, name="resolution-pdf"),
    path("meetings/<int:pk>/agenda/", views_agenda.agenda, name="agenda"),
    path("meetings/<int:pk>/agenda/add/", views_agenda.add_item, name="agenda-add"),
    path("agenda-items/<int:pk>/edit/", views_agenda.edit_item, name="agenda-edit"),
    path("agenda-items/<int:pk>/move/", views_agenda.move_item, name="agenda-move"),
    path("agenda-items/<int:pk>/remove/", views_agenda.remove_item, name="agenda-remove"),
    path("agenda-items/<int:pk>/documents/", views_agenda.attach_document, name="agenda-attach"),
    path("agenda-documents/<int:pk>/remove/", views_agenda.remove_document, name="agenda-document-remove"),
    path("agenda-items/<int:pk>/minutes/", views.record_minutes, name="record-minutes"),
    path("motions/<int:pk>/", views.motion_detail, name="motion-detail"),
    path("motions/<int:pk>/count/", views.count_motion, name="count-motion"),
    path("motions/<int:pk>/paper-count/", views.record_paper_count, name="record-paper-count"),
    path("elections/new/", views.create_election, name="create-election"),
    path("elections/<int:pk>/", views.election_detail, name="election-detail"),
    path("elections/<int:pk>/candidates/", views.nominate, name="nominate"),
    path("elections/<int:pk>/open/", views.open_election, name="open-election"),
    path("elections/<int:pk>/ballots/", views.record_in_person, name="record-in-person"),
    path("elections/<int:pk>/in-person/", views_ballot_box.in_person_sheet, name="in-person-sheet"),
    path("elections/<int:pk>/close/", views.close_election, name="close-election"),
    path("elections/<int:pk>/box/", views_ballot_box.ballot_box, name="ballot-box"),
    path("elections/<int:pk>/count/", views.count_election, name="count-election"),
    path("bodies/", views_bodies.bodies, name="bodies"),
    path("bodies/<slug:key>/", views_bodies.body_detail, name="body-detail"),
    path("bodies/<slug:key>/appoint/", views_bodies.appoint, name="appoint"),
    path("mandates/<int:pk>/end/", views_bodies.end_mandate, name="end-mandate"),
    path("people/", views_invitations.people, name="people"),
    path("people/invitations/<int:pk>/resend/", views_invitations.resend, name="invitation-resend"),
    path("people/invitations/<int:pk>/revoke/", views_invitations.revoke, name="invitation-revoke"),
    path("members/", views_people.members, name="people-members"),
    path("members/<str:slug>/", views_people.member, name="people-member"),
]
