"""The office's choices for the factsheet, each in one transaction with its audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.roles import Actor, signed_in
from cocopa.network.models import NetworkProfile, country_code


def set_timeline_country(code: str, *, actor: Actor) -> NetworkProfile:
    """Make `code` (ISO 3166-1 alpha-2) the country whose timeline the factsheet shows."""
    if actor is None or not actor.has_perm("factsheet.choose_timeline_country"):
        raise Forbidden("forbidden", _("Only the peace office chooses the factsheet's timeline."))
    try:
        code = country_code(code)
    except ValidationError as err:
        raise DomainError("unknown_country", err.messages[0]) from err
    with transaction.atomic():
        profile = NetworkProfile.objects.select_for_update().first()
        if profile is None:
            raise DomainError("no_network", _("The network profile is not set up yet."))
        before = profile.factsheet_country
        if before != code:
            profile.factsheet_country = code
            profile.save(update_fields=["factsheet_country"])
            audit.record(
                signed_in(actor), "factsheet.timeline_country", profile, {"from": before, "to": code}
            )
    return profile


def set_member_report_fees(public: bool, *, actor: Actor) -> NetworkProfile:
    """Whether members' yearly reports show the fee of the year to everyone (`public`) or only to
    the member's representatives and the offices (the default)."""
    if actor is None or not actor.has_perm("factsheet.publish_member_fees"):
        raise Forbidden("forbidden", _("Only the offices decide whether members' reports show the fee."))
    with transaction.atomic():
        profile = NetworkProfile.objects.select_for_update().first()
        if profile is None:
            raise DomainError("no_network", _("The network profile is not set up yet."))
        before = profile.member_report_shows_fees
        if before != public:
            profile.member_report_shows_fees = public
            profile.save(update_fields=["member_report_shows_fees"])
            audit.record(
                signed_in(actor), "factsheet.member_report_fees", profile, {"from": before, "to": public}
            )
    return profile
