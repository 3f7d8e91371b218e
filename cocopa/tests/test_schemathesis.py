"""The API against its own OpenAPI schema, with schemathesis generating the requests.

Every operation is called with generated input against the demo network; each response must not
be a server error and must match the schema (status code, content type, headers, body), valid
input must be accepted and invalid input rejected: schemathesis' default checks, all of them.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

# Loaded from the running app, not from openapi.json: test_openapi checks the two are the same.
# (schemathesis.pytest.from_fixture would load it per test, but does not run under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def requests_keep_the_test_connection(demo_network):
    """Requests go to Django in process, inside the test's transaction, with the demo network.

    Django's test client keeps the test's database connection across requests by disconnecting
    close_old_connections; schemathesis drives the plain WSGI handler, so do the same here, or
    the first request would close the connection and roll the demo network back.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    # Each example is a full request through Django and the database; that is the point.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_the_api_keeps_to_its_schema(case):
    case.call_and_validate()
