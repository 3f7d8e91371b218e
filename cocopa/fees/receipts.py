"""Numbered receipts of payments: the office issues one (`issue_receipt`, re-exported by
cocopa.fees.services), and the A4 PDF is printed from it (core.pdf renders it).

Numbers run without gaps per year of issue (2026/0001, 2026/0002 …): the year's counter row is
locked while a receipt is numbered, so receipts issued at the same moment wait for each other
instead of taking the same number or skipping one; a receipt is never deleted or renumbered.
The issuer (settings RECEIPT_ISSUER_NAME, _ADDRESS, _TAX_CODE) is copied onto the receipt when
it is issued; when the name is not configured the receipt says so instead of naming anyone.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.pdf import html_to_pdf
from cocopa.core.roles import Actor, signed_in
from cocopa.fees.models import Payment, Receipt, ReceiptCounter
from cocopa.network import queries as network_queries


@dataclass(frozen=True)
class Issuer:
    name: str
    address: str
    tax_code: str

    @property
    def configured(self) -> bool:
        return bool(self.name)


def configured_issuer() -> Issuer:
    """The issuer as the settings give it today (blank when not configured: never a made-up one)."""
    return Issuer(
        name=settings.RECEIPT_ISSUER_NAME.strip(),
        address=settings.RECEIPT_ISSUER_ADDRESS.strip(),
        tax_code=settings.RECEIPT_ISSUER_TAX_CODE.strip(),
    )


def issue_receipt(payment: Payment, *, actor: Actor) -> Receipt:
    """Give a live payment its receipt, numbered next in the current year, with today's issuer.

    Refuses, writing nothing: an archived payment (`payment_archived`), a payment that already
    has its receipt (`receipt_already_issued`: one receipt per payment)."""
    if actor is not None and not actor.has_perm("fees.issue_receipt", payment):
        raise Forbidden("forbidden", _("Only the administrative office issues receipts."))
    issuer = configured_issuer()
    today = timezone.localdate()
    with transaction.atomic():
        # The payment first, then the counter: every issuer locks in that order, so no deadlock.
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.archived_on is not None:
            raise DomainError("payment_archived", _("An archived payment gets no receipt."))
        if Receipt.objects.filter(payment=locked).exists():
            raise Conflict("receipt_already_issued", _("This payment already has its receipt."))
        counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(year=today.year)
        counter.last += 1
        counter.save(update_fields=["last"])
        receipt = Receipt.objects.create(
            payment=locked,
            year=today.year,
            number=counter.last,
            issued_on=today,
            issued_by=signed_in(actor),
            issuer_name=issuer.name[:200],
            issuer_address=issuer.address[:300],
            issuer_tax_code=issuer.tax_code[:32],
        )
        audit.record(
            signed_in(actor),
            "fees.receipt_issued",
            receipt,
            {"number": receipt.label, "payment": locked.pk, "amount": str(locked.amount)},
        )
    return receipt


def receipt_html(receipt: Receipt) -> str:
    """The page the PDF is printed from (tests read the figures here and the text of the PDF)."""
    profile = network_queries.profile()
    return render_to_string(
        "fees/receipt.html",
        {
            "receipt": receipt,
            "payment": receipt.payment,
            "network": profile.name if profile else "Co.Co.Pa.",
        },
    )


def receipt_pdf(receipt: Receipt) -> bytes:
    return html_to_pdf(receipt_html(receipt))
