import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
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
        done = services.send_fee_reminders(dt.date(2026, 5, 1), actor=None)

    assert done.mailed == 1
    assert done.not_mailed == []
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


def test_every_member_in_arrears_that_could_not_be_mailed_is_named(capsys):
    unreachable = gt.make_member("Gamma")
    ft.make_assessment(unreachable, 2025, "100")
    rep = gt.make_representative(unreachable)
    rep.email = ""
    rep.save()
    rep.user.email = ""
    rep.user.save()
    nobody = gt.make_member("Delta")
    ft.make_assessment(nobody, 2025, "100")
    reached = gt.make_member("Alpha")
    ft.make_assessment(reached, 2025, "100")
    person = gt.make_representative(reached)
    person.email = "sindaco@alpha.example"
    person.save()

    call_command("send_fee_reminders", "--date", "2026-05-01")

    out = capsys.readouterr().out
    # The summary is the operator's log; each reason is the network's message, in Italian.
    assert "Not mailed: Delta: nessun rappresentante designato a oggi." in out
    assert "Not mailed: Gamma: nessun indirizzo e-mail per i suoi rappresentanti." in out
    assert "1 fee reminders mailed on 2026-05-01; 2 members in arrears not mailed." in out
