"""The office's home, /office/: a to-do panel from the reminders and the way to every office area,
each shown only to those whose role allows it (`user.has_perm`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cocopa.core.guards import permission_required_or_403
from cocopa.office import reminders

# How far ahead the panel looks for terms ending and conventions expiring.
TODO_DAYS = 60


@permission_required_or_403("office.view_home")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    return render(
        request,
        "office/home.html",
        {
            "today": today,
            "days": TODO_DAYS,
            "todo": reminders.todo(today, TODO_DAYS, allowed=user.has_perm),
            "may": {
                "governance": user.has_perm("governance.manage_governance"),
                "members": user.has_perm("members.manage_members"),
                "people": user.has_perm("governance.invite_people"),
                "fees": user.has_perm("fees.manage_fees"),
                "library": user.has_perm("library.manage_documents"),
                "outbox": user.has_perm("core.view_outbox"),
                "news": user.has_perm("news.view_post"),
                "events": user.has_perm("events.view_event"),
                "campaigns": user.has_perm("campaigns.view_campaign"),
                "diplomacy": user.has_perm("diplomacy.view_mission"),
                "education": user.has_perm("education.view_activity"),
                "iati": user.has_perm("cooperation.review_iati"),
                "admin": user.is_staff,
            },
        },
    )
