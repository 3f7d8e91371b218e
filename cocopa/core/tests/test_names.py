"""The name rule (core/names.py): control characters and bidi overrides are refused, names in any
script are not. Where names come in (forms, admin, imports): cocopa/tests/test_names_everywhere.py."""

import pytest

from cocopa.core import names
from cocopa.core.errors import DomainError

FORGED = ["Comune di \u202eoniroT", "Rossi\u0000", "Ma\u2066rio", "Riga\nnuova", "A\u200fB", "x\u2028y"]
FINE = ["Città di Torino", "D'Alessandro", "Nicolò Müller-Ødegaard", "عبد الله", "क्षत्रिय\u200d", "Ōsaka"]


@pytest.mark.parametrize("name", FORGED, ids=repr)
def test_a_name_with_a_control_or_bidi_character_is_refused(name):
    assert names.unsafe_characters(name)
    with pytest.raises(DomainError) as err:
        names.require_safe_name(name)
    assert err.value.code == "name_unsafe_characters"
    assert "U+" in err.value.message


@pytest.mark.parametrize("name", FINE)
def test_names_in_any_script_are_accepted(name):
    assert names.unsafe_characters(name) == []
    names.require_safe_name(name)
