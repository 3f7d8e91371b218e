"""The shape of agreements and missions as the peace office types them; the rules are the services'."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocopa.cooperation.models import Initiative
from cocopa.core.dates import format_partial
from cocopa.core.formfields import choose_many
from cocopa.core.models import Source
from cocopa.diplomacy.models import Agreement, AgreementKind, ForeignAuthority, Mission
from cocopa.diplomacy.services import (
    AGREEMENT_TEXTS,
    MISSION_TEXTS,
    AgreementInput,
    CostInput,
    ForeignAuthorityInput,
    MissionInput,
    ParticipantInput,
)
from cocopa.events.models import Event
from cocopa.library import linkfields
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority

DATE_HELP = _("YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source; empty when not known.")


_members = linkfields.members_offered  # authorities that have been members


def _style(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if name.endswith(("_it", "_en")):
            widget.attrs["lang"] = name[-2:]
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            continue
        widget.attrs.setdefault(
            "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
        )


def _text(
    label: Any, required: bool = False, rows: int = 0, max_length: int | None = None
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, widget=widget, max_length=max_length)


def _many(label: Any) -> forms.Field:
    # Its rows are set by the form (_querysets, __init__); the shape is every office form's.
    return choose_many(label, queryset=Initiative.objects.none())


def _one(label: Any) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(label=label, queryset=Source.objects.none(), required=False)


class _Common(forms.Form):
    date_fields: tuple[str, ...] = ()

    def _querysets(self) -> None:
        fields: dict[str, Any] = self.fields
        fields["members"].queryset = _members()
        fields["initiatives"].queryset = linkfields.own_initiatives()
        fields["source"].queryset = Source.objects.order_by("code")


class AgreementForm(_Common):
    kind: "forms.ModelChoiceField[AgreementKind]" = forms.ModelChoiceField(
        label=_("Kind"), queryset=AgreementKind.objects.all()
    )
    title_it = _text(_("Title (Italian)"), required=True, max_length=300)
    title_en = _text(_("Title (English)"), max_length=300)
    description_it = _text(_("Description (Italian)"), rows=3)
    description_en = _text(_("Description (English)"), rows=3)
    members = _many(_("Member parties"))
    foreign_authorities = _many(_("Parties abroad"))
    signed_on = _text(_("Signed on"), max_length=10)
    ended_on = _text(_("Ended on"), max_length=10)
    act_body = _text(_("Approved by (body)"), max_length=200)
    act_number = _text(_("Act number"), max_length=50)
    act_on = _text(_("Act date"), max_length=10)
    document = _one(_("Document (from the library)"))
    initiatives = _many(_("Linked initiatives"))
    source = _one(_("Source"))
    uncertain = forms.BooleanField(label=_("Uncertain"), required=False)
    uncertain_note_it = _text(_("Why uncertain (Italian)"), rows=2)
    uncertain_note_en = _text(_("Why uncertain (English)"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._querysets()
        fields: dict[str, Any] = self.fields
        fields["foreign_authorities"].queryset = ForeignAuthority.objects.order_by("name")
        fields["document"].queryset = Document.objects.order_by("title_it")
        for name in ("signed_on", "ended_on", "act_on"):
            fields[name].help_text = DATE_HELP
        _style(self)

    @staticmethod
    def initial_of(a: Agreement) -> dict[str, Any]:
        return {
            **{name: getattr(a, name) or "" for name in AGREEMENT_TEXTS},
            "kind": a.kind,
            "members": list(a.members.all()),
            "foreign_authorities": list(a.foreign_authorities.all()),
            "initiatives": list(a.initiatives.all()),
            "signed_on": format_partial(a.signed_on, a.signed_on_precision),
            "ended_on": format_partial(a.ended_on, a.ended_on_precision),
            "act_on": a.act_on.isoformat() if a.act_on else "",
            "document": a.document,
            "source": a.source,
            "uncertain": a.uncertain,
        }

    def agreement_input(self) -> AgreementInput:
        d = self.cleaned_data
        return AgreementInput(
            **{name: d[name] for name in AGREEMENT_TEXTS},
            kind=d["kind"],
            signed_on=d["signed_on"],
            ended_on=d["ended_on"],
            act_on=d["act_on"],
            uncertain=d["uncertain"],
            document=d["document"],
            source=d["source"],
            members=d["members"],
            foreign_authorities=d["foreign_authorities"],
            initiatives=d["initiatives"],
        )


class MissionForm(_Common):
    direction = forms.ChoiceField(label=_("Direction"), choices=Mission.Direction.choices)
    title_it = _text(_("Title (Italian)"), required=True, max_length=300)
    title_en = _text(_("Title (English)"), max_length=300)
    purpose_it = _text(_("Purpose (Italian)"), rows=3)
    purpose_en = _text(_("Purpose (English)"), rows=3)
    outcomes_it = _text(_("Outcomes (Italian)"), rows=3)
    outcomes_en = _text(_("Outcomes (English)"), rows=3)
    place = _text(_("Place (destination or origin)"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)
    started_on = _text(_("From"), max_length=10)
    ended_on = _text(_("To"), max_length=10)
    members = _many(_("Members taking part"))
    initiatives = _many(_("Linked initiatives"))
    agreements = _many(_("Linked agreements"))
    events = _many(_("Linked events"))
    report = _one(_("Report (from the library)"))
    source = _one(_("Source"))
    uncertain = forms.BooleanField(label=_("Uncertain"), required=False)
    uncertain_note_it = _text(_("Why uncertain (Italian)"), rows=2)
    uncertain_note_en = _text(_("Why uncertain (English)"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._querysets()
        fields: dict[str, Any] = self.fields
        fields["agreements"].queryset = Agreement.objects.order_by("title_it")
        fields["events"].queryset = Event.objects.order_by("-start_on", "pk")
        fields["events"].label_from_instance = lambda e: f"{e.when} · {e.title}"
        fields["report"].queryset = Document.objects.order_by("title_it")
        fields["country"].choices = [("", "—"), *linkfields.country_choices()]
        for name in ("started_on", "ended_on"):
            fields[name].help_text = DATE_HELP
        _style(self)

    @staticmethod
    def initial_of(m: Mission) -> dict[str, Any]:
        return {
            **{name: getattr(m, name) or "" for name in MISSION_TEXTS},
            "direction": m.direction,
            "country": m.country.code or "",
            "latitude": m.latitude,
            "longitude": m.longitude,
            "started_on": format_partial(m.started_on, m.started_on_precision),
            "ended_on": format_partial(m.ended_on, m.ended_on_precision),
            "members": list(m.members.all()),
            "initiatives": list(m.initiatives.all()),
            "agreements": list(m.agreements.all()),
            "events": list(m.events.all()),
            "report": m.report,
            "source": m.source,
            "uncertain": m.uncertain,
        }

    def mission_input(self, participants: list[ParticipantInput], costs: list[CostInput]) -> MissionInput:
        d = self.cleaned_data
        return MissionInput(
            **{name: d[name] for name in MISSION_TEXTS},
            direction=d["direction"],
            country=d["country"],
            latitude=d["latitude"],
            longitude=d["longitude"],
            started_on=d["started_on"],
            ended_on=d["ended_on"],
            uncertain=d["uncertain"],
            report=d["report"],
            source=d["source"],
            members=d["members"],
            initiatives=d["initiatives"],
            agreements=d["agreements"],
            events=d["events"],
            participants=participants,
            costs=costs,
        )


class ParticipantForm(forms.Form):
    office_it = _text(_("Office (Italian)"), max_length=200)
    office_en = _text(_("Office (English)"), max_length=200)
    name = _text(_("Name"), max_length=200)
    public_office = forms.BooleanField(label=_("Public office holder (name shown)"), required=False)
    member: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("For the member"), queryset=LocalAuthority.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["member"].queryset = _members()
        _style(self)

    def value(self) -> ParticipantInput | None:
        d = self.cleaned_data
        if not d or not any(d.get(k) for k in ("office_it", "office_en", "name")):
            return None  # an empty row
        return ParticipantInput(
            office_it=d["office_it"],
            office_en=d["office_en"],
            name=d["name"],
            public_office=d["public_office"],
            member=d["member"],
        )


class CostForm(forms.Form):
    item = _text(_("Item"), max_length=200)
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=10, required=False, initial="EUR")
    payer = _text(_("Paid by"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def value(self) -> CostInput | None:
        d = self.cleaned_data
        if not d or (not d.get("item") and d.get("amount") is None and not d.get("payer")):
            return None  # an empty row
        amount: Decimal | None = d.get("amount")
        return CostInput(
            item=d["item"], amount=amount, currency=(d.get("currency") or "EUR").upper(), payer=d["payer"]
        )


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=2)
CostFormSet = forms.formset_factory(CostForm, extra=2)


COORDINATE_HELP = _(
    "Decimal degrees, e.g. 13.5769 and -2.4179 (north and east positive; a dot or a comma); "
    "both empty when not known."
)


class CoordinateField(forms.DecimalField):
    """Decimal degrees, with a dot or (as an Italian types it) a comma."""

    def __init__(self, label: Any, help_text: Any = "") -> None:
        super().__init__(
            label=label,
            required=False,
            max_digits=9,
            decimal_places=6,
            help_text=help_text,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class ForeignAuthorityForm(forms.Form):
    """A local authority abroad: its name, country, coordinates and website."""

    name = _text(_("Name"), required=True, max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    latitude = CoordinateField(_("Latitude"), help_text=COORDINATE_HELP)
    longitude = CoordinateField(_("Longitude"))
    website = forms.URLField(label=_("Website"), required=False, max_length=300, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["country"].choices = [("", "—"), *linkfields.country_choices()]
        _style(self)

    @staticmethod
    def initial_of(authority: ForeignAuthority) -> dict[str, Any]:
        return {
            "name": authority.name,
            "country": authority.country.code,
            "latitude": authority.latitude,
            "longitude": authority.longitude,
            "website": authority.website,
        }

    def authority_input(self) -> ForeignAuthorityInput:
        d = self.cleaned_data
        return ForeignAuthorityInput(
            name=d["name"],
            country=d["country"],
            latitude=d["latitude"],
            longitude=d["longitude"],
            website=d["website"],
        )
