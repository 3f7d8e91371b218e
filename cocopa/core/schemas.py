"""JSON shapes every router shares: errors, sources, and dates in query strings."""

import datetime as dt
import re
from typing import Annotated, Any, Literal

from ninja import Field, P, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from cocopa.core.models import Source


def _iso_day(value: Any) -> Any:
    # Pydantic alone would also read `86400` as a Unix time; clients must write the day out.
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("date_format", "Write the date as YYYY-MM-DD.")
    return value


# Every endpoint declares `lang`, so the schema documents it and a bad value is a 422;
# cocopa.api applies it to the whole request.
Language = Literal["it", "en"]
LANG = P(description="Language of translated texts; without it, the Accept-Language header decides.")
AT = P(description="The day to look at (YYYY-MM-DD); today when left out.")

Day = Annotated[dt.date, BeforeValidator(_iso_day)]
"""A date in query strings: YYYY-MM-DD only."""


class FieldErrorOut(Schema):
    field: str = Field(description="The input that was rejected, e.g. `at` or `page_size`.")
    location: str = Field(description="Where the input was: `query`, `path`, `header` …")
    message: str
    type: str = Field(description="Machine-readable kind of problem (pydantic's error type).")


class ErrorOut(Schema):
    """Every error the API returns: a stable code for machines, a translated detail for people."""

    code: str = Field(
        description=(
            "Stable snake_case code: `not_found`, `invalid_input`, `not_authenticated`, `token_expired`, "
            "`invalid_json`, `json_too_deep`, `server_error` …"
        )
    )
    detail: str
    errors: list[FieldErrorOut] | None = Field(
        None, description="For `invalid_input`: one entry per bad field."
    )


class SourceOut(Schema):
    code: str
    title: str
    url: str


def source_list(*sources: Source | None) -> list[Source]:
    """The given sources, without gaps or repeats, in order."""
    seen: list[Source] = []
    for source in sources:
        if source is not None and source not in seen:
            seen.append(source)
    return seen
