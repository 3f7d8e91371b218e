"""Everything the network does abroad and at home: projects, aid, missions, campaigns, as IATI sees them.

Codes (activity status, organisation role, transaction type …) are IATI 2.03 codelist codes,
kept as plain strings and checked against the codelists the package ships (codelists.py).
"""

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cocopa.core.dates import Precision, format_partial
from cocopa.core.models import Source
from cocopa.members.models import PRECISION_CHOICES, LocalAuthority
from cocopa.network.models import FieldOfAction, FieldOfIntervention

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def period_label(dates: dict[str, Any]) -> str:
    """An initiative's period at the precision its sources give (2003–2004-06), from its date
    fields by name (PERIOD_FIELDS), e.g. a `values()` row."""
    start = format_partial(dates["actual_start"], dates["actual_start_precision"]) or format_partial(
        dates["planned_start"], dates["planned_start_precision"]
    )
    end = format_partial(dates["actual_end"], dates["actual_end_precision"]) or format_partial(
        dates["planned_end"], dates["planned_end_precision"]
    )
    if start and end and start != end:
        return f"{start}–{end}"
    return start or end


# What period_label reads.
PERIOD_FIELDS = (
    "actual_start",
    "actual_start_precision",
    "planned_start",
    "planned_start_precision",
    "actual_end",
    "actual_end_precision",
    "planned_end",
    "planned_end_precision",
)


class InitiativeKind(models.Model):
    """What sort of thing an initiative is: cooperation project, election observation … (staff add kinds)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("kind of initiative")
        verbose_name_plural = _("kinds of initiative")

    def __str__(self) -> str:
        return self.name


class SectorMapping(models.Model):
    """An OECD-DAC 5-digit sector code for a field of intervention (or of action), with why it was chosen."""

    field_of_intervention = models.ForeignKey(
        FieldOfIntervention,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sectors",
        verbose_name=_("field of intervention"),
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sectors",
        verbose_name=_("field of action"),
    )
    code = models.CharField(_("DAC sector code"), max_length=5)
    exact = models.BooleanField(_("exact match"), default=True)
    rationale = models.TextField(_("why this code"), blank=True)

    class Meta:
        ordering: ClassVar = ["pk"]
        verbose_name = _("DAC sector of a field")
        verbose_name_plural = _("DAC sectors of fields")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{5}$"), name="sector_code_5_digits"),
            models.CheckConstraint(
                condition=Q(field_of_intervention__isnull=True, field_of_action__isnull=False)
                | Q(field_of_intervention__isnull=False, field_of_action__isnull=True),
                name="sector_mapping_of_one_field",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field_of_intervention or self.field_of_action} → {self.code}"


class Organisation(models.Model):
    """A partner, funder or implementer: a member authority, a municipality abroad, an NGO, a ministry."""

    name = models.CharField(_("name"), max_length=300)
    ref = models.CharField(_("IATI organisation identifier"), max_length=100, blank=True, db_index=True)
    type = models.CharField(_("IATI organisation type"), max_length=3, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    name_lang = models.CharField(
        _("language of the name"), max_length=10, blank=True, help_text=_("Empty when not known.")
    )
    names = models.JSONField(
        _("names in other languages"), default=list, blank=True, help_text=_("[language, name] pairs.")
    )
    authority = models.OneToOneField(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisation",
        verbose_name=_("local authority"),
    )

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Publisher(models.Model):
    """Another IATI reporting organisation whose activities the registry holds ("theirs").

    The network's own initiatives have no publisher: their reporting organisation is the one in
    the settings (iati.reporting_org_from_settings). A publisher's activities are read-only here,
    never in the network's activity file or figures, and on the public site only when the peace
    office chooses to show them (README, "Whose activity it is").
    """

    ref = models.CharField(_("IATI organisation identifier"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    type = models.CharField(_("IATI organisation type"), max_length=3, blank=True)
    narratives = models.JSONField(
        _("names as published"),
        default=list,
        blank=True,
        help_text=_(
            "The reporting organisation's names in every language, as its file gives them: "
            "[language, name] pairs in the file's order (an empty language when it named none)."
        ),
    )
    shown_publicly = models.BooleanField(
        _("show their activities on the public site"),
        default=False,
        help_text=_(
            "Software default: not shown. When shown, each activity has its own page marked "
            "“published by” this organisation; it never counts in the network's figures."
        ),
    )

    class Meta:
        ordering: ClassVar = ["ref"]
        verbose_name = _("other IATI publisher")
        verbose_name_plural = _("other IATI publishers")

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})" if self.name else self.ref


class InitiativeManager(models.Manager["Initiative"]):
    def own(self) -> "models.QuerySet[Initiative]":
        """The network's own initiatives: what its pages, figures and activity file are made of."""
        return self.get_queryset().filter(publisher__isnull=True)

    def held(self) -> "models.QuerySet[Initiative]":
        """Other publishers' activities the registry holds."""
        return self.get_queryset().filter(publisher__isnull=False)

    def public(self) -> "models.QuerySet[Initiative]":
        """What may have a public page: the network's own, and the activities of the publishers
        the peace office chose to show (never counted with the network's own)."""
        return self.get_queryset().filter(Q(publisher__isnull=True) | Q(publisher__shown_publicly=True))


class Initiative(models.Model):
    """One thing the network does: a project, an aid action, a mission, a campaign, a programme.

    Or, with a `publisher`, another publisher's activity held as it came (read-only)."""

    identifier = models.SlugField(
        _("identifier"),
        max_length=100,
        unique=True,
        help_text=_("Stable; the IATI activity identifier is the reporting organisation's followed by it."),
    )
    # Whose activity this is: empty for the network's own (its reporting organisation is the
    # settings'); another publisher's activity keeps theirs, and its identifier as published.
    publisher = models.ForeignKey(
        Publisher,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("published by"),
        help_text=_("Empty for the network's own initiatives. Another publisher's activity is read-only."),
    )
    iati_identifier = models.CharField(
        _("IATI activity identifier as published"),
        max_length=255,
        blank=True,
        help_text=_(
            "As the reporting organisation publishes it, case kept. Empty for the network's own "
            "initiatives whose identifier is the reporting organisation's followed by the one above."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.ForeignKey(
        InitiativeKind, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("kind")
    )
    status = models.CharField(
        _("IATI activity status"), max_length=1, blank=True, help_text=_("Empty when no source says.")
    )
    fields_of_action = models.ManyToManyField(FieldOfAction, blank=True, verbose_name=_("fields of action"))
    fields_of_intervention: "models.ManyToManyField[FieldOfIntervention, Any]" = models.ManyToManyField(
        FieldOfIntervention, blank=True, verbose_name=_("fields of intervention")
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_start_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_start_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    planned_end_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    actual_end_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    related: "models.ManyToManyField[Initiative, Any]" = models.ManyToManyField(
        "self", blank=True, verbose_name=_("related initiatives")
    )
    sources: "models.ManyToManyField[Source, Any]" = models.ManyToManyField(
        Source, blank=True, related_name="+", verbose_name=_("sources")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # Set by the IATI import (iati_validate): what an activity imported with --allow-warnings
    # breaks of the Standard's rules, so the office knows why it stays out of the export.
    import_findings = models.TextField(
        _("findings of the IATI import"),
        blank=True,
        help_text=_(
            "Written by the IATI import when the file was imported although this initiative breaks "
            "rules of the IATI Standard: it stays out of the IATI export until they are fixed. "
            "Empty when the last import found nothing."
        ),
    )
    default_currency = models.CharField(
        _("default currency"),
        max_length=3,
        blank=True,
        help_text=_("ISO 4217 code of the amounts that name none; empty: EUR (software default)."),
    )
    # What IATI activities carry beyond the registry's own fields, as the publisher gives it
    # (codes of the IATI codelists; empty when not given). The demo sets none: no source says.
    humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)
    hierarchy = models.PositiveSmallIntegerField(_("IATI hierarchy level"), null=True, blank=True)
    scope = models.CharField(_("IATI activity scope"), max_length=2, blank=True)
    collaboration_type = models.CharField(_("IATI collaboration type"), max_length=2, blank=True)
    default_flow_type = models.CharField(_("IATI default flow type"), max_length=3, blank=True)
    default_finance_type = models.CharField(_("IATI default finance type"), max_length=4, blank=True)
    default_tied_status = models.CharField(_("IATI default tied status"), max_length=2, blank=True)
    default_aid_types = models.JSONField(
        _("IATI default aid types"), default=list, blank=True, help_text=_("[vocabulary, code] pairs.")
    )
    humanitarian_scopes = models.JSONField(
        _("IATI humanitarian scopes"),
        default=list,
        blank=True,
        help_text=_("[type, vocabulary, code, vocabulary address] of each emergency or appeal."),
    )
    policy_markers = models.JSONField(
        _("IATI policy markers"),
        default=list,
        blank=True,
        help_text=_("[vocabulary, code, significance, vocabulary address] of each marker."),
    )
    tags = models.JSONField(
        _("IATI tags"),
        default=list,
        blank=True,
        help_text=_("[vocabulary, code, vocabulary address] of each tag (e.g. SDG targets, vocabulary 3)."),
    )
    narratives = models.JSONField(
        _("texts in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "As published: per text, [language, text] pairs beyond the Italian and English fields "
            "(an empty language when the publisher named none)."
        ),
    )
    # The first date known, actual before planned: what timelines and lists sort by.
    start_on_index = models.DateField(editable=False, null=True, db_index=True)

    objects: ClassVar[InitiativeManager] = InitiativeManager()

    class Meta:
        ordering: ClassVar = ["start_on_index", "identifier"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints: ClassVar = [
            # An activity is its reporting organisation and its full identifier (issue 15).
            models.UniqueConstraint(
                fields=["publisher", "iati_identifier"],
                condition=Q(publisher__isnull=False),
                name="one_held_activity_per_identifier",
            ),
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=Q(publisher__isnull=True) & ~Q(iati_identifier=""),
                name="one_own_activity_per_identifier",
            ),
            models.CheckConstraint(
                condition=Q(publisher__isnull=True) | ~Q(iati_identifier=""),
                name="held_activity_has_its_identifier",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.start_on_index = self.start_on
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("public:initiative", args=[self.identifier])

    @property
    def start_on(self) -> dt.date | None:
        return self.actual_start or self.planned_start

    @property
    def is_held(self) -> bool:
        """Another publisher's activity, held as it came: read-only."""
        return self.publisher_id is not None

    @property
    def end_on(self) -> dt.date | None:
        return self.actual_end or self.planned_end

    @property
    def period_label(self) -> str:
        return period_label({name: getattr(self, name) for name in PERIOD_FIELDS})

    @property
    def currency(self) -> str:
        """The currency of amounts that name none: the stored one, else EUR (the software default)."""
        return self.default_currency or "EUR"

    def clean(self) -> None:
        for a, b in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            start, end = getattr(self, a), getattr(self, b)
            if start and end and end < start:
                raise ValidationError({b: _("The end cannot come before the start.")})


class DateClaim(models.Model):
    """A date a source gives for an initiative, kept when sources disagree (the seed says 2006–2011 …)."""

    class Which(models.TextChoices):
        START = "start", _("start")
        END = "end", _("end")
        PERIOD = "period", _("period")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="date_claims")
    which = models.CharField(_("which date"), max_length=6, choices=Which.choices)
    text = models.CharField(_("as the source gives it"), max_length=100)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )
    used = models.BooleanField(_("used for the initiative's dates"), default=False)

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("date given by a source")
        verbose_name_plural = _("dates given by sources")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.text}"


class RecipientCountry(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2; IT for actions at home")
    )
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("recipient country")
        verbose_name_plural = _("recipient countries")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["initiative", "code"], name="one_row_per_country"),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="country_percentage_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class RecipientRegion(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="regions")
    code = models.CharField(_("region code"), max_length=10)
    vocabulary = models.CharField(_("vocabulary"), max_length=3, default="1", help_text=_("1 = OECD DAC"))
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("recipient region")
        verbose_name_plural = _("recipient regions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="region_percentage_0_to_100",
            )
        ]

    def __str__(self) -> str:
        return self.code


class Sector(models.Model):
    """A sector of an initiative as its publisher gives it: a code of a vocabulary, with its share.

    Kept as codes, independent of the fields of intervention (a friendly grouping mapped to DAC
    codes by SectorMapping). When an initiative has sectors of its own, the export writes them;
    when it has none, it writes the codes of its fields (the software default, labelled as such
    in the office).
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sectors")
    vocabulary = models.CharField(
        _("vocabulary"),
        max_length=3,
        default="1",
        help_text=_("IATI sector vocabulary: 1 = OECD DAC 5-digit"),
    )
    vocabulary_uri = models.URLField(_("vocabulary address"), max_length=500, blank=True)
    code = models.CharField(_("code"), max_length=100)
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("What the code means, for a publisher's own vocabulary"),
    )
    name_lang = models.CharField(
        _("language of the name"), max_length=10, blank=True, help_text=_("Empty when not known.")
    )

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="sector_percentage_0_to_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}: {self.code}"


class Place(models.Model):
    """Where an initiative happens, as exactly as known."""

    class Exactness(models.TextChoices):
        EXACT = "1", _("exact")
        APPROXIMATE = "2", _("approximate")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("name"), max_length=300)
    name_lang = models.CharField(
        _("language of the name"), max_length=10, blank=True, help_text=_("Empty when not known.")
    )
    names = models.JSONField(
        _("names in other languages"), default=list, blank=True, help_text=_("[language, name] pairs.")
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Empty only for another publisher's location given without exactness (absent stays absent);
    # the office's form always asks for one (admin.PlaceForm), approximate by default.
    exactness = models.CharField(
        _("exactness"),
        max_length=1,
        choices=Exactness.choices,
        default=Exactness.APPROXIMATE,
        blank=True,
        help_text=_("Empty when the publisher of the location did not say."),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source of the coordinates")
    )
    # IATI location details, as a file gives them (empty when not given; the demo sets none).
    ref = models.CharField(_("publisher's reference"), max_length=200, blank=True)
    reach = models.CharField(_("IATI location reach"), max_length=1, blank=True)
    location_class = models.CharField(_("IATI location class"), max_length=1, blank=True)
    feature_designation = models.CharField(_("IATI feature designation"), max_length=10, blank=True)
    location_ids = models.JSONField(
        _("gazetteer identifiers"), default=list, blank=True, help_text=_("[vocabulary, code] pairs.")
    )
    administrative = models.JSONField(
        _("administrative areas"),
        default=list,
        blank=True,
        help_text=_("[vocabulary, level, code] of each area."),
    )
    narratives = models.JSONField(
        _("descriptions"),
        default=dict,
        blank=True,
        help_text=_("[language, text] pairs of the place's description and of what happens there."),
    )

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.name


_AS_PUBLISHED_HELP = _(
    "Another publisher's activity only: what this mention of the organisation said where it "
    "differs from the organisation's record (its names as [language, name] pairs, its type); "
    "empty when the same. Written back as given."
)


def _as_published(verbose_name: "StrOrPromise") -> "models.JSONField[Any]":
    return models.JSONField(verbose_name, default=dict, blank=True, help_text=_AS_PUBLISHED_HELP)


class Participation(models.Model):
    """An organisation's part in an initiative, by IATI role, with its share for member authorities."""

    class Role(models.TextChoices):
        FUNDING = "1", _("funding")
        ACCOUNTABLE = "2", _("accountable")
        EXTENDING = "3", _("extending")
        IMPLEMENTING = "4", _("implementing")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=1, choices=Role.choices)
    share = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    lead = models.BooleanField(_("lead"), default=False)
    as_published = _as_published(_("the organisation as this activity names it"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )

    class Meta:
        ordering: ClassVar = ["initiative", "role", "pk"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["initiative", "organisation", "role"], name="one_role_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(share__gte=0, share__lte=100),
                name="participation_share_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Budget(models.Model):
    """Money planned for one period of at most a year (IATI budget)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="budgets")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        help_text=_("ISO 4217; empty: the initiative's default currency."),
    )
    type = models.CharField(_("type"), max_length=1, default="1", help_text=_("1 original, 2 revised"))
    status = models.CharField(
        _("status"), max_length=1, default="1", help_text=_("1 indicative, 2 committed")
    )
    value_date = models.DateField(_("value date"), null=True, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )

    class Meta:
        ordering: ClassVar = ["initiative", "period_start"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}: {self.value}"

    @property
    def value_currency(self) -> str:
        """The currency of the amount: its own, else the initiative's default."""
        return self.currency or self.initiative.currency


class Transaction(models.Model):
    """Money that moved: incoming funds from a member, a commitment, a disbursement, an expenditure."""

    class Type(models.TextChoices):
        INCOMING_FUNDS = "1", _("incoming funds")
        COMMITMENT = "2", _("outgoing commitment")
        DISBURSEMENT = "3", _("disbursement")
        EXPENDITURE = "4", _("expenditure")
        INCOMING_COMMITMENT = "11", _("incoming commitment")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transactions")
    type = models.CharField(_("type"), max_length=2, choices=Type.choices)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        help_text=_("ISO 4217; empty: the initiative's default currency."),
    )
    value_date = models.DateField(_("value date"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    narratives = models.JSONField(
        _("texts in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "As published: per text, [language, text] pairs beyond the Italian and English fields "
            "(an empty language when the publisher named none)."
        ),
    )
    provider = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from"),
    )
    receiver = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    provider_as_published = _as_published(_("the provider as this activity names it"))
    receiver_as_published = _as_published(_("the receiver as this activity names it"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )

    class Meta:
        ordering: ClassVar = ["initiative", "date", "pk"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date}: {self.value}"

    @property
    def value_currency(self) -> str:
        """The currency of the amount: its own, else the initiative's default."""
        return self.currency or self.initiative.currency


class RelatedActivity(models.Model):
    """A related activity as an IATI file gives it: any publisher's identifier, with its type.

    The registry's own "related initiatives" (a symmetric link, exported as siblings) stay the
    friendly grouping; when an initiative has rows here, the export writes these instead.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="related_activities")
    ref = models.CharField(_("IATI activity identifier"), max_length=200)
    type = models.CharField(
        _("type"), max_length=1, help_text=_("1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party")
    )

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("related activity")
        verbose_name_plural = _("related activities")

    def __str__(self) -> str:
        return f"{self.ref} ({self.type})"


class PlannedDisbursement(models.Model):
    """Money a funder plans to pay over a period (IATI planned-disbursement), as a file gives it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="planned_disbursements")
    type = models.CharField(_("type"), max_length=1, blank=True, help_text=_("1 original, 2 revised"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"), null=True, blank=True)
    value = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        help_text=_("ISO 4217; empty: the initiative's default currency."),
    )
    value_date = models.DateField(_("value date"), null=True, blank=True)
    provider = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from"),
    )
    receiver = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    provider_as_published = _as_published(_("the provider as this activity names it"))
    receiver_as_published = _as_published(_("the receiver as this activity names it"))

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("planned disbursement")
        verbose_name_plural = _("planned disbursements")

    def __str__(self) -> str:
        return f"{self.period_start}: {self.value}"


class Result(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="results")
    type = models.CharField(
        _("type"), max_length=1, default="1", help_text=_("1 output, 2 outcome, 3 impact, 9 other")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    narratives = models.JSONField(
        _("texts in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "As published: per text, [language, text] pairs beyond the Italian and English fields "
            "(an empty language when the publisher named none)."
        ),
    )

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("title"), max_length=300)
    measure = models.CharField(
        _("measure"), max_length=1, default="1", help_text=_("1 unit, 2 percentage, 5 qualitative …")
    )
    ascending = models.BooleanField(_("higher is better"), default=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baselines = models.JSONField(
        _("baselines as given"),
        default=list,
        blank=True,
        help_text=_(
            "As an IATI file gives them, when the fields above cannot say it all: value, year, date, "
            "dimensions (name, value) and comment of each."
        ),
    )
    narratives = models.JSONField(
        _("texts in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "As published: per text, [language, text] pairs beyond the Italian and English fields "
            "(an empty language when the publisher named none)."
        ),
    )

    class Meta:
        ordering: ClassVar = ["result", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.title


class IndicatorPeriod(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, null=True, blank=True)
    targets = models.JSONField(
        _("targets as given"),
        default=list,
        blank=True,
        help_text=_(
            "As an IATI file gives them, when the fields above cannot say it all: value, year, date, "
            "dimensions (name, value) and comment of each."
        ),
    )
    actuals = models.JSONField(_("actuals as given"), default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["indicator", "period_start"]
        verbose_name = _("indicator period")
        verbose_name_plural = _("indicator periods")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"


class Document(models.Model):
    """A document or link about an initiative: a project sheet, a press release, a report."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="documents")
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=300)
    format = models.CharField(_("format"), max_length=100, default="text/html")
    category = models.CharField(_("IATI document category"), max_length=3, default="A12")
    language = models.CharField(_("language"), max_length=2, blank=True)
    published_on = models.DateField(_("date"), null=True, blank=True)
    narratives = models.JSONField(
        _("texts in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "As published: per text, [language, text] pairs beyond the Italian and English fields "
            "(an empty language when the publisher named none)."
        ),
    )

    class Meta:
        ordering: ClassVar = ["initiative", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class PortfolioClaim(models.Model):
    """What a source says of the work in one country ("Burkina Faso (4)"), shown beside the registry's count."""

    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    initiatives = models.PositiveSmallIntegerField(_("initiatives"), null=True, blank=True)
    period = models.CharField(_("period as given"), max_length=50, blank=True)
    text = models.CharField(_("what the source says"), max_length=300)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, verbose_name=_("source"))

    class Meta:
        ordering: ClassVar = ["country", "pk"]
        verbose_name = _("portfolio reported by a source")
        verbose_name_plural = _("portfolio reported by sources")

    def __str__(self) -> str:
        return f"{self.country}: {self.text}"
