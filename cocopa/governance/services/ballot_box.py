"""The in-person box of a secret election: the office enters the tellers' count for the whole
box once voting is closed, never a member's choices (rules in governance/ballot_box.py)."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import Actor, signed_in
from cocopa.governance import ballot_box
from cocopa.governance.models import BallotBox, BallotBoxCount, Election, Participation
from cocopa.governance.services._common import require


def _messages(err: ballot_box.InvalidBox) -> str:
    """The rule's refusal in the office's language, with its figures."""
    f = err.figures
    text = {
        "negative_count": _("A count cannot be below zero."),
        "unknown_candidate": _("The count names someone who is not a candidate."),
        "box_not_register": _(
            "The box holds %(ballots)s ballots but %(voters)s members are marked as having voted in person."
        ),
        "blank_void_over_ballots": _("There are more blank and void ballots than ballots in the box."),
        "candidate_over_ballots": _(
            "A candidate has more votes than the %(naming)s ballots that name candidates."
        ),
        "votes_do_not_add_up": _(
            "The votes (%(total)s) do not fit the %(naming)s ballots that name candidates: "
            "between %(naming)s and %(most)s expected."
        ),
    }.get(err.code)
    return text % f if text else str(err)


def in_person_voters(election: Election) -> int:
    return Participation.objects.filter(election=election, channel=Participation.Channel.IN_PERSON).count()


def record_ballot_box(
    election: Election,
    *,
    actor: Actor,
    ballots: int,
    votes: Mapping[int, int],
    blank: int = 0,
    void: int = 0,
) -> BallotBox:
    """Enter (or correct, until the count) the count of the in-person box of a closed secret
    election. Every candidate gets a row (0 when not given); the papers found must equal the
    members marked as having voted in person."""
    require(actor is not None and actor.has_perm("governance.record_ballot_box", election))
    with transaction.atomic():
        locked = Election.objects.select_for_update().get(pk=election.pk)
        if not locked.secret:
            raise DomainError("open_ballot", _("An open election has no secret ballot box."))
        if locked.status != Election.Status.CLOSED:
            raise Conflict("election_status", _("The box is counted after voting closes, before the count."))
        candidates = list(locked.candidates.filter(withdrawn=False).order_by("pk"))
        count = ballot_box.BoxCount(ballots=ballots, blank=blank, void=void, votes=dict(votes))
        try:
            ballot_box.check_box(locked.rule(), {c.pk for c in candidates}, in_person_voters(locked), count)
        except ballot_box.InvalidBox as err:
            raise DomainError(err.code, _messages(err)) from err
        previous = BallotBox.objects.filter(election=locked).first()
        box, _created = BallotBox.objects.update_or_create(
            election=locked, defaults={"ballots": ballots, "blank": blank, "void": void}
        )
        box.counts.all().delete()
        BallotBoxCount.objects.bulk_create(
            BallotBoxCount(box=box, candidate=c, votes=votes.get(c.pk, 0)) for c in candidates
        )
        audit.record(
            signed_in(actor),
            "governance.ballot_box_recorded",
            locked,
            {
                "ballots": ballots,
                "blank": blank,
                "void": void,
                "votes": {str(c.pk): votes.get(c.pk, 0) for c in candidates},
                "corrected": previous is not None,
            },
        )
    return box


def box_to_count(election: Election) -> ballot_box.BoxCount | None:
    """The in-person box to add at the count; refuses a secret election whose in-person voters'
    box has not been entered (their papers would otherwise be lost)."""
    box = BallotBox.objects.filter(election=election).prefetch_related("counts").first()
    if box is None:
        if election.secret and in_person_voters(election):
            raise DomainError(
                "ballot_box_missing",
                _("Enter the count of the in-person ballot box before counting the election."),
            )
        return None
    return ballot_box.BoxCount(
        ballots=box.ballots,
        blank=box.blank,
        void=box.void,
        votes={c.candidate_id: c.votes for c in box.counts.all()},
    )
