"""The office's choice of the timeline country: who may make it, what it refuses, what it records."""

import pytest
from django.test import Client

from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.factsheet import services
from cocopa.governance.testing import make_office_user, make_user
from cocopa.network.models import NetworkProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> NetworkProfile:
    return NetworkProfile.objects.create(name="N", acronym="N")


def test_the_peace_office_chooses_the_country_and_it_is_audited(network: NetworkProfile) -> None:
    office = make_office_user()
    services.set_timeline_country(" lb ", actor=office)
    network.refresh_from_db()
    assert network.factsheet_country == "LB"
    event = AuditEvent.objects.get(verb="factsheet.timeline_country")
    assert (event.actor, event.data) == (office, {"from": "PS", "to": "LB"})
    services.set_timeline_country("LB", actor=office)  # no change, no second entry
    assert AuditEvent.objects.filter(verb="factsheet.timeline_country").count() == 1


def test_others_may_not_choose(network: NetworkProfile) -> None:
    with pytest.raises(Forbidden):
        services.set_timeline_country("LB", actor=make_user())
    network.refresh_from_db()
    assert network.factsheet_country == "PS"


def test_an_unknown_code_is_refused_and_nothing_changes(network: NetworkProfile) -> None:
    with pytest.raises(DomainError) as err:
        services.set_timeline_country("ZZ", actor=make_office_user())
    assert err.value.code == "unknown_country"
    network.refresh_from_db()
    assert network.factsheet_country == "PS"
    assert not AuditEvent.objects.filter(verb="factsheet.timeline_country").exists()


def test_the_form_is_the_offices_and_keeps_the_day(network: NetworkProfile) -> None:
    client = Client()
    url = "/factsheet/timeline-country/?at=2012-06-30"
    assert client.post(url, {"country": "LB"}).status_code == 302  # to the login page
    assert "data-office" not in client.get("/factsheet/").content.decode()

    client.force_login(make_user())
    assert client.post(url, {"country": "LB"}).status_code == 403
    assert "data-office" not in client.get("/factsheet/").content.decode()

    client.force_login(make_office_user())
    assert 'data-office="timeline-country"' in client.get("/factsheet/").content.decode()
    response = client.post(url, {"country": "LB"})
    assert response.status_code == 302
    assert response["Location"] == "/factsheet/?at=2012-06-30"
    page = client.get(response["Location"]).content.decode()
    assert 'data-message-level="success"' in page
    network.refresh_from_db()
    assert network.factsheet_country == "LB"

    refused = client.get(client.post(url, {"country": "QQ"})["Location"]).content.decode()
    assert 'data-error-code="unknown_country"' in refused
