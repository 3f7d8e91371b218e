"""In Chromium: the peace-office clerk (not a superuser) writes a post in Italian and English with
a picture and its description, previews it, saves it as a draft and publishes it; a citizen on a
390 px phone reads it in Italian and in English and finds it on the page of the member it is
about. Every page passes axe-core; screenshots go to $COCOPA_SHOTS when set."""

import pytest
from playwright.sync_api import expect

from cocopa.core.testing import shoot
from cocopa.members.models import LocalAuthority
from cocopa.news.models import Post
from cocopa.news.testing import PNG

pytestmark = pytest.mark.browser

IMAGE = {"name": "missione-dakar.png", "mimeType": "image/png", "buffer": PNG}


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _write(page, rivoli_pk: int) -> None:
    page.fill("#id_title_it", "Rivoli e Beinasco in Senegal")
    page.fill("#id_title_en", "Rivoli and Beinasco in Senegal")
    page.fill("#id_summary_it", "La missione istituzionale a Dakar.")
    page.fill("#id_summary_en", "The institutional mission to Dakar.")
    page.fill(
        "#id_body_it",
        "La missione si è svolta **dal 28 ottobre al 4 novembre 2025**.\n\n- Rivoli\n- Beinasco",
    )
    page.fill("#id_body_en", "The mission took place **from 28 October to 4 November 2025**.")
    page.set_input_files("#id_image", files=[IMAGE])
    page.fill("#id_image_alt_it", "Delegazione dei comuni a Dakar")
    page.fill("#id_image_alt_en", "The municipalities' delegation in Dakar")
    members = page.locator("details", has=page.locator("#id_members"))
    if members.get_attribute("open") is None:
        members.locator("summary").click()
    # The theme draws the box on the label, which takes the click, as a person's would.
    box = page.locator(f"#id_members input[value='{rivoli_pk}']")
    page.locator(f"label[for='{box.get_attribute('id')}']").click()
    expect(box).to_be_checked()
    page.select_option("#id_countries", ["SN"])


def test_the_clerk_publishes_a_post_and_a_citizen_reads_it(
    site, page, browser, peace_office_user, assert_accessible
):
    rivoli = LocalAuthority.objects.get(istat_code="001219")
    # The demo network comes with its published posts; the office lists them.
    demo_posts = Post.objects.published().count()
    assert demo_posts
    page.goto(f"{site}/accounts/login/?next=/office/")
    page.fill("#id_username", peace_office_user.username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.locator("#login-submit").click()
    with page.expect_navigation():
        page.locator("#area-news").click()
    expect(page.locator("#news-posts tr[data-state='published']")).to_have_count(demo_posts)
    with page.expect_navigation():
        page.locator("#news-new").click()
    assert_accessible(page)

    # A picture without its description is refused beside the field.
    page.fill("#id_title_it", "Senza descrizione")
    page.set_input_files("#id_image", files=[IMAGE])
    with page.expect_navigation():
        page.locator("#news-save").click()
    expect(page.locator("[data-field-error='image_alt_it']")).to_be_visible()
    assert Post.objects.count() == demo_posts
    assert_accessible(page)

    # The preview shows the text as the public will read it, in both languages, and saves nothing.
    _write(page, rivoli.pk)
    with page.expect_navigation():
        page.locator("#news-preview-button").click()
    expect(page.locator("[data-preview='it'] strong")).to_have_text("dal 28 ottobre al 4 novembre 2025")
    expect(page.locator("[data-preview='en'] strong")).to_have_text("from 28 October to 4 November 2025")
    assert Post.objects.count() == demo_posts
    assert_accessible(page)
    shoot(page, "news-1-preview-it")

    # The preview keeps the text, not the file: the picture is chosen again, then saved.
    page.set_input_files("#id_image", files=[IMAGE])
    with page.expect_navigation():
        page.locator("#news-save").click()
    expect(page.locator("#news-state")).to_have_attribute("data-state", "draft")
    post = Post.objects.get(title_it="Rivoli e Beinasco in Senegal")
    assert post.image
    assert list(post.members.all()) == [rivoli]
    assert Post.objects.count() == demo_posts + 1
    with page.expect_navigation():
        page.locator("#news-publish").click()
    expect(page.locator("#news-state")).to_have_attribute("data-state", "published")
    post.refresh_from_db()
    assert post.is_published
    assert_accessible(page)
    shoot(page, "news-2-published-it")
    page.goto(f"{site}/en/office/news/{post.pk}/")
    shoot(page, "news-2-published-en")

    # A citizen on a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT", is_mobile=True)
    citizen = phone.new_page()
    try:
        citizen.goto(f"{site}/news/")
        with citizen.expect_navigation():
            citizen.locator(f"[data-post='{post.slug}'] a").first.click()
        expect(citizen.locator("h1")).to_have_text("Rivoli e Beinasco in Senegal")
        expect(citizen.locator("#news-image")).to_have_attribute("alt", "Delegazione dei comuni a Dakar")
        assert citizen.locator("#news-image").evaluate("img => img.complete && img.naturalWidth === 60")
        expect(citizen.locator(".news-body li")).to_have_count(2)
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "news-3-post-it")

        citizen.goto(f"{site}/en/news/{post.slug}/")
        expect(citizen.locator("h1")).to_have_text("Rivoli and Beinasco in Senegal")
        expect(citizen.locator("#news-image")).to_have_attribute(
            "alt", "The municipalities' delegation in Dakar"
        )
        expect(citizen.locator("time")).to_contain_text(str(post.published_at.year))
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "news-3-post-en")
        citizen.goto(f"{site}/en/news/")
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "news-4-list-en")
        citizen.goto(f"{site}/news/")
        shoot(citizen, "news-4-list-it")

        # From the post to the member's page, where the post is shown again.
        citizen.goto(f"{site}/news/{post.slug}/")
        with citizen.expect_navigation():
            citizen.locator(f"[data-member='{rivoli.slug}']").click()
        assert citizen.url.endswith(f"/members/{rivoli.slug}/")
        expect(citizen.locator(f"#news-related [data-post='{post.slug}']")).to_be_visible()
        _no_horizontal_scroll(citizen)
        assert_accessible(citizen)
        shoot(citizen, "news-5-member-it")
        citizen.goto(f"{site}/cooperation/countries/SN/")
        expect(citizen.locator(f"#news-related [data-post='{post.slug}']")).to_be_visible()
        assert_accessible(citizen)
    finally:
        phone.close()
