"""Local authorities, their population over time, and their membership of the network."""

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocopa.core.dates import Precision, format_partial
from cocopa.core.files import ProtectedFileField
from cocopa.core.folding import unaccented
from cocopa.core.models import Source

PRECISION_CHOICES = [(p.value, p.value) for p in Precision]

istat_code_validator = RegexValidator(r"^\d{6}$", _("An ISTAT municipality code has exactly 6 digits."))
province_code_validator = RegexValidator(r"^\d{3}$", _("A province code has exactly 3 digits."))

NAME_MAX_LENGTH = 200


def folded(text: str) -> str:
    """A name as a search compares it: without accents, case or the apostrophe's shape, so that
    "cirie" finds Ciriè and "sant'ambrogio" finds Sant’Ambrogio di Torino.

    Migration 0004 writes this rule out as it stood: change it here and a new migration refolds
    the stored names (LocalAuthority.name_folded)."""
    return unaccented(text.replace("\u2019", "'").replace("`", "'"))


def folded_name(name: str) -> str:
    """What LocalAuthority.name_folded stores: folded(name), cut to the column's length (folding
    can lengthen a name: "ß" becomes "ss")."""
    return folded(name)[:NAME_MAX_LENGTH]


class LocalAuthority(models.Model):
    """A municipality, province, metropolitan city, region or other public body that can join."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        PROVINCE = "province", _("province / metropolitan city")
        REGION = "region", _("region")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, db_index=True)
    # folded(name), kept by save() and by every bulk write of names (members/README.md, "Searching
    # municipalities by name"): the search filters and orders on it in the database.
    # db_default: rows written by code that does not know the column (an older migration's
    # historical models, governance/tests/test_migration_0005.py) still insert.
    name_folded = models.CharField(
        _("name as searched"), max_length=NAME_MAX_LENGTH, db_index=True, editable=False, db_default=""
    )
    istat_code = models.CharField(
        _("ISTAT code"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        validators=[istat_code_validator],
        help_text=_("6 digits, for municipalities (e.g. 001272 for Torino)."),
    )
    province_code = models.CharField(
        _("province code"), max_length=3, blank=True, validators=[province_code_validator], db_index=True
    )
    statistical_code = models.CharField(
        _("statistical code"),
        max_length=3,
        blank=True,
        help_text=_("ISTAT code of a supra-municipal unit, e.g. 201 for the Città metropolitana di Torino."),
    )
    cadastral_code = models.CharField(_("cadastral code"), max_length=4, blank=True)
    region_name = models.CharField(_("region"), max_length=100, blank=True)
    province_name = models.CharField(_("province"), max_length=100, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    names_in_sources = models.CharField(
        _("other names in sources"), max_length=300, blank=True, help_text=_("Comma-separated.")
    )
    notes = models.TextField(_("notes"), blank=True)
    archived_on = models.DateField(
        _("archived on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Archived rows leave public lists and statistics but stay in the history."),
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("archived by"),
    )

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("local authority")
        verbose_name_plural = _("local authorities")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(istat_code__isnull=True) | Q(istat_code__regex=r"^[0-9]{6}$"),
                name="authority_istat_code_6_digits",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = folded_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:member", args=[self.slug])

    def clean(self) -> None:
        if self.kind == self.Kind.MUNICIPALITY and not self.istat_code:
            raise ValidationError({"istat_code": _("A municipality needs its ISTAT code.")})
        if self.istat_code and self.province_code and not self.istat_code.startswith(self.province_code):
            raise ValidationError({"province_code": _("The ISTAT code starts with the province code.")})

    @property
    def slug(self) -> str:
        """Stable public identifier: the ISTAT code, or the statistical code for supra-municipal bodies."""
        return self.istat_code or f"{self.kind}-{self.statistical_code or self.province_code or self.pk}"


class PopulationFigure(models.Model):
    """One population figure of an authority: value, the date it refers to, and where it comes from."""

    authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name=_("authority"),
    )
    value = models.PositiveIntegerField(_("population"))
    reference_date = models.DateField(
        _("reference date"), null=True, blank=True, help_text=_("Empty when the source gives no date.")
    )
    reference_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    reference_text = models.CharField(_("date as given"), max_length=100, blank=True)
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    preferred = models.BooleanField(
        _("preferred"), default=False, help_text=_("Used first when two figures refer to the same date.")
    )

    class Meta:
        ordering: ClassVar = ["authority", "reference_date", "-preferred", "pk"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        indexes: ClassVar = [models.Index(fields=["authority", "reference_date"])]

    def __str__(self) -> str:
        return f"{self.authority}: {self.value} ({self.reference_label})"

    @property
    def reference_label(self) -> str:
        return format_partial(self.reference_date, self.reference_precision) or self.reference_text


class SizeClass(models.Model):
    """A band of municipalities by population, from its lower bound up to the next class's bound."""

    key = models.SlugField(_("key"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    lower_bound = models.PositiveIntegerField(_("from inhabitants"), unique=True)

    class Meta:
        ordering: ClassVar = ["-lower_bound"]
        verbose_name = _("size class")
        verbose_name_plural = _("size classes")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The classes must still cover every population exactly once after this change.
        from cocopa.members import sizes

        others = [sizes.Band(c.key, c.lower_bound) for c in SizeClass.objects.exclude(pk=self.pk)]
        try:
            sizes.checked([*others, sizes.Band(self.key, self.lower_bound)])
        except ValueError as err:
            raise ValidationError(str(err)) from err


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: dt.date) -> "MembershipQuerySet":
        return self.filter(Q(end_on__isnull=True) | Q(end_on__gte=day), start_on__lte=day)


class Membership(models.Model):
    """One period of an authority in the network. A member that leaves and rejoins has two."""

    class StartBasis(models.TextChoices):
        JOINED = "joined", _("joined on this date")
        ATTESTED = "attested", _("member at least since (joining date unknown)")
        SUCCESSION = "succession", _("succeeded a previous member")

    class EndBasis(models.TextChoices):
        LEFT = "left", _("left on this date")
        LAST_ATTESTED = "last_attested", _("last attested (later status unknown)")
        SUCCEEDED = "succeeded", _("replaced by a successor")

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("authority")
    )
    start_on = models.DateField(_("from"))
    start_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    start_basis = models.CharField(
        _("start basis"), max_length=12, choices=StartBasis.choices, default=StartBasis.JOINED
    )
    start_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("start source"),
    )
    end_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty while still a member."))
    end_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    end_basis = models.CharField(_("end basis"), max_length=14, choices=EndBasis.choices, blank=True)
    end_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("end source"),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["authority", "start_on"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="membership_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True, end_basis="") | Q(end_on__isnull=False) & ~Q(end_basis=""),
                name="membership_end_has_basis",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["start_on", "end_on"])]

    def __str__(self) -> str:
        return f"{self.authority}: {self.start_label} – {self.end_label or '…'}"

    @property
    def start_label(self) -> str:
        return format_partial(self.start_on, self.start_precision)

    @property
    def end_label(self) -> str:
        return format_partial(self.end_on, self.end_precision)

    def clean(self) -> None:
        if self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("A period cannot end before it starts.")})
        if self.end_on and not self.end_basis:
            raise ValidationError({"end_basis": _("Say how the period ended.")})
        if not self.end_on and self.end_basis:
            raise ValidationError({"end_on": _("Give the end date, or clear the end basis.")})
        if self.authority_id is None:
            return
        others = Membership.objects.filter(authority_id=self.authority_id).exclude(pk=self.pk)
        far = dt.date.max
        for other in others:
            if self.start_on <= (other.end_on or far) and other.start_on <= (self.end_on or far):
                raise ValidationError(
                    _("This period overlaps another period of the same authority: %(other)s."),
                    code="overlapping_period",
                    params={"other": other},
                )


class Convention(models.Model):
    """An agreement the members approve by council act: the 1997 convention setting up the UIP,
    the membership convention of 2011-2025 with its notice for withdrawal, and those that follow."""

    class Kind(models.TextChoices):
        UIP = "uip", _("convention setting up the Intermunicipal Peace Office")
        MEMBERSHIP = "membership", _("membership convention")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MEMBERSHIP)
    start_on = models.DateField(_("in force from"))
    start_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    end_on = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty when open-ended or unknown.")
    )
    withdrawal_notice_days = models.PositiveIntegerField(
        _("notice for withdrawal (days)"),
        null=True,
        blank=True,
        help_text=_("Days between the notice to the Ufficio di Presidenza and the withdrawal taking effect."),
    )
    rules = models.TextField(_("other rules"), blank=True)
    document = ProtectedFileField(
        _("document"), upload_to="conventions/", blank=True, view_name="members_documents:convention"
    )
    document_url = models.URLField(_("document address"), max_length=500, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering: ClassVar = ["start_on", "pk"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="convention_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def start_label(self) -> str:
        return format_partial(self.start_on, self.start_precision)

    def in_force_on(self, day: dt.date) -> bool:
        return self.start_on <= day and (self.end_on is None or day <= self.end_on)

    def clean(self) -> None:
        if self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("A convention cannot end before it starts.")})


class AdhesionAct(models.Model):
    """A council act by which an authority joins, renews, approves the convention or withdraws."""

    class Kind(models.TextChoices):
        ADHESION = "adhesion", _("adhesion")
        CONVENTION = "convention", _("approval of the convention")
        RENEWAL = "renewal", _("renewal")
        WITHDRAWAL = "withdrawal", _("withdrawal")

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="acts", verbose_name=_("authority")
    )
    membership = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="acts",
        verbose_name=_("membership period"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    body = models.CharField(_("body"), max_length=200, blank=True, help_text=_("e.g. city council"))
    number = models.CharField(_("number"), max_length=100, blank=True)
    adopted_on = models.DateField(_("date"), null=True, blank=True)
    adopted_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    convention = models.ForeignKey(
        Convention,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acts",
        verbose_name=_("convention"),
        help_text=_("The convention the act approves, renews or withdraws from."),
    )
    notified_on = models.DateField(
        _("notified on"),
        null=True,
        blank=True,
        help_text=_("Withdrawals: the day the notice reached the Ufficio di Presidenza."),
    )
    effective_on = models.DateField(
        _("takes effect on"),
        null=True,
        blank=True,
        help_text=_("Withdrawals: the day the member leaves; the membership period ends then."),
    )
    notice_forced = models.BooleanField(
        _("accepted inside the notice period"),
        default=False,
        editable=False,
        help_text=_("The office recorded this withdrawal although the notice was shorter than the rule."),
    )
    document = ProtectedFileField(
        _("document"), upload_to="acts/", blank=True, view_name="members_documents:act"
    )
    document_url = models.URLField(_("document address"), max_length=500, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    notes = models.TextField(_("notes"), blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("archived by"),
    )

    class Meta:
        ordering: ClassVar = ["authority", "adopted_on"]
        verbose_name = _("adhesion act")
        verbose_name_plural = _("adhesion acts")

    def __str__(self) -> str:
        return f"{self.authority}: {self.get_kind_display()} {self.number} {self.adopted_label}".strip()

    @property
    def adopted_label(self) -> str:
        return format_partial(self.adopted_on, self.adopted_precision)

    @property
    def starts_on(self) -> dt.date | None:
        """The day an adhesion or renewal counts from: in force, else adopted."""
        return self.in_force_on or self.adopted_on

    def clean(self) -> None:
        if self.kind == self.Kind.WITHDRAWAL:
            if self.notified_on and self.effective_on and self.effective_on < self.notified_on:
                raise ValidationError(
                    {"effective_on": _("A withdrawal cannot take effect before its notice.")}
                )
        elif self.effective_on or self.notified_on:
            raise ValidationError(_("Only a withdrawal has a notice date and a date it takes effect."))


class MembershipEvidence(models.Model):
    """A sourced statement that an authority took part in the network at some time."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("authority")
    )
    on = models.DateField(_("date"), null=True, blank=True)
    on_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    date_text = models.CharField(_("date as given"), max_length=100, blank=True)
    what = models.TextField(_("what"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)

    class Meta:
        ordering: ClassVar = ["authority", models.F("on").asc(nulls_last=True), "pk"]
        verbose_name = _("membership evidence")
        verbose_name_plural = _("membership evidence")

    def __str__(self) -> str:
        return f"{self.authority}: {self.date_label}"

    @property
    def date_label(self) -> str:
        return self.date_text or format_partial(self.on, self.on_precision)


class ReportedCount(models.Model):
    """How many members a source said the network had: shown beside what the registry computes."""

    on = models.DateField(_("date"), null=True, blank=True)
    on_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    date_text = models.CharField(_("date as given"), max_length=100, blank=True)
    municipalities = models.PositiveIntegerField(_("municipalities"), null=True, blank=True)
    text = models.TextField(_("what the source says"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    conflicts_with = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("conflicts with"),
    )

    class Meta:
        ordering: ClassVar = [models.F("on").asc(nulls_last=True), "pk"]
        verbose_name = _("member count reported by a source")
        verbose_name_plural = _("member counts reported by sources")

    def __str__(self) -> str:
        return f"{self.date_label}: {self.text}"

    @property
    def date_label(self) -> str:
        return self.date_text or format_partial(self.on, self.on_precision)
