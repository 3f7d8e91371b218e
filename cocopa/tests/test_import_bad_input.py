"""Bad input to the ISTAT and IATI imports ends in a located message and writes nothing (issue 12).

Findings: a 5,000-digit population and deeply nested JSON ended the ISTAT import in a traceback
(Python's 4,300-digit limit, RecursionError); a 200 MB IATI file used 2.26 GB of memory.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocopa.cooperation.iati_import import IatiFileRejected, import_file
from cocopa.cooperation.models import Initiative
from cocopa.core.errors import InputFileError
from cocopa.members import istat
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db

ELEMENT = (
    '{{"nome": "Agliè", "codice": "001001", "codiceCatastale": "A074", "popolazione": {population}, '
    '"provincia": {{"codice": "001", "nome": "Torino"}}, "regione": {{"nome": "Piemonte"}}}}'
)


def test_a_5000_digit_population_is_a_located_message(tmp_path: Path) -> None:
    for population in ("9" * 5000, '"' + "9" * 5000 + '"'):
        path = tmp_path / "comuni.json"
        path.write_text("[" + ELEMENT.format(population=population) + "]")
        with pytest.raises(InputFileError) as err:
            istat.parse(path)
        assert "line 1" in err.value.message
        assert "element 1" in err.value.message


def test_deeply_nested_json_is_a_located_message_through_the_command(tmp_path: Path) -> None:
    path = tmp_path / "comuni.json"
    path.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]")
    with pytest.raises(CommandError, match=r"comuni.json, line 1: element 1: nested too deeply"):
        call_command("import_istat", str(path), stdout=io.StringIO())
    assert not LocalAuthority.objects.exists()


NASTY = st.sampled_from(
    ["\x00", "\r", "\u202e", "\u2066", "9" * 5000, "[" * 3000, "<" * 3000, "x" * 200_000, "\ufeff", "\ud800"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.lists(st.one_of(NASTY, st.text(max_size=50)), max_size=8)
        .map("".join)
        .map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.tuples(
            st.sampled_from(["9" * 5000, "1e999999", "-1", "[[[[[[1]]]]]]", '"\u202e12"']), st.just(0)
        ).map(lambda p: ("[" + ELEMENT.format(population=p[0]) + "]").encode()),
    )
)
def test_the_istat_reader_answers_any_bytes_with_a_located_message_or_rows(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        istat.parse(path)
    except InputFileError as err:
        assert err.message.startswith(str(path))  # noqa: PT017 (any bytes: a message or rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.sampled_from(
            [
                b"<iati-activities>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</iati-activities>",
                b"<iati-activities>\r<iati-activity>\x00</iati-activity></iati-activities>",
                b"<iati-activities><iati-activity><iati-identifier>\xe2\x80\xaeX</iati-identifier>"
                b"<budget><value>" + b"9" * 5000 + b"</value></budget></iati-activity></iati-activities>",
                b"<iati-activities>" + b"x" * 300_000 + b"</iati-activities>",
            ]
        ),
    )
)
def test_the_iati_reader_answers_any_bytes_with_problems_and_writes_nothing(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "fuzz.xml"
    path.write_bytes(data)
    try:
        import_file(path)
    except IatiFileRejected as err:
        assert err.problems  # noqa: PT017 (any bytes: problems or an import)
    assert not Initiative.objects.exists()


def test_files_over_the_configured_size_are_refused_before_reading(tmp_path: Path, settings) -> None:  # noqa: ANN001
    settings.COCOPA_MAX_IMPORT_MB = 0.001
    big = tmp_path / "big.xml"
    big.write_bytes(b"<iati-activities>" + b" " * 2000 + b"</iati-activities>")
    with pytest.raises(IatiFileRejected, match="COCOPA_MAX_IMPORT_MB"):
        import_file(big)
    comuni = tmp_path / "comuni.json"
    comuni.write_bytes(b"[" + b" " * 2000 + b"]")
    with pytest.raises(InputFileError, match="COCOPA_MAX_IMPORT_MB"):
        istat.parse(comuni)
