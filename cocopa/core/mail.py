"""The e-mail backend used when no SMTP server is configured: it sends nothing and says so.

Django's console backend, the usual stand-in, prints every message into the server's log, and a
password-reset message carries a link that sets the account's password: whoever reads the log
could take over the account. This backend logs only that messages were not sent, never their
recipients, subject or body. settings.py picks it when EMAIL_HOST is empty and refuses the
console and file backends unless DEBUG is on.

It is the outbox's delivery backend then (cocopa/core/outbox.py): it raises, so the message is
kept as not sent, with this reason, for the office to see and send again once EMAIL_HOST is set,
instead of being marked sent.
"""

import logging
import smtplib
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger(__name__)


class NoSMTPServer(smtplib.SMTPException):
    """No SMTP server is configured: nothing can be sent."""


class NotSentEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        count = len(email_messages or [])
        if count:
            logger.warning(
                "%d e-mail message(s) not sent: no SMTP server is configured (set EMAIL_HOST, see .env.example).",
                count,
            )
            if not self.fail_silently:
                raise NoSMTPServer("No SMTP server is configured (EMAIL_HOST): the message was not sent.")
        return 0  # none was sent
