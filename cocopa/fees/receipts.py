"""The receipt of one payment as an A4 PDF. The only fees module importing WeasyPrint."""

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]

from cocopa.fees.models import Payment
from cocopa.network import queries as network_queries


def receipt_pdf(payment: Payment) -> bytes:
    profile = network_queries.profile()
    html = render_to_string(
        "fees/receipt.html", {"payment": payment, "network": profile.name if profile else "Co.Co.Pa."}
    )
    return bytes(HTML(string=html).write_pdf())
