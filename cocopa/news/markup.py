"""A post's Markdown made into HTML that is safe to show: the one place that renders and cleans it.

Markdown lets raw HTML through, so its output is cleaned with nh3 (the Ammonia sanitiser): only
the tags and attributes below survive, links keep only http, https and mailto addresses and get
rel="noopener", and <script>/<style> go with their content. Headings start at h2 (the page's
h1 is the post's title): a Markdown "#" becomes h2, and h5/h6 become h4.
"""

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "a", "em", "strong", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre", "br"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_HEADING = re.compile(r"<(/?)h([1-6])>")


def _shift_heading(match: re.Match[str]) -> str:
    level = min(max(int(match.group(2)), 2), 4)
    return f"<{match.group(1)}h{level}>"


def clean(html: str) -> str:
    """HTML reduced to the allowed tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def render(text: str) -> SafeString:
    """The Markdown text as clean HTML, ready for a template."""
    html = markdown.markdown(text or "", output_format="html")
    return mark_safe(clean(_HEADING.sub(_shift_heading, html)))  # cleaned just above
