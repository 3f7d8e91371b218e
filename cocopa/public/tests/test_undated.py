"""An undated source's own note on when ("about 2005-2009") is said in the page's language when it
has a known shape; any other note stays as the researcher wrote it, marked as English."""

import pytest
from django.template import Context, Template
from django.utils import translation

from cocopa.public.templatetags.public_site import undated_phrase


@pytest.mark.parametrize(
    ("note", "italian", "english"),
    [
        ("about 2007-2011", "circa 2007–2011", "about 2007–2011"),
        ("about 2005 - 2009", "circa 2005–2009", "about 2005–2009"),
        ("about 2010", "circa 2010", "about 2010"),
        ("2015 or later", "2015 o successivo", "2015 or later"),
        ("2024 or 2025", "2024 o 2025", "2024 or 2025"),
    ],
)
def test_known_shapes_are_said_in_the_pages_language(note, italian, english):
    with translation.override("it"):
        assert undated_phrase(note) == (italian, True)
    with translation.override("en"):
        assert undated_phrase(note) == (english, True)


def test_another_note_is_kept_as_written():
    assert undated_phrase("refers to 2005-2007 activities") == ("refers to 2005-2007 activities", False)


def render(text: str, language: str) -> str:
    with translation.override(language):
        return Template('{% include "public/_when.html" %}').render(Context({"on": None, "text": text}))


def test_the_italian_page_says_non_datato_circa_without_marking_it_english():
    html = render("undated (about 2007-2011)", "it")
    assert html == 'non datato <span class="date-as-given">(circa 2007–2011)</span>'


def test_a_free_note_is_marked_as_english_on_the_italian_page():
    html = render("undated (refers to 2005-2007 activities)", "it")
    assert '<span class="date-as-given" lang="en">(refers to 2005-2007 activities)</span>' in html


def test_no_note_no_brackets():
    assert render("undated", "en") == "undated"
