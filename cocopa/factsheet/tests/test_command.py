"""`cocopa factsheet`: the PDF written whole, or a clear refusal naming the option."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

pytestmark = pytest.mark.usefixtures("demo_network")


@pytest.mark.parametrize("language", ["it", "en"])
def test_writes_the_factsheet_of_the_day(tmp_path: Path, language: str) -> None:
    target = tmp_path / "factsheet.pdf"
    out = io.StringIO()
    call_command("factsheet", "--lang", language, "--at", "2015-03-01", "-o", str(target), stdout=out)
    reader = PdfReader(target)
    assert reader.metadata is not None
    assert "2015-03-01" in (reader.metadata.title or "")
    assert len(reader.pages) >= 2
    assert "2015-03-01" in out.getvalue()
    assert [p.name for p in tmp_path.iterdir()] == ["factsheet.pdf"]  # no partial file left beside it


def test_another_country_timeline(tmp_path: Path) -> None:
    target = tmp_path / "lb.pdf"
    call_command("factsheet", "--lang", "en", "--country", "lb", "-o", str(target), stdout=io.StringIO())
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "In Lebanon" in " ".join(text.split())


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--at", "2015-13-01"], "--at"),
        (["--country", "XX"], "--country"),
        (["-o", "/nonexistent/folder/f.pdf"], "-o"),
    ],
)
def test_refuses_bad_input_naming_the_option(tmp_path: Path, args: list[str], option: str) -> None:
    argv = ["-o", str(tmp_path / "f.pdf"), *args]
    with pytest.raises(CommandError, match=f"^{option}:"):
        call_command("factsheet", *argv, stdout=io.StringIO())
    assert not list(tmp_path.iterdir())
