import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.news.models import Post


@register(Post)
class PostTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")
    # Italian is the post's own language: English may be left out, and then shows the Italian.
    required_languages = ("it",)


# History after translation: see members/translation.py.
simple_history.register(Post)
