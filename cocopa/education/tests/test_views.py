"""The public pages (Italian and English), the downloads, and the office's pages as a
non-superuser peace-office clerk uses them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from cocopa.core import tables
from cocopa.education import sheets
from cocopa.education.models import Activity, Programme
from cocopa.education.testing import make_activity
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db


def _rivoli():
    return LocalAuthority.objects.get(istat_code="001219")


@pytest.mark.parametrize(
    ("prefix", "heading", "method"),
    [("", "Educazione alla pace", "nonviolenza"), ("/en", "Peace education", "nonviolence")],
)
def test_the_demo_page_shows_the_programmes_and_says_there_are_no_figures(
    client, demo_network, prefix, heading, method
):
    response = client.get(f"{prefix}/education/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="education-no-figures"' in html
    assert 'id="education-totals"' not in html  # no zeros shown as figures
    assert heading in html
    assert method in html
    assert "Crescere in Pace" in html
    assert "cocopa.it" in html  # the brochure's source (S35) at the foot


def test_recorded_activities_show_as_figures_chart_and_tables(client, demo_network):
    programme = Programme.objects.get(slug="crescere-in-pace")
    make_activity(programme, _rivoli(), school_year=2024, pupils=22, classes=1)
    make_activity(programme, _rivoli(), school_year=2025, pupils=44, classes=2)
    html = client.get("/en/education/").content.decode()
    assert 'id="education-no-figures"' not in html
    assert 'data-total="pupils">66<' in html
    assert 'data-school-year="2024/25"' in html
    assert 'data-school-year="2025/26"' in html
    assert 'style="width: 100%"' in html
    assert 'style="width: 50%"' in html
    assert reverse("education:member-report", args=["001219", "xlsx"]) in html


def test_a_programme_page_in_both_languages(client, demo_network):
    it = client.get("/education/programmes/crescere-in-pace/").content.decode()
    en = client.get("/en/education/programmes/crescere-in-pace/").content.decode()
    assert "2005–2007" in it
    assert "Consorzio ONG Piemontesi" in it
    assert "ongpiemonte.it" in it
    assert "Growing up in peace" in en
    assert client.get("/education/programmes/nessuno/").status_code == 404


def test_the_members_report_carries_its_activities_and_totals_per_school_year(client, demo_network):
    programme = Programme.objects.get(slug="crescere-in-pace")
    make_activity(programme, _rivoli(), school_year=2024, pupils=22)
    make_activity(programme, _rivoli(), school_year=2024, pupils=8, school_name="IC Due")
    response = client.get(reverse("education:member-report", args=["001219", "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    totals = list(book.worksheets[1].iter_rows(values_only=True))
    assert totals[1][0] == "2024/25"
    assert totals[1][3] == 30
    assert len(list(book.worksheets[0].iter_rows())) == 3
    csv = client.get(
        reverse("education:member-report", args=["001219", "csv"]) + "?table=totals"
    ).content.decode("utf-8-sig")
    assert "2024/25;2;2;30;" in csv
    assert client.get(reverse("education:member-report", args=["999999", "csv"])).status_code == 404
    all_rows = client.get(reverse("education:activities-table", args=["csv"])).content.decode("utf-8-sig")
    assert all_rows.count("\n") == 3


# --- the office -----------------------------------------------------------------------------------


def test_the_office_pages_open_for_a_peace_office_clerk_and_not_for_others(
    client, demo_network, peace_office_user, plain_user
):
    programme = Programme.objects.get(slug="crescere-in-pace")
    activity = make_activity(programme, _rivoli())
    urls = [
        reverse("education_office:overview"),
        reverse("education_office:programme-create"),
        reverse("education_office:programme-edit", args=[programme.pk]),
        reverse("education_office:activity-create"),
        reverse("education_office:activity-edit", args=[activity.pk]),
        reverse("education_office:activity-delete", args=[activity.pk]),
        reverse("education_office:import"),
        reverse("education_office:template", args=["xlsx"]),
    ]
    client.force_login(plain_user)
    assert {client.get(u).status_code for u in urls} == {403}
    client.force_login(peace_office_user)
    assert {client.get(u).status_code for u in urls} == {200}
    assert b'id="area-education"' in client.get(reverse("office:home")).content


def test_the_clerk_records_an_activity_through_the_form(client, demo_network, peace_office_user):
    client.force_login(peace_office_user)
    programme = Programme.objects.get(slug="crescere-in-pace")
    data = {
        "programme": programme.pk,
        "member": _rivoli().pk,
        "school_name": "IC Rivoli III",
        "school_code": "TOIC8150",
        "school_year": "2024/25",
        "level": "primaria",
        "classes": 1,
        "pupils": 22,
        "teachers": 2,
        "hours": "6",
    }
    refused = client.post(reverse("education_office:activity-create"), data)
    assert refused.status_code == 400
    assert b'data-field-error="school_code"' in refused.content
    assert not Activity.objects.exists()
    data["school_code"] = "TOIC81500X"
    assert client.post(reverse("education_office:activity-create"), data).status_code == 302
    activity = Activity.objects.get()
    assert (activity.school_year, activity.school_code) == (2024, "TOIC81500X")
    assert client.post(reverse("education_office:activity-delete", args=[activity.pk])).status_code == 302
    assert not Activity.objects.exists()


def test_the_clerk_writes_a_programme_and_cannot_delete_one_with_activities(
    client, demo_network, peace_office_user
):
    client.force_login(peace_office_user)
    response = client.post(
        reverse("education_office:programme-create"),
        {"title_it": "Pace a scuola", "from_year": 2024, "to_year": 2025, "partners": "ONG A\nONG B"},
    )
    assert response.status_code == 302
    created = Programme.objects.get(slug="pace-a-scuola")
    assert created.partner_list == ["ONG A", "ONG B"]
    programme = Programme.objects.get(slug="crescere-in-pace")
    make_activity(programme, _rivoli())
    client.post(reverse("education_office:programme-delete", args=[programme.pk]))
    assert Programme.objects.filter(pk=programme.pk).exists()


def _upload(rows):
    content = tables.xlsx_workbook_bytes([(sheets.SHEET, sheets.HEADERS, rows)])
    return SimpleUploadedFile("attivita.xlsx", content, content_type=tables.XLSX_TYPE)


ROW = ["crescere-in-pace", "2024/25", "001219", "IC Rivoli III", "", "primaria", 2, 40, 3, 8, "justice", ""]


def test_upload_preview_then_confirm_writes_the_rows(client, demo_network, peace_office_user):
    client.force_login(peace_office_user)
    preview = client.post(reverse("education_office:import"), {"file": _upload([ROW, ROW])})
    assert preview.status_code == 200
    assert b'id="import-confirm"' in preview.content
    assert not Activity.objects.exists()
    sha = preview.context["confirm"].initial["sha256"]
    done = client.post(reverse("education_office:import-confirm"), {"sha256": sha})
    assert done.status_code == 302
    assert Activity.objects.count() == 2
    # The session's copy is spent: confirming again writes nothing.
    client.post(reverse("education_office:import-confirm"), {"sha256": sha})
    assert Activity.objects.count() == 2


def test_an_upload_with_errors_shows_them_located_and_offers_no_confirmation(
    client, demo_network, peace_office_user
):
    client.force_login(peace_office_user)
    bad = list(ROW)
    bad[1] = "2024/26"
    response = client.post(reverse("education_office:import"), {"file": _upload([ROW, bad])})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-row="3" data-column="school_year"' in html
    assert "B (anno_scolastico)" in html
    assert 'id="import-confirm"' not in html
    assert not Activity.objects.exists()


@override_settings(COCOPA_MAX_IMPORT_MB=0.001)
def test_a_too_large_upload_is_refused_with_a_clear_message(client, demo_network, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post(reverse("education_office:import"), {"file": _upload([ROW] * 5)})
    assert response.status_code == 400
    assert b"COCOPA_MAX_IMPORT_MB" in response.content
    assert not Activity.objects.exists()


def test_a_school_year_is_checked_against_the_membership(client, demo_network):
    # Rivoli (demo) joined in 1995 (S44) and is a member in 2024/25; in 1990/91 it was not.
    from cocopa.education.services import was_member

    assert was_member(_rivoli(), 2024)
    assert not was_member(_rivoli(), 1990)


def test_the_members_page_shows_its_schools_reach_only_when_there_is_some(client, demo_network):
    assert 'id="education-member"' not in client.get("/members/001219/").content.decode()
    make_activity(Programme.objects.get(slug="crescere-in-pace"), _rivoli(), school_year=2024, pupils=22)
    html = client.get("/en/members/001219/").content.decode()
    assert 'id="education-member"' in html
    assert 'data-school-year="2024/25"' in html
    assert reverse("education:member-report", args=["001219", "xlsx"]) in html
