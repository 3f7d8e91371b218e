"""Writes about board elections: the election, candidates, ballots (online and in person), the
close with its mixed box, and the count that appoints the elected. The in-person box of a secret
election is marked and counted in services/ballot_box.py."""

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocopa.core import audit, roles
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import Actor, signed_in
from cocopa.governance import ballots, lifecycle, results, secrecy, terms
from cocopa.governance.models import (
    Ballot,
    Body,
    Candidate,
    Election,
    Elector,
    Mandate,
    Participation,
    Person,
    Position,
    in_force,
)
from cocopa.governance.services._common import require, require_office
from cocopa.governance.services.ballot_box import box_to_count
from cocopa.governance.services.mandates import appoint_unchecked
from cocopa.members import queries as member_queries
from cocopa.members.models import LocalAuthority


def create_election(
    position: Position,
    *,
    actor: Actor,
    title: str,
    held_on: dt.date,
    term_start: dt.date,
    seats: int | None = None,
    method: str = ballots.Method.PLURALITY_AT_LARGE.value,
    max_choices: int | None = None,
    tie_rule: str = ballots.TieRule.LOT.value,
    secret: bool = True,
    creates_presidency: bool = False,
) -> Election:
    require_office(actor)
    election = Election(
        body=position.body,
        position=position,
        title=title,
        held_on=held_on,
        term_start=term_start,
        seats=seats or position.seats or 0,
        method=method,
        max_choices=max_choices,
        tie_rule=tie_rule,
        secret=secret,
        creates_presidency=creates_presidency,
    )
    try:
        election.rule()
    except ValueError as err:
        raise DomainError("invalid_rule", str(err)) from err
    if position.seats is not None and election.seats > position.seats:
        # Counting would then fail at the last step, when the mandates find no vacant seat.
        raise DomainError("invalid_rule", _("The position has fewer seats than the election would fill."))
    if creates_presidency and _presidency_positions() is None:
        raise DomainError(
            "no_presidency", _("No presidency body with president and vice-president positions.")
        )
    with transaction.atomic():
        election.save()
        audit.record(
            signed_in(actor), "governance.election_created", election, {"rule": _election_rule(election)}
        )
    return election


def _election_rule(election: Election) -> dict[str, Any]:
    return {
        "method": election.method,
        "seats": election.seats,
        "max_choices": election.max_choices,
        "tie_rule": election.tie_rule,
        "secret": election.secret,
    }


def _require_election_day(election: Election) -> None:
    """Voting, closing and counting only from the election day (lifecycle.py)."""
    refusal = lifecycle.election_voting_refused(election.held_on, timezone.localdate())
    if refusal is not None:
        raise Conflict(
            refusal.value,
            _(
                "The election is held on %(day)s: voting opens, and ballots are cast and counted, only from then."
            )
            % {"day": formats.date_format(election.held_on, "DATE_FORMAT")},
        )


def _locked(election: Election, *allowed: str) -> Election:
    locked = Election.objects.select_for_update().get(pk=election.pk)
    if locked.status not in allowed:
        raise Conflict(
            "election_status",
            _("Not possible while the election is %(status)s.") % {"status": locked.get_status_display()},
        )
    return locked


def nominate(
    election: Election,
    person: Person,
    authority: LocalAuthority,
    nominated_by: LocalAuthority,
    *,
    actor: Actor,
) -> Candidate:
    """A member in good standing nominates a candidate (recorded by the office)."""
    require_office(actor)
    with transaction.atomic():
        election = _locked(election, Election.Status.NOMINATING)
        standing = member_queries.members_in_good_standing(election.held_on)
        if not standing.filter(pk=nominated_by.pk).exists():
            raise DomainError("not_in_good_standing", _("Only members in good standing nominate candidates."))
        try:
            with transaction.atomic():
                candidate = Candidate.objects.create(
                    election=election, person=person, authority=authority, nominated_by=nominated_by
                )
        except IntegrityError:
            raise Conflict("already_candidate", _("This person is already a candidate.")) from None
        audit.record(signed_in(actor), "governance.candidate_nominated", candidate, {"election": election.pk})
    return candidate


def open_election(election: Election, *, actor: Actor) -> Election:
    require_office(actor)
    _require_election_day(election)
    with transaction.atomic():
        election = _locked(election, Election.Status.NOMINATING)
        if not election.candidates.filter(withdrawn=False).exists():
            raise DomainError("no_candidates", _("An election needs candidates."))
        # The electorate is frozen now, in the election's own rows (as a motion's presence is).
        electors = list(
            member_queries.members_in_good_standing(election.held_on).values_list("pk", flat=True)
        )
        Elector.objects.bulk_create(Elector(election=election, authority_id=pk) for pk in electors)
        election.status = Election.Status.OPEN
        election.save(update_fields=["status"])
        audit.record(signed_in(actor), "governance.election_opened", election, {"electors": electors})
    return election


def _is_elector(election: Election, authority: LocalAuthority) -> bool:
    """Whether the member is in the electorate frozen when voting opened. An election without one
    on record (rows written around open_election) falls back to good standing on its day."""
    electors = Elector.objects.filter(election=election)
    if electors.exists():
        return electors.filter(authority=authority).exists()
    return member_queries.members_in_good_standing(election.held_on).filter(pk=authority.pk).exists()


def cast_online(
    election: Election, authority: LocalAuthority, choices: Sequence[int], *, actor: Actor
) -> Participation:
    """The member's designated representative casts the member's ballot."""
    require(roles.rule_allows(actor, "governance.cast_online_ballot", authority))
    person = Person.objects.filter(user_id=actor.pk).first() if actor is not None and actor.pk else None
    return _cast(actor, election, authority, choices, Participation.Channel.ONLINE, person)


def record_in_person(
    election: Election, authority: LocalAuthority, choices: Sequence[int], *, actor: Actor
) -> Participation:
    """The office records the ballot a member cast in person, in an open (roll-call) election.

    In a secret election the office never enters a member's choices: it marks who voted in
    person and counts the box as a whole (services/ballot_box.py)."""
    require(actor is not None and actor.has_perm("governance.record_in_person_ballot", election))
    if election.secret:
        raise DomainError(
            "secret_ballot",
            _(
                "In a secret election the office marks who voted in person and enters the count "
                "of the whole ballot box, never a member's choices."
            ),
        )
    return _cast(actor, election, authority, choices, Participation.Channel.IN_PERSON, None)


def mark_voted_in_person(election: Election, authority: LocalAuthority, *, actor: Actor) -> Participation:
    """The office marks that a member put its paper in the box of a secret election: who voted,
    never what (the box is counted as a whole, services.record_ballot_box)."""
    require(actor is not None and actor.has_perm("governance.record_in_person_ballot", election))
    if not election.secret:
        raise DomainError("open_ballot", _("In an open election the office records the member's choices."))
    return _cast(actor, election, authority, None, Participation.Channel.IN_PERSON, None)


def _cast(
    actor: Actor,
    election: Election,
    authority: LocalAuthority,
    choices: Sequence[int] | None,
    channel: str,
    person: Person | None,
) -> Participation:
    """The participation and, unless `choices` is None (an in-person secret vote, whose paper
    is in the box), the ballot, in one transaction."""
    _require_election_day(election)
    if choices is not None:
        candidates = set(election.candidates.filter(withdrawn=False).values_list("pk", flat=True))
        try:
            ballots.check_ballot(election.rule(), candidates, choices)
        except ballots.InvalidBallot as err:
            raise DomainError(err.code, str(err)) from err
    if not _is_elector(election, authority):
        raise DomainError("not_in_good_standing", _("Only members in good standing vote."))
    try:
        with transaction.atomic():
            # The election row is locked so that close_election (which locks it too) waits for a
            # ballot already past this check: otherwise the ballot would land after the close,
            # outside the shuffled box. The unique (election, member) constraint still decides
            # which of simultaneous attempts for one member counts; the others roll back.
            current = Election.objects.select_for_update().get(pk=election.pk)
            if current.status != Election.Status.OPEN:
                raise Conflict("election_status", _("Voting is not open."))
            participation = Participation.objects.create(
                election=election,
                authority=authority,
                person=person,
                channel=channel,
                recorded_by=signed_in(actor),
            )
            if choices is None:
                pass
            elif current.secret:
                # Written with the whole box again in random order: never in voting order.
                secrecy.mix_box(current.pk, choices)
            else:
                Ballot.objects.create(election=election, choices=sorted(choices), authority=authority)
            audit.record(signed_in(actor), "governance.ballot_cast", participation, {"channel": channel})
    except IntegrityError:
        raise Conflict("already_voted", _("This member has already voted.")) from None
    return participation


def close_election(election: Election, *, actor: Actor) -> Election:
    """Close voting. A secret box is mixed once more (it is at every cast): its ballots are written
    again in random order with new keys, so not even the storage order follows participation."""
    require_office(actor)
    _require_election_day(election)
    with transaction.atomic():
        election = _locked(election, Election.Status.OPEN)
        if election.secret:
            secrecy.mix_box(election.pk)
        election.status = Election.Status.CLOSED
        election.save(update_fields=["status"])
        audit.record(
            signed_in(actor), "governance.election_closed", election, {"ballots": election.ballots.count()}
        )
    return election


def _presidency_positions() -> tuple[Position, Position] | None:
    president = Position.objects.filter(body__kind=Body.Kind.PRESIDENCY, key="president").first()
    vice = Position.objects.filter(body__kind=Body.Kind.PRESIDENCY, key="vice-president").first()
    return (president, vice) if president and vice else None


def count_election(election: Election, *, actor: Actor) -> Election:
    """Count the ballots, record the result (with any lot drawn), end the outgoing mandates and
    create the new ones — and, when the rule says so, the presidency. Nothing changes after."""
    require_office(actor)
    _require_election_day(election)
    with transaction.atomic():
        election = _locked(election, Election.Status.CLOSED)
        box = box_to_count(election)
        candidates = list(election.candidates.filter(withdrawn=False).select_related("person", "authority"))
        since = _member_since([c.authority_id for c in candidates], election.held_on)
        rule = election.rule()
        # Drawn now and recorded, so anyone can re-run the count and get the same lot.
        seed = secrets.randbits(62)
        result = ballots.count(
            rule,
            [ballots.Candidate(c.pk, since.get(c.authority_id)) for c in candidates],
            [list(b) for b in election.ballots.values_list("choices", flat=True)],
            seed=seed,
            # President and vice-president are the first two elected: their order is decided by
            # the tie rule too, never by who was nominated first.
            ranked=2 if election.creates_presidency else 0,
            box=box,
        )
        election.seed = seed
        election.result = results.ElectionResult.from_count(result).to_json()
        election.status = Election.Status.COUNTED
        election.save(update_fields=["seed", "result", "status"])
        by_id = {c.pk: c for c in candidates}
        _end_outgoing(election.position, election.term_start)
        for cid in result.elected:
            c = by_id[cid]
            appoint_unchecked(
                election.position,
                election.term_start,
                actor=signed_in(actor),
                began=Mandate.Began.ELECTION,
                person=c.person,
                authority=c.authority,
                end_on=None,
                election=election,
            )
        if election.creates_presidency:
            pair = _presidency_positions()
            assert pair is not None
            for position, cid in zip(pair, result.elected, strict=False):
                _end_outgoing(position, election.term_start)
                c = by_id[cid]
                appoint_unchecked(
                    position,
                    election.term_start,
                    actor=signed_in(actor),
                    began=Mandate.Began.ELECTION,
                    person=c.person,
                    authority=c.authority,
                    end_on=terms.term_end(election.term_start, election.body.term_years)
                    if election.body.term_years
                    else None,
                    election=election,
                )
        audit.record(signed_in(actor), "governance.election_counted", election, election.result)
    return election


def _end_outgoing(position: Position, term_start: dt.date) -> None:
    """Mandates of the position still running when the new term starts end the day before."""
    for mandate in Mandate.objects.filter(in_force(term_start), position=position):
        mandate.end_on = term_start - dt.timedelta(days=1)
        mandate.ended = Mandate.Ended.TERM if mandate.end_from_term else Mandate.Ended.SUCCEEDED
        mandate.save(update_fields=["end_on", "ended"])


def _member_since(authority_ids: Iterable[int], day: dt.date) -> dict[int, dt.date]:
    from cocopa.members.models import Membership

    since: dict[int, dt.date] = {}
    for authority_id, start in (
        Membership.objects.filter(authority_id__in=list(authority_ids), start_on__lte=day)
        .order_by("start_on")
        .values_list("authority_id", "start_on")
    ):
        since.setdefault(authority_id, start)
    return since
