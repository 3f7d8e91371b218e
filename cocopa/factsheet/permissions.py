"""Who may choose what the factsheet shows where there is a choice, and who reads a member's fee
in its yearly report.

- `factsheet.choose_timeline_country`: the peace office picks the country whose timeline the
  factsheet shows (on the page itself; cocopa.factsheet.services.set_timeline_country).
- `factsheet.view_member_fee`, object: a member (LocalAuthority). The fee of the year in the
  member's report ("what membership gave us"): both offices, the member's representatives
  designated today (governance.roles), and anyone once the offices have decided that the reports
  show it publicly (NetworkProfile.member_report_shows_fees).
- `factsheet.publish_member_fees`: take that decision, or take it back (both offices:
  cocopa.factsheet.services.set_member_report_fees, audited).
"""

from typing import Any

from django.utils import timezone

from cocopa.core.roles import UserLike, grant, is_administrative_office, is_peace_office
from cocopa.governance.roles import represents
from cocopa.members.models import LocalAuthority
from cocopa.network.models import NetworkProfile


def is_an_office(user: UserLike) -> bool:
    return is_peace_office(user) or is_administrative_office(user)


def fees_public() -> bool:
    """Whether the offices decided that members' reports show the fee to everyone."""
    return NetworkProfile.objects.filter(member_report_shows_fees=True).exists()


def may_view_member_fee(user: UserLike, member: Any = None) -> bool:
    if not isinstance(member, LocalAuthority):
        return False
    if is_an_office(user) or fees_public():
        return True
    return represents(user, member, timezone.localdate())


def register() -> None:
    grant("factsheet.choose_timeline_country", is_peace_office)
    grant("factsheet.view_member_fee", may_view_member_fee)
    grant("factsheet.publish_member_fees", is_an_office)
