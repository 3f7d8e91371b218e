"""When each initiative last changed, for its IATI `last-updated-datetime` (issue 15, point 6a).

Read from the change history (django-simple-history keeps a row per save and delete of every
cooperation model, translation.py): the latest `history_date` among the initiative's own rows and
those of what its activity is written from — recipient countries and regions, places,
participations, budgets, transactions, documents, results, their indicators and the indicators'
periods — and of the organisations it names as participants or in transactions (a renamed partner
changes the activity). A deleted row still counts: its history keeps the initiative it belonged to.

Not followed: the fields of intervention and of action chosen (many-to-many links have no history
here), their sector mappings and related initiatives; changing only those does not move the date.
An initiative with no history at all (rows written in bulk, outside the models' saves) has no
date: the export then leaves the attribute out rather than give the export time.

One statement, whatever the number of initiatives: every (initiative, history date) pair of those
tables in one UNION ALL, grouped by initiative in the database. It used to be a grouped ORM query
per table merged in Python, which cost four times the raw read in the export's bench (bench/iati.py).
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_datetime

from cocopa.cooperation import models

# Tables whose history rows name their initiative directly.
_CHILDREN = (
    models.RecipientCountry,
    models.RecipientRegion,
    models.Place,
    models.Participation,
    models.Budget,
    models.Transaction,
    models.Document,
    models.Result,
)


def _table(model: type[Any], historical: bool = False) -> str:
    return connection.ops.quote_name((model.history.model if historical else model)._meta.db_table)


def _statement() -> str:
    """The one statement: every (initiative, history_date) pair, unioned, grouped by initiative."""
    q = connection.ops.quote_name
    initiative, result, indicator = (
        _table(models.Initiative, True),
        _table(models.Result, True),
        _table(models.Indicator, True),
    )
    pairs = [f"SELECT id AS i, history_date AS d FROM {initiative}"]
    pairs += [
        f"SELECT initiative_id, history_date FROM {_table(child, True)} WHERE initiative_id IS NOT NULL"
        for child in _CHILDREN
    ]
    # Indicators and their periods through every result and indicator the history knows (deleted ones too).
    results = f"(SELECT DISTINCT id, initiative_id FROM {result} WHERE initiative_id IS NOT NULL) r"
    indicators = f"(SELECT DISTINCT id, result_id FROM {indicator} WHERE result_id IS NOT NULL) n"
    pairs.append(
        f"SELECT r.initiative_id, h.history_date FROM {indicator} h JOIN {results} ON r.id = h.result_id"
    )
    pairs.append(
        f"SELECT r.initiative_id, h.history_date FROM {_table(models.IndicatorPeriod, True)} h"
        f" JOIN {indicators} ON n.id = h.indicator_id JOIN {results} ON r.id = n.result_id"
    )
    # The organisations it names now, as participants or in transactions: their latest change.
    participation, transaction = _table(models.Participation), _table(models.Transaction)
    named = (
        f"SELECT initiative_id AS i, organisation_id AS o FROM {participation}"
        f" UNION ALL SELECT initiative_id, provider_id FROM {transaction} WHERE provider_id IS NOT NULL"
        f" UNION ALL SELECT initiative_id, receiver_id FROM {transaction} WHERE receiver_id IS NOT NULL"
    )
    organisations = f"SELECT id, MAX(history_date) AS d FROM {_table(models.Organisation, True)} GROUP BY id"
    pairs.append(f"SELECT named.i, o.d FROM ({named}) named JOIN ({organisations}) o ON o.id = named.o")
    union = " UNION ALL ".join(pairs)
    return (
        f"SELECT a.{q('identifier')}, changed.d FROM (SELECT i, MAX(d) AS d FROM ({union}) pairs GROUP BY i)"
        f" changed JOIN {_table(models.Initiative)} a ON a.id = changed.i"
    )


def _aware(value: Any) -> dt.datetime:
    # An aggregate over a union loses the column's type: SQLite hands back its stored text
    # (UTC, as Django writes it), PostgreSQL a datetime.
    when = parse_datetime(value) if isinstance(value, str) else value
    if when is None:
        raise ValueError(f"not a datetime: {value!r}")
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def last_changed() -> Mapping[str, dt.datetime]:
    """{identifier: when the initiative or anything its activity is written from last changed}."""
    with connection.cursor() as cursor:
        cursor.execute(_statement())
        return {identifier: _aware(when) for identifier, when in cursor.fetchall() if when is not None}
