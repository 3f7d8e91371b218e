"""The public API says who published an initiative, as its page does (issue 15, point 1): another
publisher's activity that the peace office chose to show has `published_by`; the network's own
have null; an activity of a publisher not shown is in neither."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from cocopa.cooperation.models import Initiative, Publisher
from cocopa.cooperation.testing import make_initiative

pytestmark = pytest.mark.django_db

THEIRS = "XM-OTHER-1"


def hold(initiative: Initiative, *, shown: bool, name: str = "Partner NGO") -> Initiative:
    """Make an initiative another publisher's, as the import holds it."""
    publisher, _created = Publisher.objects.get_or_create(
        ref=THEIRS, defaults={"name": name, "shown_publicly": shown}
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        publisher=publisher, iati_identifier=f"{THEIRS}-{initiative.identifier}"
    )
    return Initiative.objects.get(pk=initiative.pk)


def test_a_shown_publishers_activity_says_who_published_it_like_its_page(client):
    own = make_initiative("ours")
    theirs = hold(make_initiative("xm-other-1-wells"), shown=True)

    api = client.get(f"/api/v1/initiatives/{theirs.identifier}").json()
    page = client.get(f"/en/cooperation/initiatives/{theirs.identifier}/").content.decode()

    assert api["published_by"] == {"ref": THEIRS, "name": "Partner NGO"}
    assert '<dd class="initiative-publisher">Partner NGO</dd>' in page
    assert client.get(f"/api/v1/initiatives/{own.identifier}").json()["published_by"] is None
    # The list is the network's own, as the public list of initiatives: never another publisher's.
    rows = client.get("/api/v1/initiatives").json()["items"]
    assert [(r["identifier"], r["published_by"]) for r in rows] == [("ours", None)]


def test_a_publisher_without_a_name_is_named_by_its_identifier(client):
    theirs = hold(make_initiative("xm-other-1-school"), shown=True, name="")

    assert client.get(f"/api/v1/initiatives/{theirs.identifier}").json()["published_by"] == {
        "ref": THEIRS,
        "name": THEIRS,
    }


def test_an_activity_of_a_publisher_not_shown_is_not_public(client):
    theirs = hold(make_initiative("xm-other-1-hidden"), shown=False)

    assert client.get(f"/api/v1/initiatives/{theirs.identifier}").status_code == 404
    assert client.get(f"/en/cooperation/initiatives/{theirs.identifier}/").status_code == 404


# ---------------------------------------------------------------- against the OpenAPI schema

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def requests_keep_the_test_connection():
    """As in cocopa/tests/test_schemathesis.py: schemathesis drives the plain WSGI handler, which
    would close the test's connection and roll its rows back."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_published_by_field_keeps_to_the_schema(requests_keep_the_test_connection):
    own = make_initiative("ours")
    theirs = hold(make_initiative("xm-other-1-wells"), shown=True)
    detail = schema["/api/v1/initiatives/{identifier}"]["GET"]

    for identifier, expected in (
        (theirs.identifier, {"ref": THEIRS, "name": "Partner NGO"}),
        (own.identifier, None),
    ):
        case = detail.Case(path_parameters={"identifier": identifier})
        response = case.call_and_validate()  # status, content type and body against the schema
        assert response.json()["published_by"] == expected
    listing = schema["/api/v1/initiatives"]["GET"].Case()
    assert all(row["published_by"] is None for row in listing.call_and_validate().json()["items"])
