"""Minutes and resolutions as PDF, the attendance register as CSV/XLSX, and who may read them."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cocopa.governance import minutes, services
from cocopa.governance import testing as gt
from cocopa.governance.models import Resolution

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def sitting(office):
    """A held Assembly of three members (two present, one absent) that adopted one resolution."""
    members = [gt.make_member(name) for name in ("Avigliana", "Bruino", "Collegno")]
    assembly = gt.make_assembly()
    meeting = gt.make_meeting(assembly, D(2025, 3, 3), items=("Bilancio consuntivo", "Varie"))
    services.record_attendance(
        meeting, {members[0].pk: ("present", None), members[1].pk: ("present", None)}, actor=office
    )
    motion = services.put_motion(
        meeting, "Approvazione del bilancio", actor=office, text="Si approva il bilancio."
    )
    services.record_roll_call(motion, {members[0].pk: "for", members[1].pk: "for"}, actor=office)
    services.count_motion(motion, actor=office, resolution_title="Bilancio consuntivo 2024 approvato")
    return meeting, members, assembly


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_minutes_hold_the_meeting_the_attendance_the_agenda_and_the_resolutions(sitting):
    meeting, _members, _body = sitting
    built = minutes.build(meeting)

    assert [a.authority.name for a in built.attendance] == ["Avigliana", "Bruino", "Collegno"]
    assert (built.quorum.present, built.quorum.entitled, built.quorum.reached) == (2, 3, True)
    assert [r.title for r in built.resolutions] == ["Bilancio consuntivo 2024 approvato"]
    html = minutes.minutes_html(meeting)
    assert "Bilancio consuntivo" in html
    assert "Sala consiliare" in html


def test_the_minutes_pdf_is_a_pdf_with_the_resolution_title(client, office, sitting):
    meeting, _members, _body = sitting
    client.force_login(office)

    response = client.get(reverse("office:minutes-pdf", args=[meeting.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Bilancio consuntivo 2024 approvato" in text
    assert "Avigliana" in text
    assert "Sala consiliare" in text


def test_a_resolution_pdf_carries_its_number_title_and_vote(client, office, sitting):
    client.force_login(office)
    resolution = Resolution.objects.get()

    response = client.get(reverse("office:resolution-pdf", args=[resolution.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Bilancio consuntivo 2024 approvato" in text
    assert f"{resolution.number}/{resolution.year}" in text


def test_the_attendance_register_downloads_as_csv_and_xlsx_with_italian_headers(client, office, sitting):
    meeting, _members, _body = sitting
    client.force_login(office)

    csv = client.get(reverse("office:attendance-table", args=[meeting.pk, "csv"]))
    xlsx = client.get(reverse("office:attendance-table", args=[meeting.pk, "xlsx"]))

    text = csv.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert csv.content.startswith("\ufeff".encode())
    assert lines[0] == "Aderente;Risposta alla convocazione;Presenza;Delega conferita a"
    assert len(lines) == 4
    assert lines[1].startswith("Avigliana;")
    assert "presente" in lines[1]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == lines[0].split(";")
    assert client.get(reverse("office:attendance-table", args=[meeting.pk, "pdf"])).status_code == 404


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("peace_office_user", True), ("administrative_office_user", True), ("representative_user", False)],
)
def test_who_may_read_the_minutes(client, sitting, request, who, allowed):
    meeting, _members, _body = sitting
    client.force_login(request.getfixturevalue(who))

    status = client.get(reverse("office:minutes-pdf", args=[meeting.pk])).status_code

    assert status == (200 if allowed else 403)


def test_a_member_of_the_body_reads_its_minutes_but_not_another_body_s(client, sitting):
    meeting, _members, assembly = sitting
    person = gt.make_person("Consigliere", login=True)
    gt.make_mandate(gt.make_position(assembly, "seat", 5), person, None, D(2024, 1, 1))
    other = gt.make_meeting(gt.make_board()[0], D(2025, 3, 3))
    client.force_login(person.user)

    assert client.get(reverse("office:minutes-pdf", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("office:attendance-table", args=[meeting.pk, "csv"])).status_code == 200
    assert client.get(reverse("office:minutes-pdf", args=[other.pk])).status_code == 403
