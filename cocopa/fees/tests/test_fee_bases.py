"""Members' own fee bases (issue 12, point 3): a fixed amount or another population, set and
removed by the administrative office, used by the rule when the year is assessed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent, Source
from cocopa.fees import rules, services
from cocopa.fees import testing as ft
from cocopa.fees.models import Assessment, FeeBase
from cocopa.governance import testing as gt
from cocopa.members.models import LocalAuthority
from cocopa.testing import make_authority

D = Decimal
PER_INHABITANT = rules.FeeRule(kind=rules.Kind.PER_INHABITANT, rate=D("0.06"))


# --- The rule with a base: plain values ---------------------------------------------------------


def test_a_fixed_amount_replaces_the_fee_the_population_would_give():
    base = rules.Base(amount=D("5000.00"))
    assert rules.fee(PER_INHABITANT, year=2026, population=2_247_780) == D("134866.80")
    assert rules.fee(PER_INHABITANT, year=2026, population=2_247_780, base=base) == D("5000.00")


def test_a_fixed_amount_needs_no_population_and_still_follows_pro_rata():
    rule = rules.FeeRule(kind=rules.Kind.PER_INHABITANT, rate=D("0.06"), pro_rata=rules.ProRata.MONTHS)
    base = rules.Base(amount=D("1200.00"))
    assert rules.fee(rule, year=2026, population=None, base=base, joined_on=dt.date(2026, 7, 1)) == D(
        "600.00"
    )


def test_another_population_goes_through_the_rule_and_its_bounds():
    rule = rules.FeeRule(kind=rules.Kind.PER_INHABITANT, rate=D("0.06"), maximum=D("2000.00"))
    assert rules.fee(rule, year=2026, population=2_247_780, base=rules.Base(population=10_000)) == D("600.00")
    assert rules.fee(rule, year=2026, population=10, base=rules.Base(population=100_000)) == D("2000.00")
    assert rules.population_used(2_247_780, rules.Base(population=10_000)) == 10_000
    assert rules.population_used(2_247_780, rules.Base(amount=D(1))) == 2_247_780


def test_an_exempt_year_stays_exempt_whatever_the_base():
    rule = rules.FeeRule(kind=rules.Kind.EXEMPT)
    assert rules.fee(rule, year=2026, population=None, base=rules.Base(amount=D("500"))) == D("0.00")


@given(
    own=st.integers(0, 5_000_000),
    other=st.integers(0, 5_000_000),
    amount=st.decimals(0, 1_000_000, places=2),
)
def test_a_base_is_the_same_as_the_figure_it_stands_for(own, other, amount):
    assert rules.fee(
        PER_INHABITANT, year=2026, population=own, base=rules.Base(population=other)
    ) == rules.fee(PER_INHABITANT, year=2026, population=other)
    assert rules.fee(PER_INHABITANT, year=2026, population=own, base=rules.Base(amount=amount)) == amount


@pytest.mark.parametrize(
    "fields", [{}, {"amount": D(1), "population": 1}, {"amount": D(-1)}, {"population": -1}]
)
def test_a_base_is_exactly_one_non_negative_value(fields):
    with pytest.raises(ValueError, match="fee base|negative"):
        rules.Base(**fields)


# --- Services ------------------------------------------------------------------------------------


@pytest.fixture
def finance(db):
    return ft.make_finance_user()


@pytest.fixture
def metropolitan(db):
    """A member containing the others, with the 2011 census population of the Città metropolitana."""
    return make_authority(
        "Città metropolitana di Torino",
        2_247_780,
        kind=LocalAuthority.Kind.PROVINCE,
        province_code="001",
        joined=dt.date(2000, 1, 1),
    )


@pytest.mark.django_db
def test_the_office_sets_a_fixed_amount_and_the_year_is_assessed_with_it(finance, metropolitan):
    rivoli = gt.make_member("Rivoli", 47_123)
    ft.make_schedule(2026)

    base = services.set_fee_base(
        metropolitan, actor=finance, valid_from=2026, amount=D("5000.00"), reason="Assembly resolution (test)"
    )
    services.assess_fees(2026, actor=finance)

    fee = Assessment.objects.get(authority=metropolitan)
    assert (fee.amount, fee.full_year_amount, fee.population) == (D("5000.00"), D("5000.00"), None)
    assert fee.base["kind"] == "amount"
    assert fee.base["amount"] == "5000.00"
    assert fee.base["id"] == base.pk
    assert Assessment.objects.get(authority=rivoli).amount == D("2827.38")  # the others: the rule
    event = AuditEvent.objects.get(verb="fees.fee_base_set")
    assert (event.actor, event.target_id, event.data["amount"]) == (finance, str(base.pk), "5000.00")


@pytest.mark.django_db
def test_another_population_is_used_and_kept_with_its_date_and_source(finance, metropolitan):
    source = Source.objects.create(code="T1", title="A test source")
    ft.make_schedule(2026)
    services.set_fee_base(
        metropolitan,
        actor=finance,
        valid_from=2020,
        population=100_000,
        population_on=dt.date(2025, 12, 31),
        source=source,
        reason="test",
    )

    services.assess_fees(2026, actor=finance)

    fee = Assessment.objects.get(authority=metropolitan)
    assert (fee.amount, fee.population, fee.population_on) == (D("6000.00"), 100_000, dt.date(2025, 12, 31))
    assert (fee.population_source, fee.population_figure_id, fee.population_outdated) == (source, None, False)


@pytest.mark.django_db
def test_the_base_of_a_year_is_the_latest_from_before_it(finance, metropolitan):
    services.set_fee_base(metropolitan, actor=finance, valid_from=2020, amount=D("100"), reason="a")
    services.set_fee_base(metropolitan, actor=finance, valid_from=2027, amount=D("300"), reason="b")
    for year in (2019, 2026, 2027):
        ft.make_schedule(year)
        services.assess_fees(year, actor=finance)
    amounts = dict(Assessment.objects.filter(authority=metropolitan).values_list("year", "amount"))
    assert amounts == {2019: D("134866.80"), 2026: D("100.00"), 2027: D("300.00")}


@pytest.mark.django_db
def test_removing_a_base_leaves_issued_fees_and_changes_later_years(finance, metropolitan):
    base = services.set_fee_base(metropolitan, actor=finance, valid_from=2026, amount=D("100"), reason="a")
    ft.make_schedule(2026)
    ft.make_schedule(2027)
    services.assess_fees(2026, actor=finance)

    services.remove_fee_base(base, actor=finance)
    services.assess_fees(2027, actor=finance)

    amounts = dict(Assessment.objects.filter(authority=metropolitan).values_list("year", "amount"))
    assert amounts == {2026: D("100.00"), 2027: D("134866.80")}
    assert not FeeBase.objects.exists()
    assert FeeBase.history.filter(history_type="-").count() == 1
    assert AuditEvent.objects.filter(verb="fees.fee_base_removed", target_id=str(base.pk)).exists()
    with pytest.raises(Conflict) as err:
        services.remove_fee_base(base, actor=finance)
    assert err.value.code == "fee_base_gone"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"reason": "x"}, "fee_base_amount_or_population"),
        ({"reason": "x", "amount": D(1), "population": 1}, "fee_base_amount_or_population"),
        ({"reason": "x", "amount": D(-1)}, "fee_base_negative"),
        ({"reason": "  ", "amount": D(1)}, "reason_required"),
    ],
)
def test_a_malformed_base_is_refused_and_nothing_written(finance, metropolitan, fields, code):
    with pytest.raises(DomainError) as err:
        services.set_fee_base(metropolitan, actor=finance, valid_from=2026, **fields)
    assert err.value.code == code
    assert not FeeBase.objects.exists()


@pytest.mark.django_db
def test_a_second_base_from_the_same_year_is_refused_not_silently_replaced(finance, metropolitan):
    services.set_fee_base(metropolitan, actor=finance, valid_from=2026, amount=D("100"), reason="a")
    with pytest.raises(Conflict) as err:
        services.set_fee_base(metropolitan, actor=finance, valid_from=2026, amount=D("200"), reason="b")
    assert err.value.code == "fee_base_exists"
    assert FeeBase.objects.get().amount == D("100.00")


@pytest.mark.django_db
def test_only_the_administrative_office_sets_or_removes_a_base(
    metropolitan, peace_office_user, representative_user, finance
):
    for user in (peace_office_user, representative_user):
        with pytest.raises(Forbidden):
            services.set_fee_base(metropolitan, actor=user, valid_from=2026, amount=D("1"), reason="x")
    base = services.set_fee_base(metropolitan, actor=finance, valid_from=2026, amount=D("1"), reason="x")
    with pytest.raises(Forbidden):
        services.remove_fee_base(base, actor=peace_office_user)
    assert FeeBase.objects.count() == 1


# --- The office page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_clerk_sets_and_removes_a_base_on_the_office_page(client, finance, metropolitan):
    client.force_login(finance)
    page = client.get(reverse("fees:bases"))
    assert page.status_code == 200
    assert 'id="no-fee-bases"' in page.text

    response = client.post(
        reverse("fees:bases"),
        {
            "authority": metropolitan.pk,
            "valid_from": 2026,
            "kind": "amount",
            "amount": "5000.00",
            "reason": "Assembly resolution (test)",
        },
        follow=True,
    )
    base = FeeBase.objects.get()
    assert 'data-error-code="fee_base_set"' in response.text
    assert f'data-fee-base="{base.pk}"' in response.text
    assert 'data-amount="5000.00"' in response.text

    response = client.post(reverse("fees:remove-base", args=[base.pk]), follow=True)
    assert 'data-error-code="fee_base_removed"' in response.text
    assert not FeeBase.objects.exists()


@pytest.mark.django_db
def test_the_page_asks_for_the_value_of_the_chosen_kind(client, finance, metropolitan):
    client.force_login(finance)
    response = client.post(
        reverse("fees:bases"),
        {"authority": metropolitan.pk, "valid_from": 2026, "kind": "population", "reason": "x"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["population"]
    assert not FeeBase.objects.exists()


@pytest.mark.django_db
def test_outside_the_administrative_office_the_page_is_403(client, peace_office_user, representative_user):
    for user in (peace_office_user, representative_user):
        client.force_login(user)
        assert client.get(reverse("fees:bases")).status_code == 403
        assert client.post(reverse("fees:bases"), {}).status_code == 403


# --- The finding: the metropolitan city on the demo network ---------------------------------------


@pytest.mark.django_db
def test_the_metropolitan_citys_fee_can_be_set_before_assessing(demo_network, administrative_office_user):
    """Before: 134,866.80 EUR at 0.06 EUR per inhabitant, 59 % of the year's fees, and no way to
    set it but a waiver afterwards. The demo sets no base (no source gives one): the office does."""
    city = LocalAuthority.objects.get(name="Città metropolitana di Torino")
    assert not FeeBase.objects.exists()
    ft.make_schedule(2026)
    services.set_fee_base(
        city, actor=administrative_office_user, valid_from=2026, amount=D("3000.00"), reason="test value"
    )

    services.assess_fees(2026, actor=administrative_office_user)

    assert Assessment.objects.get(authority=city, year=2026).amount == D("3000.00")
