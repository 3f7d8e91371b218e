"""The HTTP edge of the news: who reaches the office pages, what the public sees, the picture's
gate, the feeds, and the news shown on the pages a post links to."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from cocopa.cooperation.testing import make_initiative
from cocopa.members.models import LocalAuthority, Membership
from cocopa.news.models import Post
from cocopa.news.testing import PNG, make_post, picture

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def rivoli():
    rivoli = LocalAuthority.objects.create(name="Rivoli", kind="municipality", istat_code="001219")
    # A member: the form offers the authorities that have been members, not ISTAT's whole list.
    Membership.objects.create(authority=rivoli, start_on=dt.date(1995, 10, 4))
    return rivoli


# --- Office pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/office/news/", "/office/news/new/", "/en/office/news/"], ids=["list", "new", "english"]
)
def test_a_plain_user_cannot_reach_the_office_news(client, plain_user, path):
    client.force_login(plain_user)
    assert client.get(path).status_code == 403


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/office/news/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_administrative_office_cannot_publish(client, administrative_office_user):
    post = make_post()
    client.force_login(administrative_office_user)
    assert client.post(reverse("news_office:publish", args=[post.pk])).status_code == 403
    assert client.post(reverse("news_office:delete", args=[post.pk])).status_code == 403
    assert not Post.objects.get().is_published


def test_the_office_home_links_to_the_news_for_the_peace_office_only(
    client, peace_office_user, administrative_office_user
):
    client.force_login(peace_office_user)
    assert 'id="area-news"' in client.get("/office/").content.decode()
    client.force_login(administrative_office_user)
    assert 'id="area-news"' not in client.get("/office/").content.decode()


def test_the_office_lists_drafts_and_published_posts(client, peace_office_user):
    make_post(title_it="Bozza")
    make_post(title_it="Uscita", published=True)
    client.force_login(peace_office_user)
    page = client.get("/en/office/news/").content.decode()
    assert 'data-post="bozza" data-state="draft"' in page
    assert 'data-post="uscita" data-state="published"' in page


def test_the_clerk_writes_a_post_with_a_picture_and_publishes_it(client, peace_office_user, rivoli):
    client.force_login(peace_office_user)
    response = client.post(
        "/office/news/new/",
        {
            "action": "save",
            "title_it": "Rivoli in Senegal",
            "title_en": "Rivoli in Senegal",
            "body_it": "Testo *italiano*.",
            "image": picture(),
            "image_alt_it": "Sindaci a Dakar",
            "image_alt_en": "Mayors in Dakar",
            "members": [rivoli.pk],
            "countries": ["SN"],
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/office/news/{post.pk}/"
    assert post.published_at is None
    assert post.image
    response = client.post(f"/office/news/{post.pk}/publish/")
    assert response.status_code == 302
    assert Post.objects.get().is_published


def test_a_picture_without_its_description_is_refused_beside_the_field(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post("/en/office/news/new/", {"action": "save", "title_it": "Foto", "image": picture()})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field-error="image_alt_it"' in page
    assert "Describe the picture in Italian" in page
    assert not Post.objects.exists()


def test_the_form_offers_members_not_every_authority_of_istat_s_list(client, peace_office_user, rivoli):
    LocalAuthority.objects.create(name="Sestriere", kind="municipality", istat_code="001263")
    client.force_login(peace_office_user)
    page = client.get("/office/news/new/").content.decode()
    assert f'name="members" value="{rivoli.pk}"' in page
    assert "Sestriere" not in page


def test_a_file_that_is_not_a_picture_is_refused_beside_the_field(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post(
        "/en/office/news/new/",
        {
            "action": "save",
            "title_it": "Foto",
            "image": picture("atto.pdf", b"%PDF-1.4"),
            "image_alt_it": "x",
        },
    )
    assert response.status_code == 400
    assert 'data-field-error="image"' in response.content.decode()


def test_a_missing_title_is_named_beside_its_field(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post("/en/office/news/new/", {"action": "save", "title_it": ""})
    assert response.status_code == 400
    assert 'data-field-error="title_it"' in response.content.decode()


def test_the_preview_shows_the_cleaned_text_and_saves_nothing(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post(
        "/en/office/news/new/",
        {
            "action": "preview",
            "title_it": "Anteprima",
            "body_it": "**forte** <script>alert(1)</script>",
            "title_en": "Preview",
            "body_en": "*in English*",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    preview = page.split('id="news-preview"')[1].split("</section>")[0]
    assert '<article class="news-preview mb-4" lang="it" data-preview="it">' in preview
    assert "<strong>forte</strong>" in preview
    assert "alert(1)" not in preview
    assert "<em>in English</em>" in preview
    assert not Post.objects.exists()


def test_the_office_sees_a_draft_as_the_public_will(client, peace_office_user, plain_user):
    post = make_post(body_it="Corpo della bozza")
    client.force_login(peace_office_user)
    page = client.get(f"/office/news/{post.pk}/preview/").content.decode()
    assert 'id="office-preview"' in page
    assert "Corpo della bozza" in page
    client.force_login(plain_user)
    assert client.get(f"/office/news/{post.pk}/preview/").status_code == 403


def test_deleting_asks_first_then_deletes(client, peace_office_user):
    post = make_post()
    client.force_login(peace_office_user)
    assert client.get(f"/office/news/{post.pk}/delete/").status_code == 200
    assert Post.objects.exists()
    response = client.post(f"/office/news/{post.pk}/delete/")
    assert response.status_code == 302
    assert not Post.objects.exists()


# --- Public pages ---------------------------------------------------------------------------


def test_the_public_list_shows_published_posts_only(client):
    make_post(title_it="Bozza segreta")
    make_post(title_it="Notizia pubblica", published=True)
    page = client.get("/news/").content.decode()
    assert "Notizia pubblica" in page
    assert "Bozza segreta" not in page
    assert 'type="application/rss+xml"' in page
    assert 'href="/news/feed/rss/"' in page
    assert 'type="application/atom+xml"' in page
    assert 'href="/news/feed/atom/"' in page


def test_the_english_pages_advertise_the_english_feeds(client):
    page = client.get("/en/news/").content.decode()
    assert 'href="/en/news/feed/rss/"' in page
    assert 'href="/en/news/feed/atom/"' in page


def test_a_draft_has_no_public_page(client):
    post = make_post()
    assert client.get(f"/news/{post.slug}/").status_code == 404


def test_a_post_shows_in_the_page_language_with_the_italian_where_english_is_missing(client, rivoli):
    post = make_post(
        title_it="Titolo italiano",
        title_en="English title",
        body_it="Solo in *italiano*.",
        members=[rivoli],
        countries=["SN"],
        published=True,
    )
    italian = client.get(f"/news/{post.slug}/").content.decode()
    assert '<h1 lang="it">Titolo italiano</h1>' in italian
    english = client.get(f"/en/news/{post.slug}/").content.decode()
    assert '<h1 lang="en">English title</h1>' in english
    # No English text: the Italian is shown, marked as Italian.
    assert '<div class="news-body" lang="it"><p>Solo in <em>italiano</em>.</p></div>' in english
    assert 'href="/en/members/001219/"' in english
    assert 'href="/en/cooperation/countries/SN/"' in english


def test_the_date_is_written_as_people_write_it(client):
    post = make_post(published=True)
    Post.objects.filter(pk=post.pk).update(published_at="2025-11-05T10:00:00+01:00")
    assert "5 November 2025" in client.get(f"/en/news/{post.slug}/").content.decode()
    assert '<time datetime="2025-11-05T10:00:00+01:00">' in client.get(f"/news/{post.slug}/").content.decode()


def test_the_list_asks_the_database_the_same_few_times_for_many_posts(client, django_assert_max_num_queries):
    for n in range(12):
        make_post(title_it=f"Notizia {n}", image=n % 2 == 0, published=True)
    with django_assert_max_num_queries(6) as captured:
        response = client.get("/news/")
    assert response.status_code == 200
    assert response.content.decode().count('class="news-item"') == 10
    few = len(captured)
    Post.objects.all().delete()
    make_post(title_it="Una sola", published=True)
    with django_assert_max_num_queries(few):
        client.get("/news/")


def test_the_list_is_paginated(client):
    for n in range(12):
        make_post(title_it=f"Notizia {n}", published=True)
    page = client.get("/news/?page=2").content.decode()
    assert page.count('class="news-item"') == 2
    assert 'href="?page=1"' in page


# --- The picture ----------------------------------------------------------------------------


def test_a_published_post_s_picture_is_streamed_to_everyone(client):
    post = make_post(image=True, published=True)
    response = Client().get(f"/news/pictures/{post.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_a_draft_s_picture_is_for_the_office_only(client, plain_user, peace_office_user):
    post = make_post(image=True)
    assert client.get(f"/news/pictures/{post.pk}/").status_code == 302  # to the login page
    client.force_login(plain_user)
    assert client.get(f"/news/pictures/{post.pk}/").status_code == 403
    client.force_login(peace_office_user)
    assert client.get(f"/news/pictures/{post.pk}/").status_code == 200


def test_the_picture_has_its_description_on_the_page(client):
    post = make_post(image=True, title_en="Flag", published=True)
    english = client.get(f"/en/news/{post.slug}/").content.decode()
    assert f'<img src="/en/news/pictures/{post.pk}/" alt="A blue flag" lang="en" id="news-image">' in english


# --- Feeds ----------------------------------------------------------------------------------


def test_the_rss_feed_is_xml_in_the_address_language(client):
    make_post(title_it="Notizia", title_en="News item", body_it="<script>x</script>Testo", published=True)
    make_post(title_it="Bozza")
    italian = ET.fromstring(client.get("/news/feed/rss/").content)
    assert italian.findtext("channel/language") == "it"
    assert [i.findtext("title") for i in italian.iter("item")] == ["Notizia"]
    assert "<script>" not in (italian.findtext("channel/item/description") or "")
    english = ET.fromstring(client.get("/en/news/feed/rss/").content)
    assert english.findtext("channel/language") == "en"
    assert [i.findtext("title") for i in english.iter("item")] == ["News item"]
    assert english.findtext("channel/item/link").endswith("/en/news/notizia/")


def test_the_atom_feed_is_xml_in_the_address_language(client):
    make_post(title_it="Notizia", title_en="News item", published=True)
    response = client.get("/en/news/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == ["News item"]
    italian = ET.fromstring(client.get("/news/feed/atom/").content)
    assert italian.get("{http://www.w3.org/XML/1998/namespace}lang") == "it"


# --- Shown on the pages it links to -----------------------------------------------------------


def test_a_post_is_shown_on_the_member_initiative_and_country_pages(client, rivoli):
    initiative = make_initiative("acqua-bf", countries=("BF",))
    make_post(title_it="Notizia su Rivoli", members=[rivoli], published=True)
    make_post(title_it="Notizia sull'acqua", initiatives=[initiative], countries=["BF"], published=True)
    make_post(title_it="Bozza su Rivoli", members=[rivoli])
    member_page = client.get("/members/001219/").content.decode()
    assert 'id="news-related"' in member_page
    assert "Notizia su Rivoli" in member_page
    assert "Bozza su Rivoli" not in member_page
    assert "Notizia sull&#x27;acqua" not in member_page
    assert "Notizia sull&#x27;acqua" in client.get("/cooperation/initiatives/acqua-bf/").content.decode()
    country = client.get("/cooperation/countries/BF/").content.decode()
    assert "Notizia sull&#x27;acqua" in country
    assert "Notizia su Rivoli" not in country


def test_a_page_without_news_shows_no_news_section(client, rivoli):
    assert 'id="news-related"' not in client.get("/members/001219/").content.decode()


def test_the_latest_news_tag_shows_the_newest_published_posts():
    from django.template import Context, Template

    for n in range(4):
        make_post(title_it=f"Notizia {n}", published=True)
    make_post(title_it="Bozza")
    html = Template("{% load news %}{% latest_news limit=2 %}").render(Context({}))
    assert html.count('class="news-item"') == 2
    assert "Notizia 3" in html
    assert "Bozza" not in html
