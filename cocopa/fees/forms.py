"""HTML input shape for the administrative office's fee pages; the rules live in services."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocopa.core import limits, money
from cocopa.core.formfields import BoundedJSONField
from cocopa.core.models import Source
from cocopa.core.widgets import DateInput
from cocopa.fees import bankcsv
from cocopa.fees.models import Assessment, FeeBase, FeeSchedule, Payment
from cocopa.governance.forms import styled
from cocopa.members.models import LocalAuthority


class AmountField(forms.DecimalField):
    """An amount in euros as people type it, in either language: 2812,38, 2.812,38, 2812.38 or
    2,812.38 (the later separator is the decimal one, at most two decimals: bankcsv.parse_amount,
    the bank file's rule).

    Why not Django's localized DecimalField alone: its input follows the page's language, so on an
    English page "2812,38" is read as 281238 when USE_THOUSAND_SEPARATOR is on, and without it an
    Italian "2.812,38" is refused. localize=True is kept for the widget: a text input (a number
    input refuses the comma in some browsers) showing values with the language's decimal mark."""

    default_error_messages = {"invalid": _("Enter an amount in euros, e.g. 2812,38 or 2.812,38.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(localize=True, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs: IntegerField's
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return bankcsv.parse_amount(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return super().widget_attrs(widget) | {"inputmode": "decimal"}


class AssessForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)


class PaymentForm(forms.Form):
    authority: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Member"), queryset=LocalAuthority.objects.filter(memberships__isnull=False).distinct()
    )
    paid_on = forms.DateField(label=_("Date"), widget=DateInput())
    amount = AmountField(label=_("Amount (EUR)"), min_value=Decimal("0.01"))
    method = forms.ChoiceField(label=_("Method"), choices=Payment.Method.choices)
    reference = forms.CharField(label=_("Reference"), max_length=300, required=False)
    payer = forms.CharField(label=_("Payer as given"), max_length=300, required=False)
    assessment = forms.ModelChoiceField(
        label=_("For assessment"),
        queryset=Assessment.objects.select_related("authority"),
        required=False,
        help_text=_("Empty: the payment pays the member's oldest open year."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["assessment"]
        field.label_from_instance = lambda a: f"{a.code} — {a.authority} ({money.euro(a.amount)})"


class FeeScheduleForm(forms.Form):
    """The year's fee rule, as the Assembly or the convention set it (the checks are the rule's,
    in services.set_fee_schedule)."""

    kind = forms.ChoiceField(label=_("Rule"), choices=FeeSchedule.Kind.choices)
    rate = forms.DecimalField(
        label=_("EUR per inhabitant"),
        max_digits=8,
        decimal_places=4,
        min_value=Decimal(0),
        required=False,
        localize=True,
        help_text=_("For a fee per inhabitant, e.g. 0,06."),
    )
    minimum = AmountField(label=_("Minimum (EUR)"), min_value=Decimal(0), required=False)
    maximum = AmountField(label=_("Maximum (EUR)"), min_value=Decimal(0), required=False)
    amount = AmountField(
        label=_("Fixed amount per member (EUR)"),
        min_value=Decimal(0),
        required=False,
        help_text=_("For a fixed fee per member."),
    )
    class_amounts = BoundedJSONField(
        label=_("Amount per size class"),
        required=False,
        help_text=_(
            'For a fee per size class: size class key → amount, e.g. {"large": "500.00", "small": "100.00"}.'
        ),
    )
    population_on = forms.DateField(
        label=_("Population reference date"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: 31 December of the previous year."),
    )
    pro_rata = forms.ChoiceField(label=_("Pro-rata"), choices=FeeSchedule.ProRata.choices)
    source: "forms.ModelChoiceField[Source]" = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.order_by("code"),
        required=False,
        help_text=_("The act that set the rule (a resolution of the Assembly, the convention)."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["class_amounts"].widget.attrs["rows"] = 3
        styled(self)  # full-width lists: a source's long title must not widen a phone's page

    def clean_class_amounts(self) -> Any:
        return self.cleaned_data.get("class_amounts") or {}


class WaiverForm(forms.Form):
    amount = AmountField(label=_("Amount (EUR)"), min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Why is it archived?"), max_length=300)


class AllocationForm(forms.Form):
    """Apply part of a payment by hand to one of the member's open assessments."""

    assessment = forms.TypedChoiceField(label=_("Assessment"), coerce=int)
    amount = AmountField(label=_("Amount (EUR)"), min_value=Decimal("0.01"))

    def __init__(self, *args: Any, assessments: list[Any], **kwargs: Any) -> None:
        # assessments: ledger.assessments() rows (with `balance`)
        super().__init__(*args, **kwargs)
        self._by_pk = {a.pk: a for a in assessments}
        self.fields["assessment"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.code} ({a.year}): {a.balance} EUR") for a in assessments
        ]

    def clean_assessment(self) -> Any:
        return self._by_pk[self.cleaned_data["assessment"]]


class RefundForm(forms.Form):
    amount = AmountField(label=_("Amount (EUR)"), min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class FeeBaseForm(forms.Form):
    """A member's own fee base: a fixed amount or another population, from a year on."""

    authority: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Member"),
        queryset=LocalAuthority.objects.filter(memberships__isnull=False).distinct().order_by("name"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    valid_from = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Base"), choices=FeeBase.Kind.choices, widget=forms.RadioSelect)
    amount = AmountField(
        label=_("Fixed full-year amount (EUR)"),
        min_value=Decimal(0),
        required=False,
        help_text=_("For a fixed amount: replaces the fee the schedule's rule would give."),
    )
    population = forms.IntegerField(
        label=_("Population"),
        min_value=0,
        max_value=2_000_000_000,
        required=False,
        help_text=_("For another population: the rule applies to this figure instead of the member's."),
    )
    population_on = forms.DateField(label=_("Population date"), required=False, widget=DateInput())
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),  # long titles: never wider than the page
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who decided and why, e.g. the Assembly's resolution."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == FeeBase.Kind.AMOUNT and data.get("amount") is None:
            self.add_error("amount", _("Give the fixed amount."))
        if kind == FeeBase.Kind.POPULATION and data.get("population") is None:
            self.add_error("population", _("Give the population."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as services.set_fee_base takes it: only the chosen kind's value."""
        data = self.cleaned_data
        by_amount = data["kind"] == FeeBase.Kind.AMOUNT
        return {
            "authority": data["authority"],
            "valid_from": data["valid_from"],
            "reason": data["reason"],
            "amount": data["amount"] if by_amount else None,
            "population": None if by_amount else data["population"],
            "population_on": None if by_amount else data["population_on"],
            "source": data["source"],
        }


class BankFileForm(forms.Form):
    """The bank's CSV export, for a preview (nothing is written until confirmed)."""

    file = forms.FileField(
        label=_("Bank file (CSV)"),
        help_text=_("The account's export: date, amount, payer and reference columns, UTF-8."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = limits.max_import_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(mb)s MB (setting COCOPA_MAX_IMPORT_MB).")
                % {"mb": limit // 2**20}
            )
        return upload


class ConfirmImportForm(forms.Form):
    """The preview's fingerprints: the file's SHA-256 and the plan's (services.ImportPlan)."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    plan = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)


class MatchBankRowForm(forms.Form):
    """Give a queued bank row to a member, or straight to one of its assessments."""

    assessment = forms.ModelChoiceField(
        label=_("Assessment"),
        queryset=Assessment.objects.select_related("authority").order_by("-year", "authority__name"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("A fee still owing money; its member is then the payer."),
    )
    authority: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Member"),
        queryset=LocalAuthority.objects.filter(memberships__isnull=False).distinct().order_by("name"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Without an assessment: the payment pays the member's oldest open year."),
    )

    def __init__(self, *args: Any, open_fees: list[Any], **kwargs: Any) -> None:
        # open_fees: ledger.assessments() rows still owing money (with `balance`), the choices
        super().__init__(*args, **kwargs)
        due = {a.pk: a.balance for a in open_fees}
        field: Any = self.fields["assessment"]
        field.queryset = field.queryset.filter(pk__in=due)
        field.label_from_instance = lambda a: (
            _("%(code)s — %(member)s (%(due)s EUR due)")
            % {
                "code": a.code,
                "member": a.authority,
                "due": money.amount(due[a.pk]),
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        assessment, authority = data.get("assessment"), data.get("authority")
        if assessment is None and authority is None:
            raise ValidationError(_("Choose the member or the assessment."))
        if authority is None and assessment is not None:
            data["authority"] = assessment.authority
        return data


class DismissBankRowForm(forms.Form):
    reason = forms.CharField(label=_("Why is it dismissed?"), max_length=300)
