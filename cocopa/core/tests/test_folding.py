import pytest

from cocopa.core.folding import unaccented


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agliè", "aglie"),
        ("CITTÀ METROPOLITANA", "citta metropolitana"),
        ("Ciriè", "cirie"),
        ("Straße", "strasse"),
        ("Łódź", "łodz"),  # ł has no decomposition: kept, only the accents go
        ("Sant’Ambrogio", "sant’ambrogio"),  # punctuation is the callers' business
        ("", ""),
    ],
)
def test_case_and_accents_go_and_everything_else_stays(text, expected):
    assert unaccented(text) == expected
