"""Fixtures the governance tests share."""

import pytest


@pytest.fixture
def office(peace_office_user):
    """The peace-office clerk who convenes, records and counts; modules that need the demo's own
    clerk define their own `office`."""
    return peace_office_user
