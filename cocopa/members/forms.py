"""The shape of what the peace office types in about members; the rules are services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocopa.core.documents import DocumentField
from cocopa.core.widgets import DateInput
from cocopa.members.models import AdhesionAct, Convention


class RecordActForm(forms.Form):
    """A council act: adhesion, approval of the convention, renewal or withdrawal."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AdhesionAct.Kind.choices)
    body = forms.CharField(label=_("Body"), max_length=200, required=False, help_text=_("e.g. city council"))
    number = forms.CharField(label=_("Number"), max_length=100, required=False)
    adopted_on = forms.DateField(label=_("Date"), widget=DateInput())
    in_force_on = forms.DateField(label=_("In force from"), widget=DateInput(), required=False)
    convention: "forms.ModelChoiceField[Convention]" = forms.ModelChoiceField(
        label=_("Convention"), queryset=Convention.objects.order_by("start_on", "pk"), required=False
    )
    notified_on = forms.DateField(
        label=_("Notified on"),
        widget=DateInput(),
        required=False,
        help_text=_("Withdrawals: the day the notice reached the Ufficio di Presidenza."),
    )
    effective_on = forms.DateField(
        label=_("Takes effect on"),
        widget=DateInput(),
        required=False,
        help_text=_("Withdrawals: the day the member leaves; the membership period ends then."),
    )
    document = DocumentField(label=_("Document"), required=False)
    document_url = forms.URLField(label=_("Document address"), required=False, assume_scheme="https")
    force = forms.BooleanField(
        label=_("Accept a withdrawal notified later than the convention's notice period"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.TextInput | forms.URLInput):
                widget.attrs.setdefault("class", "form-control")


class AddMemberForm(forms.Form):
    """A municipality joining: which one (its ISTAT code, chosen by searching), and its adhesion act."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=6)
    body = forms.CharField(
        label=_("Adopting body"), max_length=200, help_text=_("e.g. city council"), strip=True
    )
    number = forms.CharField(label=_("Act number"), max_length=100, required=False)
    adopted_on = forms.DateField(
        label=_("Date of the act"),
        widget=DateInput(),
        help_text=_("The membership period starts on this day."),
    )
    document = DocumentField(label=_("Act document"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("body", "number", "adopted_on"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
