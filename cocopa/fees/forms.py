"""HTML input shape for the administrative office's fee pages; the rules live in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocopa.fees.models import Assessment, Payment
from cocopa.members.models import LocalAuthority


class AssessForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)


class PaymentForm(forms.Form):
    authority: "forms.ModelChoiceField[LocalAuthority]" = forms.ModelChoiceField(
        label=_("Member"), queryset=LocalAuthority.objects.filter(memberships__isnull=False).distinct()
    )
    paid_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
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
