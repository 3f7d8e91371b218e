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

A fixed number of grouped queries (one per table), whatever the number of initiatives.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Max

from cocopa.cooperation import models


def _history(model: type[Any]) -> Any:
    return model.history.model


def _latest_by(model: type[Any], key: str) -> dict[int, dt.datetime]:
    rows = _history(model).objects.exclude(**{key: None}).values(key).annotate(latest=Max("history_date"))
    return dict(rows.values_list(key, "latest"))


def _newest(found: dict[int, dt.datetime], pairs: Iterable[tuple[int, dt.datetime]]) -> None:
    for initiative, when in pairs:
        if when is not None and (initiative not in found or when > found[initiative]):
            found[initiative] = when


def _owners(model: type[Any], parent: str) -> dict[int, int]:
    """Every id the history knows for `model`, with the id of its parent (deleted rows included)."""
    return dict(_history(model).objects.exclude(**{parent: None}).values_list("id", parent).distinct())


def last_changed() -> Mapping[str, dt.datetime]:
    """{identifier: when the initiative or anything its activity is written from last changed}."""
    found: dict[int, dt.datetime] = {}
    _newest(found, _latest_by(models.Initiative, "id").items())
    for child in (
        models.RecipientCountry,
        models.RecipientRegion,
        models.Place,
        models.Participation,
        models.Budget,
        models.Transaction,
        models.Document,
        models.Result,
    ):
        _newest(found, _latest_by(child, "initiative_id").items())

    result_of = _owners(models.Result, "initiative_id")
    indicator_of = _owners(models.Indicator, "result_id")
    _newest(
        found,
        (
            (result_of[r], when)
            for r, when in _latest_by(models.Indicator, "result_id").items()
            if r in result_of
        ),
    )
    _newest(
        found,
        (
            (result_of[indicator_of[i]], when)
            for i, when in _latest_by(models.IndicatorPeriod, "indicator_id").items()
            if i in indicator_of and indicator_of[i] in result_of
        ),
    )

    organisations = _latest_by(models.Organisation, "id")
    named = list(models.Participation.objects.values_list("initiative_id", "organisation_id"))
    for side in ("provider_id", "receiver_id"):
        named += models.Transaction.objects.exclude(**{side: None}).values_list("initiative_id", side)
    _newest(found, ((i, organisations[o]) for i, o in named if o in organisations))

    identifiers = dict(models.Initiative.objects.values_list("pk", "identifier"))
    return {identifiers[pk]: when for pk, when in found.items() if pk in identifiers}
