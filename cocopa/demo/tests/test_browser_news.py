"""In Chromium: a citizen opening a fresh demo site finds its news on the home page and on the
news page, reads a post to the source it ends with, in Italian and in English, on a 390 px phone
and on a desktop. Every page passes axe-core; screenshots go to $COCOPA_SHOTS when set."""

import pytest
import yaml
from playwright.sync_api import expect

from cocopa.core.testing import shoot
from cocopa.demo import news as loader
from cocopa.news.models import Post

pytestmark = pytest.mark.browser

ROWS = yaml.safe_load(loader.data_file().read_text(encoding="utf-8"))["posts"]


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_citizen_finds_the_demo_news_and_reads_one_to_its_source(site, browser, assert_accessible, width):
    newest = list(Post.objects.published()[:3])
    mission = Post.objects.get(countries__contains="SN", members__istat_code="001219")
    body_it = next(r for r in ROWS if r["title"]["it"] == mission.title_it)["body"]["it"]
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="it-IT", is_mobile=width < 800
    )
    citizen = context.new_page()
    try:
        citizen.goto(f"{site}/")
        home_news = citizen.locator("#news-related [data-post]")
        expect(home_news).to_have_count(3)
        assert home_news.evaluate_all("els => els.map(e => e.dataset.post)") == [p.slug for p in newest]
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, f"demo-news-home-it-{width}", widths=(width,))

        with citizen.expect_navigation():
            citizen.locator("#news-related a[href='/news/']").click()
        expect(citizen.locator("main [data-post]")).to_have_count(len(ROWS))
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, f"demo-news-list-it-{width}", widths=(width,))

        with citizen.expect_navigation():
            citizen.locator(f"[data-post='{mission.slug}'] a").first.click()
        expect(citizen.locator("h1")).to_have_text(mission.title_it)
        # The text ends with its source, a link to where it is published.
        last = citizen.locator(".news-body p").last
        expect(last).to_contain_text("TorinOggi, 12 novembre 2025")
        assert f"({last.locator('a').get_attribute('href')})" in body_it
        expect(citizen.locator("time").first).to_have_attribute("datetime", "2025-11-04T12:00:00+01:00")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, f"demo-news-post-it-{width}", widths=(width,))

        citizen.goto(f"{site}/en/news/{mission.slug}/")
        expect(citizen.locator("h1")).to_have_text(mission.title_en)
        expect(citizen.locator(".news-body p").last).to_contain_text("TorinOggi, 12 November 2025")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, f"demo-news-post-en-{width}", widths=(width,))
        citizen.goto(f"{site}/en/news/")
        expect(citizen.locator("h1")).to_have_text("News")
        _no_horizontal_scroll(citizen)
        shoot(citizen, f"demo-news-list-en-{width}", widths=(width,))
        citizen.goto(f"{site}/en/")
        _no_horizontal_scroll(citizen)
        shoot(citizen, f"demo-news-home-en-{width}", widths=(width,))
    finally:
        context.close()
