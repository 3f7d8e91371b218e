"""The year's fee rule, written by the administrative office at /fees/schedule/ through
services.set_fee_schedule: checked, audited, never changing an assessment already issued."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.fees import services
from cocopa.fees import testing as ft
from cocopa.fees.models import Assessment, FeeSchedule
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db


def test_a_new_year_gets_its_rule_with_an_audit_entry(administrative_office_user):
    schedule = services.set_fee_schedule(
        2027, actor=administrative_office_user, kind="per_inhabitant", rate=Decimal("0.06"), pro_rata="none"
    )

    assert FeeSchedule.objects.get(year=2027) == schedule
    assert schedule.rate == Decimal("0.06")
    event = AuditEvent.objects.get(verb="fees.schedule_set")
    assert event.actor == administrative_office_user
    assert event.data["created"] is True
    assert event.data["after"]["rate"] == "0.06"


def test_changing_the_rule_keeps_the_assessments_already_issued(administrative_office_user):
    fee = ft.make_assessment(gt.make_member("Rivoli"), 2027, "2827.38")

    services.set_fee_schedule(2027, actor=administrative_office_user, rate=Decimal("0.07"))

    assert FeeSchedule.objects.get(year=2027).rate == Decimal("0.07")
    assert Assessment.objects.get(pk=fee.pk).amount == Decimal("2827.38")
    event = AuditEvent.objects.get(verb="fees.schedule_set")
    assert (event.data["before"]["rate"], event.data["after"]["rate"]) == ("0.0600", "0.07")


def test_parameters_that_do_not_fit_the_rule_write_nothing(administrative_office_user):
    with pytest.raises(DomainError) as refused:
        services.set_fee_schedule(2027, actor=administrative_office_user, kind="per_member", pro_rata="none")

    assert refused.value.code == "invalid_fee_schedule"
    assert not FeeSchedule.objects.exists()
    assert not AuditEvent.objects.filter(verb="fees.schedule_set").exists()


@pytest.mark.parametrize("persona", ["peace_office_user", "representative_user", "plain_user"])
def test_only_the_administrative_office_sets_the_rule(request, persona, client):
    user = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        services.set_fee_schedule(2027, actor=user, kind="exempt", pro_rata="none")
    client.force_login(user)
    assert client.get(reverse("fees:schedule") + "?year=2027").status_code == 403
    assert not FeeSchedule.objects.exists()


def test_the_clerk_starts_from_last_years_rule_and_types_an_italian_rate(client, administrative_office_user):
    ft.make_schedule(2026, rate=Decimal("0.06"), minimum=Decimal("100.00"), notes="Delibera 3/2026")
    client.force_login(administrative_office_user)
    url = reverse("fees:schedule") + "?year=2027"

    page = client.get(url).content.decode()
    assert 'data-copied-from="2026"' in page
    assert 'value="100,00"' in page  # last year's minimum, as an Italian writes it
    assert "Delibera 3/2026" not in page  # last year's act is not this year's

    response = client.post(
        url, {"kind": "per_inhabitant", "rate": "0,065", "minimum": "1.000,00", "pro_rata": "none"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("fees:overview") + "?year=2027"
    saved = FeeSchedule.objects.get(year=2027)
    assert (saved.rate, saved.minimum) == (Decimal("0.065"), Decimal("1000.00"))
    overview = client.get(response["Location"]).content.decode()
    assert 'id="schedule"' in overview
    assert 'id="assess-button"' in overview


def test_a_rule_that_does_not_fit_is_answered_on_the_page_and_nothing_is_written(
    client, administrative_office_user
):
    client.force_login(administrative_office_user)

    response = client.post(
        reverse("fees:schedule") + "?year=2027", {"kind": "per_member", "pro_rata": "none"}
    )

    assert response.status_code == 400
    assert 'data-error-code="invalid_fee_schedule"' in response.content.decode()
    assert not FeeSchedule.objects.exists()


def test_a_year_without_a_rule_links_to_the_page(client, administrative_office_user):
    client.force_login(administrative_office_user)
    page = client.get(reverse("fees:overview") + "?year=2031").content.decode()
    assert 'id="no-schedule"' in page
    assert reverse("fees:schedule") + "?year=2031" in page
