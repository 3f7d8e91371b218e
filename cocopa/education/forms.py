"""The shape of programmes, activities and uploads as the peace office types them; the rules are
the services'."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocopa.core import limits
from cocopa.core.models import Source
from cocopa.education import schoolyear
from cocopa.education.models import Activity, Programme, Topic
from cocopa.education.services import ActivityInput, ProgrammeInput
from cocopa.library import linkfields
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction


def _fit(form: forms.Form) -> None:
    """Lists as wide as the page and no wider: a long source title would push a phone's page sideways."""
    for bound in form.fields.values():
        if isinstance(bound.widget, forms.Select | forms.SelectMultiple) and not isinstance(
            bound.widget, forms.CheckboxSelectMultiple
        ):
            bound.widget.attrs["class"] = "form-select mw-100"


def topics_offered(linked: Any = None) -> Any:
    """The topics in use, and any retired one the programme or activity already treats."""
    keep = [t.pk for t in linked or []]
    return Topic.objects.filter(Q(retired=False) | Q(pk__in=keep)).order_by("order", "key")


class ProgrammeForm(forms.Form):
    title_it = forms.CharField(label=_("Title (Italian)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_it = forms.CharField(
        label=_("Description (Italian)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    method_it = forms.CharField(label=_("Method (Italian)"), max_length=200, required=False)
    method_en = forms.CharField(label=_("Method (English)"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=120,
        required=False,
        help_text=_("Made from the Italian title when left empty."),
    )
    from_year = forms.IntegerField(
        label=_("From year"), required=False, min_value=schoolyear.FIRST, max_value=schoolyear.LAST
    )
    to_year = forms.IntegerField(
        label=_("To year"), required=False, min_value=schoolyear.FIRST, max_value=schoolyear.LAST
    )
    partners = forms.CharField(
        label=_("Partner organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    topics: "forms.ModelMultipleChoiceField[Topic]" = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    field_of_action: "forms.ModelChoiceField[FieldOfAction]" = forms.ModelChoiceField(
        label=_("Field of action"), queryset=FieldOfAction.objects.all(), required=False
    )
    source: "forms.ModelChoiceField[Source]" = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.order_by("code"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics_offered(self.initial.get("topics"))  # type: ignore[attr-defined]
        _fit(self)

    @staticmethod
    def initial_of(programme: Programme) -> dict[str, Any]:
        names = [n for n in ProgrammeForm.base_fields if n != "topics"]
        initial = {n: getattr(programme, n) for n in names}
        initial["topics"] = list(programme.topics.all())
        return initial

    def programme_input(self) -> ProgrammeInput:
        return ProgrammeInput(**self.cleaned_data)


members_offered = linkfields.members_offered  # authorities that have been members


class ActivityForm(forms.Form):
    programme: "forms.ModelChoiceField[Programme]" = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all()
    )
    member: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Member"), queryset=LocalAuthority.objects.none()
    )
    school_name = forms.CharField(label=_("School"), max_length=300)
    school_code = forms.CharField(
        label=_("School code"),
        max_length=20,
        required=False,
        help_text=_("The Ministry's code (codice meccanografico), e.g. TOIC81500X, where known."),
    )
    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("e.g. 2024/25"))
    level = forms.ChoiceField(label=_("Level"), choices=Activity.Level.choices)
    classes = forms.IntegerField(label=_("Classes"), min_value=0, initial=0)
    pupils = forms.IntegerField(label=_("Pupils reached"), min_value=0, initial=0)
    teachers = forms.IntegerField(label=_("Teachers reached"), min_value=0, initial=0)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal(0), max_digits=6, decimal_places=1, initial=0
    )
    materials = forms.CharField(
        label=_("Materials"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    documents = linkfields.documents(_("Documents of the library"))
    topics: "forms.ModelMultipleChoiceField[Topic]" = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    source: "forms.ModelChoiceField[Source]" = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.order_by("code"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members_offered()  # type: ignore[attr-defined]
        self.fields["topics"].queryset = topics_offered(self.initial.get("topics"))  # type: ignore[attr-defined]
        _fit(self)

    def clean_school_year(self) -> int:
        try:
            return schoolyear.parse(self.cleaned_data["school_year"]).start
        except ValueError as err:
            raise ValidationError(_("Write the school year as 2024/25."), code="school_year") from err

    @staticmethod
    def initial_of(activity: Activity) -> dict[str, Any]:
        names = [n for n in ActivityForm.base_fields if n not in {"topics", "documents", "school_year"}]
        initial = {n: getattr(activity, n) for n in names}
        initial["school_year"] = activity.school_year_label
        initial["topics"] = list(activity.topics.all())
        initial["documents"] = list(activity.documents.all())
        return initial

    def activity_input(self) -> ActivityInput:
        return ActivityInput(**self.cleaned_data)


class TopicForm(forms.Form):
    """A topic: its key (chosen once), its names in Italian and English and its source."""

    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_(
            "Letters, digits and hyphens, as the spreadsheet's column temi names it; it cannot change later."
        ),
    )
    name_it = forms.CharField(label=_("Name (Italian)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    source: "forms.ModelChoiceField[Source]" = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.order_by("code"), required=False
    )

    def __init__(self, *args: Any, topic: Topic | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if topic is not None:
            self.fields["key"].required = False
            self.fields["key"].disabled = True
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-control")
            if name.endswith(("_it", "_en")):
                field.widget.attrs["lang"] = name[-2:]
        _fit(self)

    @staticmethod
    def initial_of(topic: Topic) -> dict[str, Any]:
        return {
            "key": topic.key,
            "name_it": getattr(topic, "name_it", ""),
            "name_en": getattr(topic, "name_en", "") or "",
            "source": topic.source,
        }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled template (XLSX, or CSV with its columns)"),
        help_text=_("One row per class. Nothing is written until you confirm the preview."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > limits.max_import_bytes():
            raise ValidationError(
                _(
                    "%(name)s is %(size)s MB, more than the %(limit)s MB an import accepts (setting %(setting)s)."
                )
                % {
                    "name": upload.name,
                    "size": limits.megabytes(upload.size),
                    "limit": limits.megabytes(limits.max_import_bytes()),
                    "setting": "COCOPA_MAX_IMPORT_MB",
                },
                code="too_big",
            )
        return upload


class ConfirmForm(forms.Form):
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
