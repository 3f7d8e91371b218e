"""What the events register e-mails, after commit, through the outbox (cocopa/core/outbox.py): to
a person who registers (confirmed or on the waiting list) and to one confirmed from the waiting
list. In the language of the page they registered on, with the event, its date and place, the
status and the link that cancels the registration."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cocopa.events.models import Event, Registration


def _place(event: Event) -> str:
    parts = [event.address, event.place_authority.name if event.place_authority else ""]
    if event.country and event.country.code != "IT":
        parts.append(str(event.country.name))
    return ", ".join(p for p in parts if p)


def _message(reg: Registration, opening: str) -> tuple[str, str]:
    event = reg.event
    status = {
        Registration.Status.CONFIRMED: _("Your place is confirmed."),
        Registration.Status.WAITING: _(
            "The event is full: you are on the waiting list. We will write to you if a place frees up."
        ),
    }.get(Registration.Status(reg.status), "")
    cancel = urljoin(settings.COCOPA_SITE_URL, reverse("events:registration", args=[reg.token]))
    page = urljoin(settings.COCOPA_SITE_URL, event.get_absolute_url())
    lines = [
        _("Dear %(name)s,") % {"name": reg.name},
        "",
        opening,
        "",
        event.title,
        _("When: %(when)s") % {"when": event.when},
    ]
    place = _place(event)
    if place:
        lines.append(_("Where: %(place)s") % {"place": place})
    lines += [_("The event's page: %(url)s") % {"url": page}, "", status]
    if event.registration_note:
        lines += ["", event.registration_note]
    lines += [
        "",
        _(
            "If you cannot come, please cancel your registration here, so that someone else can have the place:"
        ),
        cancel,
        "",
        _("Coordination of Municipalities for Peace (Co.Co.Pa.)"),
    ]
    return _("Registration: %(event)s") % {"event": event.title}, "\n".join(lines)


def _send(reg_pk: int, opening: str) -> None:
    reg = Registration.objects.select_related("event__place_authority").get(pk=reg_pk)
    with translation.override(reg.language):
        subject, body = _message(reg, _(opening))
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reg.email])


def registered(reg_pk: int) -> None:
    """The confirmation of a new registration, confirmed or on the waiting list."""
    _send(reg_pk, gettext_noop("We have received your registration for this event."))


def promoted(reg_pk: int) -> None:
    """A place freed up: the person on the waiting list is now confirmed."""
    _send(reg_pk, gettext_noop("A place has become free: you are no longer on the waiting list."))
