"""Back office for the cooperation registry: staff edit an initiative with its countries, places,
partners, budgets, transactions, results and documents inline; every change is kept in history."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from cocopa.cooperation import services
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
    Publisher,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Sector,
    SectorMapping,
    Transaction,
)
from cocopa.core.names import SafeNamesForm


def _held(obj: Model | None) -> bool:
    """Another publisher's activity (or a row of one): read-only here (services.ensure_editable)."""
    return isinstance(obj, Initiative) and obj.is_held


class ReadOnlyWhenHeld:
    """An inline of an initiative: nothing to add, change or delete on another publisher's activity."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _held(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _held(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _held(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class RecipientCountryInline(ReadOnlyWhenHeld, admin.TabularInline[RecipientCountry, Initiative]):
    model = RecipientCountry
    extra = 0
    fields = ("code", "percentage")


class RecipientRegionInline(ReadOnlyWhenHeld, admin.TabularInline[RecipientRegion, Initiative]):
    model = RecipientRegion
    extra = 0
    fields = ("code", "vocabulary", "percentage")


class SectorInline(ReadOnlyWhenHeld, admin.TabularInline[Sector, Initiative]):
    model = Sector
    extra = 0
    fields = ("vocabulary", "code", "percentage", "vocabulary_uri", "name")
    verbose_name_plural = _("sectors (when none is given, the export uses the codes of the fields)")


class PlaceInline(ReadOnlyWhenHeld, admin.TabularInline[Place, Initiative]):
    model = Place
    extra = 0
    fields = ("name", "country", "latitude", "longitude", "exactness", "source")
    autocomplete_fields = ("source",)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "exactness" and isinstance(field, forms.ChoiceField):
            # The office always says how exact its place is (approximate unless told): only
            # another publisher's location, read-only here, may come without exactness.
            field.required = True
            field.choices = Place.Exactness.choices
        return field


class ParticipationInline(ReadOnlyWhenHeld, admin.TabularInline[Participation, Initiative]):
    model = Participation
    extra = 0
    fields = ("organisation", "role", "share", "lead", "source")
    autocomplete_fields = ("organisation", "source")


class BudgetInline(ReadOnlyWhenHeld, admin.TabularInline[Budget, Initiative]):
    model = Budget
    extra = 0
    fields = ("period_start", "period_end", "value", "currency", "type", "status", "value_date", "source")
    autocomplete_fields = ("source",)


class PlannedDisbursementInline(ReadOnlyWhenHeld, admin.TabularInline[PlannedDisbursement, Initiative]):
    model = PlannedDisbursement
    fk_name = "initiative"
    extra = 0
    fields = ("type", "period_start", "period_end", "value", "currency", "value_date", "provider", "receiver")
    autocomplete_fields = ("provider", "receiver")


class RelatedActivityInline(ReadOnlyWhenHeld, admin.TabularInline[RelatedActivity, Initiative]):
    model = RelatedActivity
    extra = 0
    fields = ("ref", "type")
    verbose_name_plural = _(
        "related activities as IATI files give them (exported instead of the related initiatives)"
    )


class TransactionInline(ReadOnlyWhenHeld, TranslationTabularInline[Transaction, Initiative]):
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


class ResultInline(ReadOnlyWhenHeld, TranslationStackedInline[Result, Initiative]):
    model = Result
    extra = 0
    fields = ("type", "title", "description")
    show_change_link = True  # indicators are edited on the result's own page


class DocumentInline(ReadOnlyWhenHeld, TranslationTabularInline[Document, Initiative]):
    model = Document
    extra = 0
    fields = ("title", "url", "format", "category", "language", "published_on")


class DateClaimInline(ReadOnlyWhenHeld, admin.TabularInline[DateClaim, Initiative]):
    model = DateClaim
    extra = 0
    fields = ("which", "text", "source", "used")
    autocomplete_fields = ("source",)


class ImportedWithWarnings(admin.SimpleListFilter):
    """Initiatives an IATI import brought in although they break rules of the Standard."""

    title = _("IATI import findings")
    parameter_name = "import_findings"

    def lookups(self, request: object, model_admin: object) -> list[tuple[str, Any]]:
        return [("yes", _("With findings")), ("no", _("Without findings"))]

    def queryset(self, request: object, queryset: "QuerySet[Initiative]") -> "QuerySet[Initiative]":
        if self.value() == "yes":
            return queryset.exclude(import_findings="")
        if self.value() == "no":
            return queryset.filter(import_findings="")
        return queryset


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin, TranslationAdmin[Initiative]):  # type: ignore[misc]
    list_display = ("identifier", "title", "kind", "status", "start_on_index", "publisher")
    list_filter = (
        "publisher",
        "kind",
        "status",
        "uncertain",
        ImportedWithWarnings,
        "fields_of_action",
        "countries__code",
    )
    search_fields = (
        "identifier",
        "iati_identifier",
        "title_it",
        "title_en",
        "description_it",
        "description_en",
    )
    list_select_related = ("kind", "publisher")
    filter_horizontal = ("fields_of_action", "fields_of_intervention", "related", "sources")
    # Whose activity it is comes from the IATI import, never from a form.
    readonly_fields = ("publisher", "iati_identifier", "import_findings", "default_sectors")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "identifier",
                    ("publisher", "iati_identifier"),
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
        (_("IATI import"), {"fields": ("import_findings",)}),
    )
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

    def has_change_permission(self, request: HttpRequest, obj: Initiative | None = None) -> bool:
        return not _held(obj) and super().has_change_permission(request, obj)

    def view_on_site(self, obj: Initiative) -> str | None:
        """No link to a public page that is not there: a held activity is public only when the
        office shows its publisher."""
        if obj.publisher is not None and not obj.publisher.shown_publicly:
            return None
        return obj.get_absolute_url()

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_held and request.method == "GET":
            messages.info(request, services.HeldActivityReadOnly(obj).message)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Initiative, form: Any, change: bool) -> None:
        if change:
            services.ensure_editable(obj)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("sectors from the fields"))
    def default_sectors(self, obj: Initiative) -> str:
        """What the export writes when the initiative has no sectors of its own: a software default."""
        codes = sector_codes(obj) if obj.pk else []
        listed = ", ".join(codes) or _("none: map the fields to DAC sector codes")
        if obj.pk and obj.sectors.exists():
            return _("%(codes)s (not used: the initiative's own sectors are exported)") % {"codes": listed}
        return _("%(codes)s (software default, used because no sector is given)") % {"codes": listed}


@admin.register(Publisher)
class PublisherAdmin(SimpleHistoryAdmin, admin.ModelAdmin[Publisher]):  # type: ignore[misc]
    """Other IATI publishers whose activities the registry holds: the office chooses whether the
    public site shows them; who they are comes from their files."""

    list_display = ("ref", "name", "shown_publicly")
    list_filter = ("shown_publicly",)
    search_fields = ("ref", "name")
    fields = ("ref", "name", "narratives", "type", "shown_publicly")
    readonly_fields = ("ref", "name", "narratives", "type")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a publisher comes with its first file

    def save_model(self, request: HttpRequest, obj: Publisher, form: Any, change: bool) -> None:
        services.set_publisher_shown(obj, obj.shown_publicly, actor=request.user)


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

    def has_change_permission(self, request: HttpRequest, obj: Result | None = None) -> bool:
        held = obj is not None and obj.initiative.is_held
        return not held and super().has_change_permission(request, obj)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin, TranslationAdmin[Indicator]):  # type: ignore[misc]
    list_display = ("title", "result", "measure", "baseline_year")
    search_fields = ("title_it", "title_en", "result__initiative__identifier")
    autocomplete_fields = ("result",)
    list_select_related = ("result",)
    inlines = (IndicatorPeriodInline,)

    def has_change_permission(self, request: HttpRequest, obj: Indicator | None = None) -> bool:
        held = obj is not None and obj.result.initiative.is_held
        return not held and super().has_change_permission(request, obj)


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
