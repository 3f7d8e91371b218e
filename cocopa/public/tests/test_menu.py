"""The main menu gives a visitor every part of the site (issue 14, point 11): who we are (with the
factsheet and where the figures come from), members, what we do (fields, cooperation, projects, map,
city diplomacy, peace education, events, campaigns), how we work, news, documents, how to join and contacts; on a phone, behind the menu button."""

import pytest
from lxml import html
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db

MENU = [
    ("/", "Chi siamo", ["/", "/factsheet/", "/data/"]),
    (
        "/",
        "Cosa facciamo",
        [
            "/fields/",
            "/cooperation/",
            "/cooperation/initiatives/",
            "/cooperation/map/",
            "/diplomacy/",
            "/education/",
            "/events/",
            "/campaigns/",
        ],
    ),
]
TOP = ["/members/", "/governance/", "/news/", "/documents/", "/join/", "/contacts/"]


def _menu_links(client, prefix: str) -> list[str]:
    page = html.fromstring(client.get(prefix + "/").content)
    return [str(a.get("href")) for a in page.xpath("//*[@id='main-menu']//a[@href]") if a.get("href") != "#"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_menu_leads_to_every_part_of_the_site_in_the_pages_language(client, demo_network, prefix):
    links = _menu_links(client, prefix)
    wanted = [prefix + path for _, _, paths in MENU for path in paths] + [prefix + path for path in TOP]
    assert sorted(links) == sorted(wanted)
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize(
    ("path", "current"),
    [("/factsheet/", "/factsheet/"), ("/documents/", "/documents/"), ("/events/past/", "/events/")],
)
def test_the_menu_marks_the_page_the_visitor_is_on(client, demo_network, path, current):
    page = html.fromstring(client.get(path).content)
    marked = [a.get("href") for a in page.xpath("//*[@id='main-menu']//a[@aria-current='page']")]
    assert marked == [current]


@pytest.mark.browser
def test_on_a_phone_the_menu_opens_and_its_groups_unfold(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT")
    page = context.new_page()
    page.goto(site + "/")
    menu = page.get_by_role("navigation", name="Menu principale")
    expect(menu.get_by_role("link", name="Scheda della rete")).to_be_hidden()
    page.get_by_role("button", name="Mostra o nascondi il menu").click()
    menu.get_by_role("button", name="Chi siamo").click()
    menu.get_by_role("link", name="Scheda della rete").click()
    expect(page).to_have_url(site + "/factsheet/")
    context.close()
