"""Every code of the rule modules has words for the pages, and the models offer exactly those codes."""

import pytest

from cocopa.governance import ballots, labels, tally
from cocopa.governance.models import Body, Election, Motion, RollCall
from cocopa.governance.templatetags.governance_public import decided_by_words


@pytest.mark.parametrize(
    ("enum", "words"),
    [
        (tally.Majority, labels.MAJORITY),
        (tally.Weighting, labels.WEIGHTING),
        (tally.Abstentions, labels.ABSTENTIONS),
        (tally.TieBreak, labels.TIE),
        (tally.Choice, labels.CHOICE),
        (ballots.Method, labels.METHOD),
        (ballots.TieRule, labels.TIE_RULE),
    ],
)
def test_every_code_has_a_label(enum, words):
    assert set(words) == {member.value for member in enum}
    assert all(str(label) and "_" not in str(label) for label in words.values())


@pytest.mark.parametrize(
    ("model", "field", "enum"),
    [
        (Body, "majority", tally.Majority),
        (Motion, "weighting", tally.Weighting),
        (Motion, "abstentions", tally.Abstentions),
        (Motion, "tie", tally.TieBreak),
        (RollCall, "choice", tally.Choice),
        (Election, "method", ballots.Method),
        (Election, "tie_rule", ballots.TieRule),
    ],
)
def test_model_choices_are_the_rule_codes(model, field, enum):
    assert [code for code, _label in model._meta.get_field(field).choices] == [m.value for m in enum]


def test_every_way_a_tie_is_decided_has_words():
    codes = ["rule:rejected", "chair:for", "chair:against", *[t.value for t in ballots.TieRule]]
    assert all(decided_by_words(code) != code for code in codes)
    assert decided_by_words("unknown") == "unknown"
    assert decided_by_words(None) == ""
