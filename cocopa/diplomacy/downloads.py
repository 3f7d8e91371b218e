"""The registers as tables (core/tables.py writes CSV and XLSX): public fields only; people by
name only where they took part as holders of a public office."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from cocopa.core.dates import format_partial
from cocopa.core.tables import Row
from cocopa.diplomacy import queries


def agreement_header() -> list[str]:
    return [
        _("Identifier"),
        _("Kind"),
        _("Title"),
        _("Members"),
        _("Parties abroad"),
        _("Countries"),
        _("Signed on"),
        _("Ended on"),
        _("Approved by"),
        _("Act number"),
        _("Act date"),
        _("Uncertain"),
        _("Source"),
    ]


def agreement_rows() -> Iterator[Row]:
    for a in queries.agreements():
        partners = list(a.foreign_authorities.all())
        yield [
            a.pk,
            a.kind.name,
            a.title,
            "; ".join(m.name for m in a.members.all()),
            "; ".join(p.name for p in partners),
            "; ".join(sorted({p.country.code for p in partners})),
            format_partial(a.signed_on, a.signed_on_precision),
            format_partial(a.ended_on, a.ended_on_precision),
            a.act_body,
            a.act_number,
            a.act_on.isoformat() if a.act_on else "",
            a.uncertain,
            a.source.code if a.source else "",
        ]


def mission_header() -> list[str]:
    return [
        _("Identifier"),
        _("Direction"),
        _("Title"),
        _("Place"),
        _("Country"),
        _("From"),
        _("To"),
        _("Members"),
        _("Participants"),
        _("Costs"),
        _("Uncertain"),
        _("Source"),
    ]


def mission_rows() -> Iterator[Row]:
    for m in queries.missions():
        yield [
            m.pk,
            m.get_direction_display(),
            m.title,
            m.place,
            m.country.code or "",
            format_partial(m.started_on, m.started_on_precision),
            format_partial(m.ended_on, m.ended_on_precision),
            "; ".join(x.name for x in m.members.all()),
            "; ".join(p.public_label for p in m.participants.all()),
            "; ".join(f"{c.item}: {c.amount} {c.currency} ({c.payer})" for c in m.costs.all()),
            m.uncertain,
            m.source.code if m.source else "",
        ]
