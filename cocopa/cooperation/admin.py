"""Back office for the cooperation registry: staff edit an initiative with its countries, places,
partners, budgets, transactions, results and documents inline; every change is kept in history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cocopa.cooperation.iati_source import sector_codes
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
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Sector,
    SectorMapping,
    Transaction,
)
from cocopa.core.names import SafeNamesForm


class RecipientCountryInline(admin.TabularInline[RecipientCountry, Initiative]):
    model = RecipientCountry
    extra = 0
    fields = ("code", "percentage")


class RecipientRegionInline(admin.TabularInline[RecipientRegion, Initiative]):
    model = RecipientRegion
    extra = 0
    fields = ("code", "vocabulary", "percentage")


class SectorInline(admin.TabularInline[Sector, Initiative]):
    model = Sector
    extra = 0
    fields = ("vocabulary", "code", "percentage", "vocabulary_uri", "name")
    verbose_name_plural = _("sectors (when none is given, the export uses the codes of the fields)")


class PlaceInline(admin.TabularInline[Place, Initiative]):
    model = Place
    extra = 0
    fields = ("name", "country", "latitude", "longitude", "exactness", "source")
    autocomplete_fields = ("source",)


class ParticipationInline(admin.TabularInline[Participation, Initiative]):
    model = Participation
    extra = 0
    fields = ("organisation", "role", "share", "lead", "source")
    autocomplete_fields = ("organisation", "source")


class BudgetInline(admin.TabularInline[Budget, Initiative]):
    model = Budget
    extra = 0
    fields = ("period_start", "period_end", "value", "currency", "type", "status", "value_date", "source")
    autocomplete_fields = ("source",)


class PlannedDisbursementInline(admin.TabularInline[PlannedDisbursement, Initiative]):
    model = PlannedDisbursement
    fk_name = "initiative"
    extra = 0
    fields = ("type", "period_start", "period_end", "value", "currency", "value_date", "provider", "receiver")
    autocomplete_fields = ("provider", "receiver")


class RelatedActivityInline(admin.TabularInline[RelatedActivity, Initiative]):
    model = RelatedActivity
    extra = 0
    fields = ("ref", "type")
    verbose_name_plural = _(
        "related activities as IATI files give them (exported instead of the related initiatives)"
    )


class TransactionInline(TranslationTabularInline[Transaction, Initiative]):
    model = Transaction
    fk_name = "initiative"
    extra = 0
    fields = (
        "type",
        "date",
        "value",
        "currency",
        "value_date",
        "provider",
        "receiver",
        "description",
        "reference",
        "source",
    )
    autocomplete_fields = ("provider", "receiver", "source")


class ResultInline(TranslationStackedInline[Result, Initiative]):
    model = Result
    extra = 0
    fields = ("type", "title", "description")
    show_change_link = True  # indicators are edited on the result's own page


class DocumentInline(TranslationTabularInline[Document, Initiative]):
    model = Document
    extra = 0
    fields = ("title", "url", "format", "category", "language", "published_on")


class DateClaimInline(admin.TabularInline[DateClaim, Initiative]):
    model = DateClaim
    extra = 0
    fields = ("which", "text", "source", "used")
    autocomplete_fields = ("source",)


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin, TranslationAdmin[Initiative]):  # type: ignore[misc]
    list_display = ("identifier", "title", "kind", "status", "start_on_index", "uncertain")
    list_filter = ("kind", "status", "uncertain", "fields_of_action", "countries__code")
    search_fields = ("identifier", "title_it", "title_en", "description_it", "description_en")
    list_select_related = ("kind",)
    filter_horizontal = ("fields_of_action", "fields_of_intervention", "related", "sources")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "identifier",
                    "kind",
                    "status",
                    "title",
                    "description",
                    "default_currency",
                    "uncertain",
                )
            },
        ),
        (
            _("Dates"),
            {
                "fields": (
                    ("planned_start", "planned_start_precision"),
                    ("actual_start", "actual_start_precision"),
                    ("planned_end", "planned_end_precision"),
                    ("actual_end", "actual_end_precision"),
                )
            },
        ),
        (
            None,
            {
                "fields": (
                    "fields_of_action",
                    "fields_of_intervention",
                    "default_sectors",
                    "related",
                    "sources",
                    "notes",
                )
            },
        ),
        (
            _("As IATI files give it"),
            {
                "classes": ("collapse",),
                "fields": (
                    ("humanitarian", "hierarchy", "scope"),
                    (
                        "collaboration_type",
                        "default_flow_type",
                        "default_finance_type",
                        "default_tied_status",
                    ),
                    "default_aid_types",
                    "humanitarian_scopes",
                    "policy_markers",
                    "tags",
                    "narratives",
                ),
            },
        ),
    )
    readonly_fields = ("default_sectors",)
    inlines = (
        DateClaimInline,
        RecipientCountryInline,
        RecipientRegionInline,
        SectorInline,
        PlaceInline,
        ParticipationInline,
        BudgetInline,
        PlannedDisbursementInline,
        TransactionInline,
        ResultInline,
        DocumentInline,
        RelatedActivityInline,
    )

    @admin.display(description=_("sectors from the fields"))
    def default_sectors(self, obj: Initiative) -> str:
        """What the export writes when the initiative has no sectors of its own: a software default."""
        codes = sector_codes(obj) if obj.pk else []
        listed = ", ".join(codes) or _("none: map the fields to DAC sector codes")
        if obj.pk and obj.sectors.exists():
            return _("%(codes)s (not used: the initiative's own sectors are exported)") % {"codes": listed}
        return _("%(codes)s (software default, used because no sector is given)") % {"codes": listed}


class IndicatorPeriodInline(admin.TabularInline[IndicatorPeriod, Indicator]):
    model = IndicatorPeriod
    extra = 0
    fields = ("period_start", "period_end", "target", "actual")


class IndicatorInline(TranslationStackedInline[Indicator, Result]):
    model = Indicator
    extra = 0
    fields = ("title", "measure", "ascending", "baseline_year", "baseline_value")
    show_change_link = True


@admin.register(Result)
class ResultAdmin(SimpleHistoryAdmin, TranslationAdmin[Result]):  # type: ignore[misc]
    list_display = ("title", "initiative", "type")
    list_filter = ("type",)
    search_fields = ("title_it", "title_en", "initiative__identifier")
    autocomplete_fields = ("initiative",)
    list_select_related = ("initiative",)
    inlines = (IndicatorInline,)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin, TranslationAdmin[Indicator]):  # type: ignore[misc]
    list_display = ("title", "result", "measure", "baseline_year")
    search_fields = ("title_it", "title_en", "result__initiative__identifier")
    autocomplete_fields = ("result",)
    list_select_related = ("result",)
    inlines = (IndicatorPeriodInline,)


@admin.register(InitiativeKind)
class InitiativeKindAdmin(SimpleHistoryAdmin, TranslationAdmin[InitiativeKind]):  # type: ignore[misc]
    list_display = ("name", "key", "order")
    search_fields = ("key", "name_it", "name_en")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin, admin.ModelAdmin[Organisation]):  # type: ignore[misc]
    form = SafeNamesForm  # names refuse control and text-direction characters (core/names.py)
    list_display = ("name", "type", "country", "ref", "authority")
    list_filter = ("type", "country")
    search_fields = ("name", "ref")
    autocomplete_fields = ("authority",)
    list_select_related = ("authority",)


@admin.register(SectorMapping)
class SectorMappingAdmin(SimpleHistoryAdmin, TranslationAdmin[SectorMapping]):  # type: ignore[misc]
    list_display = ("code", "field_of_intervention", "field_of_action", "exact")
    list_filter = ("exact",)
    search_fields = ("code", "field_of_intervention__name", "field_of_action__name")
    list_select_related = ("field_of_intervention", "field_of_action")


@admin.register(PortfolioClaim)
class PortfolioClaimAdmin(SimpleHistoryAdmin, TranslationAdmin[PortfolioClaim]):  # type: ignore[misc]
    list_display = ("country", "text", "initiatives", "period", "source")
    list_filter = ("country", "source")
    search_fields = ("country", "text_it", "text_en")
    autocomplete_fields = ("source",)
    list_select_related = ("source",)
