"""The school code's shape (codice meccanografico); its check character is not verified (no
published algorithm, see schoolcode.py), so a code with a wrong one passes."""

import pytest
from django.utils import translation

from cocopa.education import schoolcode


@pytest.mark.parametrize("code", ["TOIC81500X", "TOEE01000B", "TOPS010007", "AVIC849003", "ASTF01000X"])
def test_well_formed_codes_pass(code):
    assert schoolcode.problem(code) == ""


def test_codes_are_written_in_capitals_without_spaces():
    assert schoolcode.normalise(" toic 81500x ") == "TOIC81500X"
    assert schoolcode.is_well_formed("toic81500x")


@pytest.mark.parametrize(
    ("code", "part"),
    [
        ("TOIC8150X", "10 characters"),
        ("TOIC81500XX", "10 characters"),
        ("T1IC81500X", "province"),
        ("TO1C81500X", "kind of school"),
        ("TOIC815-0X", "only letters and digits"),
        ("TOICà1500X", "only letters and digits"),
    ],
)
def test_a_malformed_code_is_refused_naming_what_is_wrong(code, part):
    with translation.override("en"):
        assert part in schoolcode.problem(code)


def test_the_check_character_is_not_verified():
    # Only the shape is checked: TOIC81500X and TOIC81500Y cannot both be right, yet both pass.
    assert schoolcode.is_well_formed("TOIC81500X")
    assert schoolcode.is_well_formed("TOIC81500Y")
