"""HTML input shape for the administrative office's fee pages; the rules live in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocopa.core.models import Source
from cocopa.core.widgets import DateInput
from cocopa.fees.models import Assessment, FeeBase, Payment
from cocopa.members.models import LocalAuthority


class AssessForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)


class PaymentForm(forms.Form):
    authority: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Member"), queryset=LocalAuthority.objects.filter(memberships__isnull=False).distinct()
    )
    paid_on = forms.DateField(label=_("Date"), widget=DateInput())
    amount = forms.DecimalField(label=_("Amount (EUR)"), max_digits=12, decimal_places=2, min_value=0.01)
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
        self.fields["assessment"].label_from_instance = lambda a: f"{a.code} — {a.authority} ({a.amount} EUR)"  # type: ignore[attr-defined]


class WaiverForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (EUR)"), max_digits=12, decimal_places=2, min_value=0.01)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Why is it archived?"), max_length=300)


class AllocationForm(forms.Form):
    """Apply part of a payment by hand to one of the member's open assessments."""

    assessment = forms.TypedChoiceField(label=_("Assessment"), coerce=int)
    amount = forms.DecimalField(label=_("Amount (EUR)"), max_digits=12, decimal_places=2, min_value=0.01)

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
    amount = forms.DecimalField(label=_("Amount (EUR)"), max_digits=12, decimal_places=2, min_value=0.01)
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
    amount = forms.DecimalField(
        label=_("Fixed full-year amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
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
