import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.diplomacy.models import Agreement, AgreementKind, Cost, ForeignAuthority, Mission, Participant


@register(AgreementKind)
class AgreementKindTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("it",)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "description", "uncertain_note")
    required_languages = ("it",)


@register(Mission)
class MissionTranslation(TranslationOptions):
    fields = ("title", "purpose", "outcomes", "uncertain_note")
    required_languages = ("it",)


@register(Participant)
class ParticipantTranslation(TranslationOptions):
    fields = ("office",)
    required_languages = ("it",)


# History after translation: see members/translation.py.
for _model in (AgreementKind, ForeignAuthority, Agreement, Mission, Participant, Cost):
    simple_history.register(_model)
