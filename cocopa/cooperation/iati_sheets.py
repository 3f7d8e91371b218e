"""Bulk entry as publishers do it: a spreadsheet template (XLSX, or a CSV of its Activities sheet)
that the peace office downloads, fills and uploads (/office/iati/import/).

One sheet per element group, like the common IATI spreadsheet templates: the activities, then
every group the XML import stores (iati_import.HELD) — recipient countries and regions, sectors
of any vocabulary, locations and their administrative areas, participating organisations, budgets, planned disbursements,
transactions, documents, related activities, policy markers, tags, humanitarian scopes, results,
their indicators and the indicators' periods. A row names its activity by the identifier of a
row of the Activities sheet; an indicator names its result, a period its indicator, by the
keys the office gives them on their own sheets (1, 2 … or any text), a further administrative
area its location by the location's reference.

The workbook is not a second way into the registry. It is turned into an IATI 2.03 activity
file, in memory, reported by the network's own reporting organisation, and that file goes
through the XML import (iati_import.import_file): the same validator, the same identity rules
(an activity is the network's own: it never touches another publisher's), the same plan-then-
write transaction. So what a sheet can say is exactly what an activity file can say, and what
the import skips or refuses it skips or refuses here too.

Two kinds of problems, each located by sheet, row and column:
- what cannot be written as XML at all, or that the office can be told in its own terms (a date
  that is not a date, an amount that is not a number, a code that is not on its codelist — with
  the allowed codes when the list is short —, a missing identifier, a row for an activity the
  Activities sheet does not have) is found while reading the cells;
- everything else (codes that depend on a vocabulary, percentages, the Standard Ruleset) is the
  validator's: each of its findings has a line of the generated file, and the line is mapped
  back to the cell the element came from (the file is pretty-printed, one element a line).

The preview runs the import inside a transaction that is rolled back: the counts (created,
updated, unchanged) are the import's own, and nothing is written until the office confirms the
same upload (its SHA-256).

A CSV file carries one table only: the Activities sheet. A CSV with the columns of another
sheet is refused with a message that says so and points to the XLSX template.
"""

import csv
import datetime as dt
import hashlib
import io
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from cocopa.cooperation import codelists, iati, iati_import
from cocopa.core import tables
from cocopa.core.errors import DomainError
from cocopa.core.roles import Actor

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLSX_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive
NAMED_UP_TO = 16  # a codelist this short is spelled out in the README and in the message

# Codelists IATI publishes that the app does not ship (data/iati_codelists.json holds the ones
# the export and the validator need); these three decide what the import keeps, so a sheet
# checks them. Codes and names as on iatistandard.org/en/iati-standard/203/codelists/.
RELATED_ACTIVITY_TYPES = (
    ("1", "Parent"),
    ("2", "Child"),
    ("3", "Sibling"),
    ("4", "Co-funded"),
    ("5", "Third Party"),
)
LOCATION_CLASSES = (
    ("1", "Administrative Region"),
    ("2", "Populated Place"),
    ("3", "Structure"),
    ("4", "Other Topographical Feature"),
)
HUMANITARIAN_SCOPE_TYPES = (("1", "Emergency"), ("2", "Appeal"))


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    it: str
    kind: str = "text"  # text, date, decimal, integer, flag (1/0)
    required: bool = False
    # The IATI codelist of a code column, named in the README sheet. A shipped one is checked
    # cell by cell unless `checked` is false (a code whose list depends on a vocabulary column).
    codelist: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # a list the app does not ship: (code, name)
    checked: bool = True
    default: str = ""
    note_it: str = ""
    note_en: str = ""

    @property
    def header(self) -> str:
        return f"{self.it} / {self.en}"

    def allowed(self) -> dict[str, str] | None:
        """The codes this column accepts, with their names, or None when it is not checked here."""
        if self.choices:
            return dict(self.choices)
        if not (self.codelist and self.checked) or self.codelist not in codelists.names():
            return None
        return {
            code: codelists.name(self.codelist, code)
            for code in sorted(codelists.codes(self.codelist, withdrawn=True), key=_code_order)
        }


def _code_order(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (1 << 30, code)


@dataclass(frozen=True)
class Sheet:
    name: str  # the worksheet's title, as problems name it
    it: str
    en: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def letter(self, key: str) -> str:
        return tables.column_letter([c.key for c in self.columns].index(key) + 1)


ACTIVITY = Column("activity", "Activity identifier", "Identificativo attività", required=True)


def _names(prefix_it: str, prefix_en: str, key: str, *, required: bool = False) -> tuple[Column, ...]:
    """A text in Italian and in English, two columns."""
    return (
        Column(f"{key}_it", f"{prefix_en} (Italian)", f"{prefix_it} (italiano)", required=required),
        Column(f"{key}_en", f"{prefix_en} (English)", f"{prefix_it} (inglese)"),
    )


def _money(*, required_start: bool = True) -> tuple[Column, ...]:
    return (
        Column("period_start", "Period start", "Inizio periodo", kind="date", required=required_start),
        Column("period_end", "Period end", "Fine periodo", kind="date", required=True),
        Column("value", "Amount", "Importo", kind="decimal", required=True),
        CURRENCY,
        VALUE_DATE,
    )


CURRENCY = Column(
    "currency",
    "Currency",
    "Valuta",
    codelist="Currency",
    note_it="se vuota: la valuta predefinita dell'attività, altrimenti EUR",
    note_en="if empty: the activity's default currency, else EUR",
)
VALUE_DATE = Column(
    "value_date",
    "Value date",
    "Data del cambio",
    kind="date",
    note_it="se vuota: la data d'inizio",
    note_en="if empty: the start date",
)


def _org(side: str, it: str, en: str) -> tuple[Column, ...]:
    return (
        Column(f"{side}_ref", f"{en} identifier", f"Identificativo {it}"),
        Column(f"{side}_name", f"{en} name", f"Nome {it}"),
        Column(f"{side}_type", f"{en} type code", f"Codice tipo {it}", codelist="OrganisationType"),
    )


def _vocabulary_uri() -> Column:
    return Column(
        "vocabulary_uri",
        "Vocabulary URI",
        "URI del vocabolario",
        note_it="per il vocabolario 99 (dell'organizzazione)",
        note_en="for vocabulary 99 (the organisation's own)",
    )


ACTIVITIES = Sheet(
    "Activities",
    "Una riga per attività (iniziativa).",
    "One row per activity (initiative).",
    (
        Column("identifier", "Activity identifier", "Identificativo attività", required=True),
        *_names("Titolo", "Title", "title"),
        *_names("Descrizione", "Description", "description"),
        Column("status", "Status code", "Codice stato", required=True, codelist="ActivityStatus"),
        Column("start_planned", "Planned start", "Inizio previsto", kind="date"),
        Column("start_actual", "Actual start", "Inizio effettivo", kind="date"),
        Column("end_planned", "Planned end", "Fine prevista", kind="date"),
        Column("end_actual", "Actual end", "Fine effettiva", kind="date"),
        Column(
            "country",
            "Recipient country code",
            "Codice paese beneficiario",
            codelist="Country",
            note_it="altri paesi: foglio Countries",
            note_en="more countries: sheet Countries",
        ),
        Column("country_percentage", "Country percentage", "Percentuale paese", kind="decimal"),
        Column(
            "sector_vocabulary",
            "Sector vocabulary",
            "Vocabolario settore",
            codelist="SectorVocabulary",
            default="1",
        ),
        Column(
            "sector",
            "Sector code",
            "Codice settore",
            codelist="Sector",
            checked=False,
            note_it="lista Sector per il vocabolario 1, SectorCategory per il 2; altri settori: foglio Sectors",
            note_en="Sector list for vocabulary 1, SectorCategory for 2; more sectors: sheet Sectors",
        ),
        Column("sector_percentage", "Sector percentage", "Percentuale settore", kind="decimal"),
        # Columns added after the first template: an older filled template without them reads.
        Column("default_currency", "Default currency", "Valuta predefinita", codelist="Currency"),
        Column(
            "humanitarian",
            "Humanitarian",
            "Umanitaria",
            kind="flag",
            note_it="1 (sì) o 0 (no)",
            note_en="1 (yes) or 0 (no)",
        ),
        Column("hierarchy", "Hierarchy level", "Livello gerarchico", kind="integer"),
        Column("scope", "Activity scope code", "Codice ambito", codelist="ActivityScope"),
        Column(
            "collaboration_type",
            "Collaboration type code",
            "Codice tipo di collaborazione",
            codelist="CollaborationType",
        ),
        Column("default_flow_type", "Default flow type", "Tipo di flusso predefinito", codelist="FlowType"),
        Column(
            "default_finance_type",
            "Default finance type",
            "Tipo di finanziamento predefinito",
            codelist="FinanceType",
        ),
        Column(
            "default_aid_type",
            "Default aid type",
            "Tipo di aiuto predefinito",
            codelist="AidType",
            note_it="vocabolario 1 (OCSE DAC)",
            note_en="vocabulary 1 (OECD DAC)",
        ),
        Column(
            "default_tied_status",
            "Default tied status",
            "Condizionalità predefinita",
            codelist="TiedStatus",
        ),
    ),
)
COUNTRIES = Sheet(
    "Countries",
    "Paesi beneficiari oltre a quello del foglio Activities, uno per riga.",
    "Recipient countries besides the one on the Activities sheet, one per row.",
    (
        ACTIVITY,
        Column(
            "code", "Recipient country code", "Codice paese beneficiario", codelist="Country", required=True
        ),
        Column("percentage", "Percentage", "Percentuale", kind="decimal"),
    ),
)
REGIONS = Sheet(
    "Regions",
    "Regioni beneficiarie, una per riga (paesi e regioni insieme fanno 100%).",
    "Recipient regions, one per row (countries and regions together make 100%).",
    (
        ACTIVITY,
        Column(
            "vocabulary", "Region vocabulary", "Vocabolario regione", codelist="RegionVocabulary", default="1"
        ),
        Column(
            "code",
            "Region code",
            "Codice regione",
            codelist="Region",
            checked=False,
            required=True,
            note_it="lista Region per il vocabolario 1",
            note_en="Region list for vocabulary 1",
        ),
        _vocabulary_uri(),
        Column("percentage", "Percentage", "Percentuale", kind="decimal"),
    ),
)
SECTORS = Sheet(
    "Sectors",
    "Settori oltre a quello del foglio Activities, uno per riga; percentuali per vocabolario.",
    "Sectors besides the one on the Activities sheet, one per row; percentages per vocabulary.",
    (
        ACTIVITY,
        Column(
            "vocabulary", "Sector vocabulary", "Vocabolario settore", codelist="SectorVocabulary", default="1"
        ),
        Column(
            "code",
            "Sector code",
            "Codice settore",
            codelist="Sector",
            checked=False,
            required=True,
            note_it="lista Sector per il vocabolario 1, SectorCategory per il 2",
            note_en="Sector list for vocabulary 1, SectorCategory for 2",
        ),
        _vocabulary_uri(),
        Column("percentage", "Percentage", "Percentuale", kind="decimal"),
    ),
)
LOCATIONS = Sheet(
    "Locations",
    "Un luogo per riga; coordinate in gradi decimali (WGS 84).",
    "One location per row; coordinates in decimal degrees (WGS 84).",
    (
        ACTIVITY,
        Column("ref", "Location reference", "Riferimento luogo"),
        Column("name", "Name", "Nome", required=True),
        Column("latitude", "Latitude", "Latitudine", kind="decimal"),
        Column("longitude", "Longitude", "Longitudine", kind="decimal"),
        Column(
            "exactness", "Exactness code", "Codice esattezza", codelist="GeographicExactness", default="2"
        ),
        Column("location_class", "Location class code", "Codice classe luogo", choices=LOCATION_CLASSES),
        Column("reach", "Location reach code", "Codice portata", codelist="GeographicLocationReach"),
        Column(
            "feature_designation",
            "Feature designation code",
            "Codice tipo di luogo",
            codelist="LocationType",
        ),
        Column(
            "admin_vocabulary",
            "Administrative area vocabulary",
            "Vocabolario area amministrativa",
            note_it="lista GeographicVocabulary (es. G1 GeoNames)",
            note_en="GeographicVocabulary list (e.g. G1 GeoNames)",
        ),
        Column("admin_level", "Administrative area level", "Livello area amministrativa", kind="integer"),
        Column("admin_code", "Administrative area code", "Codice area amministrativa"),
        Column("description", "Description", "Descrizione"),
    ),
)
AREAS = Sheet(
    "Location areas",
    "Aree amministrative oltre a quella del foglio Locations, una per riga.",
    "Administrative areas besides the one on the Locations sheet, one per row.",
    (
        ACTIVITY,
        Column(
            "location",
            "Location reference",
            "Riferimento luogo",
            required=True,
            note_it="il riferimento del luogo nel foglio Locations",
            note_en="the location's reference on the Locations sheet",
        ),
        Column(
            "vocabulary",
            "Administrative area vocabulary",
            "Vocabolario area amministrativa",
            required=True,
            note_it="lista GeographicVocabulary (es. G1 GeoNames)",
            note_en="GeographicVocabulary list (e.g. G1 GeoNames)",
        ),
        Column("level", "Administrative area level", "Livello area amministrativa", kind="integer"),
        Column("code", "Administrative area code", "Codice area amministrativa", required=True),
    ),
)
PARTICIPANTS = Sheet(
    "Participating orgs",
    "Un'organizzazione partecipante per riga.",
    "One participating organisation per row.",
    (
        ACTIVITY,
        Column("role", "Role code", "Codice ruolo", codelist="OrganisationRole", required=True),
        Column(
            "type", "Organisation type code", "Codice tipo di organizzazione", codelist="OrganisationType"
        ),
        Column(
            "ref",
            "Organisation identifier",
            "Identificativo organizzazione",
            note_it="da una lista di org-id.guide (es. XM-DAC-…), mai inventato",
            note_en="from a list of org-id.guide (e.g. XM-DAC-…), never made up",
        ),
        Column("name", "Name", "Nome", required=True),
    ),
)
BUDGETS = Sheet(
    "Budgets",
    "Un budget per riga, per periodo (al massimo un anno).",
    "One budget per row, per period (a year at most).",
    (
        ACTIVITY,
        Column("type", "Budget type", "Tipo di budget", codelist="BudgetType", default="1"),
        Column("status", "Budget status", "Stato del budget", codelist="BudgetStatus", default="1"),
        *_money(),
    ),
)
PLANNED = Sheet(
    "Planned disbursements",
    "Un esborso previsto per riga.",
    "One planned disbursement per row.",
    (
        ACTIVITY,
        Column("type", "Budget type", "Tipo di budget", codelist="BudgetType"),
        Column("period_start", "Period start", "Inizio periodo", kind="date", required=True),
        Column("period_end", "Period end", "Fine periodo", kind="date"),
        Column("value", "Amount", "Importo", kind="decimal", required=True),
        CURRENCY,
        VALUE_DATE,
        *_org("provider", "erogante", "Provider"),
        *_org("receiver", "ricevente", "Receiver"),
    ),
)
TRANSACTIONS = Sheet(
    "Transactions",
    "Un movimento per riga.",
    "One transaction per row.",
    (
        ACTIVITY,
        Column("type", "Transaction type", "Tipo di movimento", codelist="TransactionType", required=True),
        Column("date", "Date", "Data", kind="date", required=True),
        Column("value", "Amount", "Importo", kind="decimal", required=True),
        CURRENCY,
        Column(
            "value_date",
            "Value date",
            "Data del cambio",
            kind="date",
            note_it="se vuota: la data del movimento",
            note_en="if empty: the transaction's date",
        ),
        Column("description", "Description", "Descrizione"),
        Column("provider_ref", "Provider identifier", "Identificativo erogante"),
        Column("provider_name", "Provider name", "Nome erogante"),
        Column("receiver_ref", "Receiver identifier", "Identificativo ricevente"),
        Column("receiver_name", "Receiver name", "Nome ricevente"),
        Column("reference", "Transaction reference", "Riferimento movimento"),
        Column("provider_type", "Provider type code", "Codice tipo erogante", codelist="OrganisationType"),
        Column("receiver_type", "Receiver type code", "Codice tipo ricevente", codelist="OrganisationType"),
    ),
)
DOCUMENTS = Sheet(
    "Documents",
    "Un documento (collegamento) per riga.",
    "One document (link) per row.",
    (
        ACTIVITY,
        Column("url", "Address (URL)", "Indirizzo (URL)", required=True),
        *_names("Titolo", "Title", "title"),
        Column("category", "Category code", "Codice categoria", codelist="DocumentCategory", required=True),
        Column("language", "Language code", "Codice lingua", codelist="Language"),
        Column(
            "format",
            "Format",
            "Formato",
            default="text/html",
            note_it="tipo MIME (es. application/pdf)",
            note_en="MIME type (e.g. application/pdf)",
        ),
        Column("date", "Document date", "Data del documento", kind="date"),
    ),
)
RELATED = Sheet(
    "Related activities",
    "Un'attività collegata per riga (di qualunque organizzazione).",
    "One related activity per row (of any publisher).",
    (
        ACTIVITY,
        Column(
            "type",
            "Relation type code",
            "Codice tipo di relazione",
            choices=RELATED_ACTIVITY_TYPES,
            required=True,
        ),
        Column("ref", "Related IATI identifier", "Identificativo IATI collegato", required=True),
    ),
)
POLICY_MARKERS = Sheet(
    "Policy markers",
    "Un marcatore per riga.",
    "One policy marker per row.",
    (
        ACTIVITY,
        Column(
            "vocabulary",
            "Vocabulary",
            "Vocabolario",
            default="1",
            note_it="lista PolicyMarkerVocabulary (1 OCSE DAC)",
            note_en="PolicyMarkerVocabulary list (1 OECD DAC)",
        ),
        Column(
            "code",
            "Policy marker code",
            "Codice marcatore",
            required=True,
            note_it="lista PolicyMarker per il vocabolario 1",
            note_en="PolicyMarker list for vocabulary 1",
        ),
        Column(
            "significance",
            "Significance",
            "Rilevanza",
            note_it="lista PolicySignificance (0 … 4)",
            note_en="PolicySignificance list (0 … 4)",
        ),
        _vocabulary_uri(),
    ),
)
TAGS = Sheet(
    "Tags",
    "Un'etichetta per riga (es. traguardi degli SDG).",
    "One tag per row (e.g. SDG targets).",
    (
        ACTIVITY,
        Column(
            "vocabulary",
            "Vocabulary",
            "Vocabolario",
            required=True,
            note_it="lista TagVocabulary (2 obiettivi SDG, 3 traguardi SDG, 99 propria)",
            note_en="TagVocabulary list (2 SDG goals, 3 SDG targets, 99 own)",
        ),
        Column("code", "Tag code", "Codice etichetta", required=True),
        _vocabulary_uri(),
    ),
)
HUMANITARIAN_SCOPES = Sheet(
    "Humanitarian scopes",
    "Un'emergenza o un appello per riga.",
    "One emergency or appeal per row.",
    (
        ACTIVITY,
        Column("type", "Scope type code", "Codice tipo", choices=HUMANITARIAN_SCOPE_TYPES, required=True),
        Column(
            "vocabulary",
            "Vocabulary",
            "Vocabolario",
            required=True,
            note_it="lista HumanitarianScopeVocabulary (es. 1-2 GLIDE)",
            note_en="HumanitarianScopeVocabulary list (e.g. 1-2 GLIDE)",
        ),
        Column("code", "Code", "Codice", required=True),
        _vocabulary_uri(),
    ),
)
RESULT_KEY = Column(
    "result",
    "Result key",
    "Chiave risultato",
    required=True,
    note_it="a vostra scelta (1, 2 …), unica nell'attività",
    note_en="your choice (1, 2 …), unique within the activity",
)
INDICATOR_KEY = Column(
    "indicator",
    "Indicator key",
    "Chiave indicatore",
    required=True,
    note_it="a vostra scelta (1, 2 …), unica nell'attività",
    note_en="your choice (1, 2 …), unique within the activity",
)
RESULTS = Sheet(
    "Results",
    "Un risultato per riga.",
    "One result per row.",
    (
        ACTIVITY,
        RESULT_KEY,
        Column("type", "Result type code", "Codice tipo di risultato", codelist="ResultType", required=True),
        *_names("Titolo", "Title", "title"),
        *_names("Descrizione", "Description", "description"),
    ),
)
INDICATORS = Sheet(
    "Indicators",
    "Un indicatore per riga, legato al suo risultato dalla chiave.",
    "One indicator per row, tied to its result by the key.",
    (
        ACTIVITY,
        RESULT_KEY,
        INDICATOR_KEY,
        Column("measure", "Measure code", "Codice misura", codelist="IndicatorMeasure", required=True),
        Column(
            "ascending",
            "Ascending",
            "Crescente",
            kind="flag",
            default="1",
            note_it="1 se un valore più alto è meglio, 0 altrimenti",
            note_en="1 when a higher value is better, else 0",
        ),
        *_names("Titolo", "Title", "title"),
        Column("baseline_year", "Baseline year", "Anno di partenza", kind="integer"),
        Column("baseline_date", "Baseline date", "Data di partenza", kind="date"),
        Column("baseline_value", "Baseline value", "Valore di partenza", kind="decimal"),
    ),
)
PERIODS = Sheet(
    "Indicator periods",
    "Un periodo per riga, legato al suo indicatore dalla chiave.",
    "One period per row, tied to its indicator by the key.",
    (
        ACTIVITY,
        INDICATOR_KEY,
        Column("period_start", "Period start", "Inizio periodo", kind="date", required=True),
        Column("period_end", "Period end", "Fine periodo", kind="date", required=True),
        Column("target", "Target", "Obiettivo", kind="decimal"),
        Column("actual", "Actual", "Valore raggiunto", kind="decimal"),
    ),
)
SHEETS = (
    ACTIVITIES,
    COUNTRIES,
    REGIONS,
    SECTORS,
    LOCATIONS,
    AREAS,
    PARTICIPANTS,
    BUDGETS,
    PLANNED,
    TRANSACTIONS,
    DOCUMENTS,
    RELATED,
    POLICY_MARKERS,
    TAGS,
    HUMANITARIAN_SCOPES,
    RESULTS,
    INDICATORS,
    PERIODS,
)


# ------------------------------------------------------------------ the template


def _codes_text(col: Column) -> str:
    allowed = col.allowed()
    if allowed is None or len(allowed) > NAMED_UP_TO:
        return ""
    return "; ".join(f"{code} {name}" for code, name in allowed.items())


def template_xlsx() -> bytes:
    """The empty workbook: a README sheet, then one sheet per element group, headers in both
    languages and no row of data (nothing invented: the office fills it)."""
    lines = [
        ("Co.Co.Pa. – modello IATI / IATI template", ""),
        (
            "Compilate un foglio per gruppo di elementi, una riga per elemento, dalla riga 2. "
            "L'identificativo lega ogni riga degli altri fogli alla sua attività del foglio Activities. "
            "I fogli che non vi servono restano vuoti.",
            "Fill one sheet per element group, one row per element, from row 2. The activity "
            "identifier ties each row of the other sheets to its activity on the Activities sheet. "
            "Sheets you do not need stay empty.",
        ),
        (
            "Identificativo: la parte dopo il prefisso della rete (es. lampedusa) o l'identificativo IATI completo.",
            "Identifier: the part after the network's prefix (e.g. lampedusa) or the full IATI identifier.",
        ),
        (
            "Date: AAAA-MM-GG o GG/MM/AAAA. Importi, percentuali e coordinate: numeri, virgola o punto decimale.",
            "Dates: YYYY-MM-DD or DD/MM/YYYY. Amounts, percentages and coordinates: numbers, decimal comma or point.",
        ),
        (
            "I codici sono quelli delle liste IATI 2.03 (iatistandard.org/en/iati-standard/203/codelists/).",
            "Codes are those of the IATI 2.03 codelists (iatistandard.org/en/iati-standard/203/codelists/).",
        ),
        (
            "Un'attività già presente viene aggiornata: il foglio la descrive tutta (ogni gruppo incluso: "
            "ciò che manca nei fogli viene tolto).",
            "An activity already held is updated: the sheets describe all of it (every group included: "
            "what the sheets leave out is removed).",
        ),
        (
            "Un file CSV porta solo il foglio Activities; gli altri gruppi vanno nel modello XLSX.",
            "A CSV file carries the Activities sheet only; the other groups go in the XLSX template.",
        ),
        ("", ""),
        (
            "Foglio e colonna / Sheet and column",
            "Obbligatoria, lista IATI e codici, predefinito / Required, IATI codelist and codes, default",
        ),
    ]
    for sheet in SHEETS:
        lines.append((f"{sheet.name}: {sheet.it}", sheet.en))
        for col in sheet.columns:
            notes = []
            if col.required:
                notes.append("obbligatoria / required")
            if col.codelist or col.choices:
                codes = _codes_text(col)
                listed = col.codelist or {
                    RELATED_ACTIVITY_TYPES: "RelatedActivityType",
                    LOCATION_CLASSES: "LocationClass",
                    HUMANITARIAN_SCOPE_TYPES: "HumanitarianScopeType",
                }.get(col.choices, "")
                notes.append(f"{listed}: {codes}" if codes else listed)
            if col.kind == "date":
                notes.append("data / date")
            if col.kind in ("decimal", "integer"):
                notes.append("numero / number")
            if col.kind == "flag" and not col.note_it:
                notes.append("1 / 0")
            if col.default:
                notes.append(f"predefinito / default {col.default}")
            if col.note_it:
                notes.append(f"{col.note_it} / {col.note_en}")
            lines.append((f"  {sheet.letter(col.key)}: {col.header}", ", ".join(notes)))
    title, *explained = lines
    return tables.xlsx_workbook_bytes(
        [
            ("README", title, explained),
            *((sheet.name, [c.header for c in sheet.columns], ()) for sheet in SHEETS),
        ]
    )


def template_csv() -> bytes:
    """The Activities sheet alone, as CSV (UTF-8 with BOM, so that spreadsheets open it as such)."""
    return tables.csv_bytes([c.header for c in ACTIVITIES.columns], [])


# ------------------------------------------------------------------ reading the upload


@dataclass(frozen=True)
class Where:
    sheet: str
    row: int
    column: str = ""  # the column's key, "" for the whole row

    def column_label(self) -> str:
        """The column alone, as the problems table shows it: its letter and its header."""
        sheet = _sheet(self.sheet)
        if not self.column or sheet is None:
            return ""
        return f"{sheet.letter(self.column)} ({sheet.column(self.column).header})"

    def label(self) -> str:
        sheet = _sheet(self.sheet)
        if not self.column or sheet is None:
            return _("sheet %(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        return _("sheet %(sheet)s, row %(row)s, column %(letter)s (%(header)s)") % {
            "sheet": self.sheet,
            "row": self.row,
            "letter": sheet.letter(self.column),
            "header": sheet.column(self.column).header,
        }


@dataclass(frozen=True)
class SheetProblem:
    where: Where | None  # None: the file as a whole
    message: str
    rule: str = ""  # the validator's rule, when the problem is its
    severity: str = "error"

    def __str__(self) -> str:
        place = self.where.label() if self.where else _("the file")
        return f"{place}: {self.message}"


@dataclass
class Row:
    where: Where
    values: dict[str, Any]


@dataclass
class Preview:
    """What an upload would do: its problems, or the import's own counts (nothing written)."""

    name: str
    sha256: str
    problems: list[SheetProblem] = field(default_factory=list)
    activities: list[tuple[str, str]] = field(default_factory=list)  # iati-identifier, title
    rows: dict[str, int] = field(default_factory=dict)  # rows read, per sheet
    report: iati_import.ImportReport | None = None
    marked: bool = False  # only warnings that keep activities out of the export: import marked

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.report) if self.report is not None else ""

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems) and self.report is not None


class SheetRejected(DomainError):
    """The upload has problems: nothing was written; each problem names its sheet, row and column."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        first = "; ".join(str(p) for p in problems[:3])
        super().__init__("iati_sheet_rejected", first)
        self.problems = problems


def fingerprint(report: iati_import.ImportReport) -> str:
    """What an import did or would do, as a hash: the confirmation must do what the preview showed."""
    counts = (report.created, report.updated, report.unchanged, report.marked, sorted(report.held.items()))
    return hashlib.sha256(repr(counts).encode()).hexdigest()


class PlanChanged(DomainError):
    """The registry changed between the preview and the confirmation: nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "iati_sheet_plan_changed",
            _("The registry changed since the preview: nothing was written; check the new preview."),
        )


def _sheet(name: str) -> Sheet | None:
    return next((s for s in SHEETS if s.name == name), None)


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def _header_ok(sheet: Sheet, cells: list[Any]) -> list[SheetProblem]:
    """Each column's header where the template has it. Optional columns after the last header
    given may be missing (a template filled before they were added still reads)."""
    given = max((i + 1 for i, c in enumerate(cells) if _norm(c)), default=0)
    problems = []
    for i, col in enumerate(sheet.columns):
        if i >= given and not col.required and i > 0:
            continue
        got = _norm(cells[i] if i < len(cells) else "")
        if got not in {_norm(col.header), _norm(col.en), _norm(col.it)}:
            problems.append(
                SheetProblem(
                    Where(sheet.name, 1, col.key),
                    _("the header should be %(header)s; use the template's columns, in its order")
                    % {"header": col.header},
                )
            )
    return problems


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number: 11110, not 11110.0
    return str(value).strip()


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _cell_text(value).replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:  # the last separator is the decimal one: 1.234,56 or 1,234.56
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _integer(value: Any) -> int | None:
    number = _decimal(value)
    if number is None or number != number.to_integral_value() or abs(number) >= 32768:
        return None
    return int(number)


_FLAGS = {"1": "1", "0": "0", "true": "1", "false": "0", "sì": "1", "si": "1", "yes": "1", "no": "0"}


def _flag(value: Any) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    return _FLAGS.get(_cell_text(value).casefold())


def _code(col: Column, text: str) -> tuple[str, str]:
    """The code as the list spells it (KE for ke, it for IT), and a message when it is none of its."""
    allowed = col.allowed()
    if allowed is None:
        return text, ""
    for form in (text, text.upper(), text.lower()):
        if form in allowed:
            return form, ""
    listed = col.codelist or col.header
    if len(allowed) <= NAMED_UP_TO:
        named = ", ".join(f"{code} ({name})" for code, name in allowed.items())
        return text, _("%(value)r is not a code of the IATI %(codelist)s codelist; allowed: %(codes)s") % {
            "value": text,
            "codelist": listed,
            "codes": named,
        }
    return text, _("%(value)r is not a code of the IATI %(codelist)s codelist") % {
        "value": text,
        "codelist": listed,
    }


def _read_cell(col: Column, raw: Any) -> tuple[Any, str]:
    """A filled cell's value, and a message when it is not what its column takes."""
    text = _cell_text(raw)
    if col.kind == "date":
        day = _date(raw)
        if day is None:
            return None, _("%(value)r is not a date: write it as YYYY-MM-DD or DD/MM/YYYY") % {"value": text}
        return day, ""
    if col.kind == "decimal":
        amount = _decimal(raw)
        return amount, "" if amount is not None else _("%(value)r is not a number") % {"value": text}
    if col.kind == "integer":
        whole = _integer(raw)
        return whole, "" if whole is not None else _("%(value)r is not a whole number") % {"value": text}
    if col.kind == "flag":
        flag = _flag(raw)
        return flag, "" if flag is not None else _("%(value)r is not 1 (yes) or 0 (no)") % {"value": text}
    return _code(col, text)


def _read_rows(
    sheet: Sheet, cells: Iterable[tuple[int, list[Any]]], problems: list[SheetProblem]
) -> list[Row]:
    rows = []
    for number, values in cells:
        if all(_cell_text(v) == "" for v in values):
            continue  # an empty row, or one the office cleared
        row = Row(Where(sheet.name, number), {})
        for i, col in enumerate(sheet.columns):
            raw = values[i] if i < len(values) else None
            where = Where(sheet.name, number, col.key)
            if _cell_text(raw) == "":
                if col.required:
                    problems.append(SheetProblem(where, _("this column is required")))
                row.values[col.key] = col.default or None
                continue
            value, message = _read_cell(col, raw)
            if message:
                problems.append(SheetProblem(where, message))
            row.values[col.key] = value
        rows.append(row)
    return rows


def read_upload(content: bytes, problems: list[SheetProblem]) -> dict[str, list[Row]]:
    """The rows of each sheet of an XLSX workbook, or of a CSV file (the Activities sheet)."""
    found: dict[str, list[Row]] = {s.name: [] for s in SHEETS}
    if content.startswith(XLSX_MAGIC):
        try:
            book = tables.read_workbook(content)
        except tables.UnreadableWorkbook:
            problems.append(SheetProblem(None, _("the file is not an XLSX workbook that can be read")))
            return found
        if ACTIVITIES.name not in book:
            problems.append(
                SheetProblem(
                    None, _("the workbook has no sheet named %(sheet)s") % {"sheet": ACTIVITIES.name}
                )
            )
            return found
        for sheet in SHEETS:
            if sheet.name not in book:
                continue  # a group the office has nothing for
            rows = book[sheet.name]
            if not rows:
                continue
            header = _header_ok(sheet, rows[0])
            problems.extend(header)
            if not header:
                found[sheet.name] = _read_rows(sheet, enumerate(rows[1:], start=2), problems)
        return found
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(SheetProblem(None, _("the file is neither an XLSX workbook nor a CSV file in UTF-8")))
        return found
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    lines: list[list[Any]] = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not lines:
        problems.append(SheetProblem(None, _("the file is empty")))
        return found
    header = _header_ok(ACTIVITIES, lines[0])
    if header:
        other = next((s for s in SHEETS[1:] if not _header_ok(s, lines[0])), None)
        if other is not None:
            # One table per CSV file: the other groups need the workbook, where each row finds
            # its activity on the Activities sheet.
            problems.append(
                SheetProblem(
                    None,
                    _(
                        "this CSV file has the columns of the %(sheet)s sheet, but a CSV file can carry "
                        "only the Activities sheet: enter %(sheet)s in the XLSX template, on its sheet, "
                        "with their activities on the Activities sheet"
                    )
                    % {"sheet": other.name},
                )
            )
            return found
    problems.extend(header)
    if not header:
        found[ACTIVITIES.name] = _read_rows(ACTIVITIES, enumerate(lines[1:], start=2), problems)
    return found


# ------------------------------------------------------------------ rows to an IATI activity file

# The children of <iati-activity> the sheets give, in the order of the 2.03 schema.
ORDER = (
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "activity-status",
    "activity-date",
    "activity-scope",
    "recipient-country",
    "recipient-region",
    "location",
    "sector",
    "tag",
    "humanitarian-scope",
    "policy-marker",
    "collaboration-type",
    "default-flow-type",
    "default-finance-type",
    "default-aid-type",
    "default-tied-status",
    "budget",
    "planned-disbursement",
    "transaction",
    "document-link",
    "related-activity",
    "result",
)


@dataclass
class _Activity:
    """One activity being built: its element, and its children by tag until put in order."""

    element: etree._Element
    currency: str
    parts: dict[str, list[etree._Element]] = field(default_factory=dict)
    results: dict[str, etree._Element] = field(default_factory=dict)  # by the office's key
    indicators: dict[str, etree._Element] = field(default_factory=dict)
    locations: dict[str, etree._Element] = field(default_factory=dict)  # by their reference


class _Builder:
    """The rows as one IATI 2.03 activity file; remembers which cell each element came from."""

    def __init__(self, reporting: iati.ReportingOrg, problems: list[SheetProblem]) -> None:
        self.reporting = reporting
        self.problems = problems
        self.origin: dict[etree._Element, Where] = {}
        self.root = etree.Element("iati-activities", {"version": "2.03"})
        self.root.set("generated-datetime", timezone.now().replace(microsecond=0).isoformat())

    def make(
        self, tag: str, where: Where, attrs: dict[str, str] | None = None, text: str = ""
    ) -> etree._Element:
        el = etree.Element(tag, {k: v for k, v in (attrs or {}).items() if v})
        if text:
            el.text = text
        self.origin[el] = where
        return el

    def sub(
        self,
        parent: etree._Element,
        tag: str,
        where: Where,
        attrs: dict[str, str] | None = None,
        text: str = "",
    ) -> etree._Element:
        el = self.make(tag, where, attrs, text)
        parent.append(el)
        return el

    def narrative(self, parent: etree._Element, text: str, lang: str, where: Where) -> None:
        el = self.sub(parent, "narrative", where, text=text)
        el.set(XML_LANG, lang)

    def texts(self, parent: etree._Element, tag: str, row: Row, key: str) -> etree._Element | None:
        """An element of narratives from the row's Italian and English columns, if either is filled."""
        at = _cells(row.where)
        given = [lang for lang in ("it", "en") if row.values[f"{key}_{lang}"]]
        if not given:
            return None
        el = self.sub(parent, tag, at(f"{key}_{given[0]}"))
        for lang in given:
            self.narrative(el, row.values[f"{key}_{lang}"], lang, at(f"{key}_{lang}"))
        return el

    def identifier(self, raw: str) -> str:
        prefix = f"{self.reporting.ref}-"
        return raw if raw.startswith(prefix) else prefix + raw

    def build(self, rows: dict[str, list[Row]]) -> list[tuple[str, str]]:
        self.activities: dict[str, _Activity] = {}
        listed = []
        for row in rows[ACTIVITIES.name]:
            raw = row.values["identifier"] or ""
            if not raw:
                continue
            if self.identifier(raw) in self.activities:
                self.problems.append(
                    SheetProblem(
                        Where(ACTIVITIES.name, row.where.row, "identifier"),
                        _("this activity is already on another row"),
                    )
                )
                continue
            self.activities[self.identifier(raw)] = self.activity(row)
            listed.append((self.identifier(raw), row.values["title_it"] or row.values["title_en"] or ""))
        # Results before indicators before periods: each finds the row it names.
        for sheet, add in (
            (COUNTRIES, self.country),
            (REGIONS, self.region),
            (SECTORS, self.sector),
            (LOCATIONS, self.location),
            (AREAS, self.area),
            (PARTICIPANTS, self.participant),
            (BUDGETS, self.budget),
            (PLANNED, self.planned),
            (TRANSACTIONS, self.transaction),
            (DOCUMENTS, self.document),
            (RELATED, self.related),
            (POLICY_MARKERS, self.policy_marker),
            (TAGS, self.tag),
            (HUMANITARIAN_SCOPES, self.humanitarian_scope),
            (RESULTS, self.result),
            (INDICATORS, self.indicator),
            (PERIODS, self.period),
        ):
            for row in rows[sheet.name]:
                raw = row.values["activity"] or ""
                if not raw:
                    continue  # a required column: already named
                found = self.activities.get(self.identifier(raw))
                if found is None:
                    self.problems.append(
                        SheetProblem(
                            Where(sheet.name, row.where.row, "activity"),
                            _("no row of the Activities sheet has the identifier %(identifier)r")
                            % {"identifier": raw},
                        )
                    )
                else:
                    add(found, row)
        for found in self.activities.values():
            for tag in ORDER:
                for el in found.parts.get(tag, ()):
                    found.element.append(el)
        return listed

    def part(self, activity: _Activity, el: etree._Element) -> etree._Element:
        activity.parts.setdefault(str(el.tag), []).append(el)
        return el

    def activity(self, row: Row) -> _Activity:
        v, w = row.values, row.where
        at = _cells(w)
        el = self.make("iati-activity", w)
        self.root.append(el)
        el.set(XML_LANG, "it")
        if v["default_currency"]:
            el.set("default-currency", v["default_currency"])
        if v["humanitarian"]:
            el.set("humanitarian", v["humanitarian"])
        if v["hierarchy"] is not None:
            el.set("hierarchy", str(v["hierarchy"]))
        found = _Activity(el, v["default_currency"] or "")
        add = self.part
        add(found, self.make("iati-identifier", at("identifier"), text=self.identifier(v["identifier"])))
        rep = add(
            found, self.make("reporting-org", w, {"ref": self.reporting.ref, "type": self.reporting.type})
        )
        self.narrative(rep, self.reporting.name, "it", w)
        if not (v["title_it"] or v["title_en"]):
            self.problems.append(SheetProblem(at("title_it"), _("give a title in Italian or in English")))
        title = add(found, self.make("title", at("title_it")))
        for lang in ("it", "en"):
            if v[f"title_{lang}"]:
                self.narrative(title, v[f"title_{lang}"], lang, at(f"title_{lang}"))
        if v["description_it"] or v["description_en"]:
            desc = add(found, self.make("description", at("description_it"), {"type": "1"}))
            for lang in ("it", "en"):
                if v[f"description_{lang}"]:
                    self.narrative(desc, v[f"description_{lang}"], lang, at(f"description_{lang}"))
        add(found, self.make("activity-status", at("status"), {"code": v["status"] or ""}))
        for key, code in (
            ("start_planned", "1"),
            ("start_actual", "2"),
            ("end_planned", "3"),
            ("end_actual", "4"),
        ):
            if isinstance(v[key], dt.date):
                add(
                    found, self.make("activity-date", at(key), {"type": code, "iso-date": v[key].isoformat()})
                )
        if v["scope"]:
            add(found, self.make("activity-scope", at("scope"), {"code": v["scope"]}))
        if v["country"]:
            attrs = {"code": v["country"], "percentage": _num(v["country_percentage"])}
            add(found, self.make("recipient-country", at("country"), attrs))
        if v["sector"]:
            attrs = {
                "vocabulary": v["sector_vocabulary"] or "1",
                "code": v["sector"],
                "percentage": _num(v["sector_percentage"]),
            }
            add(found, self.make("sector", at("sector"), attrs))
        for key, tag in (
            ("collaboration_type", "collaboration-type"),
            ("default_flow_type", "default-flow-type"),
            ("default_finance_type", "default-finance-type"),
        ):
            if v[key]:
                add(found, self.make(tag, at(key), {"code": v[key]}))
        if v["default_aid_type"]:
            attrs = {"vocabulary": "1", "code": v["default_aid_type"]}
            add(found, self.make("default-aid-type", at("default_aid_type"), attrs))
        if v["default_tied_status"]:
            add(
                found,
                self.make(
                    "default-tied-status", at("default_tied_status"), {"code": v["default_tied_status"]}
                ),
            )
        return found

    def country(self, activity: _Activity, row: Row) -> None:
        v = row.values
        attrs = {"code": v["code"], "percentage": _num(v["percentage"])}
        self.part(activity, self.make("recipient-country", _cells(row.where)("code"), attrs))

    def region(self, activity: _Activity, row: Row) -> None:
        v = row.values
        attrs = {
            "code": v["code"],
            "vocabulary": v["vocabulary"] or "1",
            "vocabulary-uri": v["vocabulary_uri"] or "",
            "percentage": _num(v["percentage"]),
        }
        self.part(activity, self.make("recipient-region", _cells(row.where)("code"), attrs))

    def sector(self, activity: _Activity, row: Row) -> None:
        v = row.values
        attrs = {
            "vocabulary": v["vocabulary"] or "1",
            "vocabulary-uri": v["vocabulary_uri"] or "",
            "code": v["code"],
            "percentage": _num(v["percentage"]),
        }
        self.part(activity, self.make("sector", _cells(row.where)("code"), attrs))

    def location(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        el = self.part(
            activity, self.make("location", at("ref") if v["ref"] else at("name"), {"ref": v["ref"] or ""})
        )
        if v["ref"]:
            key = self._keyed(activity.locations, row, "ref")
            if key is not None:
                activity.locations[key] = el
        if v["reach"]:
            self.sub(el, "location-reach", at("reach"), {"code": v["reach"]})
        name = self.sub(el, "name", at("name"))
        self.narrative(name, v["name"] or "", "it", at("name"))
        if v["description"]:
            self.narrative(
                self.sub(el, "description", at("description")), v["description"], "it", at("description")
            )
        if v["admin_code"] or v["admin_vocabulary"] or v["admin_level"] is not None:
            if not (v["admin_code"] and v["admin_vocabulary"]):
                missing = "admin_vocabulary" if v["admin_code"] else "admin_code"
                self.problems.append(
                    SheetProblem(at(missing), _("an administrative area needs its vocabulary and its code"))
                )
            attrs = {
                "vocabulary": v["admin_vocabulary"] or "",
                "level": "" if v["admin_level"] is None else str(v["admin_level"]),
                "code": v["admin_code"] or "",
            }
            self.sub(el, "administrative", at("admin_code"), attrs)
        lat, lon = v["latitude"], v["longitude"]
        if (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            self.problems.append(SheetProblem(at(missing), _("give both the latitude and the longitude")))
        elif lat is not None and lon is not None:
            point = self.sub(el, "point", at("latitude"), {"srsName": iati.SRS_NAME})
            self.sub(point, "pos", at("latitude"), text=f"{lat:f} {lon:f}")
        self.sub(el, "exactness", at("exactness"), {"code": v["exactness"] or "2"})
        if v["location_class"]:
            self.sub(el, "location-class", at("location_class"), {"code": v["location_class"]})
        if v["feature_designation"]:
            self.sub(el, "feature-designation", at("feature_designation"), {"code": v["feature_designation"]})

    def area(self, activity: _Activity, row: Row) -> None:
        """Another administrative area of a location, before its point (the schema's order)."""
        v, at = row.values, _cells(row.where)
        location = self._named(activity.locations, row, "location", LOCATIONS)
        if location is None:
            return
        attrs = {
            "vocabulary": v["vocabulary"] or "",
            "level": "" if v["level"] is None else str(v["level"]),
            "code": v["code"] or "",
        }
        el = self.make("administrative", at("code"), attrs)
        later = ("point", "exactness", "location-class", "feature-designation")
        after = next((child for child in location if child.tag in later), None)
        if after is None:
            location.append(el)
        else:
            after.addprevious(el)

    def participant(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        attrs = {"ref": v["ref"] or "", "role": v["role"] or "", "type": v["type"] or ""}
        el = self.part(activity, self.make("participating-org", at("role"), attrs))
        if v["name"]:
            self.narrative(el, v["name"], "it", at("name"))

    def value(self, parent: etree._Element, activity: _Activity, row: Row, day: dt.date | None) -> None:
        v, at = row.values, _cells(row.where)
        value_date = v["value_date"] or day
        # Always said, so the import reads the amount in the currency the office meant.
        currency = v["currency"] or activity.currency or "EUR"
        attrs = {
            "currency": currency,
            "value-date": value_date.isoformat() if isinstance(value_date, dt.date) else "",
        }
        self.sub(parent, "value", at("value"), attrs, text=_num(v["value"]))

    def org(self, parent: etree._Element, row: Row, side: str) -> None:
        v, at = row.values, _cells(row.where)
        if not (v[f"{side}_ref"] or v[f"{side}_name"]):
            return
        attrs = {"ref": v[f"{side}_ref"] or "", "type": v.get(f"{side}_type") or ""}
        org = self.sub(parent, f"{side}-org", at(f"{side}_ref"), attrs)
        if v[f"{side}_name"]:
            self.narrative(org, v[f"{side}_name"], "it", at(f"{side}_name"))

    def budget(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        attrs = {"type": v["type"] or "1", "status": v["status"] or "1"}
        el = self.part(activity, self.make("budget", at("type"), attrs))
        for key in ("period_start", "period_end"):
            if isinstance(v[key], dt.date):
                self.sub(el, key.replace("_", "-"), at(key), {"iso-date": v[key].isoformat()})
        self.value(el, activity, row, v["period_start"])

    def planned(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        el = self.part(activity, self.make("planned-disbursement", at("type"), {"type": v["type"] or ""}))
        for key in ("period_start", "period_end"):
            if isinstance(v[key], dt.date):
                self.sub(el, key.replace("_", "-"), at(key), {"iso-date": v[key].isoformat()})
        self.value(el, activity, row, v["period_start"])
        for side in ("provider", "receiver"):
            self.org(el, row, side)

    def transaction(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        el = self.part(activity, self.make("transaction", row.where, {"ref": v["reference"] or ""}))
        self.sub(el, "transaction-type", at("type"), {"code": v["type"] or ""})
        if isinstance(v["date"], dt.date):
            self.sub(el, "transaction-date", at("date"), {"iso-date": v["date"].isoformat()})
        self.value(el, activity, row, v["date"])
        if v["description"]:
            desc = self.sub(el, "description", at("description"))
            self.narrative(desc, v["description"], "it", at("description"))
        for side in ("provider", "receiver"):
            self.org(el, row, side)

    def document(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        attrs = {"url": v["url"] or "", "format": v["format"] or "text/html"}
        el = self.part(activity, self.make("document-link", at("url"), attrs))
        if self.texts(el, "title", row, "title") is None:
            self.problems.append(SheetProblem(at("title_it"), _("give a title in Italian or in English")))
        self.sub(el, "category", at("category"), {"code": v["category"] or ""})
        if v["language"]:
            self.sub(el, "language", at("language"), {"code": v["language"]})
        if isinstance(v["date"], dt.date):
            self.sub(el, "document-date", at("date"), {"iso-date": v["date"].isoformat()})

    def related(self, activity: _Activity, row: Row) -> None:
        v = row.values
        attrs = {"ref": v["ref"] or "", "type": v["type"] or ""}
        self.part(activity, self.make("related-activity", _cells(row.where)("ref"), attrs))

    def policy_marker(self, activity: _Activity, row: Row) -> None:
        v = row.values
        attrs = {
            "vocabulary": v["vocabulary"] or "",
            "code": v["code"] or "",
            "significance": v["significance"] or "",
            "vocabulary-uri": v["vocabulary_uri"] or "",
        }
        self.part(activity, self.make("policy-marker", _cells(row.where)("code"), attrs))

    def tag(self, activity: _Activity, row: Row) -> None:
        v = row.values
        attrs = {
            "vocabulary": v["vocabulary"] or "",
            "code": v["code"] or "",
            "vocabulary-uri": v["vocabulary_uri"] or "",
        }
        self.part(activity, self.make("tag", _cells(row.where)("code"), attrs))

    def humanitarian_scope(self, activity: _Activity, row: Row) -> None:
        v = row.values
        attrs = {
            "type": v["type"] or "",
            "vocabulary": v["vocabulary"] or "",
            "code": v["code"] or "",
            "vocabulary-uri": v["vocabulary_uri"] or "",
        }
        self.part(activity, self.make("humanitarian-scope", _cells(row.where)("code"), attrs))

    def _keyed(self, found: dict[str, etree._Element], row: Row, key: str) -> str | None:
        """The row's key, unless another row of the activity already has it."""
        value = row.values[key] or ""
        if value in found:
            message = {
                "result": _("another result of this activity already has the key %(key)r"),
                "indicator": _("another indicator of this activity already has the key %(key)r"),
                "ref": _("another location of this activity already has the reference %(key)r"),
            }[key]
            self.problems.append(SheetProblem(_cells(row.where)(key), message % {"key": value}))
            return None
        return value

    def _named(
        self, found: dict[str, etree._Element], row: Row, key: str, sheet: Sheet
    ) -> etree._Element | None:
        """The result or indicator a row names by its key, or a located problem."""
        value = row.values[key] or ""
        if not value:
            return None  # a required column: already named
        el = found.get(value)
        if el is None:
            self.problems.append(
                SheetProblem(
                    _cells(row.where)(key),
                    _("no row of the %(sheet)s sheet for activity %(activity)r has the key %(key)r")
                    % {"sheet": sheet.name, "activity": row.values["activity"], "key": value},
                )
            )
        return el

    def result(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        el = self.part(activity, self.make("result", at("type"), {"type": v["type"] or ""}))
        if self.texts(el, "title", row, "title") is None:
            self.problems.append(SheetProblem(at("title_it"), _("give a title in Italian or in English")))
        self.texts(el, "description", row, "description")
        key = self._keyed(activity.results, row, "result")
        if key is not None:
            activity.results[key] = el

    def indicator(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        result = self._named(activity.results, row, "result", RESULTS)
        if result is None:
            return
        attrs = {"measure": v["measure"] or "", "ascending": v["ascending"] or "1"}
        el = self.sub(result, "indicator", at("measure"), attrs)
        if self.texts(el, "title", row, "title") is None:
            self.problems.append(SheetProblem(at("title_it"), _("give a title in Italian or in English")))
        year, day, value = v["baseline_year"], v["baseline_date"], v["baseline_value"]
        if year is not None or day is not None or value is not None:
            if year is None and isinstance(day, dt.date):
                year = day.year  # the schema wants the year; a date says it
            if year is None:
                self.problems.append(SheetProblem(at("baseline_year"), _("a baseline needs its year")))
            attrs = {
                "year": "" if year is None else str(year),
                "iso-date": day.isoformat() if isinstance(day, dt.date) else "",
                "value": _num(value),
            }
            self.sub(
                el, "baseline", at("baseline_value") if value is not None else at("baseline_year"), attrs
            )
        key = self._keyed(activity.indicators, row, "indicator")
        if key is not None:
            activity.indicators[key] = el

    def period(self, activity: _Activity, row: Row) -> None:
        v, at = row.values, _cells(row.where)
        indicator = self._named(activity.indicators, row, "indicator", INDICATORS)
        if indicator is None:
            return
        el = self.sub(indicator, "period", at("period_start"))
        for key in ("period_start", "period_end"):
            if isinstance(v[key], dt.date):
                self.sub(el, key.replace("_", "-"), at(key), {"iso-date": v[key].isoformat()})
        for key in ("target", "actual"):
            if v[key] is not None:
                self.sub(el, key, at(key), {"value": _num(v[key])})

    def xml(self) -> tuple[bytes, dict[int, Where]]:
        """The file, and for each of its lines the cell its element came from."""
        data = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        lines: dict[int, Where] = {}
        parsed = etree.fromstring(data)
        for built, read in zip(self.root.iter(), parsed.iter(), strict=True):
            where = self.origin.get(built)
            line = read.sourceline
            if where is not None and isinstance(line, int):
                lines[line] = where
        return data, lines


def _cells(row: Where) -> Callable[[str], Where]:
    """The cell of a column on this row."""

    def at(key: str) -> Where:
        return Where(row.sheet, row.row, key)

    return at


def _num(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else ""


def _locate(lines: dict[int, Where], line: int | None) -> Where | None:
    """The cell of the element on this line, or of the nearest element above it."""
    if line is None:
        return None
    above = [n for n in lines if n <= line]
    return lines[max(above)] if above else None


# ------------------------------------------------------------------ preview and import


class _RolledBack(Exception):
    def __init__(self, report: iati_import.ImportReport) -> None:
        self.report = report


def _validator_problems(err: iati_import.IatiFileRejected, lines: dict[int, Where]) -> list[SheetProblem]:
    return [
        SheetProblem(
            _locate(lines, p.line), p.problem, p.rule, "error" if p.severity == "error" else "warning"
        )
        for p in err.problems
    ]


def _prepare(content: bytes, name: str) -> tuple[Preview, bytes, dict[int, Where]]:
    preview = Preview(name=name, sha256=hashlib.sha256(content).hexdigest())
    try:
        reporting = iati.reporting_org_from_settings()
    except iati.IatiNotConfigured as err:
        preview.problems.append(SheetProblem(None, str(err.message)))
        return preview, b"", {}
    rows = read_upload(content, preview.problems)
    preview.rows = {name: len(r) for name, r in rows.items() if r}
    if not rows[ACTIVITIES.name] and not preview.problems:
        preview.problems.append(
            SheetProblem(None, _("the sheet %(sheet)s has no activity") % {"sheet": ACTIVITIES.name})
        )
    builder = _Builder(reporting, preview.problems)
    preview.activities = builder.build(rows)
    if preview.problems:
        return preview, b"", {}
    data, lines = builder.xml()
    return preview, data, lines


def _run(data: bytes, actor: Actor, *, allow_warnings: bool) -> iati_import.ImportReport:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workbook.xml"
        path.write_bytes(data)
        return iati_import.import_file(path, actor=actor, allow_warnings=allow_warnings)


def preview(content: bytes, name: str, *, actor: Actor = None) -> Preview:
    """What importing the upload would do; nothing is written (the import runs and is rolled back).

    Findings that keep an activity out of the export (no participating organisation …) are the
    import's blocking warnings: shown as warnings, and the import goes ahead only with them
    allowed (`Preview.marked`), the activities marked, as `import_iati --allow-warnings` does."""
    result, data, lines = _prepare(content, name)
    if result.problems:
        return result
    try:
        result.report = _dry_run(data, actor, allow_warnings=False)
    except iati_import.IatiFileNeedsAllowWarnings as err:
        result.problems = _validator_problems(err, lines)
        result.marked = True
        result.report = _dry_run(data, actor, allow_warnings=True)
    except iati_import.IatiFileRejected as err:
        result.problems = _validator_problems(err, lines)
    return result


def _dry_run(data: bytes, actor: Actor, *, allow_warnings: bool) -> iati_import.ImportReport:
    try:
        with transaction.atomic():
            raise _RolledBack(_run(data, actor, allow_warnings=allow_warnings))
    except _RolledBack as done:
        return done.report


def import_upload(
    content: bytes,
    name: str,
    *,
    expected_sha256: str,
    expected_plan: str = "",
    allow_warnings: bool = False,
    actor: Actor = None,
) -> iati_import.ImportReport:
    """Import the upload the office previewed: the same bytes (SHA-256), through the XML import;
    with `expected_plan`, rolled back (PlanChanged) unless it did what the preview counted."""
    result, data, lines = _prepare(content, name)
    if result.sha256 != expected_sha256:
        raise SheetRejected([SheetProblem(None, _("the file is not the one previewed"))])
    if result.problems:
        raise SheetRejected(result.problems)
    try:
        with transaction.atomic():
            report = _run(data, actor, allow_warnings=allow_warnings)
            if expected_plan and fingerprint(report) != expected_plan:
                raise PlanChanged()
            return report
    except iati_import.IatiFileRejected as err:
        raise SheetRejected(_validator_problems(err, lines)) from err
