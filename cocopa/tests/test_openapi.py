"""The committed openapi.json is the API's contract: it must match what the code serves."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"


def test_the_committed_openapi_schema_is_up_to_date():
    out = StringIO()
    call_command("export_openapi_schema", api="cocopa.api.api", indent=2, stdout=out)

    assert json.loads(COMMITTED.read_text()) == json.loads(out.getvalue()), (
        "openapi.json is out of date: run `make openapi` and commit the result."
    )


def test_the_api_serves_the_committed_schema(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text())
