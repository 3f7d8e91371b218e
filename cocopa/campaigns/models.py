"""Campaigns of the network's field of action (a national day, a petition, an appeal, a motion
that councils adopt) and their adoptions: which member — or the network itself — took a campaign
up, when, and by which act.

Dates are partial where the sources are (docs/decisions/0001): a real date plus its precision.
"""

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocopa.cooperation.models import Initiative
from cocopa.core.dates import Precision, written_partial
from cocopa.core.models import Source
from cocopa.library.models import PRECISION_CHOICES, Document
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction, NetworkProfile


class Campaign(models.Model):
    """A named campaign members are asked to take up: a national day, a petition, an appeal, a
    motion for councils to adopt. Its name, description and note are in Italian and English."""

    class Kind(models.TextChoices):
        NATIONAL_DAY = "national_day", _("national day")
        PETITION = "petition", _("petition")
        APPEAL = "appeal", _("appeal")
        MOTION = "motion", _("motion for councils to adopt")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    promoter = models.CharField(
        _("promoter"),
        max_length=300,
        blank=True,
        help_text=_("Who promotes it, e.g. the national coordination of local authorities for peace."),
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("precision of the start"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    end_on = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("precision of the end"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("field of action"),
    )
    initiatives: "models.ManyToManyField[Initiative, Any]" = models.ManyToManyField(
        Initiative, blank=True, related_name="campaigns", verbose_name=_("initiatives")
    )
    documents: "models.ManyToManyField[Document, Any]" = models.ManyToManyField(
        Document, blank=True, related_name="campaigns", verbose_name=_("documents")
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Why it is uncertain, or what the sources leave open.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering: ClassVar = [models.F("start_on").desc(nulls_last=True), "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.slug])

    @property
    def start_label(self) -> str:
        return written_partial(self.start_on, self.start_precision)

    @property
    def end_label(self) -> str:
        return written_partial(self.end_on, self.end_precision)


class Adoption(models.Model):
    """A member's adoption of a campaign — or the network's own part in it —, with the date and
    the act (the body that adopted it, its number and date, the document). A member adopts a
    campaign once; so does the network."""

    class ActBody(models.TextChoices):
        COUNCIL = "council", _("council")
        EXECUTIVE = "executive", _("executive (giunta)")
        OTHER = "other", _("other body")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("campaign")
    )
    member = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_adoptions",
        verbose_name=_("member"),
    )
    # The network itself (its one profile) takes part, rather than a member. Its part goes with the
    # profile: an installation emptied of its network keeps no adoption by nobody.
    network = models.ForeignKey(
        NetworkProfile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="campaign_adoptions",
        verbose_name=_("the network itself"),
    )
    adopted_on = models.DateField(_("date of adoption"), null=True, blank=True)
    adopted_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    act_body = models.CharField(_("body of the act"), max_length=10, choices=ActBody.choices, blank=True)
    act_number = models.CharField(_("number of the act"), max_length=100, blank=True)
    act_on = models.DateField(_("date of the act"), null=True, blank=True)
    act_document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_adoptions",
        verbose_name=_("document of the act"),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["campaign", models.F("adopted_on").asc(nulls_last=True), "pk"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(network__isnull=True))
                | (Q(member__isnull=True) & Q(network__isnull=False)),
                name="campaigns_adoption_member_or_network",
            ),
            models.UniqueConstraint(fields=["campaign", "member"], name="campaigns_one_adoption_per_member"),
            models.UniqueConstraint(fields=["campaign", "network"], name="campaigns_one_part_of_the_network"),
        ]

    def __str__(self) -> str:
        return f"{self.adopter_name}: {self.campaign}"

    @property
    def adopter_name(self) -> str:
        if self.member is not None:
            return self.member.name
        return str(self.network) if self.network is not None else ""

    @property
    def adopted_label(self) -> str:
        return written_partial(self.adopted_on, self.adopted_precision)
