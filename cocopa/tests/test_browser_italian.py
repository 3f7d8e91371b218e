"""In Chromium: a superuser reads the fees overview, a member's acts, the admin index and a
history page in Italian and in English (issue 13, point 8). Screenshots (1280 px and 390 px)
go to $COCOPA_SHOTS when set."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cocopa.core.models import Source
from cocopa.core.testing import make_user, shoot
from cocopa.fees import testing as ft
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.browser


def test_the_office_pages_speak_the_readers_language(site, page):
    boss = make_user("presidenza", superuser=True)
    member = LocalAuthority.objects.filter(acts__isnull=False).order_by("name").first()
    source = Source.objects.order_by("pk").first()
    for authority, due in zip(
        LocalAuthority.objects.order_by("name")[:3], ["2812.38", "1250", "96.5"], strict=True
    ):
        fee = ft.make_assessment(authority, 2026, due)
    ft.make_payment(fee.authority, "1000", assessment=fee)
    pages = {
        "fees": reverse("fees:overview") + "?year=2026",
        "member-acts": reverse("members_office:member-acts", args=[member.pk]),
        "admin": "/admin/",
        "history": reverse("admin:core_source_history", args=[source.pk]),
    }
    page.goto(f"{site}/accounts/login/?next=/admin/")
    page.fill("#id_username", boss.username)
    page.fill("#id_password", "pw")
    page.locator("#login-submit").click()
    page.wait_for_url("**/admin/")

    for name, path in pages.items():
        page.goto(f"{site}{path}")
        shoot(page, f"{name}-it")
        page.goto(f"{site}/en{path}")
        shoot(page, f"{name}-en")

    page.goto(f"{site}{pages['fees']}")
    expect(page.locator("#totals")).to_contain_text("€\u00a04.158,88")
    page.goto(f"{site}/en{pages['fees']}")
    expect(page.locator("#totals")).to_contain_text("€4,158.88")
    page.goto(f"{site}{pages['history']}")
    expect(page.locator("body")).to_contain_text("Motivo della modifica")
