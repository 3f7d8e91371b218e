import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from cocopa.fees import testing as ft
from cocopa.fees.models import Payment
from cocopa.governance import reminders
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db


def test_reminders_list_members_owing_for_past_years_only():
    late = gt.make_member("Alpha")
    ft.make_assessment(late, 2025, "100")
    ft.make_assessment(late, 2026, "100")
    ft.make_assessment(gt.make_member("Beta"), 2026, "100")  # this year's: not late yet

    found = [r for r in reminders.collect(dt.date(2026, 5, 1), 30) if r.kind == "fee_arrears"]

    assert [(r.subject, r.due) for r in found] == [("Alpha", dt.date(2025, 12, 31))]


def test_the_admin_cannot_delete_a_payment():
    request = RequestFactory().get("/")
    request.user = gt.make_user(superuser=True)
    assert site._registry[Payment].has_delete_permission(request) is False
