"""JSON shapes of the staff fees API: assessments and payments, amounts in euros as decimal strings."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from cocopa.fees.models import Assessment, Payment

CENT = Decimal("0.01")


def _money(value: Decimal | None) -> Decimal:
    """Two decimals always: SQLite returns sums like 40 for 40.00."""
    return Decimal(value or 0).quantize(CENT)


class AssessmentOut(Schema):
    code: str = Field(description="The reference the member quotes on its transfer.")
    year: int
    member: str = Field(description="The member's slug, as in /api/v1/members/{slug}.")
    member_name: str
    amount: Decimal = Field(description="What the member owes for the year, in euros.")
    full_year_amount: Decimal = Field(description="The amount before any pro-rata for joining in the year.")
    paid: Decimal = Field(
        description="The parts of payments allocated to this assessment (archived payments left out)."
    )
    waived: Decimal
    balance: Decimal = Field(
        description="amount − paid − waived: still due (never negative; money beyond it is the member's credit)."
    )
    joined_on: dt.date | None = Field(description="The day the member joined during the year, if it did.")
    population: int | None = Field(description="The population figure the fee was computed from.")
    population_on: dt.date | None = Field(description="The date the population figure refers to.")
    population_source: str | None = Field(description="The code of the figure's source (e.g. S45), if any.")
    population_reference: dt.date | None = Field(
        description="The date the schedule asked the population for (e.g. 31 December of the year before)."
    )
    population_outdated: bool = Field(
        description="True when the figure used is older than population_reference, or undated."
    )
    fee_base: str | None = Field(
        description="The member's own fee base used: `amount` (a fixed amount), `population` (another population) or null."
    )
    size_class: str
    created_at: dt.datetime

    @staticmethod
    def resolve_member(obj: Assessment) -> str:
        return obj.authority.slug

    @staticmethod
    def resolve_paid(obj: Assessment) -> Decimal:
        return _money(getattr(obj, "paid", None))

    @staticmethod
    def resolve_waived(obj: Assessment) -> Decimal:
        return _money(getattr(obj, "waived", None))

    @staticmethod
    def resolve_balance(obj: Assessment) -> Decimal:
        return _money(getattr(obj, "balance", None))

    @staticmethod
    def resolve_member_name(obj: Assessment) -> str:
        return obj.authority.name

    @staticmethod
    def resolve_population_source(obj: Assessment) -> str | None:
        return obj.population_source.code if obj.population_source is not None else None

    @staticmethod
    def resolve_population_outdated(obj: Assessment) -> bool:
        return obj.population_outdated

    @staticmethod
    def resolve_fee_base(obj: Assessment) -> str | None:
        return str(obj.base.get("kind")) if obj.base else None


class PaymentOut(Schema):
    id: int
    paid_on: dt.date
    member: str = Field(description="The member's slug, as in /api/v1/members/{slug}.")
    member_name: str
    amount: Decimal = Field(description="In euros.")
    method: Payment.Method
    reference: str
    payer: str = Field(description="The payer as the bank statement names it.")
    assessment: str | None = Field(description="The code of the assessment the payment settles, if matched.")
    archived_on: dt.date | None
    receipt: str | None = Field(
        description="The number of the receipt the office issued (e.g. 2026/0001), if any."
    )
    created_at: dt.datetime

    @staticmethod
    def resolve_receipt(obj: Payment) -> str | None:
        receipt = getattr(obj, "receipt", None)
        return receipt.label if receipt is not None else None

    @staticmethod
    def resolve_member(obj: Payment) -> str:
        return obj.authority.slug

    @staticmethod
    def resolve_member_name(obj: Payment) -> str:
        return obj.authority.name

    @staticmethod
    def resolve_assessment(obj: Payment) -> str | None:
        return obj.assessment.code if obj.assessment is not None else None
