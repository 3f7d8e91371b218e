import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.library.models import Document, Version


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "description")


# History after translation (see members/translation.py): the historical table gets the
# title_it/title_en columns too.
for _model in (Document, Version):
    simple_history.register(_model)
