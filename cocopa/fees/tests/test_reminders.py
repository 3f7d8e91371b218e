import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from cocopa.fees import queries, services
from cocopa.fees import testing as ft
from cocopa.fees.models import Payment
from cocopa.fees.reminders import fee_arrears
from cocopa.governance import testing as gt

pytestmark = pytest.mark.django_db


def test_reminders_list_members_owing_for_past_years_only():
    late = gt.make_member("Alpha")
    ft.make_assessment(late, 2025, "100")
    ft.make_assessment(late, 2026, "100")
    ft.make_assessment(gt.make_member("Beta"), 2026, "100")  # this year's: not late yet

    found = fee_arrears(dt.date(2026, 5, 1), 30)

    assert [(r.subject, r.due) for r in found] == [("Alpha", dt.date(2025, 12, 31))]


def test_the_admin_cannot_delete_a_payment():
    request = RequestFactory().get("/")
    request.user = gt.make_user(superuser=True)
    assert site._registry[Payment].has_delete_permission(request) is False


def test_representatives_of_late_members_are_mailed_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    late = gt.make_member("Alpha")
    fee = ft.make_assessment(late, 2025, "100")
    no_address = gt.make_representative(late).user
    no_address.email = ""
    no_address.save()
    with_mail = gt.make_representative(late, dt.date(2021, 1, 1))  # one designation a day per member
    with_mail.email = "sindaco@alpha.example"
    with_mail.save()
    gt.make_representative(gt.make_member("Beta"))  # owes nothing

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_fee_reminders(dt.date(2026, 5, 1), actor=None)

    assert sent == 1
    [mail] = mailoutbox
    assert mail.to == ["sindaco@alpha.example"]
    assert fee.code in mail.body


def test_arrears_leave_good_standing_alone_by_default_and_suspend_it_on_request():
    late = gt.make_member("Alpha")
    paid_up = gt.make_member("Beta")
    ft.make_assessment(late, 2025, "100")
    day = dt.date(2026, 5, 1)

    assert queries.ARREARS_SUSPEND_STANDING is False  # the software's default, not the statutes'
    assert set(queries.members_in_good_standing(day)) == {late, paid_up}
    assert list(queries.members_in_good_standing(day, arrears_suspend=True)) == [paid_up]
