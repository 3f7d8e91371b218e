"""Every write to fees: issuing a year's assessments, payments (recorded, imported, archived)
and waivers.

Each function takes who acts as the keyword-only `actor` (core.roles.Actor), runs in one
transaction, checks the actor's right (`actor.has_perm`, rules in cocopa.fees.permissions; None
is the system: a management command run on the server), and
writes the audit trail. Assessments are never recomputed once issued: a later edit of the
schedule applies to years not yet assessed.
"""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cocopa.core import audit, money
from cocopa.core.errors import Conflict, DomainError, Forbidden, InputFileError
from cocopa.core.folding import unaccented
from cocopa.core.roles import Actor, signed_in
from cocopa.fees import allocation, bankcsv, bases, ledger, notify, queries, rules
from cocopa.fees.bases import remove_fee_base as remove_fee_base
from cocopa.fees.bases import set_fee_base as set_fee_base
from cocopa.fees.models import (
    MAX_AMOUNT,
    MAX_TEXT,
    Allocation,
    Assessment,
    FeeBase,
    FeeSchedule,
    Payment,
    Refund,
    UnmatchedBankRow,
    Waiver,
)
from cocopa.fees.receipts import issue_receipt as issue_receipt
from cocopa.governance.models import Designation, in_force
from cocopa.members import queries as member_queries
from cocopa.members import sizes
from cocopa.members.models import LocalAuthority, PopulationFigure

ZERO = Decimal(0)


class MissingPopulation(DomainError):
    """The rule needs a population and some members have no usable figure: none is assessed."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(
            "population_missing",
            _("No usable population figure for: %(names)s. No fee was assessed.")
            % {"names": ", ".join(names)},
        )
        self.names = names


def _require_office(actor: Actor) -> None:
    # None is the system (a command or scheduled job): nobody to ask.
    if actor is not None and not actor.has_perm("fees.manage_fees"):
        raise Forbidden("forbidden", _("Only the administrative office manages fees."))


def _within_range(amount: Decimal) -> None:
    if amount > MAX_AMOUNT:
        raise DomainError(
            "amount_out_of_range", _("An amount is at most %(max)s EUR.") % {"max": money.amount(MAX_AMOUNT)}
        )


def member_key(authority: LocalAuthority) -> str:
    """The member part of an assessment code: the ISTAT code, else A + the record's id."""
    return authority.istat_code or f"A{authority.pk}"


# --- The year's rule ---------------------------------------------------------------------------

SCHEDULE_FIELDS = (
    "kind",
    "rate",
    "minimum",
    "maximum",
    "amount",
    "class_amounts",
    "population_on",
    "pro_rata",
    "source",
    "notes",
)


def set_fee_schedule(year: int, *, actor: Actor, **values: Any) -> FeeSchedule:
    """Write the fee rule of `year` (a new one, or the existing one changed), as the Assembly or
    the convention set it. Assessments already issued keep their frozen amounts: the rule applies
    to those issued afterwards. Refuses, writing nothing, parameters that don't fit the rule
    (`invalid_fee_schedule`, e.g. a rate for a fixed fee) or an unknown field."""
    _require_office(actor)
    unknown = set(values) - set(SCHEDULE_FIELDS)
    if unknown:
        raise DomainError(
            "invalid_fee_schedule", _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        schedule = FeeSchedule.objects.select_for_update().filter(year=year).first()
        created = schedule is None
        if schedule is None:
            schedule = FeeSchedule(year=year)
        before = {name: schedule.serializable_value(name) for name in SCHEDULE_FIELDS} if not created else {}
        for name, value in values.items():
            setattr(schedule, name, value)
        try:
            schedule.rule()
        except ValueError as err:
            raise DomainError("invalid_fee_schedule", str(err)) from err
        schedule._change_reason = "set_fee_schedule"  # type: ignore[attr-defined]
        schedule.save()
        after = {name: schedule.serializable_value(name) for name in SCHEDULE_FIELDS}
        audit.record(
            signed_in(actor),
            "fees.schedule_set",
            schedule,
            {"year": year, "created": created, "before": before, "after": after},
        )
    return schedule


# --- Assessments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessResult:
    year: int
    created: int
    already: int
    total: Decimal

    @property
    def changed(self) -> bool:
        return self.created > 0


def assess_fees(year: int, *, actor: Actor) -> AssessResult:
    """Issue one assessment per member owing the year's fee (queries.members_due), by the year's
    schedule and each member's population on the schedule's reference date.

    Idempotent: members already assessed for the year are left as they are, so a second run
    creates nothing. Refuses, writing nothing, without a schedule (`no_fee_schedule`), with a
    schedule whose parameters don't fit its rule (`invalid_fee_schedule`), when a member lacks a
    population the rule needs (`population_missing`, naming them) or its size class has no
    amount (`size_class_amount_missing`)."""
    _require_office(actor)
    with transaction.atomic():
        schedule = FeeSchedule.objects.select_for_update().filter(year=year).first()
        if schedule is None:
            raise DomainError("no_fee_schedule", _("There is no fee schedule for %(year)s.") % {"year": year})
        try:
            rule = schedule.rule()
        except ValueError as err:
            raise DomainError("invalid_fee_schedule", str(err)) from err
        due = queries.members_due(year)
        already = set(Assessment.objects.filter(year=year).values_list("authority_id", flat=True))
        todo = member_queries.with_population_at(
            LocalAuthority.objects.filter(pk__in=set(due) - already).order_by("name", "pk"),
            schedule.population_reference,
        )
        members = list(todo)
        new = _assessments(schedule, rule, members, due, bases.bases_for(year, [m.pk for m in members]))
        # History rows too: a plain bulk_create would leave the assessments without their first version.
        bulk_create_with_history(new, Assessment, default_user=signed_in(actor))
        # Money that arrived before its fee was issued (the members' credit) pays it now.
        apply_credit(actor=actor, authority_ids=[a.authority_id for a in new])
        total = sum((a.amount for a in new), ZERO)
        if new:
            audit.record(
                signed_in(actor),
                "fees.assessed",
                schedule,
                {"year": year, "created": len(new), "total": str(total)},
            )
    return AssessResult(year, len(new), len(already), total)


@dataclass(frozen=True)
class _Population:
    """The population a member's fee is computed from, with where it comes from."""

    value: int | None
    on: dt.date | None = None
    figure_id: int | None = None
    source_id: int | None = None


def _populations(members: list[Any], member_bases: dict[int, FeeBase]) -> dict[int, _Population]:
    """Each member's population: its fee base's when that gives one, else its figure (two queries)."""
    figures = PopulationFigure.objects.in_bulk(
        [m.population_figure_id for m in members if m.population_figure_id]
    )
    result = {}
    for m in members:
        base = member_bases.get(m.pk)
        if base is not None and base.population is not None:
            # No figure row: the base itself is the record, and the assessment keeps a copy of it.
            result[m.pk] = _Population(base.population, base.population_on, None, base.source_id)
        elif m.population is not None:
            figure = figures.get(m.population_figure_id)
            result[m.pk] = _Population(
                m.population,
                m.population_on,
                m.population_figure_id,
                figure.source_id if figure else None,
            )
        else:
            result[m.pk] = _Population(None)
    return result


def _assessments(
    schedule: FeeSchedule,
    rule: rules.FeeRule,
    members: list[Any],
    due: dict[int, dt.date | None],
    member_bases: dict[int, FeeBase],
) -> list[Assessment]:
    populations = _populations(members, member_bases)

    def needs_population(m: Any) -> bool:
        base = member_bases.get(m.pk)
        fixed = base is not None and base.amount is not None and rule.kind != rules.Kind.EXEMPT
        return rule.needs_population and not fixed

    missing = [m.name for m in members if needs_population(m) and populations[m.pk].value is None]
    if missing:
        raise MissingPopulation(missing)
    bands = member_queries.bands()
    snapshot = rule.snapshot()
    result = []
    for m in members:
        base = member_bases.get(m.pk)
        rule_base = base.rule_base() if base is not None else None
        used = populations[m.pk] if needs_population(m) else _Population(None)
        size_class = sizes.classify(used.value, bands) if used.value is not None else ""
        try:
            full = rules.to_cent(
                rules.full_year(rule, population=used.value, size_class=size_class, base=rule_base)
            )
            amount = rules.fee(
                rule,
                year=schedule.year,
                population=used.value,
                size_class=size_class,
                joined_on=due[m.pk],
                base=rule_base,
            )
        except rules.NoClassAmount as err:
            raise DomainError(
                "size_class_amount_missing",
                _("The schedule has no amount for size class %(key)s (%(name)s).")
                % {"key": err, "name": m.name},
            ) from err
        result.append(
            Assessment(
                authority=m,
                year=schedule.year,
                schedule=schedule,
                code=rules.assessment_code(schedule.year, member_key(m)),
                amount=amount,
                full_year_amount=full,
                joined_on=due[m.pk],
                population=used.value,
                population_figure_id=used.figure_id,
                population_on=used.on,
                population_source_id=used.source_id,
                population_reference=schedule.population_reference if used.value is not None else None,
                base=base.snapshot() if base is not None else {},
                size_class=size_class if rule.kind == rules.Kind.PER_SIZE_CLASS else "",
                rule=snapshot,
            )
        )
    return result


# --- Payments and waivers ---------------------------------------------------------------------


def record_payment(
    actor: Actor,
    authority: LocalAuthority,
    paid_on: dt.date,
    amount: Decimal,
    method: str = Payment.Method.TRANSFER,
    reference: str = "",
    payer: str = "",
    assessment: Assessment | None = None,
) -> Payment:
    """Record money received from a member, optionally for one of its assessments. A payment
    may be partial or exceed the assessment: it is allocated to the assessment given, then to
    the member's oldest open years; what is left is the member's credit."""
    _require_office(actor)
    if amount <= 0:
        raise DomainError("amount_not_positive", _("A payment is a positive amount."))
    _within_range(amount)
    if len(reference) > MAX_TEXT or len(payer) > MAX_TEXT:
        raise DomainError("text_too_long", _("At most %(max)s characters.") % {"max": MAX_TEXT})
    if assessment is not None and assessment.authority_id != authority.pk:
        raise DomainError("assessment_of_another_member", _("That assessment is another member's."))
    with transaction.atomic():
        payment = Payment.objects.create(
            authority=authority,
            paid_on=paid_on,
            amount=amount,
            method=method,
            reference=reference,
            payer=payer,
            assessment=assessment,
        )
        audit.record(signed_in(actor), "fees.payment_recorded", payment, _payment_data(payment))
        _allocate_new(payment, actor)
    return payment


def _payment_data(p: Payment) -> dict[str, Any]:
    return {
        "authority": p.authority_id,
        "paid_on": p.paid_on.isoformat(),
        "amount": str(p.amount),
        "assessment": p.assessment.code if p.assessment else None,
    }


def archive_payment(payment: Payment, *, actor: Actor, reason: str) -> Payment:
    """Take a payment out of the accounts (entered twice, bounced) while keeping it on record;
    its allocations stop counting (ledger.live_allocations), so the fees it paid reopen."""
    _require_office(actor)
    if not reason.strip():
        raise DomainError("reason_required", _("Say why the payment is archived."))
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.archived_on is not None:
            raise Conflict("payment_already_archived", _("This payment is already archived."))
        if payment.refunds.exists():
            raise Conflict("payment_refunded", _("Part of this payment was refunded: it cannot be archived."))
        payment.archived_on = timezone.localdate()
        payment.archive_reason = reason.strip()
        payment.save(update_fields=["archived_on", "archive_reason"])
        audit.record(signed_in(actor), "fees.payment_archived", payment, {"reason": payment.archive_reason})
    return payment


def waive(
    assessment: Assessment, *, actor: Actor, amount: Decimal, reason: str, on: dt.date | None = None
) -> Waiver:
    """Forgo part or all of what is still due on an assessment, with the reason."""
    _require_office(actor)
    if amount <= 0:
        raise DomainError("amount_not_positive", _("A waiver is a positive amount."))
    _within_range(amount)
    if not reason.strip():
        raise DomainError("reason_required", _("Say why the fee is waived."))
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        outstanding = ledger.outstanding(locked)
        if amount > outstanding:
            raise DomainError(
                "waiver_exceeds_balance",
                _("Only %(due)s EUR is still due on this assessment.") % {"due": money.amount(outstanding)},
            )
        waiver = Waiver.objects.create(
            assessment=locked,
            amount=amount,
            reason=reason.strip(),
            by=signed_in(actor),
            on=on or timezone.localdate(),
        )
        audit.record(
            signed_in(actor), "fees.waived", waiver, {"assessment": locked.code, "amount": str(amount)}
        )
    return waiver


# --- Allocations and refunds: what each payment pays (ledger.py reads them) -------------------------


def _open_assessments(authority_id: int) -> list[tuple[Assessment, Decimal]]:
    """The member's assessments still open, oldest first, locked until the transaction ends."""
    locked = list(
        Assessment.objects.select_for_update().filter(authority_id=authority_id).order_by("year", "pk")
    )
    due = {a.pk: a.balance for a in ledger.assessments([authority_id])}
    return [(a, due[a.pk]) for a in locked if due[a.pk] > 0]


def _allocate_new(payment: Payment, actor: Actor) -> list[Allocation]:
    """Apply what is left of a payment: the quoted assessment first (by code), then the oldest
    open years (by payer). Called inside the caller's transaction."""
    return _spread(payment, ledger.unallocated(payment), actor, quoted=payment.assessment_id)


def _spread(payment: Payment, amount: Decimal, actor: Actor, quoted: int | None = None) -> list[Allocation]:
    open_items = _open_assessments(payment.authority_id)
    parts = allocation.spread(amount, [(a.pk, due) for a, due in open_items], first=quoted)
    rows = [
        Allocation.objects.create(
            payment=payment,
            assessment_id=pk,
            amount=part,
            how=Allocation.How.CODE if pk == quoted else Allocation.How.PAYER,
            by=signed_in(actor),
        )
        for pk, part in parts
    ]
    if rows:
        audit.record(
            signed_in(actor),
            "fees.payment_allocated",
            payment,
            {"allocations": [[r.assessment_id, str(r.amount), r.how] for r in rows]},
        )
    return rows


def allocate(payment: Payment, assessment: Assessment, *, actor: Actor, amount: Decimal) -> Allocation:
    """Apply part of a payment to one assessment of the same member, by hand: not more than is
    left of the payment nor more than is still due on the assessment."""
    _require_office(actor)
    if amount <= 0:
        raise DomainError("amount_not_positive", _("An allocation is a positive amount."))
    _within_range(amount)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.archived_on is not None:
            raise Conflict("payment_archived", _("This payment is archived."))
        if assessment.authority_id != payment.authority_id:
            raise DomainError("assessment_of_another_member", _("That assessment is another member's."))
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        left, due = ledger.unallocated(payment), ledger.outstanding(locked)
        if amount > left:
            raise DomainError(
                "allocation_exceeds_payment",
                _("Only %(left)s EUR of this payment is not yet allocated.") % {"left": money.amount(left)},
            )
        if amount > due:
            raise DomainError(
                "allocation_exceeds_balance",
                _("Only %(due)s EUR is still due on this assessment.") % {"due": money.amount(due)},
            )
        row = Allocation.objects.create(
            payment=payment, assessment=locked, amount=amount, how=Allocation.How.HAND, by=signed_in(actor)
        )
        audit.record(
            signed_in(actor),
            "fees.payment_allocated",
            payment,
            {"allocations": [[locked.pk, str(amount), row.how]]},
        )
    return row


def release_allocation(row: Allocation, *, actor: Actor) -> None:
    """Undo an allocation (to allocate the money otherwise): the row leaves the ledger, its
    history and the audit entry stay."""
    _require_office(actor)
    with transaction.atomic():
        row = Allocation.objects.select_for_update().select_related("payment").get(pk=row.pk)
        audit.record(
            signed_in(actor),
            "fees.allocation_released",
            row.payment,
            {"assessment": row.assessment_id, "amount": str(row.amount), "how": row.how},
        )
        row.delete()


def apply_credit(*, actor: Actor, authority_ids: list[int] | None = None) -> int:
    """Apply members' credit (money received, not allocated nor refunded) to their open years,
    oldest payment to oldest year; returns the number of allocations written. Run after a
    year's fees are issued, so money that arrived before its assessment pays it."""
    _require_office(actor)
    created = 0
    with transaction.atomic():
        pending = ledger.to_cents(
            ledger.payments(authority_ids).order_by("paid_on", "pk"), ledger.PAYMENT_SUMS
        )
        for payment in pending:
            if payment.unallocated > 0:
                created += len(_spread(payment, payment.unallocated, actor))
    return created


def refund(
    payment: Payment, *, actor: Actor, amount: Decimal, reason: str, on: dt.date | None = None
) -> Refund:
    """Give back money of a payment that pays no fee (an overpayment): not more than is left of it."""
    _require_office(actor)
    if amount <= 0:
        raise DomainError("amount_not_positive", _("A refund is a positive amount."))
    _within_range(amount)
    if not reason.strip():
        raise DomainError("reason_required", _("Say why the money is refunded."))
    if len(reason.strip()) > MAX_TEXT:
        raise DomainError("text_too_long", _("At most %(max)s characters.") % {"max": MAX_TEXT})
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.archived_on is not None:
            raise Conflict("payment_archived", _("This payment is archived."))
        left = ledger.unallocated(payment)
        if amount > left:
            raise DomainError(
                "refund_exceeds_payment",
                _("Only %(left)s EUR of this payment is not allocated to a fee.")
                % {"left": money.amount(left)},
            )
        row = Refund.objects.create(
            payment=payment,
            amount=amount,
            reason=reason.strip(),
            by=signed_in(actor),
            on=on or timezone.localdate(),
        )
        audit.record(
            signed_in(actor), "fees.refunded", payment, {"amount": str(amount), "reason": row.reason}
        )
    return row


# --- Import of the bank's CSV export --------------------------------------------------------------

_CODE = re.compile(r"COCOPA-\d{4}-[0-9A-Z]+", re.IGNORECASE)
_PREFIXES = ("comune di ", "citta di ", "citta metropolitana di ", "provincia di ", "regione ")


def normalised(name: str) -> str:
    """A name as compared with the payer: no accents, case or punctuation, no 'Comune di'."""
    text = unaccented(name).encode("ascii", "ignore").decode()
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


@dataclass(frozen=True)
class Unmatched:
    line: int
    row: bankcsv.BankRow
    why: str  # no_match, ambiguous_payer, not_incoming


@dataclass(frozen=True)
class PlannedRow:
    """What the import does with one bank row: `matched` (a payment for `authority`, quoting
    `assessment` when its code is in the reference: `how` is code or payer), `unmatched` (queued
    for the office, `why` no_match or ambiguous_payer), `not_incoming` (an outgoing row, skipped)
    or `duplicate` (imported or queued before, skipped)."""

    row: bankcsv.BankRow
    kind: str
    authority: LocalAuthority | None = None
    assessment: Assessment | None = None
    how: str = ""
    why: str = ""


@dataclass
class ImportPlan:
    """A bank file read and matched, nothing written: what the preview shows and the confirmation
    writes. `rejected` are the bad rows (line and field); a file with any is not imported."""

    name: str
    rows: list[PlannedRow]
    rejected: list[InputFileError]

    def of(self, kind: str) -> list[PlannedRow]:
        return [r for r in self.rows if r.kind == kind]

    @property
    def fingerprint(self) -> str:
        """What the import would write, as a hash: a confirmation whose preview showed another
        plan (the file, the members, the assessments or earlier imports changed) is refused."""
        text = json.dumps(
            [
                [
                    r.row.key,
                    r.kind,
                    r.authority.pk if r.authority else None,
                    r.assessment.pk if r.assessment else None,
                ]
                for r in self.rows
            ]
            + [[e.line, e.field] for e in self.rejected]
        )
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class ImportResult:
    by_reference: int = 0
    by_name: int = 0
    duplicates: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)
    queued: int = 0  # unmatched incoming rows put in the office's queue (UnmatchedBankRow)

    @property
    def created(self) -> int:
        return self.by_reference + self.by_name


def plan_import(content: bytes, name: str) -> ImportPlan:
    """Read a bank file (bankcsv.read_checked) and match each row, writing nothing.

    A row is matched to an assessment by an assessment code in its reference, else to a member by
    the payer's name (normalised()) — that payment pays the member's oldest open year; a row
    already imported or queued (same hash) is a duplicate. A fault of the whole file raises
    InputFileError; bad rows are in `rejected`."""
    rows, rejected = bankcsv.read_checked(content, name)
    codes = {a.code.upper(): a for a in Assessment.objects.select_related("authority")}
    by_name: dict[str, list[LocalAuthority]] = {}
    for authority in LocalAuthority.objects.all():
        by_name.setdefault(normalised(authority.name), []).append(authority)
    keys = [r.key for r in rows]
    known = set(Payment.objects.filter(import_key__in=keys).values_list("import_key", flat=True))
    known |= set(UnmatchedBankRow.objects.filter(import_key__in=keys).values_list("import_key", flat=True))
    planned = []
    for row in rows:
        if row.amount <= 0:
            planned.append(PlannedRow(row, "not_incoming", why="not_incoming"))
            continue
        if row.key in known:
            planned.append(PlannedRow(row, "duplicate"))
            continue
        assessment = next(
            (codes[c.upper()] for c in _CODE.findall(row.reference) if c.upper() in codes), None
        )
        if assessment is not None:
            planned.append(PlannedRow(row, "matched", assessment.authority, assessment, how="code"))
            continue
        candidates = by_name.get(normalised(row.payer), []) if row.payer else []
        if len(candidates) == 1:
            planned.append(PlannedRow(row, "matched", candidates[0], how="payer"))
        else:
            why = UnmatchedBankRow.Why.AMBIGUOUS_PAYER if candidates else UnmatchedBankRow.Why.NO_MATCH
            planned.append(PlannedRow(row, "unmatched", why=why))
    return ImportPlan(name, planned, rejected)


def import_payments(path: str | Path, *, actor: Actor) -> ImportResult:
    """`cocopa import_payments FILE`: import_bank_file on the file's content."""
    _require_office(actor)
    name = str(path)
    try:
        content = Path(path).read_bytes()
    except OSError as err:
        raise InputFileError(name, None, None, str(err)) from err
    return import_bank_file(content, name, actor=actor)


def import_bank_file(content: bytes, name: str, *, actor: Actor, expected: str | None = None) -> ImportResult:
    """Record the incoming transfers of a bank CSV export (bankcsv.py states the format), as
    plan_import matches them, in one transaction: matched rows become payments allocated by code,
    then by payer (`_allocate_new`); unmatched incoming rows go to the office's queue
    (UnmatchedBankRow); outgoing rows and rows already imported or queued are skipped. A file with
    a bad row raises InputFileError with its line and field, and nothing is written. `expected`:
    the fingerprint of the plan the office previewed; another plan is refused (`import_changed`)."""
    _require_office(actor)
    try:
        return _import_bank_file(content, name, actor=actor, expected=expected)
    except IntegrityError as err:
        # Two imports of the same rows at once: the unique import keys let one win; the other
        # writes nothing and is told to look again, instead of failing with a server error.
        raise Conflict(
            "import_changed",
            _("The file or the accounts changed since the preview: upload the file again and check it."),
        ) from err


def _import_bank_file(content: bytes, name: str, *, actor: Actor, expected: str | None) -> ImportResult:
    result = ImportResult()
    source = Path(name).name
    with transaction.atomic():
        plan = plan_import(content, name)
        if plan.rejected:
            raise plan.rejected[0]
        if expected is not None and plan.fingerprint != expected:
            raise Conflict(
                "import_changed",
                _("The file or the accounts changed since the preview: upload the file again and check it."),
            )
        for p in plan.rows:
            row = p.row
            if p.kind == "duplicate":
                result.duplicates += 1
            elif p.kind == "not_incoming":
                result.unmatched.append(Unmatched(row.line, row, "not_incoming"))
            elif p.kind == "unmatched":
                result.unmatched.append(Unmatched(row.line, row, p.why))
                UnmatchedBankRow.objects.create(
                    paid_on=row.paid_on,
                    amount=row.amount,
                    payer=row.payer,
                    reference=row.reference,
                    why=p.why,
                    imported_from=source,
                    line=row.line,
                    import_key=row.key,
                )
                result.queued += 1
            else:
                assert p.authority is not None  # matched rows have their member  # noqa: S101
                payment = Payment.objects.create(
                    authority=p.authority,
                    paid_on=row.paid_on,
                    amount=row.amount,
                    method=Payment.Method.TRANSFER,
                    reference=row.reference,
                    payer=row.payer,
                    assessment=p.assessment,
                    imported_from=source,
                    import_key=row.key,
                )
                _allocate_new(payment, actor)
                if p.how == "code":
                    result.by_reference += 1
                else:
                    result.by_name += 1
        audit.record(
            signed_in(actor),
            "fees.payments_imported",
            None,
            {
                "file": source,
                "sha256": hashlib.sha256(content).hexdigest(),
                "created": result.created,
                "duplicates": result.duplicates,
                "unmatched": len(result.unmatched),
                "queued": result.queued,
            },
        )
    return result


def match_bank_row(
    row: UnmatchedBankRow,
    *,
    actor: Actor,
    authority: LocalAuthority,
    assessment: Assessment | None = None,
) -> Payment:
    """The office gives a queued bank row to a member (and optionally one of its assessments):
    a payment with the row's date, amount, payer and reference, allocated like an imported one
    (the assessment first, then the oldest open years)."""
    _require_office(actor)
    if assessment is not None and assessment.authority_id != authority.pk:
        raise DomainError("assessment_of_another_member", _("That assessment is another member's."))
    with transaction.atomic():
        row = UnmatchedBankRow.objects.select_for_update().get(pk=row.pk)
        if row.status != UnmatchedBankRow.Status.OPEN:
            raise Conflict("bank_row_resolved", _("This bank row was already matched or dismissed."))
        payment = Payment.objects.create(
            authority=authority,
            paid_on=row.paid_on,
            amount=row.amount,
            method=Payment.Method.TRANSFER,
            reference=row.reference,
            payer=row.payer,
            assessment=assessment,
            imported_from=row.imported_from,
            import_key=row.import_key,
        )
        audit.record(signed_in(actor), "fees.payment_recorded", payment, _payment_data(payment))
        _allocate_new(payment, actor)
        row.status = UnmatchedBankRow.Status.MATCHED
        row.payment = payment
        row.resolved_by = signed_in(actor)
        row.resolved_at = timezone.now()
        row.save(update_fields=["status", "payment", "resolved_by", "resolved_at"])
        audit.record(signed_in(actor), "fees.bank_row_matched", row, {"payment": payment.pk})
    return payment


def dismiss_bank_row(row: UnmatchedBankRow, *, actor: Actor, reason: str) -> UnmatchedBankRow:
    """Take a queued bank row off the queue without a payment (not a fee: a grant, a refund
    received …), with the reason. It stays on record, so a re-import does not queue it again."""
    _require_office(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_required", _("Say why the bank row is dismissed."))
    if len(reason) > MAX_TEXT:
        raise DomainError("text_too_long", _("At most %(max)s characters.") % {"max": MAX_TEXT})
    with transaction.atomic():
        row = UnmatchedBankRow.objects.select_for_update().get(pk=row.pk)
        if row.status != UnmatchedBankRow.Status.OPEN:
            raise Conflict("bank_row_resolved", _("This bank row was already matched or dismissed."))
        row.status = UnmatchedBankRow.Status.DISMISSED
        row.dismiss_reason = reason
        row.resolved_by = signed_in(actor)
        row.resolved_at = timezone.now()
        row.save(update_fields=["status", "dismiss_reason", "resolved_by", "resolved_at"])
        audit.record(signed_in(actor), "fees.bank_row_dismissed", row, {"reason": reason})
    return row


# --- Reminders by e-mail --------------------------------------------------------------------------


@dataclass(frozen=True)
class RemindersSent:
    """What send_fee_reminders did: messages queued, and each member in arrears not reached, with why."""

    mailed: int
    not_mailed: list[tuple[str, str]]  # (member's name, reason)


def send_fee_reminders(today: dt.date, *, actor: Actor) -> RemindersSent:
    """E-mail each representative (with an address) of a member owing fees for a year before
    today's. Mail leaves after commit (through the outbox); the audit says who was told. A member
    in arrears with no representative today, or none with an address, is named in the result."""
    _require_office(actor)
    late = {
        account.authority.pk: (account, [(y, due) for y, due in account.open_years if y < today.year])
        for account in queries.arrears()
    }
    late = {pk: v for pk, v in late.items() if v[1]}
    codes: dict[int, list[str]] = {}
    for pk, year, code in Assessment.objects.filter(authority_id__in=late).values_list(
        "authority_id", "year", "code"
    ):
        if any(year == y for y, _due in late[pk][1]):
            codes.setdefault(pk, []).append(code)
    designations = Designation.objects.filter(in_force(today), authority_id__in=late).select_related(
        "person__user"
    )
    sent = 0
    reached: set[int] = set()
    represented: set[int] = set()
    with transaction.atomic():
        for d in designations:
            represented.add(d.authority_id)
            to = d.person.email or (d.person.user.email if d.person.user else "")
            if not to:
                continue
            account, years = late[d.authority_id]
            transaction.on_commit(
                partial(
                    notify.arrears_reminder,
                    to,
                    account.authority.name,
                    years,
                    sorted(codes.get(d.authority_id, [])),
                    today,
                )
            )
            audit.record(signed_in(actor), "fees.reminder_sent", account.authority, {"person": d.person_id})
            reached.add(d.authority_id)
            sent += 1
    not_mailed = [
        (
            account.authority.name,
            _("no e-mail address for its representatives")
            if pk in represented
            else _("no representative designated today"),
        )
        for pk, (account, _years) in late.items()
        if pk not in reached
    ]
    return RemindersSent(mailed=sent, not_mailed=sorted(not_mailed))
