"""Reads of the campaigns: the public list with its counts, a campaign with its adoptions, the
map's features, a member's campaigns (for the member's page) and the office's list."""

from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse

from cocopa.campaigns.models import Adoption, Campaign
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority


def adoptions() -> QuerySet[Adoption]:
    """Adoptions with what pages show of them: the member or the network, the act's document, the source."""
    return Adoption.objects.select_related("member", "network", "act_document", "source").order_by(
        F("adopted_on").asc(nulls_last=True), "member__name", "pk"
    )


def listed() -> QuerySet[Campaign]:
    """Every campaign with its count of adopting members (the network's own part apart), newest first."""
    return (
        Campaign.objects.select_related("field_of_action", "source")
        .annotate(
            members_count=Count("adoptions", filter=Q(adoptions__member__isnull=False), distinct=True),
            network_takes_part=Count("adoptions", filter=Q(adoptions__network__isnull=False), distinct=True),
        )
        .order_by(F("start_on").desc(nulls_last=True), "pk")
    )


def with_adoptions(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Campaigns with their adoptions and links prefetched (the API and the open data)."""
    return campaigns.prefetch_related(
        Prefetch("adoptions", queryset=adoptions()),
        "initiatives",
        Prefetch("documents", queryset=Document.objects.filter(visibility=Document.Visibility.PUBLIC)),
    )


def public_campaign(slug: str) -> Campaign | None:
    """A campaign with what its page shows; None when no campaign has this address."""
    return with_adoptions(listed()).filter(slug=slug).first()


def public_documents(campaign: Campaign) -> list[Document]:
    """The campaign's documents the public may read (a restricted one stays in the office)."""
    return [d for d in campaign.documents.all() if d.is_public]


def map_features(campaign: Campaign | None = None) -> list[dict[str, Any]]:
    """The adopting members with coordinates, as GeoJSON Features (longitude first): of one
    campaign (its map), or of every campaign (the open data file), each feature then naming its
    campaign."""
    rows = adoptions().filter(member__latitude__isnull=False, member__longitude__isnull=False)
    rows = rows.select_related("campaign") if campaign is None else rows.filter(campaign=campaign)
    features = []
    for adoption in rows:
        member = adoption.member
        if member is None or member.longitude is None or member.latitude is None:
            continue
        properties: dict[str, Any] = {}
        if campaign is None:
            properties = {
                "campaign": adoption.campaign.slug,
                "campaign_name": adoption.campaign.name,
                "campaign_url": adoption.campaign.get_absolute_url(),
            }
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(member.longitude), float(member.latitude)],
                },
                "properties": {
                    **properties,
                    "member": member.slug,
                    "name": member.name,
                    "adopted": adoption.adopted_label,
                    "url": reverse("public:member", args=[member.slug]),
                },
            }
        )
    return features


def campaigns_of(member: LocalAuthority) -> list[Adoption]:
    """A member's adoptions, with their campaigns, oldest first (the member's page)."""
    return list(adoptions().select_related("campaign").filter(member=member))


def office_campaigns() -> QuerySet[Campaign]:
    """Every campaign for the office, the last changed first."""
    return listed().order_by("-updated_at", "-pk")
