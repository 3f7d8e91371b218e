"""Reading the project's YAML data files (the demo network, its portfolio): one reader, clear errors.

Every problem names the file and the record (`authorities[30] (Rivoli).memberships[0].start`),
so whoever edits a data file can find what to fix.
"""

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models

from cocopa.core.dates import parse_partial
from cocopa.core.errors import InputFileError
from cocopa.core.models import Source


def read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise InputFileError(str(path), None, None, str(err)) from err


def translated(prefix: str, value: Any) -> dict[str, str]:
    """{'it': …, 'en': …} → {'name_it': …, 'name_en': …}; a plain string is Italian."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {f"{prefix}_it": value}
    return {f"{prefix}_{lang}": text for lang, text in value.items() if lang in ("it", "en")}


class Reader:
    """Resolves what records of a data file refer to, raising InputFileError with the record's place."""

    def __init__(self, path: str, sources: dict[str, Source] | None = None) -> None:
        self.path = path
        self.sources: dict[str, Source] = sources if sources is not None else {}

    def fail(self, where: str, problem: str) -> InputFileError:
        return InputFileError(self.path, None, where, problem)

    def lookup(self, table: dict[str, Any], key: str, where: str, what: str) -> Any:
        try:
            return table[key]
        except KeyError:
            raise self.fail(where, f"unknown {what} {key!r}") from None

    def source(self, code: str | None, where: str) -> Source | None:
        return self.lookup(self.sources, code, where, "source") if code else None

    def source_list(self, codes: list[str], where: str) -> list[Source]:
        return [self.lookup(self.sources, code, where, "source") for code in codes]

    def date(self, text: Any, where: str, *, end: bool = False) -> tuple[dt.date | None, str]:
        """A partial date (see core.dates): the first day of its period, or the last with end=True."""
        if text in (None, ""):
            return None, "day"
        try:
            value, precision = parse_partial(str(text), end=end)
        except ValueError as err:
            raise self.fail(where, str(err)) from None
        return value, precision.value

    def clean(self, obj: models.Model, where: str) -> None:
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as err:
            raise self.fail(
                where, "; ".join(f"{k}: {' '.join(v)}" for k, v in err.message_dict.items())
            ) from None

    def create_sources(self, rows: list[dict[str, Any]]) -> None:
        for s in rows:
            self.sources[s["code"]] = Source.objects.create(
                code=s["code"],
                title=s["title"],
                publisher=s.get("publisher", ""),
                url=s.get("url", ""),
                published=s.get("published", ""),
                kind=s.get("kind", ""),
                note=s.get("note", ""),
                date_uncertain=bool(s.get("date_uncertain")),
            )
