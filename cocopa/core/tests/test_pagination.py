"""The one API pagination (core.pagination) at the edges, on every public paginated endpoint."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from cocopa.core.pagination import pager
from cocopa.testing import make_members

pytestmark = pytest.mark.django_db

PAGED = [
    "/api/v1/members",
    "/api/v1/initiatives",
    "/api/v1/governance/mandates",
    "/api/v1/governance/meetings",
    "/api/v1/governance/resolutions",
]


@pytest.mark.parametrize("url", PAGED)
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": "x"}, "page_size"),
        ({"page_size": 0}, "page_size"),
    ],
)
def test_a_page_that_is_not_a_whole_number_from_one_is_refused_naming_it(client, url, params, field):
    response = client.get(url, params)

    # 422 like every other bad input of the API (cocopa.api), with the parameter named.
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [e["field"] for e in body["errors"]] == [field]


@pytest.mark.parametrize("url", PAGED)
def test_every_paginated_endpoint_answers_items_and_count(client, url):
    body = client.get(url).json()

    assert set(body) == {"items", "count"}


def test_a_page_past_the_last_is_empty_and_still_counts_everything(client):
    make_members(3)

    last = client.get("/api/v1/members", {"page_size": 2, "page": 2}).json()
    past = client.get("/api/v1/members", {"page_size": 2, "page": 3}).json()

    assert (len(last["items"]), last["count"]) == (1, 3)
    assert past == {"items": [], "count": 3}


# --- HTML lists: pager() and templates/_pagination.html -----------------------------------------


def _pager(number):
    return pager(list(range(120)), number, size=50, query=lambda n: f"?page={n}")


@pytest.mark.parametrize(
    ("number", "shown"), [(None, 1), ("0", 3), ("abc", 1), ("3", 3), ("99", 3), ("-1", 3)]
)
def test_a_page_number_that_is_not_a_page_shows_the_first_or_the_last(number, shown):
    assert _pager(number).page.number == shown


def test_the_last_page_links_back_but_not_forward():
    last = _pager("3")

    assert list(last.page) == list(range(100, 120))
    assert (last.previous_query, last.next_query) == ("?page=2", "")
    assert [(link.number, link.current) for link in last.links] == [(1, False), (2, False), (3, True)]


def test_a_single_page_has_no_links():
    one = pager([1, 2], "1", size=50, query=lambda n: f"?page={n}")
    assert (one.links, one.previous_query, one.next_query) == ([], "", "")


def test_the_partial_marks_the_current_page_and_names_the_arrows():
    with translation.override("en"):
        html = render_to_string("_pagination.html", {"pager": _pager("3"), "label": "Pages of the list"})

    assert '<nav class="pagination-wrapper" aria-label="Pages of the list">' in html
    assert '<a class="page-link" href="?page=3" aria-current="page">3</a>' in html
    assert 'href="?page=2"' in html
    assert "Previous page" in html
    assert "Next page" in html
    assert 'href="?page=4"' not in html
