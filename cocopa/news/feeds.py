"""The news as RSS 2.0 and Atom 1.0, in the language of the address (/news/feed/… in Italian,
/en/news/feed/… in English), with the Italian text where a post has no English."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import gettext as _

from cocopa.news import markup, queries
from cocopa.news.models import Post

ITEMS = 20


class RssFeed(Feed):  # type: ignore[type-arg]
    """The language is the active one (Feed.language left unset): the address's."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def title(self) -> str:
        return _("Co.Co.Pa. news")

    def description(self) -> str:
        return _("News of the Coordinamento Comuni per la Pace della Provincia di Torino.")

    def link(self) -> str:
        return reverse("news:list")

    def feed_url(self) -> str:
        return reverse("news:feed-rss")

    def items(self) -> list[Post]:
        return list(queries.published()[:ITEMS])

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        summary = f"<p>{escape(item.summary)}</p>" if item.summary else ""
        return summary + str(markup.render(item.body))

    def item_pubdate(self, item: Post):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_updateddate(self, item: Post):  # type: ignore[no-untyped-def]
        return item.updated_at


class AtomFeed(RssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

    def feed_url(self) -> str:
        return reverse("news:feed-atom")
