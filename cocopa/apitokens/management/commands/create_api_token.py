"""cocopa create_api_token USERNAME NAME [--expires-in-days N | --expires-on DATE]: print a new
token's secret, once. Without an option the token expires after COCOPA_API_TOKEN_DAYS."""

import argparse
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone

from cocopa.apitokens import services
from cocopa.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print its secret (shown only this once). Every token "
        "expires: by default after COCOPA_API_TOKEN_DAYS days (90, a default of the software), "
        "at most COCOPA_API_TOKEN_MAX_DAYS (365)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The login the token acts as; its roles decide what it reads.")
        parser.add_argument("name", help="What the token is for, e.g. 'accounting'.")
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            help=f"Expire after N days (default: COCOPA_API_TOKEN_DAYS, now {settings.COCOPA_API_TOKEN_DAYS}).",
        )
        when.add_argument(
            "--expires-on",
            type=_day,
            default=None,
            metavar="YYYY-MM-DD",
            help="Stop working at the start (00:00, local time) of this day.",
        )

    def handle(
        self,
        *args: Any,
        username: str,
        name: str,
        expires_in_days: int | None,
        expires_on: dt.date | None,
        **options: Any,
    ) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as err:
            raise CommandError(f"No user {username!r}.") from err
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token for it would not work.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        expires_at = None
        if expires_in_days is not None:
            expires_at = timezone.now() + dt.timedelta(days=expires_in_days)
        elif expires_on is not None:
            expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time()))
        try:
            token, secret = services.create_token(user, name, expires_at=expires_at, actor=None)
        except DomainError as err:
            option = "--expires-in-days" if expires_in_days is not None else "--expires-on"
            raise CommandError(f"{option}: {err.message}") from err
        default = " (the default lifetime, COCOPA_API_TOKEN_DAYS)" if expires_at is None else ""
        until = f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}"
        page = settings.COCOPA_SITE_URL.rstrip("/") + reverse("apitokens:mine")
        self.stderr.write(
            f"Token {name!r} for {username} created ({token.prefix}…), expires {until}{default}; "
            f"{username} sees its expiry and last use at {page}. Store it now; it is not shown again:"
        )
        self.stdout.write(secret)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        # argparse names the option: "argument --expires-on: …"
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-03-31.") from err
