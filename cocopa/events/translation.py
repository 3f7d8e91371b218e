import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.events.models import Event, EventKind, Registration


@register(EventKind)
class EventKindTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("it",)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "uncertain_note", "registration_note")
    # Italian is the event's own language: English may be left out, and then shows the Italian.
    required_languages = ("it",)


# History after translation (see members/translation.py).
for _model in (Event, EventKind):
    simple_history.register(_model)
# A registration's history keeps its status and attendance, not the person's name, address or
# link: those go when the registration goes (README, "Personal data").
simple_history.register(Registration, excluded_fields=["name", "email", "organisation", "token"])
