"""The network itself: its profile, founding, contacts and the taxonomies of its work."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cocopa.core.dates import Precision, format_partial
from cocopa.core.models import Source
from cocopa.members.models import PRECISION_CHOICES, LocalAuthority


def country_code(value: str) -> str:
    """The ISO 3166-1 alpha-2 code written in `value`, upper-cased; ValidationError when unknown."""
    code = value.strip().upper()
    if code not in countries:
        raise ValidationError(
            _("“%(code)s” is not an ISO 3166-1 alpha-2 country code."), params={"code": code[:10]}
        )
    return code


class NetworkProfile(models.Model):
    """The one network this installation runs: who it is, what it says of itself, how to reach it."""

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=50)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    founded_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.YEAR.value
    )
    description = models.TextField(_("what it is"), blank=True)
    motto_quote = models.TextField(_("motto"), blank=True)
    motto_author = models.CharField(_("motto author"), max_length=200, blank=True)
    motto_occasion = models.CharField(_("motto occasion"), max_length=300, blank=True)
    motto_on = models.DateField(_("motto date"), null=True, blank=True)
    motto_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("motto source"),
    )
    territory_name = models.CharField(_("territory"), max_length=200, blank=True)
    territory = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("territory authority"),
        help_text=_("The province or metropolitan city whose population the members' share is taken of."),
    )
    capital = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("capital city"),
        help_text=_("Shown apart from the size classes."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phones = models.CharField(_("phones"), max_length=200, blank=True, help_text=_("Comma-separated."))
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contacts source"),
    )
    contact_note = models.TextField(_("note on contacts"), blank=True)
    factsheet_country = models.CharField(
        _("factsheet timeline country"),
        max_length=2,
        blank=True,
        default="PS",
        help_text=_(
            "ISO 3166-1 alpha-2 code of the country whose timeline the factsheet shows; "
            "the presentation shows Palestine (PS)."
        ),
    )
    member_report_shows_fees = models.BooleanField(
        _("membership reports show the fee publicly"),
        default=False,
        help_text=_(
            "When set, anyone reading a member's yearly report (“what membership gave us”) sees the "
            "fee assessed and paid that year; otherwise only the member's representatives and the "
            "offices do. Decided by the offices on the report page (audited)."
        ),
    )

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profile")

    def __str__(self) -> str:
        return self.acronym or self.name

    @property
    def founded_label(self) -> str:
        return format_partial(self.founded_on, self.founded_precision)

    def clean(self) -> None:
        if self.factsheet_country:
            try:
                self.factsheet_country = country_code(self.factsheet_country)
            except ValidationError as err:
                raise ValidationError({"factsheet_country": err.messages}) from err

    @property
    def phone_list(self) -> list[str]:
        return [p.strip() for p in self.phones.split(",") if p.strip()]


class FoundingClaim(models.Model):
    """What one source says about when the network was founded; sources disagree, so all are kept."""

    on = models.DateField(_("date"))
    on_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.YEAR.value
    )
    fact = models.CharField(_("fact"), max_length=300)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"))
    uncertain = models.BooleanField(_("uncertain"), default=False)
    preferred = models.BooleanField(
        _("preferred"),
        default=False,
        help_text=_("The date pages and the factsheet give first; the other claims are footnoted."),
    )

    class Meta:
        ordering: ClassVar = ["on", "pk"]
        verbose_name = _("founding claim")
        verbose_name_plural = _("founding claims")

    def __str__(self) -> str:
        return f"{self.date_label}: {self.fact}"

    @property
    def date_label(self) -> str:
        return format_partial(self.on, self.on_precision)


class Website(models.Model):
    """A web site of the network, current or past."""

    url = models.URLField(_("address"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    current = models.BooleanField(_("current"), default=False)
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("sources"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("website")
        verbose_name_plural = _("websites")

    def __str__(self) -> str:
        return self.url


class FieldOfAction(models.Model):
    """One of the network's fields of action (peace education, decentralised cooperation, …)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")

    def __str__(self) -> str:
        return self.name


class FieldOfIntervention(models.Model):
    """A field the network's projects work in (water, civil register, …); may group narrower ones."""

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("within"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source")
    )

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("field of intervention")
        verbose_name_plural = _("fields of intervention")

    def __str__(self) -> str:
        return self.name
