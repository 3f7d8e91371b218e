"""The e-mail backend used when no SMTP server is configured: it sends nothing and says so.

Django's console backend, the usual stand-in, prints every message into the server's log, and a
password-reset message carries a link that sets the account's password: whoever reads the log
could take over the account. This backend logs only that messages were not sent, never their
recipients, subject or body. settings.py picks it when EMAIL_HOST is empty and refuses the
console and file backends unless DEBUG is on.
"""

import logging
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger(__name__)


class NotSentEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        count = len(email_messages or [])
        if count:
            logger.warning(
                "%d e-mail message(s) not sent: no SMTP server is configured (set EMAIL_HOST, see .env.example).",
                count,
            )
        return 0  # none was sent
