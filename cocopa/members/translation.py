import simple_history
from modeltranslation.translator import TranslationOptions, register

from cocopa.members.models import (
    AdhesionAct,
    Convention,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
    ReportedCount,
    SizeClass,
)


@register(LocalAuthority)
class LocalAuthorityTranslation(TranslationOptions):
    fields = ("notes",)


@register(PopulationFigure)
class PopulationFigureTranslation(TranslationOptions):
    fields = ("basis",)


@register(SizeClass)
class SizeClassTranslation(TranslationOptions):
    fields = ("name",)


@register(Membership)
class MembershipTranslation(TranslationOptions):
    fields = ("notes",)


@register(AdhesionAct)
class AdhesionActTranslation(TranslationOptions):
    fields = ("body", "notes")


@register(Convention)
class ConventionTranslation(TranslationOptions):
    fields = ("title", "rules", "notes")


@register(MembershipEvidence)
class MembershipEvidenceTranslation(TranslationOptions):
    fields = ("what",)


@register(ReportedCount)
class ReportedCountTranslation(TranslationOptions):
    fields = ("text",)


# History is registered after translation so the historical tables get the *_it/*_en columns too
# (simple-history copies the fields a model has when it is registered).
for _model in (
    AdhesionAct,
    Convention,
    LocalAuthority,
    Membership,
    MembershipEvidence,
    PopulationFigure,
    ReportedCount,
    SizeClass,
):
    simple_history.register(_model)
