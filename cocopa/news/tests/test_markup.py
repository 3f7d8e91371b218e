"""The Markdown of a post becomes HTML with only the allowed tags: nothing that runs, no
javascript: link, no event handler."""

import pytest

from cocopa.news import markup


def test_markdown_becomes_paragraphs_lists_and_links_with_noopener():
    html = markup.render("Una *pace* **giusta**.\n\n- uno\n- due\n\n[sito](https://www.cocopa.it/)")
    assert "<p>Una <em>pace</em> <strong>giusta</strong>.</p>" in html
    assert "<ul>\n<li>uno</li>\n<li>due</li>\n</ul>" in html
    assert '<a href="https://www.cocopa.it/" rel="noopener">sito</a>' in html


def test_a_script_goes_with_its_content():
    html = markup.render(
        "Prima <script>alert('x')</script> dopo\n\n<script src=https://evil.example/x.js></script>"
    )
    assert "script" not in html
    assert "alert" not in html
    assert "Prima" in html
    assert "dopo" in html


@pytest.mark.parametrize(
    "text",
    [
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">testo</p>',
        '<a href="https://ok.example/" onmouseover="alert(1)">link</a>',
    ],
)
def test_event_handlers_and_images_are_removed(text):
    html = markup.render(text)
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "<img" not in html
    assert "alert" not in html


@pytest.mark.parametrize(
    "text",
    [
        "[clic](javascript:alert(1))",
        '<a href="javascript:alert(1)">clic</a>',
        '<a href="JaVaScRiPt:alert(1)">clic</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">clic</a>',
    ],
)
def test_javascript_and_data_links_lose_their_address(text):
    html = markup.render(text)
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "clic" in html


def test_only_the_allowed_tags_and_attributes_survive():
    html = markup.render(
        '<div class="x" style="color:red"><iframe src="https://x.example/"></iframe>'
        "<blockquote>citazione</blockquote><code>c</code><br><table><tr><td>t</td></tr></table></div>"
    )
    assert "<blockquote>citazione</blockquote>" in html
    assert "<code>c</code>" in html
    assert "<br>" in html
    for gone in ("<div", "style=", "class=", "<iframe", "<table", "<td"):
        assert gone not in html


def test_headings_start_below_the_page_title():
    html = markup.render("# Titolo\n\n## Sezione\n\n###### Nota")
    assert "<h2>Titolo</h2>" in html
    assert "<h2>Sezione</h2>" in html
    assert "<h4>Nota</h4>" in html
    assert "<h1" not in html
    assert "<h6" not in html


def test_mailto_links_stay_and_an_empty_text_is_empty():
    assert 'href="mailto:cocopa@example.org"' in markup.render("[scrivi](mailto:cocopa@example.org)")
    assert markup.render("") == ""
