"""What to e-mail whom about fees, after commit: a late member's representatives, one message each."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocopa.core.money import euro


def arrears_reminder(
    to: str, member: str, years: list[tuple[int, Decimal]], codes: list[str], today: dt.date
) -> None:
    lines = [f"- {year}: {euro(due)}" for year, due in years]
    body = _(
        "According to the administrative office's records of %(day)s, %(member)s still owes:\n\n"
        "%(lines)s\n\nPlease quote the codes %(codes)s on the transfer. If you have already paid, "
        "reply with the date and reference of the payment."
    ) % {
        "day": date_format(today),
        "member": member,
        "lines": "\n".join(lines),
        "codes": ", ".join(codes) or "—",
    }
    send_mail(
        _("%(member)s: membership fees due") % {"member": member}, body, settings.DEFAULT_FROM_EMAIL, [to]
    )
