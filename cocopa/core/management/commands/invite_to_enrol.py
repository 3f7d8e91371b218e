"""cocopa invite_to_enrol USERNAME: print a one-time link with which a staff login enrols an
authenticator app (see core.enrolment)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocopa.core import enrolment
from cocopa.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Print a one-time, expiring link (COCOPA_OTP_ENROL_INVITATION_HOURS) with which USERNAME sets "
        "up the authenticator app of the second factor. Give it to that person only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist as err:
            raise CommandError(f"No user {username!r}.") from err
        try:
            invitation = enrolment.invite_to_enrol(user, actor=None)
        except DomainError as err:
            raise CommandError(err.message) from err
        when = invitation.expires_at.strftime("%Y-%m-%d %H:%M %Z")
        self.stdout.write(f"Enrolment link for '{username}' (one use, valid until {when}):")
        self.stdout.write(invitation.url)
