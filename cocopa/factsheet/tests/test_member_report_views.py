"""A member's yearly report as its readers reach it: who sees the fee, the offices' decision to
publish it, the year asked for, the PDF in both languages, its cache and the links to it."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from cocopa.core import dataversion
from cocopa.core.errors import Forbidden
from cocopa.core.models import AuditEvent
from cocopa.factsheet import services
from cocopa.factsheet.testing import MemberYear, make_member_year
from cocopa.governance import testing as gt
from cocopa.network.models import NetworkProfile

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.fixture
def built() -> MemberYear:
    NetworkProfile.objects.create(name="Coordinamento di prova", acronym="CdP")
    return make_member_year(YEAR)


def page(client: Client, built: MemberYear, query: str = f"?year={YEAR}", lang: str = "") -> str:
    response = client.get(f"{lang}/members/{built.member.slug}/report/{query}")
    assert response.status_code == 200
    return response.content.decode()


def fee_shown(html: str) -> bool:
    found = re.search(r'data-fee-shown="(true|false)"', html)
    assert found
    shown = found.group(1) == "true"
    assert ('data-figure="assessed" data-value="600.00"' in html) is shown
    return shown


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_fee_is_hidden_from_the_public_and_from_another_members_representative(client, built):
    assert not fee_shown(page(client, built))
    other = gt.make_representative(built.other).user
    client.force_login(other)
    assert not fee_shown(page(client, built))
    # …and their own member's fee is theirs to read.
    response = client.get(f"/members/{built.other.slug}/report/?year={YEAR}")
    assert 'data-figure="assessed" data-value="240.00"' in response.content.decode()


def test_the_fee_is_shown_to_the_members_own_representative_and_to_both_offices(
    client, built, peace_office_user, administrative_office_user
):
    own = gt.make_representative(built.member).user
    for user in (own, peace_office_user, administrative_office_user):
        client.force_login(user)
        html = page(client, built)
        assert fee_shown(html)
        assert 'data-figure="paid" data-value="450.00"' in html
        assert f'data-paid-on="{YEAR}-03-10"' in html
        assert f'data-paid-on="{YEAR}-09-01"' in html
    assert not own.is_superuser
    assert not own.is_staff


def test_the_offices_publish_the_fee_and_then_everyone_sees_it(client, built, administrative_office_user):
    own = gt.make_representative(built.member).user
    with pytest.raises(Forbidden):
        services.set_member_report_fees(True, actor=own)
    client.force_login(own)
    refused = client.post(f"/members/{built.member.slug}/report/fees-public/", {"public": "1"})
    assert refused.status_code == 403
    assert 'data-office="fees-public"' not in page(client, built)

    client.force_login(administrative_office_user)
    assert 'data-office="fees-public"' in page(client, built)
    response = client.post(f"/members/{built.member.slug}/report/fees-public/?year={YEAR}", {"public": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/members/{built.member.slug}/report/?year={YEAR}"
    assert NetworkProfile.objects.get().member_report_shows_fees
    audit = AuditEvent.objects.filter(verb="factsheet.member_report_fees").get()
    assert audit.data == {"from": False, "to": True}

    anonymous = Client()
    assert fee_shown(page(anonymous, built))
    services.set_member_report_fees(False, actor=administrative_office_user)
    assert not fee_shown(page(anonymous, built))


def test_the_page_says_which_year_it_shows_and_offers_the_years_with_data(client, built):
    html = page(client, built, "", "/en")
    default = timezone.localdate().year - 1
    assert f'data-year="{default}"' in html
    assert "the last complete year" in html
    assert f'<option value="{YEAR}">' in html
    assert f'<option value="{YEAR - 3}">' in html
    html = page(client, built, lang="/en")
    assert f"The year {YEAR}, from 1 January to 31 December" in html
    assert f'<option value="{YEAR}" selected>' in html


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "is not a year (four digits"),
        ("1800", "There is no report for 1800"),
        ("3000", "the years go from"),
    ],
)
def test_a_bad_year_gives_a_message_and_the_default_year_never_an_error(client, built, year, message):
    html = page(client, built, f"?year={year}", "/en")
    assert message in html
    assert f'data-year="{timezone.localdate().year - 1}"' in html
    pdf = client.get(f"/en/members/{built.member.slug}/report.pdf?year={year}")
    assert pdf.status_code == 400
    assert message in pdf.content.decode()


def test_an_unknown_member_is_a_404_with_a_message(client, built):
    for path in (
        "/en/members/999999/report/",
        "/en/members/999999/report.pdf",
        "/en/members/nonsense/report/",
    ):
        response = client.get(path)
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("", "What membership gave Comune del resoconto in 2024"),
     ("/en", "What membership gave Comune del resoconto in 2024")],
)  # fmt: skip
def test_the_pdf_is_a_pdf_with_the_member_and_the_year_in_the_urls_language(client, built, lang, heading):
    own = gt.make_representative(built.member).user
    client.force_login(own)
    response = client.get(f"{lang}/members/{built.member.slug}/report.pdf?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    language = "en" if lang else "it"
    assert f"member-report-{built.member.slug}-{YEAR}-{language}.pdf" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]  # it holds the fee
    text = pdf_text(response.content)
    assert heading.split(" in ")[0].split()[-1] in text  # the member's name
    assert "Comune del resoconto" in text
    assert str(YEAR) in text
    assert built.names["mission"] in text or "Missione a Ouahigouya" in text
    if lang:
        assert "Water in Ouahigouya" in text
        assert "Peace march in town" in text
        assert "€12,000.00" in text
        assert "450.00" in text
    else:
        assert "Acqua a Ouahigouya" in text
        assert "Marcia della pace in città" in text
        assert "12.000,00" in text
        assert "450,00" in text


def test_the_public_pdf_has_no_fee_and_is_cached_with_an_etag(client, built):
    path = f"/en/members/{built.member.slug}/report.pdf?year={YEAR}"
    first = client.get(path)
    assert "450.00" not in pdf_text(first.content)
    assert "private" not in first.get("Cache-Control", "")
    with CaptureQueriesContext(connection) as captured:
        again = client.get(path)
    assert again.content == first.content
    # Only the member (a 404 otherwise) and the offices' decision on the fee are read again.
    tables = {t for q in captured for t in re.findall(r'FROM\s+"(\w+)"', q["sql"])}
    assert tables <= {"core_dataversion", "members_localauthority", "network_networkprofile"}
    assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304
    # A payment recorded changes what the fee's readers get, and the data version.
    from cocopa.fees.testing import make_payment

    make_payment(built.member, "150.00", paid_on=dt.date(YEAR, 12, 1))
    assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304  # no fee in it
    own = gt.make_representative(built.member).user
    client.force_login(own)
    assert "Still due €0.00" in pdf_text(client.get(path).content)


# Tables read for the page, not for the data: sessions and users, and the version itself.
NOT_DATA = {"core_dataversion", "django_session", "auth_user", "django_content_type", "auth_group",
            "auth_user_groups", "governance_designation", "governance_person"}  # fmt: skip


def watched_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%%bump_data_version'"
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%bump_data_version%'"
            )
        return {row[0] for row in cursor.fetchall()}


def test_every_table_the_report_reads_is_watched_by_the_data_version(built):
    from cocopa.factsheet import pdf

    dataversion.clear()
    with CaptureQueriesContext(connection) as captured:
        for language in ("it", "en"):
            pdf.member_report_html(language=language, member=built.member, year=YEAR, show_fee=True)
    read = {name for q in captured for name in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', q["sql"])} - NOT_DATA
    assert {"fees_assessment", "governance_rollcall", "diplomacy_mission", "events_event"} <= read
    unwatched = sorted(read - watched_tables())
    assert not unwatched, ", ".join(unwatched)


def test_the_page_takes_a_bounded_number_of_queries(client, built):
    from cocopa.factsheet.tests.test_member_report_queries import add_more_of_everything

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, built)
        return len(captured)

    before = count()
    add_more_of_everything(built)
    assert count() == before
    assert before <= 45


def test_the_report_is_linked_from_the_member_page_the_representatives_area_and_the_office(
    client, built, peace_office_user
):
    link = f'href="/members/{built.member.slug}/report/"'
    assert link in client.get(f"/members/{built.member.slug}/").content.decode()
    client.force_login(gt.make_representative(built.member).user)
    assert link in client.get("/me/").content.decode()
    client.force_login(peace_office_user)
    assert link in client.get(f"/office/members/{built.member.slug}/").content.decode()
