"""Every write to the campaigns: creating, changing and deleting a campaign, recording and
removing an adoption.

Each service checks the actor's right (None is the system: the demo loader), runs in one
transaction and records an audit event; the models' history keeps every version. Dates are typed
as the sources give them — `2014`, `2014-06` or `2014-06-23` — and stored as a date plus its
precision (docs/decisions/0001): a start stands for its first day, an end for its last.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocopa.campaigns.models import Adoption, Campaign
from cocopa.cooperation.models import Initiative
from cocopa.core import audit
from cocopa.core.dates import Precision, format_partial, parse_partial, written_partial
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import Source
from cocopa.core.roles import Actor
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority
from cocopa.network.models import FieldOfAction, NetworkProfile

TEXT_FIELDS = ("name_it", "name_en", "description_it", "description_en", "note_it", "note_en")


@dataclass
class CampaignInput:
    """What the office writes of a campaign; dates as text (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or empty)."""

    name_it: str
    name_en: str = ""
    description_it: str = ""
    description_en: str = ""
    note_it: str = ""
    note_en: str = ""
    kind: str = Campaign.Kind.OTHER
    promoter: str = ""
    start: str = ""
    end: str = ""
    slug: str = ""
    field_of_action: FieldOfAction | None = None
    initiatives: Iterable[Initiative] = field(default_factory=list)
    documents: Iterable[Document] = field(default_factory=list)
    source: Source | None = None
    uncertain: bool = False


@dataclass
class AdoptionInput:
    """Who adopted a campaign (a member, or the network itself), when, and by which act."""

    member: LocalAuthority | None = None
    by_network: bool = False
    adopted: str = ""
    act_body: str = ""
    act_number: str = ""
    act_on: dt.date | None = None
    act_document: Document | None = None
    source: Source | None = None
    uncertain: bool = False
    note_it: str = ""
    note_en: str = ""


def _require(actor: Actor, perm: str) -> None:
    # None is the system (the demo loader, a command): nobody to ask.
    if actor is not None and not actor.has_perm(perm):
        raise Forbidden("forbidden", _("Only the peace office manages the campaigns."))


def partial_date(text: str, code: str, *, end: bool = False) -> tuple[dt.date | None, str]:
    """A date as typed (`2014`, `2014-06`, `2014-06-23`, or empty) and its precision; a refusal
    naming the field (`code`) when it is none of these."""
    if not text.strip():
        return None, Precision.DAY.value
    try:
        day, precision = parse_partial(text, end=end)
    except ValueError:
        raise DomainError(
            code, _("Write the date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014, 2014-06, 2014-06-23).")
        ) from None
    return day, precision.value


def _free_slug(wanted: str, campaign: Campaign) -> str:
    base = slugify(wanted)[:100] or "campaign"
    slug, n = base, 1
    while Campaign.objects.exclude(pk=campaign.pk).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _write(campaign: Campaign, data: CampaignInput) -> None:
    if not data.name_it.strip():
        raise DomainError("name_it", _("A campaign needs an Italian name."))
    if data.kind not in Campaign.Kind.values:
        raise DomainError("kind", _("Choose the kind of campaign from the list."))
    start_on, start_precision = partial_date(data.start, "start")
    end_on, end_precision = partial_date(data.end, "end", end=True)
    if start_on and end_on and end_on < start_on:
        raise DomainError("end", _("The campaign cannot end before it starts."))
    for name in TEXT_FIELDS:
        setattr(campaign, name, getattr(data, name).strip())
    campaign.kind = data.kind
    campaign.promoter = data.promoter.strip()
    campaign.start_on, campaign.start_precision = start_on, start_precision
    campaign.end_on, campaign.end_precision = end_on, end_precision
    campaign.field_of_action = data.field_of_action
    campaign.source = data.source
    campaign.uncertain = data.uncertain
    if data.slug.strip():
        wanted = slugify(data.slug)
        if not wanted:
            raise DomainError("slug", _("The address may hold only letters, digits and hyphens."))
        if Campaign.objects.exclude(pk=campaign.pk).filter(slug=wanted).exists():
            raise Conflict(
                "slug", _("Another campaign already has the address “%(slug)s”.") % {"slug": wanted}
            )
        campaign.slug = wanted
    elif not campaign.slug:
        campaign.slug = _free_slug(data.name_it, campaign)
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError as err:  # two offices choosing one address at the same moment
        raise Conflict("slug", _("Another campaign already has this address.")) from err
    campaign.initiatives.set(list(data.initiatives))
    campaign.documents.set(list(data.documents))


def _summary(campaign: Campaign) -> dict[str, object]:
    return {
        "slug": campaign.slug,
        "name": campaign.name_it,  # type: ignore[attr-defined]
        "kind": campaign.kind,
        "start": format_partial(campaign.start_on, campaign.start_precision),
        "end": format_partial(campaign.end_on, campaign.end_precision),
    }


def create_campaign(data: CampaignInput, *, actor: Actor) -> Campaign:
    """Write a new campaign; the public sees it at once (a campaign is a public call)."""
    _require(actor, "campaigns.add_campaign")
    with transaction.atomic():
        campaign = Campaign()
        _write(campaign, data)
        audit.record(actor, "campaigns.campaign_created", campaign, _summary(campaign))
    return campaign


def update_campaign(campaign: Campaign, data: CampaignInput, *, actor: Actor) -> Campaign:
    """Change a campaign's texts, dates and links; its adoptions stay."""
    _require(actor, "campaigns.change_campaign")
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _write(campaign, data)
        audit.record(actor, "campaigns.campaign_changed", campaign, _summary(campaign))
    return campaign


def delete_campaign(campaign: Campaign, *, actor: Actor) -> None:
    """Delete a campaign with its adoptions (their history and the audit trail keep them)."""
    _require(actor, "campaigns.delete_campaign")
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        adoptions = list(campaign.adoptions.all())
        if adoptions and actor is not None and not actor.has_perm("campaigns.delete_adoption"):
            raise Forbidden("forbidden", _("Only the peace office manages the campaigns."))
        audit.record(
            actor, "campaigns.campaign_deleted", campaign, {**_summary(campaign), "adoptions": len(adoptions)}
        )
        for adoption in adoptions:
            adoption.delete()  # one by one: each leaves its history row
        campaign.delete()


def _adopter(data: AdoptionInput) -> tuple[LocalAuthority | None, NetworkProfile | None]:
    if data.by_network and data.member is not None:
        raise DomainError("member", _("Choose a member or the network itself, not both."))
    if data.by_network:
        network = NetworkProfile.objects.first()
        if network is None:
            raise DomainError("by_network", _("The network's profile is not recorded yet."))
        return None, network
    if data.member is None:
        raise DomainError("member", _("Choose the member that adopted the campaign, or the network itself."))
    return data.member, None


def _already(campaign: Campaign, member: LocalAuthority | None) -> Conflict:
    if member is None:
        return Conflict("by_network", _("The network itself already takes part in this campaign."))
    earlier = campaign.adoptions.filter(member=member).first()
    when = written_partial(earlier.adopted_on, earlier.adopted_precision) if earlier else ""
    if when:
        message = _(
            "%(member)s already adopted this campaign (on %(date)s): a member adopts a campaign once."
        )
    else:
        message = _("%(member)s already adopted this campaign: a member adopts a campaign once.")
    return Conflict("member", message % {"member": member.name, "date": when})


def _adoption_values(
    data: AdoptionInput,
) -> tuple[LocalAuthority | None, NetworkProfile | None, dict[str, object]]:
    """The adoption's columns from the office's input, checked: the adopter, the date (the act's
    day when none is given), the body of the act."""
    member, network = _adopter(data)
    adopted_on, precision = partial_date(data.adopted, "adopted")
    if adopted_on is None and data.act_on is not None:
        adopted_on, precision = data.act_on, Precision.DAY.value
    if data.act_body and data.act_body not in Adoption.ActBody.values:
        raise DomainError("act_body", _("Choose the body that adopted the act from the list."))
    return (
        member,
        network,
        {
            "member": member,
            "network": network,
            "adopted_on": adopted_on,
            "adopted_precision": precision,
            "act_body": data.act_body,
            "act_number": data.act_number.strip(),
            "act_on": data.act_on,
            "act_document": data.act_document,
            "source": data.source,
            "uncertain": data.uncertain,
            "note_it": data.note_it.strip(),
            "note_en": data.note_en.strip(),
        },
    )


def _adoption_summary(adoption: Adoption) -> dict[str, object]:
    return {
        "campaign": adoption.campaign.slug,
        "member": adoption.member.slug if adoption.member else "",
        "network": adoption.network_id is not None,
        "adopted": format_partial(adoption.adopted_on, adoption.adopted_precision),
        "act": [
            adoption.act_body,
            adoption.act_number,
            adoption.act_on.isoformat() if adoption.act_on else "",
        ],
    }


def record_adoption(campaign: Campaign, data: AdoptionInput, *, actor: Actor) -> Adoption:
    """Record that a member (or the network itself) adopted the campaign, with its act. A member
    adopts a campaign once: a second adoption is refused, naming the first. Without a date of
    adoption, the act's date is taken (to the day)."""
    _require(actor, "campaigns.add_adoption")
    member, network, values = _adoption_values(data)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.adoptions.filter(member=member, network=network).exists():
            raise _already(campaign, member)
        adoption = Adoption(campaign=campaign, **values)
        try:
            with transaction.atomic():
                adoption.save()
        except IntegrityError as err:  # the same adoption recorded at the same moment elsewhere
            raise _already(campaign, member) from err
        audit.record(actor, "campaigns.adoption_recorded", adoption, _adoption_summary(adoption))
    return adoption


def update_adoption(adoption: Adoption, data: AdoptionInput, *, actor: Actor) -> Adoption:
    """Change an adoption in place: its adopter, date, act, source, note. The rules are those of
    record_adoption: a member adopts a campaign once (and the network takes part once), so
    moving the adoption to a member that already adopted it is refused, naming the first."""
    _require(actor, "campaigns.change_adoption")
    member, network, values = _adoption_values(data)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=adoption.campaign_id)
        adoption = Adoption.objects.select_for_update(of=("self",)).get(pk=adoption.pk)
        others = campaign.adoptions.exclude(pk=adoption.pk)
        if others.filter(member=member, network=network).exists():
            raise _already(campaign, member)
        for name, value in values.items():
            setattr(adoption, name, value)
        try:
            with transaction.atomic():
                adoption.save()
        except IntegrityError as err:  # the same adopter recorded at the same moment elsewhere
            raise _already(campaign, member) from err
        audit.record(actor, "campaigns.adoption_changed", adoption, _adoption_summary(adoption))
    return adoption


def remove_adoption(adoption: Adoption, *, actor: Actor) -> None:
    """Remove an adoption recorded by mistake (its history and the audit trail keep it)."""
    _require(actor, "campaigns.delete_adoption")
    with transaction.atomic():
        adoption = (
            # Only the adoption's row is locked: PostgreSQL cannot lock the nullable side of the
            # member's outer join.
            Adoption.objects.select_for_update(of=("self",))
            .select_related("campaign", "member")
            .get(pk=adoption.pk)
        )
        audit.record(
            actor,
            "campaigns.adoption_removed",
            adoption,
            {
                "campaign": adoption.campaign.slug,
                "member": adoption.member.slug if adoption.member else "",
                "network": adoption.network_id is not None,
            },
        )
        adoption.delete()
