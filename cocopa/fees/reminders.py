"""The fee check of `cocopa reminders`: members with a positive balance, oldest open year first.
Called by cocopa.office.reminders.collect()."""

import datetime as dt

from django.utils.translation import gettext as _

from cocopa.core import money
from cocopa.fees import queries
from cocopa.governance.reminders import Reminder


def fee_arrears(today: dt.date, days: int) -> list[Reminder]:
    """One reminder per member owing money for a year before today's (`queries.late_years`)."""
    found = []
    for account in queries.arrears():
        late = queries.late_years(account, today)
        if not late:
            continue
        found.append(
            Reminder(
                "fee_arrears",
                account.authority.name,
                _("owes %(amount)s EUR for %(years)s")
                % {
                    "amount": money.amount(sum((due for _year, due in late), start=queries.ZERO)),
                    "years": ", ".join(str(year) for year, _due in late),
                },
                dt.date(late[0][0], 12, 31),
            )
        )
    return found
