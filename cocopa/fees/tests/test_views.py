import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cocopa.fees import receipts, services, views
from cocopa.fees import testing as ft
from cocopa.fees.models import Assessment, Payment
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(client):
    user = ft.make_finance_user()
    client.force_login(user)
    return user


@pytest.fixture
def two_members():
    """Two members, each with a representative, a 2026 fee and a payment."""
    result = []
    for name, population in (("Rivoli", 47_123), ("Bruino", 8_500)):
        member = gt.make_member(name, population)
        person = gt.make_representative(member)
        fee = ft.make_assessment(member, 2026, Decimal(population) * Decimal("0.06"))
        payment = ft.make_payment(member, "100", assessment=fee, reference=fee.code)
        result.append((member, person.user, fee, payment))
    return result


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("fees:overview", "fees:mine", "fees:arrears"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_people_outside_the_administrative_office_get_403(client, two_members):
    _member, rep, _fee, _payment = two_members[0]
    for user in (rep, gt.make_office_user()):
        client.force_login(user)
        assert client.get(reverse("fees:overview")).status_code == 403
        assert client.post(reverse("fees:assess"), {"year": 2026}).status_code == 403


def test_the_office_sees_every_members_fee_with_totals(client, finance, two_members):
    response = client.get(reverse("fees:overview"), {"year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    for _member, _rep, fee, _payment in two_members:
        assert f'data-assessment="{fee.code}"' in html
    assert 'id="totals" data-balance="3137.38"' in html


def test_assessing_from_the_page_reports_the_outcome_by_code(client, finance):
    gt.make_member(population=10_000)
    ft.make_schedule(2026)
    response = client.post(reverse("fees:assess"), {"year": 2026}, follow=True)
    assert 'data-error-code="assessed"' in response.content.decode()
    response = client.post(reverse("fees:assess"), {"year": 2026}, follow=True)
    assert 'data-error-code="unchanged"' in response.content.decode()
    response = client.post(reverse("fees:assess"), {"year": 2031}, follow=True)
    assert 'data-error-code="no_fee_schedule"' in response.content.decode()
    assert Assessment.objects.count() == 1


def test_recording_a_payment_and_a_waiver_from_the_forms(client, finance, two_members):
    member, _rep, fee, _payment = two_members[1]
    response = client.post(
        reverse("fees:record-payment"),
        {
            "authority": member.pk,
            "paid_on": "2026-05-02",
            "amount": "200.00",
            "method": "cash",
            "assessment": fee.pk,
        },
    )
    assert response.status_code == 302
    assert Payment.objects.filter(authority=member, amount=Decimal("200"), method="cash").exists()
    response = client.post(reverse("fees:waive", args=[fee.pk]), {"amount": "10", "reason": "rounding"})
    assert response.status_code == 302
    response = client.post(reverse("fees:waive", args=[fee.pk]), {"amount": "9999", "reason": "x"})
    assert response.status_code == 400
    assert 'data-error-code="waiver_exceeds_balance"' in response.content.decode()


def test_the_payment_form_offers_todays_date_in_the_form_a_date_field_takes(client, finance):
    # An <input type="date"> only takes YYYY-MM-DD: the Italian page sent 06/12/2026, which the
    # browser showed as an empty date.
    page = client.get(reverse("fees:record-payment")).content.decode()
    assert f'type="date" name="paid_on" value="{timezone.localdate().isoformat()}"' in page


def test_the_overview_costs_the_same_queries_for_2_or_12_members(client, finance):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("fees:overview"), {"year": 2026}).status_code == 200
        return len(ctx)

    for _ in range(2):
        ft.make_assessment(gt.make_member(), 2026, "10")
    count()  # the first request of a staff session stores when it was seen (once a minute)
    few = count()
    for _ in range(10):
        fee = ft.make_assessment(gt.make_member(), 2026, "10")
        ft.make_payment(fee.authority, "5", assessment=fee)
    assert count() == few


def test_the_csv_export_parses_back_with_one_row_per_assessment(client, finance, two_members):
    response = client.get(reverse("fees:export-assessments", args=["csv"]), {"year": 2026})
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, `;`-separated
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert sorted(r["Codice"] for r in rows) == sorted(f.code for _m, _r, f, _p in two_members)
    rivoli = next(r for r in rows if r["Aderente"] == "Rivoli")
    # Italian headers, numbers as programs read them (no grouping, a decimal point)
    assert (rivoli["Importo"], rivoli["Versato"], rivoli["Saldo"]) == ("2827.38", "100.00", "2727.38")


def test_the_xlsx_export_of_payments_parses_back(client, finance, two_members):
    response = client.get(reverse("fees:export-payments", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert header[:5] == ("ID", "Data", "Aderente", "codice ISTAT", "Importo")
    assert sorted(r[0] for r in rows) == sorted(p.pk for _m, _r, _f, p in two_members)
    assert {(r[1].date(), r[4]) for r in rows} == {(dt.date(2026, 3, 1), 100)}  # a date and a number


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_payment_reference_written_as_a_formula_is_exported_inert(client, finance, fmt):
    reference = '=HYPERLINK("http://x","y")'
    ft.make_payment(gt.make_member(), "5", reference=reference)

    response = client.get(reverse("fees:export-payments", args=[fmt]))

    if fmt == "csv":
        [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        assert (row["Riferimento"], row["Importo"]) == ("'" + reference, "5.00")
    else:
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        header = [c.value for c in sheet[1]]
        cell, amount = sheet[2][header.index("Riferimento")], sheet[2][header.index("Importo")]
        assert (cell.data_type, cell.value) == ("s", reference)  # text, not a formula
        assert (amount.data_type, amount.value) == ("n", 5)


def test_the_exports_have_english_headers_at_en(client, finance, two_members):
    response = client.get("/en" + reverse("fees:export-assessments", args=["csv"]), {"year": 2026})

    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:4] == ["Code", "Year", "Member", "ISTAT code"]


def test_an_unknown_export_format_is_404(client, finance):
    assert client.get(reverse("fees:export-payments", args=["pdf"])).status_code == 404


def test_a_receipt_is_a_pdf(client, finance, two_members):
    _member, _rep, _fee, payment = two_members[0]
    services.issue_receipt(payment, actor=finance)
    response = client.get(reverse("fees:receipt", args=[payment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 1000


def test_a_receipt_names_member_amount_and_assessment(two_members):
    member, _rep, fee, payment = two_members[0]
    html = receipts.receipt_html(services.issue_receipt(payment, actor=None))
    assert 'data-amount="100.00"' in html
    assert f'data-assessment="{fee.code}"' in html
    assert f'data-member="{member.pk}"' in html


def test_a_representative_sees_only_their_own_members_fees(client, two_members):
    (rivoli, rep, fee, payment), (_bruino, _other, other_fee, other_payment) = two_members
    for issued in (payment, other_payment):
        services.issue_receipt(issued, actor=None)
    client.force_login(rep)

    html = client.get(reverse("fees:mine")).content.decode()

    assert f'data-assessment="{fee.code}"' in html
    assert f'data-payment="{payment.pk}"' in html
    assert other_fee.code not in html
    assert f'data-payment="{other_payment.pk}"' not in html
    assert client.get(reverse("fees:receipt", args=[payment.pk])).status_code == 200
    assert client.get(reverse("fees:receipt", args=[other_payment.pk])).status_code == 404


def test_a_former_representative_loses_access(client, two_members):
    rivoli, rep, _fee, payment = two_members[0]
    services.issue_receipt(payment, actor=None)
    rep.person.designations.update(end_on=dt.date(2021, 1, 1))
    client.force_login(rep)
    assert client.get(reverse("fees:receipt", args=[payment.pk])).status_code == 404
    assert 'id="not-a-representative"' in client.get(reverse("fees:mine")).content.decode()


def test_the_payments_page_shows_every_payment_a_hundred_at_a_time(client, finance, monkeypatch):
    monkeypatch.setattr(views, "PAYMENTS_PER_PAGE", 2)
    member = gt.make_member()
    made = [ft.make_payment(member, "1", paid_on=dt.date(2026, 1, day)) for day in (1, 2, 3)]

    last = client.get(reverse("fees:payments"), {"page": 2})
    past = client.get(reverse("fees:payments"), {"page": "x"})

    assert [p.pk for p in last.context["payments"]] == [made[0].pk]  # newest first: the oldest is last
    assert 'href="?page=1"' in last.text
    assert 'aria-current="page">2</a>' in last.text
    assert past.context["payments"].number == 1
