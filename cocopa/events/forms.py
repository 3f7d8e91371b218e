"""The shape of an event as the peace office types it; the rules are the services'."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cocopa.core.dates import format_partial
from cocopa.core.formfields import choose_many
from cocopa.core.models import Source
from cocopa.events.dating import ROME
from cocopa.events.models import Event, EventKind
from cocopa.events.services import TEXT_FIELDS, EventInput
from cocopa.library import linkfields
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction

DATE_HELP = _("YYYY-MM-DD; YYYY-MM or YYYY when the source gives only the month or the year.")


def _members_offered(event: Event | None) -> QuerySet[LocalAuthority]:
    # Authorities that have been members (not the whole ISTAT list), and any already linked.
    linked: Any = LocalAuthority.objects.none()
    if event is not None and event.pk:
        linked = LocalAuthority.objects.filter(
            Q(organised_events=event) | Q(attended_events=event) | Q(events_held=event)
        ).values("pk")
    return (
        LocalAuthority.objects.filter(Q(memberships__isnull=False) | Q(pk__in=linked))
        .distinct()
        .order_by("name")
    )


class EventForm(forms.Form):
    title_it = forms.CharField(label=_("Title (Italian)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description_it = forms.CharField(
        label=_("Description (Italian)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    kind: "forms.ModelChoiceField[EventKind]" = forms.ModelChoiceField(
        label=_("Kind"), queryset=EventKind.objects.none()
    )
    field_of_action: "forms.ModelChoiceField[FieldOfAction]" = forms.ModelChoiceField(
        label=_("Field of action"), queryset=FieldOfAction.objects.none(), required=False
    )
    start = forms.CharField(label=_("Start date"), max_length=10, help_text=DATE_HELP)
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Italian time; leave empty for an all-day event."),
    )
    end = forms.CharField(
        label=_("End date"), max_length=10, required=False, help_text=_("Empty for an event of one day.")
    )
    end_time = forms.TimeField(
        label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    place_authority: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Municipality (member)"), queryset=LocalAuthority.objects.none(), required=False
    )
    country = forms.ChoiceField(label=_("Country of the place"), required=False)
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False)
    organisers = linkfields.members(_("Organising members"), checkboxes=True)
    participants = linkfields.members(_("Members taking part"), checkboxes=True)
    initiatives = linkfields.initiatives(_("Initiatives"), checkboxes=True)
    countries = linkfields.countries(_("Countries it concerns"))
    documents = linkfields.documents(_("Documents and images of the library"), checkboxes=True)
    sources = choose_many(_("Sources"), queryset=Source.objects.all())
    uncertain = forms.BooleanField(label=_("Uncertain: the sources do not settle it"), required=False)
    uncertain_note_it = forms.CharField(label=_("Why uncertain (Italian)"), required=False)
    uncertain_note_en = forms.CharField(label=_("Why uncertain (English)"), required=False)
    is_public = forms.BooleanField(label=_("Public: shown on the site"), required=False, initial=True)
    registration_open = forms.BooleanField(
        label=_("Registration open: people register on the event's page"), required=False
    )
    capacity = forms.IntegerField(
        label=_("Number of places"), required=False, min_value=0, help_text=_("Leave empty for no limit.")
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Italian time; optional. Registration always closes when the event begins."),
    )
    registration_note_it = forms.CharField(
        label=_("Note for those registering (Italian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown above the form and repeated in the confirmation e-mail."),
    )
    registration_note_en = forms.CharField(
        label=_("Note for those registering (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        members = _members_offered(event)
        fields["kind"].queryset = EventKind.objects.all()
        fields["field_of_action"].queryset = FieldOfAction.objects.all()
        for name in ("place_authority", "organisers", "participants"):
            fields[name].queryset = members
        fields["country"].choices = [("", "—"), *linkfields.country_choices()]
        for name, field in self.fields.items():
            widget = field.widget
            if name.endswith(("_it", "_en")):
                widget.attrs["lang"] = name[-2:]
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            widget.attrs.setdefault(
                "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
            )

    @staticmethod
    def initial_of(event: Event) -> dict[str, Any]:
        starts = event.starts_at.astimezone(ROME) if event.starts_at else None
        ends = event.ends_at.astimezone(ROME) if event.ends_at else None
        return {
            **{name: getattr(event, name) or "" for name in TEXT_FIELDS},
            "kind": event.kind,
            "field_of_action": event.field_of_action,
            "start": format_partial(event.start_on, event.start_precision),
            "end": format_partial(event.end_on, event.end_precision),
            "start_time": starts.time() if starts else None,
            "end_time": ends.time() if ends else None,
            "address": event.address,
            "place_authority": event.place_authority,
            "country": event.country.code or "",
            "latitude": event.latitude,
            "longitude": event.longitude,
            "organisers": list(event.organisers.all()),
            "participants": list(event.participants.all()),
            "initiatives": list(event.initiatives.all()),
            "countries": [c.code for c in event.countries],
            "documents": list(event.documents.all()),
            "sources": list(event.sources.all()),
            "uncertain": event.uncertain,
            "is_public": event.is_public,
            "registration_open": event.registration_open,
            "capacity": event.capacity,
            "registration_closes_at": (
                event.registration_closes_at.astimezone(ROME) if event.registration_closes_at else None
            ),
        }

    def event_input(self) -> EventInput:
        d = self.cleaned_data
        return EventInput(
            **{name: d[name] for name in TEXT_FIELDS},
            kind=d["kind"],
            field_of_action=d["field_of_action"],
            start=d["start"],
            end=d["end"],
            start_time=d["start_time"],
            end_time=d["end_time"],
            address=d["address"],
            place_authority=d["place_authority"],
            country=d["country"],
            latitude=d["latitude"],
            longitude=d["longitude"],
            organisers=d["organisers"],
            participants=d["participants"],
            initiatives=d["initiatives"],
            countries=d["countries"],
            documents=d["documents"],
            sources=d["sources"],
            uncertain=d["uncertain"],
            is_public=d["is_public"],
            registration_open=d["registration_open"],
            capacity=d["capacity"],
            registration_closes_at=d["registration_closes_at"],
        )


class KindForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"), max_length=40, help_text=_("Letters, digits and hyphens; it cannot change later.")
    )
    name_it = forms.CharField(label=_("Name (Italian)"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=100, required=False)

    def __init__(self, *args: Any, kind: EventKind | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind is not None:
            self.fields["key"].required = False
            self.fields["key"].disabled = True
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-control")
            if name.endswith(("_it", "_en")):
                field.widget.attrs["lang"] = name[-2:]


class RegistrationForm(forms.Form):
    """The public's registration form. `website` is a trap for robots: hidden from people (and
    from screen readers), a robot filling every field fills it too."""

    name = forms.CharField(label=_("Name and surname"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    organisation = forms.CharField(
        label=_("Organisation, school or municipality (optional)"), max_length=200, required=False
    )
    consent = forms.BooleanField(label=_("I have read the privacy notice and agree"), required=True)
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "class": "form-control"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "class": "form-control"})
        self.fields["organisation"].widget.attrs.update(
            {"autocomplete": "organization", "class": "form-control"}
        )
        self.fields["consent"].widget.attrs["class"] = "form-check-input"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
