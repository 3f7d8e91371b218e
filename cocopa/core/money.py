"""Amounts of money as people read them: "€ 2.812,38" in Italian, "€2,812.38" in English.

Two decimals always (cents are what a treasurer checks), thousands grouped whatever
USE_THOUSAND_SEPARATOR says, rounded half up as the bank rounds. The symbol goes before the
amount in both languages; Italian puts a non-breaking space after it (Banca d'Italia's and the
Accademia della Crusca's usage), English none. Machine-readable places (API, CSV, XLSX, data-*
attributes) keep the plain decimal; this is only for people.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language

_CENT = Decimal("0.01")
NBSP = "\u00a0"
_SYMBOL = {"it": "€" + NBSP, "en": "€"}


def amount(value: Decimal | int | float | str | None) -> str:
    """The amount with grouping and two decimals in the active language, without a symbol:
    "2.812,38" / "2,812.38". For sentences that already say EUR. None or "" gives ""."""
    number = _decimal(value)
    if number is None:
        return ""
    return number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True)


def euro(value: Decimal | int | float | str | None) -> str:
    """The amount with the euro sign in the active language: "€ 2.812,38", "-€ 5,00", "€2,812.38".
    None or "" gives ""."""
    number = _decimal(value)
    if number is None:
        return ""
    sign = "-" if number < 0 else ""
    symbol = _SYMBOL.get((get_language() or "it").split("-")[0], "€")
    return f"{sign}{symbol}{amount(abs(number))}"


def _decimal(value: Decimal | int | float | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as err:
        raise ValueError(f"not an amount: {value!r}") from err
    return number + 0  # -0.00 → 0.00: "€ 0,00", never "-€ 0,00"
