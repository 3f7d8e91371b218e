"""Issue 12, "One ledger": every payment applies to assessments through allocation rows, and
/fees/, /fees/mine/, the arrears, the exports and the API read the same figures (ledger.py)."""

import csv
import datetime as dt
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from cocopa.core.errors import Conflict, DomainError
from cocopa.fees import ledger, services
from cocopa.fees import testing as ft
from cocopa.fees.models import Allocation, Payment
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def finance():
    return ft.make_finance_user()


@pytest.fixture
def beinasco():
    """Beinasco with a representative and two years assessed (the finding's figures)."""
    member = gt.make_member("Beinasco")
    rep = gt.make_representative(member).user
    old = ft.make_assessment(member, 2025, "1086.24")
    new = ft.make_assessment(member, 2026, "1086.24")
    return member, rep, old, new


def bank_file(tmp_path, rows):
    path = tmp_path / "bank.csv"
    path.write_text("Data;Importo;Ordinante;Causale\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_a_payment_matched_by_payer_is_allocated_and_mine_agrees_with_its_rows(
    client, tmp_path, finance, beinasco
):
    member, rep, old, new = beinasco
    result = services.import_payments(
        bank_file(tmp_path, ["15/03/2026;1.086,24;COMUNE DI BEINASCO;quota"]), actor=finance
    )
    assert result.by_name == 1

    client.force_login(rep)
    response = client.get(reverse("fees:mine"))
    [section] = response.context["members"]
    rows = {a.code: a for a in section["assessments"]}
    # It pays the oldest open year; the balance shown is the sum of the rows' balances.
    assert (rows[old.code].paid, rows[old.code].balance) == (D("1086.24"), D("0.00"))
    assert (rows[new.code].paid, rows[new.code].balance) == (D("0.00"), D("1086.24"))
    assert section["account"].balance == sum((a.balance for a in rows.values()), D(0)) == D("1086.24")
    assert 'data-balance="1086.24"' in response.content.decode()


def test_the_year_overview_and_the_arrears_show_the_same_received_and_due(
    client, tmp_path, finance, beinasco
):
    member, _rep, old, new = beinasco
    other = gt.make_member("Bruino")
    bruino = ft.make_assessment(other, 2026, "510.00")
    services.import_payments(
        bank_file(
            tmp_path,
            [
                "01/02/2026;2.000,00;Comune di Beinasco;quota",  # by payer: 2025 in full, 913.76 of 2026
                f"02/02/2026;100,00;Tesoreria;{bruino.code}",  # by code
            ],
        ),
        actor=finance,
    )
    client.force_login(finance)
    overview = client.get(reverse("fees:overview") + "?year=2026").context
    arrears = client.get(reverse("fees:arrears")).context["accounts"]

    assert overview["totals"].paid == D("913.76") + D("100.00")
    open_in_arrears = {(b.authority.pk, year): due for b in arrears for year, due in b.open_years}
    for a in overview["assessments"]:
        assert open_in_arrears.get((a.authority_id, 2026), D(0)) == a.balance
    assert (member.pk, 2025) not in open_in_arrears
    assert sum(open_in_arrears.values(), D(0)) == overview["totals"].balance


def test_a_fully_paid_assessment_offers_no_payment_link(client, finance, beinasco):
    member, _rep, old, _new = beinasco
    ft.make_payment(member, "1086.24")  # no assessment quoted: pays the oldest open year
    client.force_login(finance)
    html = client.get(reverse("fees:overview") + "?year=2025").content.decode()
    assert f"?assessment={old.pk}" not in html


def test_money_beyond_every_open_fee_is_credit_and_pays_the_next_year_when_issued(finance):
    member = gt.make_member("Rivoli", population=48_000)
    ft.make_schedule(2026)
    payment = ft.make_payment(member, "500.00")
    assert ledger.unallocated(payment) == D("500.00")
    [account] = ledger.accounts([member.pk])
    assert (account.credit, account.balance) == (D("500.00"), D("-500.00"))

    services.assess_fees(2026, actor=finance)  # 48,000 × 0.06 = 2,880.00

    [account] = ledger.accounts([member.pk])
    assert (account.paid, account.credit, account.due) == (D("500.00"), D("0.00"), D("2380.00"))
    assert Allocation.objects.get(payment=payment).how == Allocation.How.PAYER


def test_the_clerk_moves_an_allocation_by_hand(client, finance, beinasco):
    member, _rep, old, new = beinasco
    payment = ft.make_payment(member, "500.00")  # allocated to 2025 by payer
    row = Allocation.objects.get(payment=payment)
    client.force_login(finance)
    url = reverse("fees:allocate", args=[payment.pk])

    assert client.post(url, {"action": "release", "allocation": row.pk}).status_code == 302
    response = client.post(url, {"action": "allocate", "assessment": new.pk, "amount": "500.00"})

    assert response.status_code == 302
    hand = Allocation.objects.get(payment=payment)
    assert (hand.assessment, hand.amount, hand.how, hand.by) == (new, D("500.00"), "hand", finance)
    assert ledger.outstanding(old) == D("1086.24")
    assert ledger.outstanding(new) == D("586.24")


def test_an_allocation_is_never_more_than_is_left_or_due(finance, beinasco):
    member, _rep, old, new = beinasco
    payment = ft.make_payment(member, "2000.00")  # 1086.24 to 2025, 913.76 to 2026
    other = ft.make_payment(gt.make_member(), "10.00")
    with pytest.raises(DomainError) as err:
        services.allocate(payment, new, actor=finance, amount=D("0.01"))
    assert err.value.code == "allocation_exceeds_payment"
    with pytest.raises(DomainError) as err:
        services.allocate(other, new, actor=finance, amount=D("1.00"))
    assert err.value.code == "assessment_of_another_member"


def test_a_refund_gives_back_only_credit_and_blocks_archiving(finance, beinasco):
    member, _rep, old, new = beinasco
    payment = ft.make_payment(member, "2500.00")  # 2,172.48 to the two years, 327.52 credit
    with pytest.raises(DomainError) as err:
        services.refund(payment, actor=finance, amount=D("327.53"), reason="overpaid")
    assert err.value.code == "refund_exceeds_payment"

    services.refund(payment, actor=finance, amount=D("327.52"), reason="overpaid")

    [account] = ledger.accounts([member.pk])
    assert (account.received, account.refunded, account.credit, account.balance) == (
        D("2500.00"),
        D("327.52"),
        D("0.00"),
        D("0.00"),
    )
    with pytest.raises(Conflict):
        services.archive_payment(payment, actor=finance, reason="bounced")


def test_an_archived_payment_reopens_what_it_paid(finance, beinasco):
    member, _rep, old, _new = beinasco
    payment = ft.make_payment(member, "1086.24")
    assert ledger.outstanding(old) == D("0.00")
    services.archive_payment(payment, actor=finance, reason="bounced")
    assert ledger.outstanding(old) == D("1086.24")


def test_exports_and_api_read_the_ledger(client, finance, beinasco):
    member, _rep, old, new = beinasco
    ft.make_payment(member, "1200.00")
    client.force_login(finance)
    rows = {
        r["Codice"]: r
        for r in csv.DictReader(
            io.StringIO(
                client.get(reverse("fees:export-assessments", args=["csv"]) + "?year=2026").content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    }
    api = {i["code"]: i for i in client.get("/api/v1/fees/assessments?year=2026").json()["items"]}
    assert rows[new.code]["Versato"] == api[new.code]["paid"] == "113.76"
    assert rows[new.code]["Saldo"] == api[new.code]["balance"] == "972.48"


def test_the_migration_turns_old_payments_into_allocations():
    """0002's data step (the rule before it: tied payment first, the rest to the oldest year)."""
    module = importlib.import_module(
        "cocopa.fees.migrations.0002_ledger_allocations_refunds_and_bounded_amounts"
    )
    member = gt.make_member()
    a24, a25 = ft.make_assessment(member, 2024, "100"), ft.make_assessment(member, 2025, "100")
    ft.make_payment(member, "150", assessment=a25, allocate=False)
    ft.make_payment(member, "30", allocate=False, paid_on=dt.date(2026, 4, 1))
    module.allocate_existing_payments(django_apps, None)
    assert ledger.outstanding(a25) == D("0.00")
    assert ledger.outstanding(a24) == D("20.00")
    assert Payment.objects.count() == 2
