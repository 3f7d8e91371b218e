"""The import graph has no arrow from a lower app to a higher one (docs/decisions/0008).

Every module's imports are read with `ast`: at module level, inside functions and under
`if TYPE_CHECKING:`, so no import can hide. A failure names each `file:line → module`.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # cocopa/

# Low → high. Apps on one floor must not import each other.
FLOORS: tuple[frozenset[str], ...] = (
    frozenset({"core"}),
    frozenset({"apitokens"}),  # imports core only; members and above may use its tokens
    frozenset({"members"}),
    frozenset({"network"}),
    frozenset({"cooperation", "governance"}),
    frozenset({"fees"}),
    # news and library: content the office writes about the floors below (members, initiatives,
    # countries); the public site, the factsheet and the office show it.
    frozenset({"news", "library"}),
    # The fields of action without a register before issue 16: events, peace education and
    # campaigns, about members, initiatives, countries and documents; siblings.
    frozenset({"events", "education", "campaigns"}),
    # City diplomacy: agreements and missions, whose missions link the events they led to.
    frozenset({"diplomacy"}),
    # public, factsheet and office sit beside each other above fees; the factsheet already read the
    # public site's queries (founding claims, the figure in use, websites), so public is a half
    # floor lower: it imports neither of the other two.
    frozenset({"public"}),
    frozenset({"factsheet", "office"}),
    # search reads every app's public things; the demo loader, above it, builds its index.
    frozenset({"search"}),
    frozenset({"demo"}),
)
TOP = len(FLOORS)  # cocopa/api.py, urls.py, settings*.py, testing*.py, conftest.py, cocopa/tests/
FLOOR = {app: n for n, apps in enumerate(FLOORS) for app in apps}
# Shared test helpers a test module of any app may import.
TEST_HELPERS = frozenset({"cocopa.testing", "cocopa.testing_db", "cocopa.conftest"})


def floor_of(module: str) -> int | None:
    """The floor of a `cocopa.…` module; None for anything outside the project."""
    parts = module.split(".")
    if parts[0] != "cocopa":
        return None
    if len(parts) == 1:
        return TOP
    return FLOOR.get(parts[1], TOP)


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FLOOR else None


def imported(source: str, module: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in the source, wherever it sits in the tree."""
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # `from cocopa import urls` imports cocopa.urls, not the package.
            if base == "cocopa":
                for alias in node.names:
                    yield node.lineno, f"cocopa.{alias.name}"
            else:
                yield node.lineno, base


def upward_imports(source: str, module: str, path: str) -> list[str]:
    """`path:line → module` for each import that climbs above the module's floor, or crosses to a
    sibling on the same floor."""
    here = floor_of(module)
    assert here is not None
    is_test = ".tests." in f".{module}." or module.split(".")[-1] in {"conftest", "testing"}
    own = app_of(module)
    found = []
    for line, target in imported(source, module):
        there = floor_of(target)
        if there is None or (is_test and target in TEST_HELPERS):
            continue
        target_app = app_of(target)
        if there > here or (there == here and target_app != own and here != TOP):
            found.append(f"{path}:{line} → {target}")
    return found


# Upward arrows left in test modules: cooperation's API tests call the project's one NinjaAPI
# (cocopa.api), and the factsheet's print tests print the demo network. Listed, never silently
# allowed: a new arrow fails, and so does an entry here that no longer exists, so the list only
# shrinks. Cross-app tests (the truth table, backup, audit, login security) live in cocopa/tests/.
KNOWN_IN_TESTS = frozenset(
    {
        "cocopa/cooperation/tests/test_api.py → cocopa.api",
        "cocopa/factsheet/tests/test_print.py → cocopa.demo",
    }
)


def project_modules() -> Iterator[tuple[Path, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if "migrations" in relative.parts:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield path, ".".join(parts)


def test_no_module_imports_from_a_higher_floor() -> None:
    found = [
        arrow
        for path, module in project_modules()
        for arrow in upward_imports(path.read_text(), module, str(path.relative_to(PACKAGE.parent)))
    ]
    offending = [arrow for arrow in found if _without_line(arrow) not in KNOWN_IN_TESTS]
    assert offending == [], "upward imports (docs/decisions/0008-layers-and-floors.md):\n" + "\n".join(
        offending
    )
    gone = KNOWN_IN_TESTS - {_without_line(arrow) for arrow in found}
    assert not gone, f"no longer imported upward, remove from KNOWN_IN_TESTS: {sorted(gone)}"


def _without_line(arrow: str) -> str:
    place, target = arrow.split(" → ")
    return f"{place.rsplit(':', 1)[0]} → {target}"


def test_the_checker_finds_every_kind_of_upward_import() -> None:
    planted = """
from typing import TYPE_CHECKING

from cocopa.core import dates
from cocopa.members.models import LocalAuthority
import cocopa.fees.queries

if TYPE_CHECKING:
    from cocopa.public.views import x


def late():
    from cocopa.governance import queries
    from ..office import reminders
"""
    found = upward_imports(planted, "cocopa.members.services", "cocopa/members/services.py")
    assert found == [
        "cocopa/members/services.py:6 → cocopa.fees.queries",
        "cocopa/members/services.py:9 → cocopa.public.views",
        "cocopa/members/services.py:13 → cocopa.governance",
        "cocopa/members/services.py:14 → cocopa.office",
    ]


def test_siblings_may_not_import_each_other_but_tests_may_use_the_shared_helpers() -> None:
    assert upward_imports("from cocopa.cooperation import models", "cocopa.governance.queries", "g.py") == [
        "g.py:1 → cocopa.cooperation"
    ]
    test_source = (
        "from cocopa import testing\nfrom cocopa.testing_db import capture\nfrom cocopa import urls\n"
    )
    assert upward_imports(test_source, "cocopa.members.tests.test_x", "t.py") == ["t.py:3 → cocopa.urls"]
    # The top floor (api.py, urls.py, the project's own tests) may import any app.
    assert upward_imports("from cocopa.demo import services", "cocopa.urls", "u.py") == []
