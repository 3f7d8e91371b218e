"""The receipt of one payment as an A4 PDF (core.pdf renders it)."""

from django.template.loader import render_to_string

from cocopa.core.pdf import html_to_pdf
from cocopa.fees.models import Payment
from cocopa.network import queries as network_queries


def receipt_html(payment: Payment) -> str:
    """The page the PDF is printed from (tests read the figures here: the PDF's text is glyph codes)."""
    profile = network_queries.profile()
    return render_to_string(
        "fees/receipt.html", {"payment": payment, "network": profile.name if profile else "Co.Co.Pa."}
    )


def receipt_pdf(payment: Payment) -> bytes:
    return html_to_pdf(receipt_html(payment))
