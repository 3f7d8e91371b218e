"""The breadcrumb every public page opens with: Home, the sections above the page, the page."""

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

register = template.Library()


def _address(target: str) -> str:
    """A URL name ("cooperation:overview") reversed, or a path given as it is."""
    if target.startswith("/"):
        return target
    try:
        return reverse(target)
    except NoReverseMatch as err:  # a mistyped name in a template: fail loudly, not a dead link
        raise template.TemplateSyntaxError(f"breadcrumb: no URL named {target!r}") from err


@register.inclusion_tag("_breadcrumb.html")
def breadcrumb(*trail: Any, current: Any, query: str = "") -> dict[str, Any]:
    """`{% breadcrumb "cooperation:overview" _("Cooperation") current=_("Map") %}`: after Home,
    each (address, name) pair of `trail`, then the current page, not a link. `query` (the
    member pages' "?at=…") is added to every link."""
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumb: give each section as an address and a name")
    crumbs = [(reverse("public:home") + query, _("Home"))]
    crumbs += [(_address(str(trail[i])) + query, trail[i + 1]) for i in range(0, len(trail), 2)]
    return {"crumbs": crumbs, "current": current}
