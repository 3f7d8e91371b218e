"""cocopa create_api_token USERNAME NAME [--expires-in-days N]: print a new token's secret, once."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cocopa.apitokens import services


class Command(BaseCommand):
    help = "Create an API token for a user and print its secret (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The login the token acts as; its roles decide what it reads.")
        parser.add_argument("name", help="What the token is for, e.g. 'accounting'.")
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Expire after N days (default: never)."
        )

    def handle(
        self, *args: Any, username: str, name: str, expires_in_days: int | None, **options: Any
    ) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as err:
            raise CommandError(f"No user {username!r}.") from err
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token for it would not work.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
        token, secret = services.create_token(user, name, expires_at=expires_at, actor=None)
        until = f", expires {timezone.localtime(expires_at):%Y-%m-%d %H:%M}" if expires_at else ""
        self.stderr.write(
            f"Token {name!r} for {username} created ({token.prefix}…{until}). Store it now; it is not shown again:"
        )
        self.stdout.write(secret)
