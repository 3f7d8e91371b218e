"""Writes to the member registry: importing ISTAT's list of municipalities, recording acts (and the
membership periods they imply), archiving authorities and acts."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history, get_history_model_for_model

from cocopa.core import audit
from cocopa.core.dates import Precision
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.models import Source
from cocopa.core.roles import Actor, signed_in
from cocopa.members import conventions, istat, queries
from cocopa.members.models import (
    AdhesionAct,
    Convention,
    LocalAuthority,
    Membership,
    PopulationFigure,
    folded_name,
)

CENSUS_2011 = dt.date(2011, 10, 9)
# The demo network's source for the ISTAT list; a database without it gets ISTAT_SOURCE.
DEMO_ISTAT_SOURCE = "S45"
ISTAT_SOURCE = "ISTAT-2011"
BASIS_IT = "popolazione legale ISTAT, censimento 2011"
BASIS_EN = "ISTAT legal population, 2011 census"
# The columns the ISTAT list is authoritative for; the office's other columns are kept.
AUTHORITY_FIELDS = ("name", "province_code", "province_name", "region_name", "cadastral_code")
# Rows per UPDATE; Django lowers it further where SQLite's 999 parameters require.
BATCH_SIZE = 500
# ISTAT's list of the 7,904 municipalities with their 2011 population, shipped with cocopa.
ISTAT_LIST = Path(__file__).resolve().parent / "data" / "istat_municipalities.csv"


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: authorities by outcome, and the census figures written."""

    created: int
    updated: int
    unchanged: int
    figures_created: int
    figures_updated: int


@dataclass(frozen=True)
class _Stamp:
    """Who, when and why, the same on every history row of one import."""

    user: User | None
    reason: str
    at: dt.datetime

    def created(self) -> dict[str, Any]:
        """The history columns of a "+" row, as simple-history writes them."""
        return {
            "history_date": self.at,
            "history_type": "+",
            "history_change_reason": self.reason,
            "history_user_id": self.user.pk if self.user is not None else None,
        }


def import_istat(path: Path | str, *, actor: Actor) -> ImportSummary:
    """Upsert the municipalities of an ISTAT list and their 2011 legal population, all or nothing.

    Authorities match by ISTAT code, figures by (authority, census day, source); equal rows are
    left alone, so running the same file again writes only its audit event. Memberships, other
    figures and authorities missing from the file are never touched. Every row written gets its
    back-office history row.
    """
    path = Path(path)
    return _import_rows(istat.parse(path), path.name, actor=actor)


def import_istat_list(*, actor: Actor) -> ImportSummary | None:
    """Import ISTAT's list shipped with cocopa (data/README.md) when any of its municipalities is
    missing; None, and nothing written (not even an audit event), when all are there already."""
    rows = istat.parse(ISTAT_LIST)
    plain_authorities: models.QuerySet[LocalAuthority] = models.QuerySet(LocalAuthority)
    stored = set(plain_authorities.filter(istat_code__isnull=False).values_list("istat_code", flat=True))
    if all(row.istat_code in stored for row in rows):
        return None
    return _import_rows(rows, ISTAT_LIST.name, actor=actor)


def _import_rows(rows: list[istat.IstatRow], file_name: str, *, actor: Actor) -> ImportSummary:
    stamp = _Stamp(
        user=signed_in(actor),
        reason=f"ISTAT import: {file_name}"[:100],
        at=timezone.now(),
    )
    with transaction.atomic():
        source = _census_source()
        ids, created, updated = _upsert_authorities(rows, stamp)
        figures_created, figures_updated = _upsert_figures(rows, ids, source, stamp)
        summary = ImportSummary(
            created=created,
            updated=updated,
            unchanged=len(rows) - created - updated,
            figures_created=figures_created,
            figures_updated=figures_updated,
        )
        audit.record(
            actor, "istat.imported", None, {"file": file_name, "source": source.code, **asdict(summary)}
        )
    return summary


def _census_source() -> Source:
    source = Source.objects.filter(code=DEMO_ISTAT_SOURCE).first()
    if source is not None:
        return source
    return Source.objects.get_or_create(
        code=ISTAT_SOURCE,
        defaults={
            "title": "ISTAT, Elenco comuni italiani — popolazione legale al censimento 2011",
            "url": "https://www.istat.it/it/archivio/6789",
            "kind": "official statistics",
        },
    )[0]


def _upsert_authorities(rows: list[istat.IstatRow], stamp: _Stamp) -> tuple[dict[str, int], int, int]:
    """Create and update the file's authorities; all ids by ISTAT code, and how many of each."""
    # Plain querysets: modeltranslation's values_list() does Python work for every row, a large
    # share of the import when all 7,904 municipalities are read back (twice).
    plain_authorities: models.QuerySet[LocalAuthority] = models.QuerySet(LocalAuthority)
    with_code = plain_authorities.filter(istat_code__isnull=False)
    stored = {
        code: (pk, values)
        for pk, code, *values in with_code.values_list("pk", "istat_code", *AUTHORITY_FIELDS)
    }
    new: list[tuple[str, ...]] = []
    changes: dict[int, dict[str, Any]] = {}
    for row in rows:
        values = [getattr(row, field) for field in AUTHORITY_FIELDS]
        if row.istat_code not in stored:
            new.append((row.istat_code, *values, folded_name(row.name)))
            continue
        pk, old = stored[row.istat_code]
        if old != values:
            changes[pk] = {f: v for f, was, v in zip(AUTHORITY_FIELDS, old, values, strict=True) if was != v}
            if "name" in changes[pk]:
                # Neither path calls save(), which keeps the search's column (models.folded_name).
                changes[pk]["name_folded"] = folded_name(row.name)
    columns = ("istat_code", *AUTHORITY_FIELDS, "name_folded")
    _insert(LocalAuthority, {"kind": LocalAuthority.Kind.MUNICIPALITY}, columns, new)
    ids = {code: pk for code, (pk, _) in stored.items()}
    if new:
        ids = dict(with_code.values_list("istat_code", "pk"))
        history = [(ids[values[0]], *values) for values in new]
        constants = {"kind": LocalAuthority.Kind.MUNICIPALITY, **stamp.created()}
        _insert(get_history_model_for_model(LocalAuthority), constants, ("id", *columns), history)
    _update(LocalAuthority, changes, stamp)
    return ids, len(new), len(changes)


def _upsert_figures(
    rows: list[istat.IstatRow], ids: dict[str, int], source: Source, stamp: _Stamp
) -> tuple[int, int]:
    """Create or correct each authority's census figure from this source; how many of each."""
    plain_figures: models.QuerySet[PopulationFigure] = models.QuerySet(PopulationFigure)
    census = plain_figures.filter(reference_date=CENSUS_2011)
    stored: dict[int, tuple[int, int]] = {}
    for authority_id, pk, value in (
        census.filter(source=source).order_by("-pk").values_list("authority_id", "pk", "value")
    ):
        stored[authority_id] = (pk, value)  # the oldest wins where someone entered the figure twice
    # A figure of the same day that someone marked preferred keeps its place: the new one is not.
    preferred_elsewhere = set(
        census.filter(preferred=True).exclude(source=source).values_list("authority_id", flat=True)
    )
    new: list[tuple[int, int, bool]] = []
    changes: dict[int, dict[str, Any]] = {}
    for row in rows:
        authority_id = ids[row.istat_code]
        if authority_id not in stored:
            new.append((authority_id, row.population, authority_id not in preferred_elsewhere))
        elif stored[authority_id][1] != row.population:
            changes[stored[authority_id][0]] = {"value": row.population}
    constants = {
        "reference_date": CENSUS_2011,
        "reference_precision": Precision.DAY.value,
        "source_id": source.pk,
        # `basis` holds the default language's text, as modeltranslation has the ORM store it.
        "basis": BASIS_IT,
        "basis_it": BASIS_IT,
        "basis_en": BASIS_EN,
    }
    columns = ("authority_id", "value", "preferred")
    _insert(PopulationFigure, constants, columns, new)
    if new:
        figure_ids = dict(census.filter(source=source).values_list("authority_id", "pk"))
        history = [(figure_ids[values[0]], *values) for values in new]
        history_constants = {**constants, **stamp.created()}
        _insert(get_history_model_for_model(PopulationFigure), history_constants, ("id", *columns), history)
    _update(PopulationFigure, changes, stamp)
    return len(new), len(changes)


def _insert(
    model: type[models.Model],
    constants: dict[str, Any],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """bulk_create() without building a model instance and compiling SQL for every row.

    That per-row work made the first import of the 7,904 municipalities take about 3 s on SQLite
    instead of 0.4 s. `rows` hold values ready to store (text, integers, ids) for `columns`; every
    other column gets its value from `constants`, else its default. No signals are sent, as with
    bulk_create().
    """
    if not rows:
        return
    concrete = {f.attname: f for f in model._meta.concrete_fields}
    fixed = [f for name, f in concrete.items() if name not in columns and not isinstance(f, models.AutoField)]
    fixed_values = tuple(
        f.get_db_prep_save(constants.get(f.attname, f.get_default()), connection) for f in fixed
    )
    fields = [*fixed, *(concrete[c] for c in columns)]
    values = [(*fixed_values, *row) for row in rows]
    quote = connection.ops.quote_name
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement with an array per column, as Django's bulk_create does on PostgreSQL:
            # three times faster here than a statement per row.
            arrays = ", ".join(f"%s::{_array_type(f)}" for f in fields)
            cursor.execute(
                f"{insert} SELECT * FROM UNNEST({arrays})",
                [list(column) for column in zip(*values, strict=True)],
            )
        else:
            # SQLite runs one prepared statement over all rows, as fast as a hand-written loop.
            cursor.executemany(f"{insert} VALUES ({', '.join(['%s'] * len(fields))})", values)


def _array_type(field: "models.Field[Any, Any]") -> str:
    """The PostgreSQL array type for a column, without a length: varchar[], not varchar(200)[]."""
    db_type = field.db_type(connection)
    if db_type is None:  # only fields without a column, which concrete_fields does not list
        raise TypeError(f"{field} has no column type")
    return db_type.split("(")[0] + "[]"


def _update(model: type[models.Model], changes: dict[int, dict[str, Any]], stamp: _Stamp) -> None:
    """Apply {pk: {field: value}} with bulk_update, writing a "~" history row for each."""
    if not changes:
        return
    objs = model._default_manager.in_bulk(list(changes))
    for pk, values in changes.items():
        for field, value in values.items():
            setattr(objs[pk], field, value)
    bulk_update_with_history(
        list(objs.values()),
        model,
        sorted({field for values in changes.values() for field in values}),
        batch_size=BATCH_SIZE,
        default_user=stamp.user,
        default_change_reason=stamp.reason,
        default_date=stamp.at,
    )


# --- Acts and the membership periods they imply ---------------------------------------------


def record_act(
    authority: LocalAuthority,
    *,
    actor: Actor,
    kind: str,
    adopted_on: dt.date | None = None,
    adopted_precision: str = Precision.DAY.value,
    in_force_on: dt.date | None = None,
    convention: Convention | None = None,
    notified_on: dt.date | None = None,
    effective_on: dt.date | None = None,
    body: str = "",
    number: str = "",
    source: Source | None = None,
    document_url: str = "",
    document: "File[Any] | None" = None,
    notes: str = "",
    force: bool = False,
) -> AdhesionAct:
    """Record a council act and apply it to the authority's membership periods (apply_act)."""
    with transaction.atomic():
        act = AdhesionAct(
            authority=authority,
            kind=kind,
            adopted_on=adopted_on,
            adopted_precision=adopted_precision,
            in_force_on=in_force_on,
            convention=convention,
            notified_on=notified_on,
            effective_on=effective_on,
            body=body,
            number=number,
            source=source,
            document_url=document_url,
            notes=notes,
        )
        if document is not None:
            # Written to storage when the row is saved; a refusal by apply_act rolls the row back
            # and leaves the file unreferenced, never an act without its document.
            act.document = document
        try:
            act.clean()
        except ValidationError as err:
            raise Conflict("invalid_act", " ".join(err.messages)) from err
        act.save()
        audit.record(
            actor,
            "members.act_recorded",
            act,
            {"authority": authority.pk, "kind": kind, "document": act.document.name or ""},
        )
        apply_act(act, actor=actor, force=force)
    return act


def apply_act(act: AdhesionAct, *, actor: Actor, force: bool = False) -> Membership:
    """Make the membership periods follow the act; returns the period it belongs to.

    - adhesion, renewal, approval of the convention: the period in force on the act's date (in
      force, else adopted) continues; when there is none, a new period starts on that date;
    - withdrawal: the period in force on `effective_on` ends that day. The notice must reach the
      Ufficio di Presidenza at least the convention's notice days before (art. 4, S44): a shorter
      or unknown notice is refused (`withdrawal_notice_too_short`, `withdrawal_notice_unknown`)
      unless `force`, and then the act is flagged and the audit trail says so.
    """
    with transaction.atomic():
        LocalAuthority.objects.select_for_update().filter(pk=act.authority_id).first()
        if AdhesionAct.objects.filter(pk=act.pk, archived_on__isnull=False).exists():
            raise Conflict("act_archived", _("An archived act changes no membership period."))
        if act.kind == AdhesionAct.Kind.WITHDRAWAL:
            return _apply_withdrawal(act, actor=actor, force=force)
        return _apply_joining(act, actor=actor)


def _apply_joining(act: AdhesionAct, *, actor: Actor) -> Membership:
    start = act.starts_on
    if start is None:
        raise Conflict("act_date_missing", _("The act needs its date before it can start a membership."))
    period: Membership | None = (
        Membership.objects.active_on(start).filter(authority_id=act.authority_id).first()
    )
    if period is None:
        period = Membership(
            authority_id=act.authority_id,
            start_on=start,
            start_precision=Precision.DAY.value if act.in_force_on else act.adopted_precision,
            start_basis=Membership.StartBasis.JOINED,
            start_source=act.source,
        )
        _checked(period)
        period.save()
        audit.record(actor, "members.period_started", period, {"act": act.pk, "start_on": str(start)})
    _link(act, period)
    return period


def _apply_withdrawal(act: AdhesionAct, *, actor: Actor, force: bool) -> Membership:
    if act.effective_on is None:
        raise Conflict("withdrawal_effective_date_missing", _("Say when the withdrawal takes effect."))
    period: Membership | None = (
        Membership.objects.active_on(act.effective_on).filter(authority_id=act.authority_id).first()
    )
    if period is None:
        raise Conflict(
            "no_period_in_force", _("The authority is not a member on the day the withdrawal takes effect.")
        )
    problem = withdrawal_notice_problem(act)
    if problem is not None:
        if not force:
            raise Conflict(problem, _notice_message(problem, act))
        act.notice_forced = True
        act.save(update_fields=["notice_forced"])
        audit.record(
            actor,
            "members.withdrawal_notice_short",
            act,
            {
                "code": problem,
                "notified_on": str(act.notified_on) if act.notified_on else None,
                "effective_on": str(act.effective_on),
                "notice_days": queries.notice_days_for(act),
            },
        )
    period.end_on = act.effective_on
    period.end_precision = Precision.DAY.value
    period.end_basis = Membership.EndBasis.LEFT
    period.end_source = act.source
    _checked(period)
    period.save(update_fields=["end_on", "end_precision", "end_basis", "end_source"])
    audit.record(actor, "members.period_ended", period, {"act": act.pk, "end_on": str(act.effective_on)})
    _link(act, period)
    return period


def withdrawal_notice_problem(act: AdhesionAct) -> str | None:
    """The code of what is wrong with a withdrawal's notice, or None when it respects the rule
    (or no convention sets a notice for it)."""
    notice_days = queries.notice_days_for(act)
    if notice_days is None or act.effective_on is None:
        return None
    if act.notified_on is None:
        return "withdrawal_notice_unknown"
    if not conventions.notice_ok(act.notified_on, act.effective_on, notice_days):
        return "withdrawal_notice_too_short"
    return None


def _notice_message(code: str, act: AdhesionAct) -> str:
    days = queries.notice_days_for(act) or 0
    if code == "withdrawal_notice_unknown":
        return _(
            "Give the day the notice reached the Ufficio di Presidenza: the convention asks for %(days)s days."
        ) % {"days": days}
    assert act.notified_on is not None
    return _(
        "The notice reached the Ufficio di Presidenza too late: the withdrawal can take effect on %(day)s at the earliest."
    ) % {"day": date_format(conventions.earliest_effective(act.notified_on, days))}


def _checked(period: Membership) -> None:
    try:
        period.clean()
    except ValidationError as err:
        # A single error (the overlap) carries its code; a per-field one does not.
        raise Conflict(getattr(err, "code", None) or "invalid_period", " ".join(err.messages)) from err


def _link(act: AdhesionAct, period: Membership) -> None:
    if act.membership_id != period.pk:
        act.membership = period
        act.save(update_fields=["membership"])


# --- A new member in one step --------------------------------------------------------------


def add_member(
    istat_code: str,
    *,
    actor: Actor,
    adopted_on: dt.date,
    body: str,
    number: str = "",
    document: "File[Any] | None" = None,
) -> AdhesionAct:
    """A municipality of ISTAT's list joins: its adhesion act is recorded and its membership period
    starts on the act's date (record_act), in one transaction, with a `members.member_added` entry.

    Refused, with nothing written: a code naming no municipality in the list
    (`no_such_municipality`), an act dated after today (`act_date_in_future`), a municipality
    already a member on that day (`already_member`: its renewal goes on its acts page), and,
    from record_act, a start that would overlap a later period (`overlapping_period`).
    """
    with transaction.atomic():
        authority = (
            queries.current_authorities()
            .select_for_update()
            .filter(istat_code=istat_code.strip(), kind=LocalAuthority.Kind.MUNICIPALITY)
            .first()
        )
        if authority is None:
            raise DomainError(
                "no_such_municipality",
                _("No municipality of ISTAT's list has the code %(code)s.") % {"code": istat_code},
            )
        if adopted_on > timezone.localdate():
            raise DomainError("act_date_in_future", _("The act's date cannot be after today."))
        if Membership.objects.active_on(adopted_on).filter(authority=authority).exists():
            raise DomainError(
                "already_member",
                _("%(name)s is already a member on %(day)s.")
                % {"name": authority.name, "day": adopted_on.isoformat()},
            )
        act = record_act(
            authority,
            actor=actor,
            kind=AdhesionAct.Kind.ADHESION,
            adopted_on=adopted_on,
            body=body,
            number=number,
            convention=queries.convention_in_force(adopted_on),
            document=document,
        )
        audit.record(
            actor,
            "members.member_added",
            authority,
            {"act": act.pk, "membership": act.membership_id, "start_on": str(adopted_on)},
        )
    return act


# --- Archive, never delete ------------------------------------------------------------------


def archive_authority(authority: LocalAuthority, *, actor: Actor) -> LocalAuthority:
    """Take an authority out of public lists, statistics and the API; its rows and history stay."""
    with transaction.atomic():
        authority = LocalAuthority.objects.select_for_update().get(pk=authority.pk)
        if authority.archived_on is not None:
            raise Conflict("already_archived", _("This authority is already archived."))
        authority.archived_on = timezone.localdate()
        authority.archived_by = signed_in(actor)
        authority.save(update_fields=["archived_on", "archived_by"])
        audit.record(actor, "members.authority_archived", authority, {"name": authority.name})
    return authority


def archive_act(act: AdhesionAct, *, actor: Actor) -> AdhesionAct:
    """Take an act out of the member's record and the warnings; the periods it shaped stay as they are."""
    with transaction.atomic():
        act = AdhesionAct.objects.select_for_update().get(pk=act.pk)
        if act.archived_on is not None:
            raise Conflict("already_archived", _("This act is already archived."))
        act.archived_on = timezone.localdate()
        act.archived_by = signed_in(actor)
        act.save(update_fields=["archived_on", "archived_by"])
        audit.record(actor, "members.act_archived", act, {"authority": act.authority_id, "kind": act.kind})
    return act
