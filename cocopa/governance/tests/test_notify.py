"""The convocation mail: to those convened, after commit, with the agenda, the document links and an .ics."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from post_office.models import Email

from cocopa.core import testing as ct
from cocopa.governance import services
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db


def test_convening_mails_each_representative_the_agenda_documents_and_a_calendar_file(
    mailoutbox, django_capture_on_commit_callbacks
):
    body = gt.make_assembly(notice_days=0)
    (_a, rep_a), (_b, rep_b) = gt.make_members_with_representatives(2)
    rep_a.email, rep_b.email = "sindaco@a.example", "delegato@b.example"
    rep_a.save()
    rep_b.save()

    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.convene(
            body,
            timezone.now() + dt.timedelta(days=10),
            actor=ct.make_office_user(),
            convened_on=timezone.localdate(),
            place="Sala consiliare",
            items=[("Bilancio", "Relazione del tesoriere"), ("Varie ed eventuali", "")],
            documents=[(1, "Relazione", ContentFile(b"%PDF-1.4\n", name="relazione.pdf"))],
        )

    document = meeting.items.get(number=1).documents.get()
    assert sorted(m.to[0] for m in mailoutbox) == ["delegato@b.example", "sindaco@a.example"]
    message = mailoutbox[0]
    assert "1. Bilancio" in message.body
    assert "2. Varie ed eventuali" in message.body
    assert f"/documents/agenda/{document.pk}/" in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("convocazione.ics", "text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text
    assert "Bilancio" in text
    assert Email.objects.count() == 2  # each a row of the outbox
