import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Candidate,
    Designation,
    Election,
    Mandate,
    Meeting,
    Motion,
    MotionPaperCount,
    Office,
    Participation,
    Person,
    Position,
    Resolution,
    RollCall,
)


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = ("name",)


@register(Mandate)
class MandateTranslation(TranslationOptions):
    fields = ("notes",)


# History after translation (see members/translation.py). Ballots have none: a history row
# would carry a time and the acting user, and so could join a secret ballot to its voter.
for _model in (
    AgendaItem,
    Attendance,
    Body,
    Candidate,
    Designation,
    Election,
    Mandate,
    Meeting,
    Motion,
    MotionPaperCount,
    Office,
    Participation,
    Person,
    Position,
    Resolution,
    RollCall,
):
    simple_history.register(_model)
