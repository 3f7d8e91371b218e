import pytest
from django.template import Context, Template

from cocopa.core import sources
from cocopa.core.models import Source

pytestmark = pytest.mark.django_db


def test_a_page_cites_each_source_once_by_code_whatever_the_groups():
    b, a = Source.objects.create(code="B", title="b"), Source.objects.create(code="A", title="a")

    assert list(sources.cited([b, None, a], (s for s in [a, b]), [])) == [a, b]


def test_notes_are_numbered_in_the_order_the_reader_meets_them_and_a_repeat_keeps_its_number():
    a, b, c = (Source.objects.create(code=code, title=code) for code in ("A", "B", "C"))
    notes = sources.cited([a, b, c])

    assert notes.cite(c) == sources.Citation(1, first=True)
    assert notes.cite(a) == sources.Citation(2, first=True)
    assert notes.cite(c) == sources.Citation(1, first=False)
    # B is listed by the view but never referred to in the text: it comes last, not linked back.
    assert [(n.number, n.source.code, n.cited) for n in notes.notes()] == [
        (1, "C", True),
        (2, "A", True),
        (3, "B", False),
    ]


def test_a_source_date_is_written_for_people_and_anything_else_kept_as_given():
    assert sources.written_published("2026-02-09") == "9 febbraio 2026"
    assert sources.written_published("2017") == "2017"
    assert sources.written_published("undated (2015 or later)") == "undated (2015 or later)"


def test_source_codes_inside_a_recorded_text_become_numbered_references_to_the_notes():
    s07 = Source.objects.create(code="S07", title="Garrone elected")
    Source.objects.create(code="S08", title="The list of 35")
    page = Template(
        "{% load source_notes %}{% with_notes text %}|{% with_notes again %}"
        "|{% page_notes as notes %}{% for n in notes %}{{ n.number }}={{ n.source.title }};{% endfor %}"
    ).render(
        Context(
            {
                "sources": sources.cited([s07]),
                "text": "Listed (S08, about 2007-2011); elected <b> (S07).",
                "again": "Still in office (S07, S99).",
            }
        )
    )

    text, again, notes = page.split("|")
    assert "(S08" not in text
    assert "(S07)" not in text
    assert 'href="#note-1" id="cite-1"' in text
    assert "(about 2007-2011)" in text
    assert "&lt;b&gt;" in text  # the recorded text stays escaped
    # S99 is no source: the remark stays as written rather than losing a reference.
    assert again == "Still in office (S07, S99)."
    assert notes == "1=The list of 35;2=Garrone elected;"
