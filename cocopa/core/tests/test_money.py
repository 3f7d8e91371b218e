"""Amounts for people: the euro sign, two decimals and thousands grouped in the reader's language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from cocopa.core.money import NBSP, amount, euro


@pytest.mark.parametrize(
    ("value", "italian", "english"),
    [
        (Decimal("2812.38"), f"€{NBSP}2.812,38", "€2,812.38"),
        (Decimal("1234567.5"), f"€{NBSP}1.234.567,50", "€1,234,567.50"),
        (Decimal("-150"), f"-€{NBSP}150,00", "-€150.00"),
        (Decimal("-2812.38"), f"-€{NBSP}2.812,38", "-€2,812.38"),
        (0, f"€{NBSP}0,00", "€0.00"),
        (Decimal("-0.001"), f"€{NBSP}0,00", "€0.00"),
        (Decimal("0.005"), f"€{NBSP}0,01", "€0.01"),
        ("999.999", f"€{NBSP}1.000,00", "€1,000.00"),
        (12, f"€{NBSP}12,00", "€12.00"),
    ],
)
def test_euro_writes_an_amount_as_each_language_reads_it(value, italian, english):
    with translation.override("it"):
        assert euro(value) == italian
    with translation.override("en"):
        assert euro(value) == english


@pytest.mark.parametrize("nothing", [None, ""])
def test_no_amount_is_an_empty_string(nothing):
    assert euro(nothing) == ""
    assert amount(nothing) == ""


def test_amount_groups_without_the_sign_for_sentences_that_say_eur():
    with translation.override("it"):
        assert amount(Decimal("12500")) == "12.500,00"
    with translation.override("en"):
        assert amount(Decimal("12500")) == "12,500.00"


def test_a_value_that_is_not_an_amount_is_refused():
    with pytest.raises(ValueError, match="not an amount"):
        euro("twelve")


def test_the_template_filters_use_the_active_language():
    template = Template("{% load money %}{{ x|euro }} / {{ x|amount }}")

    with translation.override("it"):
        assert template.render(Context({"x": Decimal("2812.38")})) == f"€{NBSP}2.812,38 / 2.812,38"
