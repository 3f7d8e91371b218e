import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.network.models import FieldOfAction, FieldOfIntervention, FoundingClaim, NetworkProfile, Website


@register(NetworkProfile)
class NetworkProfileTranslation(TranslationOptions):
    fields = (
        "name",
        "description",
        "motto_quote",
        "motto_occasion",
        "territory_name",
        "address",
        "contact_note",
    )


@register(FoundingClaim)
class FoundingClaimTranslation(TranslationOptions):
    fields = ("fact",)


@register(Website)
class WebsiteTranslation(TranslationOptions):
    fields = ("note",)


@register(FieldOfAction)
class FieldOfActionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(FieldOfIntervention)
class FieldOfInterventionTranslation(TranslationOptions):
    fields = ("name",)


# History after translation: see members/translation.py.
for _model in (FieldOfAction, FieldOfIntervention, FoundingClaim, NetworkProfile, Website):
    simple_history.register(_model)
