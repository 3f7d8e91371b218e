"""Template helpers of the public site: language links, dates as sources give them, sources."""

import datetime as dt
import re

from django import template
from django.conf import settings
from django.db.models import Model
from django.template.context import RequestContext
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cocopa.core.dates import Precision
from cocopa.network import queries as network_queries
from cocopa.network.models import NetworkProfile

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context: RequestContext, lang_code: str) -> str:
    """The page being shown, in another language, with its query string (?at=, ?class=, ?page=)."""
    request = context.get("request")
    if request is None:
        return "/" if lang_code == settings.LANGUAGE_CODE else f"/{lang_code}/"
    return translate_url(request.get_full_path(), lang_code)


def _written(value: dt.date, fmt: str) -> str:
    text = date_format(value, fmt)
    # Django's Italian month names are capitalised; Italian writes them in lower case in running text.
    return text.lower() if get_language() == "it" else text


@register.filter
def long_date(value: dt.date | None) -> str:
    """A day written out in the page's language: 4 ottobre 1995, 4 October 1995."""
    return _written(value, "j F Y") if value is not None else ""


@register.simple_tag
def partial_date(value: dt.date | None, precision: str) -> str:
    """A date at the precision its source gives, in the page's language: 2011, agosto 2024, 4 ottobre 1995."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return _written(value, "F Y")
    return _written(value, "j F Y")


@register.filter
def text_language(obj: Model, field: str) -> str:
    """The language a translated field is shown in: the page's, or the fallback's when it is empty.

    Pages mark such text with lang="…" so screen readers pronounce it right (e.g. the motto,
    which exists only in English).
    """
    active = get_language() or settings.LANGUAGE_CODE
    for code in (active, *settings.MODELTRANSLATION_LANGUAGES):
        text = getattr(obj, f"{field}_{code}", "")
        if text:
            # An IATI import shows a text of another language in the Italian column when there is
            # no Italian or English one; its entry in `narratives` says which ("" when unknown).
            for entry in (getattr(obj, "narratives", None) or {}).get(field) or ():
                if len(entry) > 2 and entry[2] == text:
                    return str(entry[0])
            return code
    return active


@register.simple_tag
def data_language() -> str:
    """The language untranslated records are written in (the site's default): for the `lang` of
    a text kept as a source gives it, such as an affiliation ("assessore al bilancio")."""
    return str(getattr(settings, "MODELTRANSLATION_DEFAULT_LANGUAGE", settings.LANGUAGE_CODE))


@register.simple_tag
def network_profile() -> NetworkProfile | None:
    """For pages rendered without a view's context (404): the network the header names."""
    return network_queries.profile()


@register.filter
def undated_note(text: str) -> str:
    """What a source adds to "undated": "undated (about 2005-2009)" → "about 2005-2009"."""
    note = text.strip()
    if note.lower().startswith("undated"):
        note = note[len("undated") :].strip()
    return note.removeprefix("(").removesuffix(")").strip()


# The shapes research notes give an undated source's time, said in the page's language; any other
# note is shown as the researcher wrote it (in English, marked so).
_ABOUT_SPAN = re.compile(r"about (\d{4})\s*[-–]\s*(\d{4})")
_ABOUT_YEAR = re.compile(r"about (\d{4})")
_OR_LATER = re.compile(r"(\d{4}) or later")
_EITHER = re.compile(r"(\d{4}) or (\d{4})")


def undated_phrase(note: str) -> tuple[str, bool]:
    """The note in the page's language when it has a known shape ("about 2005-2009" → "circa
    2005–2009"), and whether it was translated."""
    if m := _ABOUT_SPAN.fullmatch(note):
        return _("about %(first)s–%(last)s") % {"first": m[1], "last": m[2]}, True
    if m := _ABOUT_YEAR.fullmatch(note):
        return _("about %(year)s") % {"year": m[1]}, True
    if m := _OR_LATER.fullmatch(note):
        return _("%(year)s or later") % {"year": m[1]}, True
    if m := _EITHER.fullmatch(note):
        return _("%(first)s or %(second)s") % {"first": m[1], "second": m[2]}, True
    return note, False


@register.simple_tag
def undated_as_given(text: str) -> str:
    """ " (circa 2005–2009)" after "undated": the source's own note on when, if it gives one."""
    note = undated_note(text or "")
    if not note:
        return ""
    phrase, translated = undated_phrase(note)
    if translated:
        return format_html(' <span class="date-as-given">({})</span>', phrase)
    return format_html(' <span class="date-as-given" lang="en">({})</span>', phrase)


class CaptureNode(template.Node):
    """Renders its content once into a variable, so base.html can put a page's title block in
    <title> and in the Open Graph tags alike (a block cannot be rendered twice)."""

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # The content is already escaped by its own tags; only its whitespace is collapsed.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> CaptureNode:
    """{% capture name %}…{% endcapture %}: the rendered content as the variable `name`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% capture %} takes one variable name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.simple_tag(takes_context=True)
def absolute_url(context: RequestContext, path: str) -> str:
    """The path as a full address on the host that served the page (Open Graph wants them)."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def absolute_static(context: RequestContext, path: str) -> str:
    return absolute_url(context, static(path))
