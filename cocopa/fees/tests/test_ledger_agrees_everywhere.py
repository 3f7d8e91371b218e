"""Issue 12, "One ledger": hypothesis generates assessments, payments (quoting a code or not),
waivers, refunds, archived payments and allocations moved by hand, through the services, and
checks that every reader shows the same figures: the ledger query, an independent sum over the
rows, the year overview's and the arrears' context, /fees/mine/, the API and the CSV export."""

import csv
import datetime as dt
import io
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cocopa.core.errors import DomainError
from cocopa.fees import ledger, services
from cocopa.fees import testing as ft
from cocopa.fees.models import Allocation, Assessment, Payment, Refund, Waiver
from cocopa.governance import testing as gt

D = Decimal
CENT = D("0.01")
YEARS = (2024, 2025, 2026)

money = st.decimals(min_value=CENT, max_value=D("3000"), places=2, allow_nan=False, allow_infinity=False)
fraction = st.sampled_from([D("0.25"), D("0.5"), D("1")])
member = st.integers(0, 1)
pick = st.integers(0, 20)  # a payment, by position among those made so far
pay = st.tuples(st.just("pay"), member, money, st.one_of(st.none(), st.sampled_from(YEARS)))
later = st.one_of(
    pay,
    st.tuples(st.just("waive"), member, st.sampled_from(YEARS), fraction),
    st.tuples(st.just("refund"), pick, fraction),
    st.tuples(st.just("archive"), pick),
    st.tuples(st.just("release"), pick),
    st.tuples(st.just("hand"), pick, st.sampled_from(YEARS), fraction),
    st.tuples(st.just("apply_credit")),
)
# Payments first (so the other operations have something to act on), then anything.
operations = st.tuples(st.lists(pay, min_size=1, max_size=3), st.lists(later, min_size=1, max_size=8)).map(
    lambda t: t[0] + t[1]
)
assessed = st.lists(st.one_of(money, money, st.none(), st.just(D("0.00"))), min_size=6, max_size=6)


def part(amount: Decimal, share: Decimal) -> Decimal:
    return max(CENT, (amount * share).quantize(CENT, rounding=ROUND_DOWN))


class LedgerAgreesEverywhere(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.finance = ft.make_finance_user()
        cls.members = [gt.make_member(f"Comune {n}") for n in ("Uno", "Due")]
        cls.reps = [gt.make_representative(m).user for m in cls.members]

    def apply(self, amounts: list[Decimal | None], ops: list[tuple[Any, ...]]) -> None:
        fees: dict[tuple[int, int], Assessment] = {}
        for i, amount in enumerate(amounts):
            if amount is not None:
                m, year = i // 3, YEARS[i % 3]
                fees[m, year] = ft.make_assessment(self.members[m], year, amount)
        made: list[Payment] = []
        for op in ops:
            try:
                self.one(op, fees, made)
            except DomainError:
                pass  # a refusal (more than is due or left, archived...) writes nothing

    def one(self, op: tuple[Any, ...], fees: dict[Any, Assessment], made: list[Payment]) -> None:
        actor = self.finance
        kind = op[0]
        if kind == "pay":
            _k, m, amount, year = op
            quoted = fees.get((m, year)) if year else None
            made.append(
                services.record_payment(
                    actor, self.members[m], dt.date(2026, 3, 1), amount, assessment=quoted
                )
            )
        elif kind == "waive" and (fee := fees.get((op[1], op[2]))):
            due = ledger.outstanding(fee)
            services.waive(fee, actor=actor, amount=part(due, op[3]), reason="generated")
        elif kind in {"refund", "archive", "release", "hand"} and made:
            payment = made[op[1] % len(made)]
            if kind == "refund":
                services.refund(
                    payment, actor=actor, amount=part(ledger.unallocated(payment), op[2]), reason="r"
                )
            elif kind == "archive":
                services.archive_payment(payment, actor=actor, reason="generated")
            elif kind == "release" and (row := payment.allocations.first()):
                services.release_allocation(row, actor=actor)
            elif kind == "hand" and (fee := fees.get((made.index(payment) % 2, op[2]))):
                services.allocate(payment, fee, actor=actor, amount=part(ledger.outstanding(fee), op[3]))
        elif kind == "apply_credit":
            services.apply_credit(actor=actor)

    def independent(self) -> tuple[dict[str, tuple[Decimal, Decimal, Decimal]], dict[int, Decimal]]:
        """Per code (paid, waived, balance) and per member the credit, summed over the rows in
        Python, without the ledger's query."""
        paid: dict[int, Decimal] = defaultdict(Decimal)
        waived: dict[int, Decimal] = defaultdict(Decimal)
        credit: dict[int, Decimal] = defaultdict(Decimal)
        live = {p.pk: p for p in Payment.objects.filter(archived_on__isnull=True)}
        for p in live.values():
            credit[p.authority_id] += p.amount
        for row in Allocation.objects.all():
            if row.payment_id in live:
                paid[row.assessment_id] += row.amount
                credit[live[row.payment_id].authority_id] -= row.amount
        for r in Refund.objects.all():
            if r.payment_id in live:
                credit[live[r.payment_id].authority_id] -= r.amount
        for w in Waiver.objects.all():
            waived[w.assessment_id] += w.amount
        rows = {
            a.code: (paid[a.pk], waived[a.pk], a.amount - paid[a.pk] - waived[a.pk])
            for a in Assessment.objects.all()
        }
        return rows, credit

    def check(self) -> None:
        expected, credit = self.independent()
        # Nothing paid or waived beyond what is due; no payment allocated beyond its amount.
        assert all(balance >= 0 for _p, _w, balance in expected.values())
        assert all(c >= 0 for c in credit.values())
        # The ledger query.
        rows = {a.code: (a.paid, a.waived, a.balance) for a in ledger.assessments()}
        assert rows == expected
        accounts = {b.authority.pk: b for b in ledger.accounts()}
        for pk, account in accounts.items():
            assert account.credit == credit[pk]
            assert account.due == sum(
                (b for code, (_p, _w, b) in expected.items() if code in self.codes(pk)), D(0)
            )
            assert account.balance == account.due - account.credit
        self.client.force_login(self.finance)
        # The year overview: its rows and totals.
        for year in YEARS:
            context = self.client.get(reverse("fees:overview") + f"?year={year}").context
            shown = {a.code: (a.paid, a.waived, a.balance) for a in context["assessments"]}
            assert shown == {code: v for code, v in expected.items() if f"-{year}-" in code}
            totals = context["totals"]
            assert totals.balance == sum((b for _p, _w, b in shown.values()), D(0))
            assert totals.paid == sum((p for p, _w, _b in shown.values()), D(0))
            # The export of the same year.
            export = self.client.get(reverse("fees:export-assessments", args=["csv"]) + f"?year={year}")
            for line in csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"):
                figures = (D(line["Versato"]), D(line["Esonero"]), D(line["Saldo"]))
                assert figures == expected[line["Codice"]]
        # The arrears: exactly the open years, with the same amounts.
        arrears = self.client.get(reverse("fees:arrears")).context["accounts"]
        open_years = {(b.authority.pk, year): due for b in arrears for year, due in b.open_years}
        assert open_years == {
            (a.authority_id, a.year): expected[a.code][2]
            for a in Assessment.objects.all()
            if expected[a.code][2] > 0
        }
        # The API.
        items = self.client.get("/api/v1/fees/assessments?page_size=500").json()["items"]
        assert {i["code"]: (D(i["paid"]), D(i["waived"]), D(i["balance"])) for i in items} == expected
        # Each member's own page.
        for m, rep in zip(self.members, self.reps, strict=True):
            self.client.force_login(rep)
            [section] = self.client.get(reverse("fees:mine")).context["members"]
            shown = {a.code: (a.paid, a.waived, a.balance) for a in section["assessments"]}
            assert shown == {code: v for code, v in expected.items() if code in self.codes(m.pk)}
            assert section["account"].balance == sum((b for _p, _w, b in shown.values()), D(0)) - credit[m.pk]

    @staticmethod
    def codes(authority_id: int) -> set[str]:
        return set(Assessment.objects.filter(authority_id=authority_id).values_list("code", flat=True))

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(assessed, operations)
    def test_every_reader_shows_the_same_figures(self, amounts, ops):
        self.apply(amounts, ops)
        self.check()
