"""JSON request bodies of the API, read with a bound on nesting (cocopa.api uses this parser).

Python's json recurses once per bracket: about a thousand nested `[` end in RecursionError, which
ninja would only report as "Cannot parse request body", and a structure just below that limit
would still break whatever walks it recursively later (validation, json.dumps into the audit
trail). No body the API takes needs more than a few levels, so deeper ones are refused with a
message, as is malformed JSON, with its line and column.
"""

import json
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser
from ninja.types import DictStrAny

# Levels of arrays and objects a body may nest: a default of the software, far above any schema's.
MAX_DEPTH = 32


class JsonBodyError(ValueError):
    """A body the API cannot read; ninja wraps it in its HttpError(400) and cocopa.api shows it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class BoundedJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        return cast(DictStrAny, loads(request.body))


def loads(body: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of `body`, or JsonBodyError `json_too_deep` / `invalid_json`."""
    try:
        value = json.loads(body)
    except RecursionError:
        raise _too_deep(max_depth) from None
    except json.JSONDecodeError as err:
        raise JsonBodyError(
            "invalid_json",
            _("The body is not valid JSON: %(problem)s at line %(line)s, column %(column)s.")
            % {"problem": err.msg, "line": err.lineno, "column": err.colno},
        ) from None
    except UnicodeDecodeError:
        raise JsonBodyError("invalid_json", _("The body is not valid JSON: it is not UTF-8 text.")) from None
    if depth(value) > max_depth:
        raise _too_deep(max_depth)
    return value


def depth(value: Any) -> int:
    """How many arrays and objects are nested in `value` at most (a scalar is 0); no recursion."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            level += 1
            deepest = max(deepest, level)
            pending.extend((child, level) for child in item if isinstance(child, dict | list))
    return deepest


def _too_deep(max_depth: int) -> JsonBodyError:
    return JsonBodyError(
        "json_too_deep",
        _("The JSON body nests arrays or objects more than %(max)s levels deep.") % {"max": max_depth},
    )
