"""The demo's news: each post retells one dated event of the sources, cites them, and is dated on
the event's day; all read from the demo's data file (the app never reads the shared facts)."""

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone

from cocopa.core.dates import parse_partial
from cocopa.core.errors import InputFileError
from cocopa.core.models import Source
from cocopa.demo import news as loader
from cocopa.news.models import Post

pytestmark = pytest.mark.django_db

ROWS = yaml.safe_load(loader.data_file().read_text(encoding="utf-8"))["posts"]


def _codes(fact: dict[str, Any]) -> set[str]:
    return set(fact.get("sources") or [fact["source"]])


def test_the_demo_has_a_few_news_posts_all_published(demo_network):
    assert 3 <= len(ROWS) <= 5
    assert Post.objects.count() == len(ROWS)
    assert Post.objects.published().count() == len(ROWS)
    assert not Post.objects.exclude(image="").exists()  # no picture is sourced


@pytest.mark.parametrize("row", ROWS, ids=[r["title"]["en"] for r in ROWS])
def test_a_demo_post_cites_its_sources_and_is_dated_on_its_fact(demo_network, row):
    post = Post.objects.get(title_it=row["title"]["it"])
    assert post.title_en == row["title"]["en"]
    # The post rests on the fact's sources, and they are the demo's.
    assert set(row["sources"]) >= _codes(row["fact"])
    sources = Source.objects.filter(code__in=row["sources"])
    assert sorted(s.code for s in sources) == sorted(row["sources"])
    # Dated on the fact's day (the last of a period) at noon in Torino.
    when = timezone.localtime(post.published_at)
    assert row["date"] == row["fact"]["date"]
    assert when.date().isoformat() == str(row["fact"]["date"]).split("/")[-1]
    assert (when.hour, when.minute) == (12, 0)
    for source in sources:
        # The text ends with each source: its title, as a link to where it is published.
        for body in (post.body_it, post.body_en):
            last = body.strip().splitlines()[-1]
            assert f"[{source.title}]({source.url})" in last
        # A source tells of the event after it happened, not before.
        published, _ = parse_partial(source.published, end=True)
        assert published >= when.date()
    assert post.body_it.strip().splitlines()[-1].startswith(("Fonte: ", "Fonti: "))
    assert post.body_en.strip().splitlines()[-1].startswith(("Source: ", "Sources: "))


@pytest.mark.parametrize("row", ROWS, ids=[r["title"]["en"] for r in ROWS])
def test_a_demo_post_names_what_its_data_names(demo_network, row):
    post = Post.objects.get(title_it=row["title"]["it"])
    assert sorted(m.slug for m in post.members.all()) == sorted(row.get("members") or [])
    assert sorted(i.identifier for i in post.initiatives.all()) == sorted(row.get("initiatives") or [])
    assert [c.code for c in post.countries] == sorted(row.get("countries") or [])


def test_the_public_news_list_shows_the_demo_posts_newest_first(client, demo_network):
    page = client.get("/en/news/").text
    newest_first = sorted(ROWS, key=lambda r: str(r["date"]).split("/")[-1], reverse=True)
    positions = [page.index(r["title"]["en"].replace('"', "&quot;")) for r in newest_first]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"date": "2025-11"}, "posts[0].date"),  # a month is no day to date a post on
        ({"sources": ["S99"]}, "unknown source 'S99'"),
        ({"sources": []}, "cites the source"),
        ({"members": ["009999"]}, "unknown member '009999'"),
        ({"initiatives": ["nowhere"]}, "unknown initiative 'nowhere'"),
    ],
)
def test_a_broken_news_file_names_the_record_and_writes_nothing(
    demo_network, tmp_path: Path, change, problem
):
    broken = tmp_path / "news.yaml"
    broken.write_text(
        yaml.safe_dump({"posts": [{**ROWS[0], **change}]}, allow_unicode=True), encoding="utf-8"
    )
    before = Post.objects.count()
    with pytest.raises(InputFileError) as err:
        loader.load(broken)
    assert "news.yaml" in err.value.message
    assert problem in err.value.message
    assert Post.objects.count() == before


def test_a_period_is_dated_on_its_last_day():
    assert loader.event_day("2025-10-28/2025-11-04") == dt.date(2025, 11, 4)
    assert loader.published_at("2025-11-05").isoformat() == "2025-11-05T12:00:00+01:00"


def test_loading_again_with_if_empty_writes_no_second_set_of_posts(demo_network):
    before = list(Post.objects.values_list("slug", flat=True))
    call_command("load_demo", "--if-empty", stdout=StringIO())
    assert list(Post.objects.values_list("slug", flat=True)) == before
