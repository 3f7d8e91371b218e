"""The shape of what the peace office types in about documents, and of the public list's filters;
the rules are services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocopa.core.documents import DocumentField
from cocopa.core.models import Source
from cocopa.core.widgets import DateInput
from cocopa.governance.models import Body, Meeting, Resolution
from cocopa.library.models import PRECISION_CHOICES, Document
from cocopa.members.models import LocalAuthority


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.TextInput | forms.URLInput | forms.Textarea | forms.DateInput):
            widget.attrs.setdefault("class", "form-control")


class VersionFields(forms.Form):
    file = DocumentField(label=_("File"), required=False)
    url = forms.URLField(
        label=_("Or the address of a copy published elsewhere"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    version_date = forms.DateField(label=_("Date of this version"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note on this version"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class DocumentForm(VersionFields):
    """A new document and its first version."""

    field_order = [
        "title_it",
        "title_en",
        "description_it",
        "description_en",
        "kind",
        "date",
        "date_precision",
        "language",
        "visibility",
        "body",
        "meeting",
        "resolution",
        "member",
        "source",
    ]

    title_it = forms.CharField(label=_("Title (Italian)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description_it = forms.CharField(
        label=_("Description (Italian)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Document.Kind.choices)
    date = forms.DateField(
        label=_("Date"), widget=DateInput(), required=False, help_text=_("Leave empty when it is not known.")
    )
    date_precision = forms.ChoiceField(
        label=_("The source gives the date to the"), choices=PRECISION_CHOICES, initial="day"
    )
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=[("", _("not known")), *Document.Language.choices],
        required=False,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Document.Visibility.choices,
        help_text=_(
            "A restricted document is for the offices and, when it belongs to a body, for those who "
            "sit in it today (for the Assembly, the members' representatives)."
        ),
    )
    body: "forms.ModelChoiceField[Body]" = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.order_by("order", "pk"), required=False
    )
    meeting: "forms.ModelChoiceField[Meeting]" = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.select_related("body"), required=False
    )
    resolution: "forms.ModelChoiceField[Resolution]" = forms.ModelChoiceField(
        label=_("Resolution"), queryset=Resolution.objects.all(), required=False
    )
    member: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Member"),
        queryset=LocalAuthority.objects.filter(memberships__isnull=False).distinct().order_by("name"),
        required=False,
    )
    source: "forms.ModelChoiceField[Source]" = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.order_by("code"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version_date"].help_text = _("Leave empty: the document's date.")


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Document.Visibility.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class FilterForm(forms.Form):
    """The public list's filters (GET). A value that is not one of the choices is named beside
    its field and that filter is left out; the others still apply."""

    q = forms.CharField(label=_("Search in titles and descriptions"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    body = forms.ChoiceField(label=_("Body"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data: Any, *, bodies: list[Body], years: list[int]) -> None:
        super().__init__(data)
        fields = self.fields
        fields["kind"].choices = [("", _("All types")), *Document.Kind.choices]  # type: ignore[attr-defined]
        fields["body"].choices = [("", _("All bodies")), *[(b.key, b.name) for b in bodies]]  # type: ignore[attr-defined]
        fields["year"].choices = [("", _("All years")), *[(str(y), str(y)) for y in years]]  # type: ignore[attr-defined]
        fields["language"].choices = [("", _("All languages")), *Document.Language.choices]  # type: ignore[attr-defined]
        _styled(self)
        fields["q"].widget.input_type = "search"

    def value(self, name: str) -> Any:
        """The field's cleaned value; empty (None for the year) when left out or refused."""
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return None if name == "year" else ""
        return value
