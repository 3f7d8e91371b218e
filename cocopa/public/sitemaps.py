"""The sitemap (/sitemap.xml): every public page in Italian and English, each with its alternate.

Django's sitemaps write one <url> per page and language (`i18n`), with `xhtml:link rel="alternate"
hreflang` for the other language and x-default (Italian, the site's default) on each.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from cocopa.cooperation import queries as cooperation_queries
from cocopa.network import queries as network_queries

# The public pages without a parameter, by URL name. Pages behind a login are left out.
PAGES = (
    "public:home",
    "public:members",
    "public:fields",
    "governance:how-we-work",
    "cooperation:overview",
    "cooperation:map",
    "factsheet:page",
    "public:contacts",
    "public:join",
    "public:accessibility",
    "public:privacy",
    "public:legal",
    "public:open-data",
)


if TYPE_CHECKING:  # django-stubs makes Sitemap generic; at run time it is not subscriptable
    _Base = Sitemap[Any]
else:
    _Base = Sitemap


class _Bilingual(_Base):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(_Bilingual):
    def items(self) -> list[str]:
        return list(PAGES)

    def location(self, item: str) -> str:
        return reverse(item)


class MemberSitemap(_Bilingual):
    """Today's members: their own pages."""

    def items(self) -> list[str]:
        today: dt.date = timezone.localdate()
        return [member.slug for member in network_queries.members_at(today)]

    def location(self, item: str) -> str:
        return reverse("public:member", args=[item])


class InitiativeSitemap(_Bilingual):
    """The cooperation initiatives, each on its page."""

    def items(self) -> list[str]:
        return [i.identifier for i in cooperation_queries.filtered_initiatives()]

    def location(self, item: str) -> str:
        return reverse("cooperation:initiative", args=[item])


SITEMAPS: dict[str, type[_Base]] = {
    "pages": PageSitemap,
    "members": MemberSitemap,
    "initiatives": InitiativeSitemap,
}
