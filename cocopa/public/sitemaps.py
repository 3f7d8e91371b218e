"""The sitemap (/sitemap.xml): every public page in Italian and English, each with its alternate.

Django's sitemaps write one <url> per page and language (`i18n`), with `xhtml:link rel="alternate"
hreflang` for the other language and x-default (Italian, the site's default) on each.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from cocopa.campaigns import queries as campaigns_queries
from cocopa.cooperation import queries as cooperation_queries
from cocopa.diplomacy import queries as diplomacy_queries
from cocopa.education import queries as education_queries
from cocopa.events import queries as events_queries
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
    "events:upcoming",
    "events:calendar",  # this month; the other months are reached from it
    "events:past",
    "education:home",
    "diplomacy:overview",
    "diplomacy:agreement-list",
    "diplomacy:mission-list",
    "campaigns:list",
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


class EventSitemap(_Bilingual):
    """The public events, each on its page (a draft never)."""

    def items(self) -> list[int]:
        return list(events_queries.public().order_by("pk").values_list("pk", flat=True))

    def location(self, item: int) -> str:
        return reverse("events:detail", args=[item])


class ProgrammeSitemap(_Bilingual):
    """The peace-education programmes."""

    def items(self) -> list[str]:
        return list(education_queries.programmes().order_by("slug").values_list("slug", flat=True))

    def location(self, item: str) -> str:
        return reverse("education:programme", args=[item])


class AgreementSitemap(_Bilingual):
    """City diplomacy's agreements, each on its page."""

    def items(self) -> list[int]:
        return list(diplomacy_queries.agreements().order_by("pk").values_list("pk", flat=True))

    def location(self, item: int) -> str:
        return reverse("diplomacy:agreement", args=[item])


class MissionSitemap(_Bilingual):
    """City diplomacy's missions and delegations received, each on its page."""

    def items(self) -> list[int]:
        return list(diplomacy_queries.missions().order_by("pk").values_list("pk", flat=True))

    def location(self, item: int) -> str:
        return reverse("diplomacy:mission", args=[item])


class CampaignSitemap(_Bilingual):
    """The campaigns, each on its page."""

    def items(self) -> list[str]:
        return list(campaigns_queries.listed().order_by("slug").values_list("slug", flat=True))

    def location(self, item: str) -> str:
        return reverse("campaigns:detail", args=[item])


SITEMAPS: dict[str, type[_Base]] = {
    "pages": PageSitemap,
    "members": MemberSitemap,
    "initiatives": InitiativeSitemap,
    "events": EventSitemap,
    "programmes": ProgrammeSitemap,
    "agreements": AgreementSitemap,
    "missions": MissionSitemap,
    "campaigns": CampaignSitemap,
}
