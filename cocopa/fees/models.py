"""The yearly fee: the schedule the office sets, each member's assessment, payments and waivers.

Amounts are euros as Decimal with two places. Payments are archived, never deleted. Every
change is kept in history (django-simple-history).
"""

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocopa.core.models import Source
from cocopa.core.money import euro
from cocopa.fees import rules
from cocopa.members.models import LocalAuthority

ZERO = Decimal(0)
# The largest amount a money field holds (max_digits=12, decimal_places=2). PostgreSQL enforces
# max_digits itself; SQLite stores any number, and a larger one read back breaks every page that
# shows it, so each money column also has a CheckConstraint for the range.
MAX_DIGITS = 12
MAX_AMOUNT = Decimal("9999999999.99")
MAX_TEXT = 300  # payer, reference and reason texts as stored (the bank importer refuses longer ones)


def _within_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__lte": MAX_AMOUNT}), name=name)


class FeeSchedule(models.Model):
    """The fee rule of one year, as the Assembly or the convention set it; the office edits it."""

    class Kind(models.TextChoices):
        PER_INHABITANT = rules.Kind.PER_INHABITANT.value, _("per inhabitant")
        PER_SIZE_CLASS = rules.Kind.PER_SIZE_CLASS.value, _("fixed per size class")
        PER_MEMBER = rules.Kind.PER_MEMBER.value, _("fixed per member")
        EXEMPT = rules.Kind.EXEMPT.value, _("exempt")

    class ProRata(models.TextChoices):
        NONE = rules.ProRata.NONE.value, _("none: a member joining in the year owes the full fee")
        MONTHS = rules.ProRata.MONTHS.value, _("by months, the joining month counted in full")
        DAYS = rules.ProRata.DAYS.value, _("by days, from the joining day")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    kind = models.CharField(_("rule"), max_length=20, choices=Kind.choices)
    rate = models.DecimalField(_("EUR per inhabitant"), max_digits=8, decimal_places=4, null=True, blank=True)
    minimum = models.DecimalField(_("minimum"), max_digits=12, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(_("maximum"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(
        _("fixed amount per member"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    class_amounts = models.JSONField(
        _("amount per size class"),
        default=dict,
        blank=True,
        help_text=_('Size class key → amount, e.g. {"large": "500.00", "small": "100.00"}.'),
    )
    population_on = models.DateField(
        _("population reference date"),
        null=True,
        blank=True,
        help_text=_("Empty: 31 December of the previous year."),
    )
    pro_rata = models.CharField(_("pro-rata"), max_length=10, choices=ProRata.choices, default=ProRata.NONE)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-year"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")

    def __str__(self) -> str:
        return f"{self.year}: {self.get_kind_display()}"

    @property
    def population_reference(self) -> dt.date:
        """The date whose population figure the rule uses (default: 31 December of the year before)."""
        return self.population_on or dt.date(self.year - 1, 12, 31)

    def rule(self) -> rules.FeeRule:
        """The pure rule; ValueError when the parameters don't fit the kind."""
        try:
            class_amounts = {str(k): Decimal(str(v)) for k, v in (self.class_amounts or {}).items()}
        except (ArithmeticError, ValueError) as err:
            raise ValueError("class amounts must be numbers") from err
        return rules.FeeRule(
            kind=rules.Kind(self.kind),
            rate=self.rate,
            minimum=self.minimum,
            maximum=self.maximum,
            amount=self.amount,
            class_amounts=class_amounts,
            pro_rata=rules.ProRata(self.pro_rata),
        )

    def clean(self) -> None:
        try:
            self.rule()
        except ValueError as err:
            raise ValidationError(str(err)) from err


class Assessment(models.Model):
    """What one member owes for one year, frozen when the office issues the year's fees."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="fee_assessments", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    schedule = models.ForeignKey(
        FeeSchedule, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("schedule")
    )
    code = models.CharField(
        _("code"), max_length=40, unique=True, help_text=_("Reference to quote on the transfer.")
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(MAX_AMOUNT)],
    )
    full_year_amount = models.DecimalField(
        _("full-year amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(MAX_AMOUNT)],
    )
    joined_on = models.DateField(_("joined during the year on"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population used"), null=True, blank=True)
    population_figure = models.ForeignKey(
        "members.PopulationFigure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("population figure"),
    )
    population_on = models.DateField(_("population figure date"), null=True, blank=True)
    # What the figure was, kept with the fee: the figure row may later be corrected or removed.
    population_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("population source"),
    )
    population_reference = models.DateField(
        _("population asked for"),
        null=True,
        blank=True,
        help_text=_("The schedule's population reference date when the fee was issued."),
    )
    base = models.JSONField(
        _("fee base applied"),
        default=dict,
        blank=True,
        help_text=_("The member's own fee base (fixed amount or population) used, empty when none."),
    )
    size_class = models.CharField(_("size class"), max_length=30, blank=True)
    rule = models.JSONField(_("rule applied"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-year", "authority__name", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["authority", "year"], name="one_assessment_per_member_and_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="assessment_amount_not_negative"),
            _within_range("amount", "assessment_amount_within_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.authority}: {euro(self.amount)}"

    @property
    def figure_age(self) -> rules.FigureAge | None:
        """How the population used compares with the date the schedule asked for (None: no
        population was used, or the fee predates the stored reference)."""
        if self.population is None or self.population_reference is None:
            return None
        return rules.figure_age(self.population_on, self.population_reference)

    @property
    def population_outdated(self) -> bool:
        return self.figure_age in (rules.FigureAge.OLDER, rules.FigureAge.UNDATED)


class Payment(models.Model):
    """Money a member paid, as the bank or the office recorded it. Archived, never deleted."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("bank transfer")
        CASH = "cash", _("cash")
        OTHER = "other", _("other")

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="fee_payments", verbose_name=_("member")
    )
    paid_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.TRANSFER)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    payer = models.CharField(_("payer as given"), max_length=300, blank=True)
    # The assessment the payer quoted (its code in the reference, or chosen when recorded). What
    # the payment pays is in its Allocation rows: ledger.py reads balances from those only.
    assessment = models.ForeignKey(
        Assessment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("for assessment"),
    )
    imported_from = models.CharField(_("imported from"), max_length=300, blank=True)
    import_key = models.CharField(
        _("import key"),
        max_length=64,
        blank=True,
        help_text=_("Hash of the bank row, so a re-import adds nothing."),
    )
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    archive_reason = models.CharField(_("archive reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-paid_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            _within_range("amount", "payment_amount_within_range"),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="payment_imported_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{date_format(self.paid_on, 'SHORT_DATE_FORMAT')} {self.authority}: {euro(self.amount)}"


class Waiver(models.Model):
    """Part or all of an assessment the network forgoes, with the reason and who decided."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="waivers", verbose_name=_("assessment")
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-on", "-pk"]
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="waiver_amount_positive"),
            _within_range("amount", "waiver_amount_within_range"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment.code}: {euro(self.amount)}"


class Allocation(models.Model):
    """The part of a payment applied to one assessment. Balances are read from these rows only
    (ledger.py): a payment's money not allocated (nor refunded) is the member's credit."""

    class How(models.TextChoices):
        CODE = "code", _("by the assessment code quoted")
        PAYER = "payer", _("by the payer: oldest open year first")
        HAND = "hand", _("by hand")

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("payment")
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("assessment")
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=MAX_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
    )
    how = models.CharField(_("allocated"), max_length=10, choices=How.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["assessment__year", "pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            _within_range("amount", "allocation_amount_within_range"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.assessment_id}: {euro(self.amount)}"


class Refund(models.Model):
    """Money of a payment given back to the member (an overpayment, a transfer made twice)."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=MAX_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
    )
    on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=MAX_TEXT)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-on", "-pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            _within_range("amount", "refund_amount_within_range"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id}: −{euro(self.amount)}"


class FeeBase(models.Model):
    """A member's own fee base from a year on, set by the administrative office: a fixed full-year
    amount, or another population than its figure (e.g. for a member containing other members).

    The base of a year is the one with the latest `valid_from` not after it. An assessment keeps a
    copy of the base it used, so removing or replacing a base leaves issued fees as they are."""

    class Kind(models.TextChoices):
        AMOUNT = "amount", _("fixed amount")
        POPULATION = "population", _("another population")

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="fee_bases", verbose_name=_("member")
    )
    valid_from = models.PositiveSmallIntegerField(_("from year"))
    kind = models.CharField(_("base"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("fixed full-year amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_on = models.DateField(_("population date"), null=True, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    reason = models.TextField(_("reason"), help_text=_("Who decided and why, e.g. the resolution."))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["authority__name", "-valid_from"]
        verbose_name = _("fee base")
        verbose_name_plural = _("fee bases")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["authority", "valid_from"], name="one_fee_base_per_member_and_year"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="amount", amount__isnull=False, amount__gte=0, population__isnull=True)
                    | Q(kind="population", amount__isnull=True, population__isnull=False)
                ),
                name="fee_base_amount_or_population",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.valid_from}: {self.get_kind_display()}"

    def rule_base(self) -> rules.Base:
        return rules.Base(amount=self.amount, population=self.population)

    def snapshot(self) -> dict[str, object]:
        """What an assessment keeps of the base it used."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "valid_from": self.valid_from,
            "amount": None if self.amount is None else str(self.amount),
            "population": self.population,
            "population_on": self.population_on.isoformat() if self.population_on else None,
            "source": self.source.code if self.source else None,
            "reason": self.reason,
        }


class ReceiptCounter(models.Model):
    """The last receipt number issued in a year. services.issue_receipt locks this row, so two
    receipts issued at once get consecutive numbers: none skipped, none twice."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Receipt(models.Model):
    """The office's receipt for one payment, numbered without gaps in the year it is issued
    (2026/0001), with the issuer's details as configured that day. Never deleted or renumbered."""

    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="receipt", verbose_name=_("payment")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issuer_name = models.CharField(_("issuer"), max_length=200, blank=True)
    issuer_address = models.CharField(_("issuer's address"), max_length=300, blank=True)
    issuer_tax_code = models.CharField(_("issuer's tax code"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-year", "-number"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "number"], name="one_receipt_per_number_and_year"),
            models.CheckConstraint(condition=Q(number__gte=1), name="receipt_number_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The number as printed: year / number on four digits, e.g. 2026/0001."""
        return f"{self.year}/{self.number:04d}"

    @property
    def issuer_configured(self) -> bool:
        return bool(self.issuer_name)


class UnmatchedBankRow(models.Model):
    """An incoming bank row the import could not give to a member (no assessment code in its
    reference, payer's name matching no member or several). It waits here until the office
    matches it by hand (services.match_bank_row: a payment and its allocations) or dismisses it
    with a reason (services.dismiss_bank_row). Its import key keeps a re-import from queueing it
    again."""

    class Why(models.TextChoices):
        NO_MATCH = "no_match", _("no code nor member name")
        AMBIGUOUS_PAYER = "ambiguous_payer", _("payer's name fits several members")

    class Status(models.TextChoices):
        OPEN = "open", _("to match")
        MATCHED = "matched", _("matched")
        DISMISSED = "dismissed", _("dismissed")

    paid_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
    )
    payer = models.CharField(_("payer as given"), max_length=300, blank=True)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    why = models.CharField(_("why unmatched"), max_length=20, choices=Why.choices)
    imported_from = models.CharField(_("imported from"), max_length=300, blank=True)
    line = models.PositiveIntegerField(_("line"))
    import_key = models.CharField(_("import key"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    payment = models.OneToOneField(
        Payment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bank_row",
        verbose_name=_("payment"),
    )
    dismiss_reason = models.CharField(_("reason for dismissing"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["paid_on", "pk"]
        verbose_name = _("unmatched bank row")
        verbose_name_plural = _("unmatched bank rows")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="unmatched_bank_row_amount_positive"),
            _within_range("amount", "unmatched_bank_row_amount_within_range"),
        ]

    def __str__(self) -> str:
        return f"{date_format(self.paid_on, 'SHORT_DATE_FORMAT')} {self.payer}: {euro(self.amount)}"


class BankUpload(models.Model):
    """The bank file a user previewed at /fees/payments/import/, kept until confirmed: one per
    user, replaced by the next upload, so a confirmation imports the file its preview showed
    (its SHA-256 must match the one the preview page carries) and never another one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    name = models.CharField(_("file name"), max_length=300)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    class Meta:
        verbose_name = _("bank file awaiting confirmation")
        verbose_name_plural = _("bank files awaiting confirmation")

    def __str__(self) -> str:
        return self.name
