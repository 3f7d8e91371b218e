"""The one API pagination (core.pagination) at the edges, on every public paginated endpoint."""

import pytest

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
