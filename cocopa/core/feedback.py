"""How office pages tell a person that a service refused: a message, or the 403 page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cocopa.core.errors import DomainError, Forbidden


def refused(request: HttpRequest, err: DomainError) -> int:
    """Show a service's refusal as a message (its code in the markup); the status to answer with.
    A refusal for want of permission is the 403 page, as for a page the person may not open."""
    if isinstance(err, Forbidden):
        raise PermissionDenied
    messages.error(request, err.message, extra_tags=err.code)
    return err.status
