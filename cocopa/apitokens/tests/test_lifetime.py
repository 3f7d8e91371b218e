"""The expiry rule of new tokens, on plain values."""

import datetime as dt

import pytest

from cocopa.apitokens.lifetime import expiry
from cocopa.core.errors import DomainError

NOW = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)


def test_no_date_gives_the_default_lifetime():
    assert expiry(NOW, None, default_days=90, max_days=365) == NOW + dt.timedelta(days=90)


def test_a_date_within_the_maximum_is_kept():
    wanted = NOW + dt.timedelta(days=365)
    assert expiry(NOW, wanted, default_days=90, max_days=365) == wanted


@pytest.mark.parametrize("wanted", [NOW + dt.timedelta(days=365, seconds=1), NOW, NOW - dt.timedelta(days=1)])
def test_a_date_past_or_beyond_the_maximum_is_refused(wanted):
    with pytest.raises(DomainError, match=r"expires_at") as refused:
        expiry(NOW, wanted, default_days=90, max_days=365)
    assert refused.value.code == "invalid_expiry"
