import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.education.models import Programme, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("it",)


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title", "description", "method")
    required_languages = ("it",)


# History after translation: see members/translation.py.
simple_history.register(Topic)
simple_history.register(Programme)
