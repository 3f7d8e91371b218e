"""The register's rules on plain values, without the database: partial dates typed as text,
periods in order, a cost's currency, and who a participant is shown as."""

import datetime as dt
import re
from decimal import Decimal

from cocopa.core.dates import Precision, parse_partial

CURRENCY = re.compile(r"^[A-Z]{3}$")


def partial_date(text: str, *, end: bool = False) -> tuple[dt.date | None, str]:
    """'' → (None, day); '2017' → (2017-01-01, year), or its last day for the end of a period.
    Raises ValueError on anything but YYYY, YYYY-MM or YYYY-MM-DD."""
    if not text.strip():
        return None, Precision.DAY.value
    day, precision = parse_partial(text, end=end)
    return day, precision.value


def period_in_order(start: dt.date | None, end: dt.date | None) -> bool:
    """A period may lack either bound; when both are known the end is not before the start."""
    return start is None or end is None or end >= start


def cost_problem(item: str, amount: Decimal | None, currency: str) -> str:
    """What is wrong with a cost line, '' when nothing: it names an item, a non-negative amount and
    an ISO 4217 currency code (three capitals)."""
    if not item.strip():
        return "item"
    if amount is None or amount < 0:
        return "amount"
    if not CURRENCY.match(currency):
        return "currency"
    return ""


def shown_name(name: str, office: str, public_office: bool) -> str:
    """A participant as the public reads them: the name only beside a public office."""
    if public_office and name.strip():
        return f"{name.strip()}, {office}"
    return office
