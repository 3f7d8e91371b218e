"""The factsheet page and PDF as visitors and the office reach them, on the real demo data."""

import datetime as dt
import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from cocopa.members.models import LocalAuthority
from cocopa.network import queries as network_queries
from cocopa.network.models import NetworkProfile
from cocopa.public import queries as public_queries

pytestmark = pytest.mark.usefixtures("demo_network")

# The presentation's order (the seed brochure): motto, what it is, members, fields of action,
# cooperation, fields of intervention, the country timeline, how it works, contacts.
SECTIONS = ["fs-motto", "fs-what", "fs-members", "fs-actions", "fs-cooperation", "fs-interventions",
            "fs-timeline", "fs-bodies", "fs-contacts"]  # fmt: skip


def attribute(html: str, selector: str, name: str) -> str:
    found = re.search(rf'{selector}[^>]*?{name}="([^"]*)"', html)
    assert found, f"{selector} with {name} not in the page"
    return found.group(1)


def test_the_sections_come_in_the_presentations_order(client: Client) -> None:
    html = client.get("/factsheet/").content.decode()
    positions = [html.index(f'class="fs-section {name}"' if name != "fs-motto" else 'class="fs-motto"')
                 for name in SECTIONS]  # fmt: skip
    assert positions == sorted(positions)


@pytest.mark.parametrize("at", [None, "2012-06-30", "2021-06-01"])
def test_figures_are_the_registers_on_the_day_not_the_brochures(client: Client, at: str | None) -> None:
    day = dt.date.fromisoformat(at) if at else network_queries.today()
    response = client.get("/factsheet/", {"at": at} if at else {})
    html = response.content.decode()
    stats = network_queries.statistics(day)
    assert attribute(html, 'class="factsheet"', "data-at") == day.isoformat()
    assert int(attribute(html, 'data-figure="municipalities"', "data-value")) == stats.municipalities
    for figures in stats.classes:
        if figures.key != "capital":
            assert f'data-class="{figures.key}" data-count="{figures.members}"' in html
    network = NetworkProfile.objects.get()
    torino = public_queries.figure_in_use(network.capital, day)
    assert torino is not None
    capital = int(attribute(html, 'data-figure="capital"', "data-value"))
    assert capital == torino.value
    # The seed's 907,563 is the brochure's; the demo's Torino is what its sources say.
    assert capital != 907_563
    assert attribute(html, 'data-figure="share"', "data-value") == str(stats.territory_share)


def test_the_page_draws_three_pictures_each_with_a_text_alternative(client: Client) -> None:
    html = client.get("/en/factsheet/").content.decode()
    for chart in ("chart-classes", "chart-share", "chart-map"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
        assert f'<title id="{chart}-title">' in html
        assert f'<desc id="{chart}-desc">' in html


def test_a_malformed_day_says_so_and_shows_today(client: Client) -> None:
    html = client.get("/factsheet/", {"at": "26/11/2026"}).content.decode()
    assert 'role="alert"' in html
    assert "26/11/2026" in html
    assert attribute(html, 'class="factsheet"', "data-at") == network_queries.today().isoformat()


def test_the_timeline_is_the_country_the_office_chose(client: Client) -> None:
    html = client.get("/factsheet/").content.decode()
    # Palestine by default, as in the presentation.
    assert re.search(r'class="fs-section fs-timeline"[^>]*data-country="PS"', html)
    NetworkProfile.objects.update(factsheet_country="LB")
    html = client.get("/factsheet/").content.decode()
    assert re.search(r'class="fs-section fs-timeline"[^>]*data-country="LB"', html)


@pytest.mark.parametrize(("prefix", "language"), [("", "it"), ("/en", "en")])
def test_the_pdf_is_the_factsheet_of_the_day_in_the_urls_language(
    client: Client, prefix: str, language: str
) -> None:
    response = client.get(f"{prefix}/factsheet.pdf", {"at": "2012-06-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="factsheet-{language}-2012-06-30.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    stats = network_queries.statistics(dt.date(2012, 6, 30))
    assert str(stats.municipalities) in text
    municipalities = LocalAuthority.objects.filter(kind=LocalAuthority.Kind.MUNICIPALITY)
    assert any(a.name in text for a in municipalities)  # the capital, by name
    assert reader.metadata is not None
    assert reader.metadata.title is not None
    assert "2012-06-30" in reader.metadata.title


def test_the_pdf_refuses_a_malformed_day(client: Client) -> None:
    response = client.get("/factsheet.pdf", {"at": "yesterday"})
    assert response.status_code == 400
    assert "yesterday" in response.content.decode()


def test_the_site_links_to_the_factsheet(client: Client) -> None:
    html = client.get("/", {"at": "2020-01-01"}).content.decode()
    assert 'href="/factsheet/?at=2020-01-01"' in html


@pytest.mark.django_db
def test_an_empty_installation_gets_a_factsheet_that_says_so() -> None:
    """Before `load_demo` (or any data) the page and the PDF still answer, with nothing invented."""
    from cocopa.members.models import Membership

    Membership.objects.all().delete()
    NetworkProfile.objects.all().delete()
    client = Client()
    page = client.get("/factsheet/")
    assert page.status_code == 200
    assert 'data-figure="municipalities"' not in page.content.decode()
    document = client.get("/factsheet.pdf")
    assert document.status_code == 200
    assert document.content.startswith(b"%PDF")
