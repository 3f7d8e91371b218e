"""cocopa revoke_api_token USERNAME NAME: revoke the user's tokens of that name."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocopa.apitokens import services
from cocopa.apitokens.models import ApiToken


class Command(BaseCommand):
    help = "Revoke a user's API tokens of the given name (they stop working at once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        tokens = list(ApiToken.objects.filter(user__username=username, name=name, revoked_at__isnull=True))
        if not tokens:
            raise CommandError(f"{username!r} has no active token named {name!r}.")
        for token in tokens:
            services.revoke_token(token, actor=None)
        self.stdout.write(f"Revoked {len(tokens)} token(s) {name!r} of {username}.")
