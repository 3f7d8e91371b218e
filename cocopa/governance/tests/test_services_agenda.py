"""services.add_item, edit_item, move_item, remove_item, attach_document and the agenda page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def meeting():
    return gt.make_meeting(gt.make_assembly(), dt.date(2099, 3, 20), items=("Bilancio", "Varie"))


def titles(meeting):
    return list(meeting.items.order_by("number").values_list("number", "title"))


def test_an_item_is_added_at_the_end_with_its_proposed_motion(office, meeting):
    item = services.add_item(
        meeting,
        actor=office,
        title=" Quote 2026 ",
        description="Relazione",
        motion_text="Si approvano le quote.",
    )

    assert (item.number, item.title, item.motion_text) == (3, "Quote 2026", "Si approvano le quote.")
    assert AuditEvent.objects.filter(verb="governance.agenda_item_added").count() == 1


def test_items_move_up_and_down_and_keep_numbers_one_to_n(office, meeting):
    services.add_item(meeting, actor=office, title="Quote")
    varie = meeting.items.get(title="Varie")

    services.move_item(varie, "down", actor=office)
    assert titles(meeting) == [(1, "Bilancio"), (2, "Quote"), (3, "Varie")]
    services.move_item(meeting.items.get(title="Quote"), "up", actor=office)
    assert titles(meeting) == [(1, "Quote"), (2, "Bilancio"), (3, "Varie")]
    event = AuditEvent.objects.filter(verb="governance.agenda_item_moved").order_by("seq").last()
    assert event is not None
    assert event.data == {"from": 2, "to": 1}


@pytest.mark.parametrize(
    ("title", "direction"), [("Bilancio", "up"), ("Varie", "down"), ("Varie", "sideways")]
)
def test_an_item_does_not_move_past_either_end(office, meeting, title, direction):
    with pytest.raises(DomainError) as err:
        services.move_item(meeting.items.get(title=title), direction, actor=office)

    assert err.value.code in ("cannot_move", "invalid_direction")
    assert titles(meeting) == [(1, "Bilancio"), (2, "Varie")]


def test_removing_an_item_closes_the_gap_but_the_last_one_stays(office, meeting):
    services.add_item(meeting, actor=office, title="Quote")

    services.remove_item(meeting.items.get(title="Bilancio"), actor=office)
    assert titles(meeting) == [(1, "Varie"), (2, "Quote")]
    services.remove_item(meeting.items.get(title="Quote"), actor=office)
    with pytest.raises(DomainError) as err:
        services.remove_item(meeting.items.get(), actor=office)
    assert err.value.code == "agenda_empty"
    assert titles(meeting) == [(1, "Varie")]


def test_an_edit_keeps_the_old_text_in_the_audit_trail_and_a_blank_title_is_refused(office, meeting):
    item = meeting.items.get(number=1)
    services.edit_item(item, actor=office, title="Bilancio 2025", description="", motion_text="Si approva.")
    assert AuditEvent.objects.get(verb="governance.agenda_item_edited").data["before"]["title"] == "Bilancio"

    with pytest.raises(DomainError) as err:
        services.edit_item(item, actor=office, title="  ", description="", motion_text="")
    assert err.value.code == "title_missing"
    item.refresh_from_db()
    assert item.title == "Bilancio 2025"


def test_the_agenda_of_a_held_meeting_no_longer_changes(office, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    with pytest.raises(Conflict) as err:
        services.add_item(meeting, actor=office, title="Tardi")
    assert err.value.code == "agenda_closed"
    with pytest.raises(Conflict):
        services.move_item(meeting.items.get(number=1), "down", actor=office)


def test_only_the_office_changes_an_agenda(meeting, representative_user):
    with pytest.raises(Forbidden):
        services.add_item(meeting, actor=representative_user, title="x")


def test_a_document_is_attached_to_an_item(office, meeting):
    item = meeting.items.get(number=2)
    document = services.attach_document(
        item, "", SimpleUploadedFile("Relazione.pdf", PDF, content_type="application/pdf"), actor=office
    )

    assert document.title == "Relazione.pdf"
    assert document.href == reverse("governance_documents:agenda", args=[document.pk])
    assert AuditEvent.objects.get(verb="governance.document_attached").data["item"] == 2


def test_a_document_is_removed_with_its_file_after_commit(
    office, meeting, django_capture_on_commit_callbacks
):
    item = meeting.items.get(number=1)
    document = services.attach_document(item, "Bozza", SimpleUploadedFile("bozza.pdf", PDF), actor=office)
    name, storage = document.file.name, document.file.storage
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document(document, actor=office)

    assert not item.documents.exists()
    assert not storage.exists(name)
    event = AuditEvent.objects.get(verb="governance.document_removed")
    assert (event.data["title"], event.data["file"]) == ("Bozza", name)


def test_a_held_meetings_document_stays(office, meeting, django_capture_on_commit_callbacks):
    document = services.attach_document(
        meeting.items.get(number=1), "Verbale", SimpleUploadedFile("v.pdf", PDF), actor=office
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict):
        services.remove_document(document, actor=office)

    assert document.file.storage.exists(document.file.name)
    assert meeting.items.get(number=1).documents.count() == 1


# --- The page -----------------------------------------------------------------------------------


def test_the_office_removes_a_document_from_the_page_and_others_cannot(
    client, office, meeting, representative_user
):
    document = services.attach_document(
        meeting.items.get(number=1), "Bozza", SimpleUploadedFile("bozza.pdf", PDF), actor=office
    )
    url = reverse("office:agenda-document-remove", args=[document.pk])
    client.force_login(representative_user)
    assert client.post(url).status_code == 403

    client.force_login(office)
    page = client.get(reverse("office:agenda", args=[meeting.pk])).content.decode()
    assert f'data-remove-document="{document.pk}"' in page
    response = client.post(url)

    assert response.status_code == 302
    assert not meeting.items.get(number=1).documents.exists()


def test_the_office_adds_reorders_and_attaches_from_the_agenda_page(client, office, meeting):
    client.force_login(office)
    url = reverse("office:agenda", args=[meeting.pk])
    assert client.get(url).status_code == 200

    added = client.post(
        reverse("office:agenda-add", args=[meeting.pk]),
        {"add-title": "Quote", "add-description": "", "add-motion_text": "Si approvano."},
    )
    assert added.status_code == 302
    quote = meeting.items.get(title="Quote")
    client.post(reverse("office:agenda-move", args=[quote.pk]), {"direction": "up"})
    attached = client.post(
        reverse("office:agenda-attach", args=[quote.pk]),
        {f"doc-{quote.pk}-title": "Tabella", f"doc-{quote.pk}-document": SimpleUploadedFile("t.pdf", PDF)},
    )

    assert attached.status_code == 302
    assert titles(meeting) == [(1, "Bilancio"), (2, "Quote"), (3, "Varie")]
    page = client.get(url).content.decode()
    assert "Tabella" in page
    assert "Si approvano." in page


def test_a_refused_file_and_a_blank_title_are_named_beside_their_field(client, office, meeting):
    client.force_login(office)
    item = meeting.items.get(number=1)

    bad_file = client.post(
        reverse("office:agenda-attach", args=[item.pk]),
        {f"doc-{item.pk}-document": SimpleUploadedFile("odg.exe", b"MZ\x90")},
    )
    blank = client.post(reverse("office:agenda-edit", args=[item.pk]), {f"item-{item.pk}-title": ""})
    moved_too_far = client.post(reverse("office:agenda-move", args=[item.pk]), {"direction": "up"})

    assert bad_file.status_code == 400
    assert 'data-field-error="document"' in bad_file.content.decode()
    assert blank.status_code == 400
    assert 'data-field-error="title"' in blank.content.decode()
    assert moved_too_far.status_code == 400
    assert 'data-error-code="cannot_move"' in moved_too_far.content.decode()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2


def test_someone_outside_the_office_cannot_open_the_agenda_page(client, meeting):
    client.force_login(gt.make_user())
    assert client.get(reverse("office:agenda", args=[meeting.pk])).status_code == 403
    item = meeting.items.get(number=1)
    assert client.post(reverse("office:agenda-remove", args=[item.pk])).status_code == 403
