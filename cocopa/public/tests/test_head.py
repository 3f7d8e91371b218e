"""What a public page tells search engines and browsers before its content (issue 14, Lighthouse).

`make lighthouse` measures the rest; these are the defects it found that a plain request shows.
"""

import re

import pytest

PAGES = ["/", "/members/", "/cooperation/map/", "/factsheet/"]


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)">', html))


@pytest.mark.parametrize("path", PAGES)
def test_each_language_version_is_named_by_its_full_address(client, demo_network, path):
    """Search engines ignore an hreflang whose address is relative; x-default is the Italian page."""
    italian = alternates(client.get(path).text)
    english = alternates(client.get("/en" + path).text)

    assert (
        italian
        == english
        == {
            "it": f"http://testserver{path}",
            "x-default": f"http://testserver{path}",
            "en": f"http://testserver/en{path}",
        }
    )


def test_the_alternates_keep_the_query(client, demo_network):
    links = alternates(client.get("/members/?class=large&at=2024-09-01").text)

    assert links["en"] == "http://testserver/en/members/?class=large&amp;at=2024-09-01"


@pytest.mark.parametrize("path", PAGES)
def test_a_page_has_its_language_and_a_description(client, demo_network, path):
    html = client.get(path).text

    assert '<html lang="it">' in html
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description is not None
    assert description.group(1).strip()


def test_leaflet_does_not_hold_back_the_first_paint(client, demo_network):
    """Leaflet's script comes with the map, after the page's heading, not in the head."""
    html = client.get("/cooperation/map/").text
    head, body = html.split("</head>", 1)

    scripts = re.compile(r'<script src="[^"]*leaflet[^"]*"')

    assert not scripts.search(head)
    first = scripts.search(body)
    assert first is not None
    assert body.index("<h1") < first.start()


def test_the_fonts_are_declared_in_css_not_added_by_script_at_the_end(client, demo_network):
    """Fonts declared late by script moved the text once they arrived (a layout shift)."""
    html = client.get("/factsheet/").text
    head = html.split("</head>", 1)[0]

    assert re.search(r'<link rel="stylesheet" href="[^"]*public/fonts[^"]*\.css">', head)
    assert re.search(r'<link rel="preload" href="[^"]*latin-regular[^"]*\.woff2" as="font"', head)
    assert "loadFonts" not in html
