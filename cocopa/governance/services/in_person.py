"""The in-person ballots of an election entered on one sheet, all at once: in a secret election
who put a paper in the box, in an open one each member's choices. One transaction: a refusal for
any member (named in the message) leaves nothing written."""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from cocopa.core.errors import DomainError
from cocopa.core.roles import Actor
from cocopa.governance.models import Election, Participation
from cocopa.governance.services._common import require
from cocopa.governance.services.elections import mark_voted_in_person, record_in_person
from cocopa.members.models import LocalAuthority


def record_in_person_sheet(
    election: Election,
    sheet: Mapping[LocalAuthority, Sequence[int]],
    *,
    actor: Actor,
) -> list[Participation]:
    """Record the members of `sheet` as having voted in person; in an open election with their
    choices (an empty list is a blank ballot), in a secret one without (the choices are ignored:
    the box is counted whole, services.record_ballot_box)."""
    require(actor is not None and actor.has_perm("governance.record_in_person_ballot", election))
    if not sheet:
        raise DomainError("sheet_empty", _("Tick at least one member who voted in person."))
    done = []
    with transaction.atomic():
        for authority, choices in sorted(sheet.items(), key=lambda kv: kv[0].name):
            try:
                if election.secret:
                    done.append(mark_voted_in_person(election, authority, actor=actor))
                else:
                    done.append(record_in_person(election, authority, choices, actor=actor))
            except DomainError as err:
                raise type(err)(
                    err.code, _("%(member)s: %(reason)s") % {"member": authority.name, "reason": err.message}
                ) from err
    return done
