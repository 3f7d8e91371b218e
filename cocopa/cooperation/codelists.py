"""The IATI 2.03 codelists cocopa needs, shipped as codes and English names (data/iati_codelists.json).

Built from the official codelists; tests/test_codelists.py checks the file against them, so a
code the exporter writes or the importer accepts is always an official one.
"""

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _lists() -> dict[str, dict[str, dict[str, Any]]]:
    text = (resources.files("cocopa.cooperation") / "data" / "iati_codelists.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, dict[str, dict[str, Any]]] = json.loads(text)["lists"]
    return data


def names() -> list[str]:
    """The codelists shipped, by their IATI name (Sector, Country, ActivityStatus …)."""
    return sorted(_lists())


def codes(codelist: str, *, withdrawn: bool = False) -> frozenset[str]:
    """Every code of a list; withdrawn codes only when asked (an import may meet old ones)."""
    items = _lists()[codelist]
    return frozenset(code for code, item in items.items() if withdrawn or not item["withdrawn"])


def is_valid(codelist: str, code: str) -> bool:
    """True for an active code of the list."""
    item = _lists()[codelist].get(code)
    return item is not None and not item["withdrawn"]


def name(codelist: str, code: str) -> str:
    """The English name of a code, or the code itself when unknown."""
    item = _lists()[codelist].get(code)
    return str(item["name"]) if item else code
