"""JSON bodies sent to the API: deeply nested or malformed ones answer 400 with a message, never
500. The API itself takes no body today (every endpoint reads), so a test API with one POST
endpoint, built with the real API's parser and error handlers, is served next to it."""

import json
import re

import pytest
from django.urls import path
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from cocopa import api as cocopa_api
from cocopa.core import json_body
from cocopa.urls import urlpatterns as site_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

DEEP = "[" * 100_000 + "]" * 100_000


class ItemIn(Schema):
    name: str
    tags: list[str] = []


test_api = NinjaAPI(urls_namespace="json-body-test", parser=cocopa_api.api.parser)
for exc_class, handler in [
    (ValidationError, cocopa_api.invalid_input),
    (HttpError, cocopa_api.http_error),
    (cocopa_api.RequestDataTooBig, cocopa_api.too_big),
    (Exception, cocopa_api.server_error),
]:
    test_api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]


@test_api.post("/items")
def create_item(request, item: ItemIn) -> dict[str, object]:
    return {"name": item.name, "tags": len(item.tags)}


urlpatterns = [path("test-api/", test_api.urls), *site_urlpatterns]


def post(client, body, path="/test-api/items"):
    return client.post(path, data=body, content_type="application/json")


def test_the_api_reads_bodies_with_the_bounded_parser():
    assert isinstance(cocopa_api.api.parser, json_body.BoundedJsonParser)


def test_a_hundred_thousand_nested_brackets_answer_400_with_a_message(client):
    response = post(client, DEEP)

    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"
    assert "32" in response.json()["detail"]


def test_nesting_just_over_the_bound_answers_400_too(client):
    body = json.dumps({"name": "x", "tags": [], "extra": json.loads("[" * 32 + "]" * 32)})

    response = post(client, body)

    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"


def test_a_long_but_shallow_body_is_read(client):
    tags = [f"tag-{i}" for i in range(50_000)]  # about 600 kB
    body = json.dumps({"name": "x" * 10_000, "tags": tags})

    response = post(client, body)

    assert response.status_code == 200
    assert response.json() == {"name": "x" * 10_000, "tags": 50_000}


def test_malformed_json_answers_400_with_line_and_column(client):
    response = post(client, '{"name": "x",\n  "tags": [}')

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"
    # The API answers in the site's language, Italian unless the catalogue is missing.
    assert re.search(r"(line|riga) 2, (column|colonna) 12", response.json()["detail"])


def test_a_body_over_djangos_limit_answers_413_not_500(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post(client, json.dumps({"name": "x" * 2000}))

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/members", "/api/v1/fees/assessments", "/api/v1/no/such/endpoint"])
def test_deep_json_to_the_real_api_never_answers_500(client, method, path):
    response = getattr(client, method)(path, data=DEEP, content_type="application/json")

    assert response.status_code < 500


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 0), ([], 1), ({"a": [1, {"b": []}]}, 4), ([[[]], []], 3)],
)
def test_depth_counts_nested_arrays_and_objects(value, expected):
    assert json_body.depth(value) == expected
