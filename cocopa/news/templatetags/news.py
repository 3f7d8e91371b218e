"""`{% load news %}{% related_news member=authority %}` (or initiative=…, country="SN"): the newest
published posts about what a page shows, for pages of the apps below news, which cannot import it
(docs/decisions/0008). Nothing is shown when there is no such post.

`{% latest_news limit=3 %}`: the newest published posts, in the same block (the home page).

`{% news_alternate_links %}`: the <link rel="alternate"> of the feeds in the page's language.
"""

from typing import Any

from django import template
from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language

from cocopa.news import queries

register = template.Library()


@register.inclusion_tag("news/_related.html")
def related_news(
    *, member: Any = None, initiative: Any = None, country: str = "", limit: int = 3
) -> dict[str, Any]:
    return {"posts": queries.latest_for(member=member, initiative=initiative, country=country, limit=limit)}


@register.inclusion_tag("news/_related.html")
def latest_news(limit: int = 3) -> dict[str, Any]:
    """The newest published posts, for the home page."""
    return {"posts": queries.latest(limit)}


@register.inclusion_tag("news/_alternate.html")
def news_alternate_links() -> dict[str, Any]:
    return {}


@register.filter
def shown_language(obj: Model, field: str) -> str:
    """The language a translated field is shown in: the page's, or Italian when it is empty there.
    Marked with lang="…" so screen readers pronounce the text right."""
    active = get_language() or settings.LANGUAGE_CODE
    if getattr(obj, f"{field}_{active}", ""):
        return active
    return settings.LANGUAGE_CODE
