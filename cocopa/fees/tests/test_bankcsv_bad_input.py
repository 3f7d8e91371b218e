"""Issue 12: bad bank CSV input is refused with its line and field and writes nothing; the reader
never ends in a traceback (hypothesis over random bytes, huge numbers, long and CR-only lines,
NUL and bidi controls); amounts out of range never reach the database."""

from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocopa.core.errors import InputFileError
from cocopa.fees import bankcsv, services
from cocopa.fees import testing as ft
from cocopa.fees.models import MAX_AMOUNT, Payment
from cocopa.governance import testing as gt

HEADER = "date;amount;payer;reference\n"


def read(text: str | bytes):
    return bankcsv.read(text.encode() if isinstance(text, str) else text, "bank.csv")


def refused(text: str | bytes) -> InputFileError:
    with pytest.raises(InputFileError) as err:
        read(text)
    return err.value


# --- The findings, one by one ---------------------------------------------------------------------


def test_an_amount_beyond_what_the_ledger_holds_is_refused_with_line_and_field():
    err = refused(HEADER + "2026-03-01;1;Comune di Rivoli;quota\n2026-03-02;123456789012345678,99;x;y\n")
    assert (err.line, err.field) == (3, "amount")
    assert "out of range" in err.problem


def test_the_largest_amount_the_ledger_holds_is_read():
    [row] = read(HEADER + "2026-03-01;9.999.999.999,99;x;y\n")
    assert row.amount == MAX_AMOUNT


@pytest.mark.parametrize("field", ["payer", "reference"])
def test_a_text_over_300_characters_is_refused(field):
    cells = {"payer": "Comune di Rivoli", "reference": "quota"} | {field: "x" * 301}
    err = refused(HEADER + f"2026-03-01;10;{cells['payer']};{cells['reference']}\n")
    assert (err.line, err.field) == (2, field)


@pytest.mark.parametrize(
    ("char", "what"),
    [("\x00", "NUL"), ("\x07", "control"), ("\u202e", "bidirectional"), ("\u2066", "bidirectional")],
)
def test_nul_control_and_bidi_characters_are_refused(char, what):
    err = refused(HEADER + f"2026-03-01;10;Comune di Rivoli;quota {char} 2026\n")
    assert (err.line, err.field) == (2, "reference")
    assert what in err.problem


def test_a_cr_only_file_is_refused_with_its_line():
    err = refused(HEADER.replace("\n", "\r") + "2026-03-01;10;x;y\r")
    assert err.line == 1
    assert "carriage return" in err.problem


def test_crlf_files_are_read():
    assert len(read(HEADER.replace("\n", "\r\n") + "2026-03-01;10;x;y\r\n")) == 1


def test_a_very_long_line_is_refused_with_its_line():
    err = refused(HEADER + "2026-03-01;10;x;y\n" + "2026-03-01;10;x;" + "y" * 200_000 + "\n")
    assert err.line == 3
    assert "longer than" in err.problem


def test_a_quoted_field_over_many_lines_is_a_located_message():
    err = refused(HEADER + '2026-03-01;10;x;"' + "y\n" * 70_000)
    assert err.line is not None


def test_rows_differing_only_in_spaces_are_two_payments():
    rows = read(
        HEADER + "2026-03-01;10;Comune di Rivoli;quota  2026\n2026-03-01;10;Comune di Rivoli;quota 2026\n"
    )
    assert rows[0].key != rows[1].key


def test_a_row_keeps_its_key_across_imports():
    text = HEADER + "2026-03-01;10;Comune di Rivoli;quota 2026\n"
    assert read(text)[0].key == read(text)[0].key


@pytest.mark.django_db
def test_rows_differing_only_in_spaces_are_both_imported(tmp_path):
    member = gt.make_member("Rivoli")
    path = tmp_path / "bank.csv"
    path.write_text(
        HEADER + "2026-03-01;10;Comune di Rivoli;quota  2026\n2026-03-01;10;Comune di Rivoli;quota 2026\n"
    )

    result = services.import_payments(path, actor=None)

    assert (result.by_name, result.duplicates) == (2, 0)
    assert Payment.objects.filter(authority=member).count() == 2


@pytest.mark.django_db
def test_a_file_with_one_bad_row_writes_nothing(tmp_path):
    gt.make_member("Rivoli")
    path = tmp_path / "bank.csv"
    path.write_text(
        HEADER + "2026-03-01;10;Comune di Rivoli;quota\n2026-03-02;123456789012345678,99;Comune di Rivoli;q\n"
    )
    with pytest.raises(InputFileError):
        services.import_payments(path, actor=None)
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_amount_out_of_range():
    member = gt.make_member()
    with (
        pytest.raises((IntegrityError, DataError)),
        transaction.atomic(),
    ):  # PG: max_digits; SQLite: the check
        Payment.objects.create(
            authority=member, paid_on="2026-03-01", amount=Decimal("123456789012345678.99")
        )
    with (
        pytest.raises((IntegrityError, DataError)),
        transaction.atomic(),
    ):  # PG: max_digits; SQLite: the check
        ft.make_assessment(member, 2026, Decimal("10000000000.00"))


# --- Fuzz: whatever the bytes, rows or a located message -------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _never_a_traceback(content: bytes) -> None:
    try:
        rows = bankcsv.read(content, "fuzz.csv")
    except InputFileError:  # a located message: the only failure allowed
        return
    for row in rows:
        assert abs(row.amount) <= MAX_AMOUNT
        assert len(row.payer) <= 300
        assert len(row.reference) <= 300
        assert bankcsv.bad_character(row.payer + row.reference) is None


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(content):
    _never_a_traceback(content)


@FUZZ
@given(st.binary(max_size=500))
def test_random_bytes_after_a_good_header(content):
    _never_a_traceback(HEADER.encode() + content)


nasty_text = st.text(
    alphabet=st.sampled_from(list("0123456789,.;\"' -+€E\r\n\x00\x1b\u202e\u2066\u200fabcà")), max_size=80
)
cells = st.one_of(
    nasty_text,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(0, 5000).map(lambda n: "9" * n),
    st.integers(0, 3000).map(lambda n: "x" * n),
)


@FUZZ
@given(st.lists(st.tuples(cells, cells, cells, cells), max_size=5), st.sampled_from(["\n", "\r\n", "\r"]))
def test_structured_rows_with_huge_numbers_long_cells_and_controls(rows, end):
    body = end.join(";".join(row) for row in rows)
    _never_a_traceback((HEADER.replace("\n", end) + body).encode())
