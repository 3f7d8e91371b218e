"""One list of the IATI rules cocopa checks, on the way in (iati_validate) and out (iati_checks).

Each rule has a stable id, a short text saying what the IATI Standard (its schema, codelists or
Standard Ruleset) asks, and the severity it has for the export: an "error" keeps an activity out
of the export, a "warning" is reported but does not. The import applies the same rules to the
activities of a file (iati_validate, stage "ruleset"); an activity breaking an "error" rule could
not be exported again, so its file imports only when the office allows it (--allow-warnings).
A finding's own message adds the particulars (which code, which date, what the shares sum to).

Rules of the file itself (stages "xml", "version", "schema", "codelist") refuse the whole file.
"""

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
Stage = Literal["xml", "version", "schema", "codelist", "ruleset"]


@dataclass(frozen=True)
class Rule:
    id: str
    stage: Stage
    severity: Severity
    text: str


_ALL = (
    # -- the file: any of these refuses it
    Rule("xml_not_well_formed", "xml", "error", "the file must be well-formed XML"),
    Rule("xml_doctype", "xml", "error", "a DTD or entity declaration is not allowed in an IATI file"),
    Rule("xml_too_big", "xml", "error", "the file is larger than an import accepts"),
    Rule("xml_too_deep", "xml", "error", "elements are nested deeper than any IATI file goes"),
    Rule("xml_unreadable", "xml", "error", "the file cannot be read"),
    Rule("not_iati_activities", "xml", "error", "the root element must be <iati-activities>"),
    Rule("version_missing", "version", "error", "<iati-activities> must say its IATI version"),
    Rule("version_unknown", "version", "error", "the version must be one of the IATI Version codelist"),
    Rule("version_unsupported", "version", "error", "only IATI 2.01, 2.02 and 2.03 files are read"),
    Rule(
        "not_in_version",
        "version",
        "error",
        "an element or attribute must exist in the IATI version the file declares",
    ),
    Rule("schema", "schema", "error", "the file must be valid against the IATI 2.03 schema"),
    Rule("date_invalid", "schema", "error", "a date must be a real day, written YYYY-MM-DD"),
    Rule("unknown_code", "codelist", "error", "a code must be one of its IATI codelist"),
    Rule("code_missing", "codelist", "error", "a required code is missing"),
    Rule(
        "code_not_in_version",
        "codelist",
        "error",
        "a code must exist in the IATI version the file declares",
    ),
    Rule("code_withdrawn", "codelist", "warning", "the code is withdrawn from its codelist"),
    Rule(
        "unknown_code_unmapped",
        "codelist",
        "warning",
        "a code on an element cocopa does not store is not in its codelist",
    ),
    # -- the activities: the IATI Standard Ruleset as the export applies it
    Rule("identifier_missing", "ruleset", "error", "an activity needs an iati-identifier"),
    Rule("reporting_org_missing", "ruleset", "error", "an activity needs a reporting-org with a ref"),
    Rule(
        "identifier_prefix",
        "ruleset",
        "warning",
        "the iati-identifier should start with the reporting-org's ref",
    ),
    Rule("title_missing", "ruleset", "error", "an activity needs a title in at least one language"),
    Rule("description_missing", "ruleset", "error", "an activity needs a description"),
    Rule("status_missing", "ruleset", "error", "activity-status is mandatory"),
    Rule(
        "start_date_missing",
        "ruleset",
        "error",
        "an activity needs a start date (activity-date type 1 planned or 2 actual)",
    ),
    Rule("actual_date_in_future", "ruleset", "error", "an actual date cannot be in the future"),
    Rule("end_before_start", "ruleset", "error", "an end date cannot be before its start"),
    Rule(
        "recipient_percentages_not_100",
        "ruleset",
        "error",
        "recipient country and region percentages must all be given and sum to 100",
    ),
    Rule("recipient_missing", "ruleset", "warning", "an activity should name a recipient country or region"),
    Rule("sector_missing", "ruleset", "warning", "an activity should have a sector"),
    Rule(
        "sector_percentages_not_100",
        "ruleset",
        "error",
        "sector percentages of one vocabulary must all be given and sum to 100",
    ),
    Rule("participating_org_missing", "ruleset", "error", "an activity needs a participating organisation"),
    Rule(
        "participating_org_unnamed",
        "ruleset",
        "error",
        "a participating organisation needs an identifier or a name",
    ),
    Rule("budget_end_before_start", "ruleset", "error", "a budget period cannot end before it starts"),
    Rule("budget_period_too_long", "ruleset", "error", "a budget period must not be longer than one year"),
    Rule("transaction_date_in_future", "ruleset", "error", "a transaction cannot be dated in the future"),
    Rule("value_date_in_future", "ruleset", "error", "a transaction's value-date cannot be in the future"),
    Rule("point_incomplete", "ruleset", "error", "a point needs both latitude and longitude"),
    Rule("document_title_missing", "ruleset", "error", "a document link needs a title"),
    Rule("result_title_missing", "ruleset", "error", "a result needs a title"),
    Rule("result_without_indicator", "ruleset", "error", "a result needs at least one indicator"),
    Rule("indicator_title_missing", "ruleset", "error", "an indicator needs a title"),
)

RULES: dict[str, Rule] = {r.id: r for r in _ALL}


def rule(rule_id: str) -> Rule:
    """The rule of an id; an id not in the list is a programming error (KeyError)."""
    return RULES[rule_id]
