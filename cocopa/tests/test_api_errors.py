"""Errors of the API are JSON with a stable code, wherever they come from."""


def test_an_address_under_the_api_that_names_no_endpoint_answers_in_json(client):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
