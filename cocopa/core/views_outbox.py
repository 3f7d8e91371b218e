"""The office's outbox page (/office/outbox/): each message's state, and "send again" for a failed one.

Thin views over cocopa/core/outbox.py. Recipients, subjects, attempts and errors only: bodies are
never shown (a password-reset message holds a link that sets a password).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from post_office.models import Email

from cocopa.core import outbox
from cocopa.core.errors import DomainError
from cocopa.core.guards import permission_required_or_403
from cocopa.core.pagination import pager


@permission_required_or_403("core.view_outbox")
def outbox_page(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in outbox.STATES else ""
    page = pager(
        outbox.messages(state or None),
        request.GET.get("page"),
        size=50,
        query=lambda n: f"?state={state}&page={n}",
    )
    rows = [(email, outbox.state_of(email.status)) for email in page.page]
    context = {
        "pager": page,
        "rows": [(e, s, outbox.state_label(s)) for e, s in rows],
        "state": state,
        "states": [(key, outbox.state_label(key)) for key in outbox.STATES],
        "failed": outbox.failed_count(),
    }
    return render(request, "core/outbox.html", context)


@require_POST
@permission_required_or_403("core.resend_email")
def send_again(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(Email, pk=pk)
    try:
        outbox.send_again(email, actor=request.user)
    except DomainError as err:
        messages.error(request, err.message, extra_tags=err.code)
    else:
        messages.success(request, _("The message is queued again: the worker will send it shortly."))
    return redirect("outbox:page")
