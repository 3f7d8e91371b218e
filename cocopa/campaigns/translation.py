import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.campaigns.models import Adoption, Campaign


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("name", "description", "note")
    # Italian is the campaign's own language: English may be left out, and then shows the Italian.
    required_languages = ("it",)


@register(Adoption)
class AdoptionTranslation(TranslationOptions):
    fields = ("note",)


# History after translation (see members/translation.py): the historical tables get the
# name_it/name_en columns too.
for _model in (Campaign, Adoption):
    simple_history.register(_model)
