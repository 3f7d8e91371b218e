"""The shapes of a campaign and of an adoption as the peace office types them; the rules are the services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocopa.campaigns.models import Adoption, Campaign
from cocopa.campaigns.services import TEXT_FIELDS, AdoptionInput, CampaignInput
from cocopa.core.dates import format_partial
from cocopa.core.models import Source
from cocopa.library import linkfields
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction

DATE_HELP = _("As the source gives it: 2014, 2014-06 or 2014-06-23. Empty when no source says.")


def _style(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if name.endswith(("_it", "_en")):
            widget.attrs["lang"] = name[-2:]  # the text typed in, whatever the page's language
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            continue
        widget.attrs.setdefault(
            "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
        )


_members_offered = linkfields.members_offered  # authorities that have been members


class CampaignForm(forms.Form):
    """A campaign in Italian (required) and English (optional; the Italian shows where it is empty)."""

    name_it = forms.CharField(label=_("Name (Italian)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    description_it = forms.CharField(
        label=_("Description (Italian)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    promoter = forms.CharField(
        label=_("Promoter"),
        max_length=300,
        required=False,
        help_text=_("Who promotes it, e.g. the national coordination of local authorities for peace."),
    )
    start = forms.CharField(label=_("Start"), max_length=20, required=False, help_text=DATE_HELP)
    end = forms.CharField(label=_("End"), max_length=20, required=False, help_text=DATE_HELP)
    field_of_action: "forms.ModelChoiceField[FieldOfAction]" = forms.ModelChoiceField(
        label=_("Field of action"), queryset=FieldOfAction.objects.all(), required=False
    )
    initiatives = linkfields.initiatives(_("Linked initiatives"))
    documents = linkfields.documents(_("Documents of the library"))
    source: "forms.ModelChoiceField[Source]" = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.all(), required=False
    )
    uncertain = forms.BooleanField(label=_("Uncertain"), required=False)
    note_it = forms.CharField(
        label=_("Note (Italian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why it is uncertain, or what the sources leave open."),
    )
    note_en = forms.CharField(
        label=_("Note (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    slug = forms.SlugField(
        label=_("Address"),
        max_length=100,
        required=False,
        help_text=_("The last part of the campaign's address; made from the Italian name when left empty."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    @staticmethod
    def initial_of(campaign: Campaign) -> dict[str, Any]:
        return {
            **{name: getattr(campaign, name) or "" for name in TEXT_FIELDS},
            "kind": campaign.kind,
            "promoter": campaign.promoter,
            "start": format_partial(campaign.start_on, campaign.start_precision),
            "end": format_partial(campaign.end_on, campaign.end_precision),
            "field_of_action": campaign.field_of_action,
            "initiatives": list(campaign.initiatives.all()),
            "documents": list(campaign.documents.all()),
            "source": campaign.source,
            "uncertain": campaign.uncertain,
            "slug": campaign.slug,
        }

    def campaign_input(self) -> CampaignInput:
        data = self.cleaned_data
        return CampaignInput(
            **{name: data[name] for name in TEXT_FIELDS},
            kind=data["kind"],
            promoter=data["promoter"],
            start=data["start"],
            end=data["end"],
            slug=data["slug"],
            field_of_action=data["field_of_action"],
            initiatives=data["initiatives"],
            documents=data["documents"],
            source=data["source"],
            uncertain=data["uncertain"],
        )


class AdoptionForm(forms.Form):
    """An adoption: the member (or the network itself), the date, the act and its source."""

    member: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Member"), queryset=LocalAuthority.objects.none(), required=False
    )
    by_network = forms.BooleanField(label=_("The network itself takes part (no member)"), required=False)
    adopted = forms.CharField(
        label=_("Date of adoption"),
        max_length=20,
        required=False,
        help_text=_("2014, 2014-06 or 2014-06-23; the act's date when left empty."),
    )
    act_body = forms.ChoiceField(
        label=_("Body that adopted the act"), choices=[("", "—"), *Adoption.ActBody.choices], required=False
    )
    act_number = forms.CharField(label=_("Number of the act"), max_length=100, required=False)
    act_on = forms.DateField(
        label=_("Date of the act"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    act_document: "forms.ModelChoiceField[Document]" = forms.ModelChoiceField(
        label=_("Document of the act"),
        queryset=Document.objects.order_by("title"),
        required=False,
        help_text=_("From the documents library."),
    )
    source: "forms.ModelChoiceField[Source]" = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.all(), required=False
    )
    uncertain = forms.BooleanField(label=_("Uncertain"), required=False)
    note_it = forms.CharField(label=_("Note (Italian)"), max_length=1000, required=False)
    note_en = forms.CharField(label=_("Note (English)"), max_length=1000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["member"].queryset = _members_offered()
        _style(self)

    @staticmethod
    def initial_of(adoption: Adoption) -> dict[str, Any]:
        return {
            "member": adoption.member,
            "by_network": adoption.network_id is not None,
            "adopted": format_partial(adoption.adopted_on, adoption.adopted_precision),
            "act_body": adoption.act_body,
            "act_number": adoption.act_number,
            "act_on": adoption.act_on,
            "act_document": adoption.act_document,
            "source": adoption.source,
            "uncertain": adoption.uncertain,
            "note_it": getattr(adoption, "note_it", "") or "",
            "note_en": getattr(adoption, "note_en", "") or "",
        }

    def adoption_input(self) -> AdoptionInput:
        data = self.cleaned_data
        return AdoptionInput(
            member=data["member"],
            by_network=data["by_network"],
            adopted=data["adopted"],
            act_body=data["act_body"],
            act_number=data["act_number"],
            act_on=data["act_on"],
            act_document=data["act_document"],
            source=data["source"],
            uncertain=data["uncertain"],
            note_it=data["note_it"],
            note_en=data["note_en"],
        )
