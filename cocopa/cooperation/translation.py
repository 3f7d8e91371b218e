import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.cooperation.models import (
    Budget,
    DateClaim,
    Document,
    Indicator,
    IndicatorPeriod,
    Initiative,
    InitiativeKind,
    Organisation,
    Participation,
    Place,
    PlannedDisbursement,
    PortfolioClaim,
    Publisher,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Sector,
    SectorMapping,
    Transaction,
)


@register(InitiativeKind)
class InitiativeKindTranslation(TranslationOptions):
    fields = ("name",)


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "description", "notes")


@register(SectorMapping)
class SectorMappingTranslation(TranslationOptions):
    fields = ("rationale",)


@register(PortfolioClaim)
class PortfolioClaimTranslation(TranslationOptions):
    fields = ("text",)


@register(Result)
class ResultTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("title",)


@register(Transaction)
class TransactionTranslation(TranslationOptions):
    fields = ("description",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)


# History after translation: see members/translation.py.
for _model in (
    Budget,
    DateClaim,
    Document,
    Indicator,
    IndicatorPeriod,
    Initiative,
    InitiativeKind,
    Organisation,
    Participation,
    Place,
    PlannedDisbursement,
    PortfolioClaim,
    Publisher,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Sector,
    SectorMapping,
    Transaction,
):
    simple_history.register(_model)
