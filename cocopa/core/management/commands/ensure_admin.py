"""`cocopa ensure_admin`: a first administrator for a new installation, with a random password.

`make run` calls it on every start. It creates the user `admin` only while no superuser exists,
and prints the generated password once; there is never a fixed or default password. It also
prints a one-time link to enrol the authenticator app of the second factor: a password alone
never enrols one (docs/decisions/0013).
"""

import secrets
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from cocopa.core import audit, enrolment

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the superuser 'admin' with a random password, printed once, unless a superuser exists."

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        with transaction.atomic():
            if user_model.objects.filter(is_superuser=True).exists():
                self.stdout.write("An administrator exists: none created.")
                self._roles_hint()
                return
            if user_model.objects.filter(**{user_model.USERNAME_FIELD: USERNAME}).exists():
                # Never promote an existing account behind its owner's back.
                self.stdout.write(
                    f"No superuser exists, but a user '{USERNAME}' does: none created. "
                    "Run `cocopa createsuperuser` to choose one."
                )
                return
            password = secrets.token_urlsafe(16)
            user = user_model.objects.create_superuser(
                **{user_model.USERNAME_FIELD: USERNAME}, email="", password=password
            )
            audit.record(None, "auth.admin_created", user)
            invitation = enrolment.invite_to_enrol(user, actor=None)
        self.stdout.write(f"Administrator '{USERNAME}' created with password: {password}")
        self.stdout.write("It is shown only now: keep it, or change it in the back office at /admin/.")
        hours = settings.COCOPA_OTP_ENROL_INVITATION_HOURS
        self.stdout.write(
            f"Log in, then open this one-time link within {hours} hours to set up the authenticator "
            f"app (second factor): {invitation.url}"
        )
        self.stdout.write(f"A new link, when needed: cocopa invite_to_enrol {USERNAME}")
        self._roles_hint()

    def _roles_hint(self) -> None:
        # The roles (groups peace_office and administrative_office) exist from the first migrate
        # (core/migrations/0004_office_roles.py); colleagues get one by invitation, never by hand.
        people = urljoin(settings.COCOPA_SITE_URL, "/office/people/")
        self.stdout.write(
            "To give colleagues a role (peace office, administrative office, a member's representative), "
            f"invite them by e-mail at {people}"
        )
