"""The staff fees API: who gets in (token or session), filters, pagination and the JSON shape."""

import datetime as dt
from decimal import Decimal

import pytest

from cocopa.apitokens import services as tokens
from cocopa.fees.models import Allocation, Assessment, FeeSchedule, Payment, Waiver
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db

ASSESSMENTS = "/api/v1/fees/assessments"
PAYMENTS = "/api/v1/fees/payments"


def make_assessment(authority, year, amount="100.00"):
    schedule = FeeSchedule.objects.get_or_create(
        year=year, defaults={"kind": FeeSchedule.Kind.PER_MEMBER, "amount": Decimal("100.00")}
    )[0]
    return Assessment.objects.create(
        authority=authority,
        year=year,
        schedule=schedule,
        code=f"Q{year}-{authority.pk}",
        amount=Decimal(amount),
        full_year_amount=Decimal(amount),
        population=10_000,
    )


def make_payment(authority, paid_on, amount="40.00", assessment=None, **fields):
    payment = Payment.objects.create(
        authority=authority, paid_on=paid_on, amount=Decimal(amount), assessment=assessment, **fields
    )
    if assessment is not None:  # what it pays is its allocation (ledger.py)
        Allocation.objects.create(payment=payment, assessment=assessment, amount=payment.amount, how="code")
    return payment


@pytest.fixture
def fees():
    (a, rep_a), (b, _rep_b) = gt.make_members_with_representatives(2)
    a24, a25, b25 = make_assessment(a, 2024), make_assessment(a, 2025), make_assessment(b, 2025)
    make_payment(a, dt.date(2025, 3, 1), "40.00", a25, reference="CRO1")
    make_payment(a, dt.date(2024, 5, 1), "100.00", a24)
    make_payment(b, dt.date(2025, 4, 1), "10.00", b25)
    make_payment(a, dt.date(2025, 6, 1), "5.00", archived_on=dt.date(2025, 6, 2), archive_reason="twice")
    Waiver.objects.create(assessment=a25, amount=Decimal("10.00"), reason="flood", on=dt.date(2025, 2, 1))
    office = gt.make_office_user()
    return {"a": a, "b": b, "rep_a": rep_a.user, "office": office}


def bearer(user, name="accounting"):
    _token, secret = tokens.create_token(user, name, actor=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.parametrize("path", [ASSESSMENTS, PAYMENTS])
def test_without_credentials_the_answer_is_401(client, fees, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("path", [ASSESSMENTS, PAYMENTS])
def test_a_wrong_or_revoked_token_is_401(client, fees, path):
    token, secret = tokens.create_token(fees["office"], "accounting", actor=None)
    tokens.revoke_token(token, actor=None)

    assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert client.get(path, HTTP_AUTHORIZATION="Bearer cocopa_guess").status_code == 401
    assert client.get(path, HTTP_AUTHORIZATION="Token " + secret).status_code == 401


def test_an_office_token_reads_every_assessment_with_its_totals(client, fees):
    response = client.get(ASSESSMENTS, **bearer(fees["office"]))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    first = body["items"][0]
    assert first["year"] == 2025
    assert {item["member"] for item in body["items"]} == {fees["a"].slug, fees["b"].slug}
    a25 = next(i for i in body["items"] if i["member"] == fees["a"].slug and i["year"] == 2025)
    assert a25 == a25 | {
        "code": f"Q2025-{fees['a'].pk}",
        "member_name": fees["a"].name,
        "amount": "100.00",
        "paid": "40.00",
        "waived": "10.00",
        "balance": "50.00",
        "population": 10_000,
    }


def test_assessments_filter_by_year_and_member(client, fees):
    auth = bearer(fees["office"])

    by_year = client.get(ASSESSMENTS, {"year": 2024}, **auth).json()
    by_member = client.get(ASSESSMENTS, {"member": fees["b"].slug}, **auth).json()

    assert [(i["member"], i["year"]) for i in by_year["items"]] == [(fees["a"].slug, 2024)]
    assert [(i["member"], i["year"]) for i in by_member["items"]] == [(fees["b"].slug, 2025)]


def test_payments_filter_by_dates_member_and_leave_archived_out(client, fees):
    auth = bearer(fees["office"])

    def amounts(**params):
        response = client.get(PAYMENTS, params, **auth)
        assert response.status_code == 200
        return [i["amount"] for i in response.json()["items"]]

    assert amounts() == ["10.00", "40.00", "100.00"]
    assert amounts(archived="true") == ["5.00", "10.00", "40.00", "100.00"]
    assert amounts(year=2024) == ["100.00"]
    assert amounts(paid_from="2025-03-15", paid_to="2025-12-31") == ["10.00"]
    assert amounts(member=fees["a"].slug) == ["40.00", "100.00"]


def test_a_payment_row_names_its_member_and_assessment(client, fees):
    items = client.get(PAYMENTS, {"member": fees["a"].slug, "year": 2025}, **bearer(fees["office"])).json()[
        "items"
    ]

    assert items[0] | {"id": 0, "created_at": ""} == {
        "id": 0,
        "paid_on": "2025-03-01",
        "member": fees["a"].slug,
        "member_name": fees["a"].name,
        "amount": "40.00",
        "method": "transfer",
        "reference": "CRO1",
        "payer": "",
        "assessment": f"Q2025-{fees['a'].pk}",
        "archived_on": None,
        "receipt": None,
        "created_at": "",
    }


def test_assessments_are_paginated(client, fees):
    body = client.get(ASSESSMENTS, {"page_size": 2, "page": 2}, **bearer(fees["office"])).json()

    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_a_logged_in_office_session_reads_without_a_token(client, fees):
    client.force_login(fees["office"])

    assert client.get(ASSESSMENTS).json()["count"] == 3


def test_an_office_session_without_the_second_factor_is_refused_but_its_token_works(client, fees, settings):
    settings.COCOPA_REQUIRE_STAFF_OTP = True
    auth = bearer(fees["office"])
    client.force_login(fees["office"])

    refused = client.get(ASSESSMENTS)
    assert (refused.status_code, refused.json()["code"]) == (403, "otp_required")
    assert client.get(ASSESSMENTS, **auth).json()["count"] == 3


def test_a_representative_session_needs_no_second_factor(client, fees, settings):
    settings.COCOPA_REQUIRE_STAFF_OTP = True
    client.force_login(fees["rep_a"])

    assert client.get(ASSESSMENTS).json()["count"] == 2


@pytest.mark.parametrize("how", ["token", "session"])
def test_a_representative_of_a_cannot_see_b_fees(client, fees, how):
    """Issue 5, point 9: the representative of A sees A's rows and never B's, not even by asking
    for B by slug."""
    auth = bearer(fees["rep_a"]) if how == "token" else {}
    if how == "session":
        client.force_login(fees["rep_a"])
    a, b = fees["a"].slug, fees["b"].slug

    assessments = client.get(ASSESSMENTS, **auth).json()["items"]
    payments = client.get(PAYMENTS, **auth).json()["items"]
    asked_for_b = client.get(ASSESSMENTS, {"member": b}, **auth).json()
    b_payments = client.get(PAYMENTS, {"member": b}, **auth).json()

    assert {i["member"] for i in assessments} == {a}
    assert {i["member"] for i in payments} == {a}
    assert asked_for_b == {"items": [], "count": 0}
    assert b_payments == {"items": [], "count": 0}


def test_a_representative_whose_designation_ended_sees_nothing_with_the_same_token(client, fees):
    auth = bearer(fees["rep_a"])
    fees["rep_a"].person.designations.update(end_on=dt.date(2020, 12, 31))

    assert client.get(ASSESSMENTS, **auth).json()["count"] == 0


def test_invalid_filters_are_422(client, fees):
    auth = bearer(fees["office"])

    assert client.get(ASSESSMENTS, {"year": "soon"}, **auth).status_code == 422
    assert client.get(ASSESSMENTS, {"member": "../x"}, **auth).status_code == 422
    assert client.get(PAYMENTS, {"paid_from": "1.3.2025"}, **auth).json()["code"] == "invalid_input"
