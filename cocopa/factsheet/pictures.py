"""The factsheet's pictures, drawn from its figures: members by size class, the share of the
territory's population, and the map of the cooperation countries (charts.py draws the SVG).

Each picture says in its title and description what it shows, in words and numbers, so a
screen reader or a text extract carries the same facts as the drawing.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cocopa.factsheet import charts
from cocopa.factsheet.queries import Factsheet
from cocopa.factsheet.words import band_label, number, share_label


@dataclass(frozen=True)
class Pictures:
    classes: SafeString | None
    share: SafeString | None
    countries: SafeString | None


def pictures(sheet: Factsheet) -> Pictures:
    classes = None
    if sheet.stats.municipalities:
        bars = [charts.Bar(c.name, c.members, number(c.members), band_label(c)) for c in sheet.classes]
        classes = charts.bar_chart(
            bars,
            title=_("Member municipalities by size class"),
            description="; ".join(f"{c.name}: {number(c.members)} ({band_label(c)})" for c in sheet.classes),
            id_prefix="chart-classes",
        )
    share = None
    stats = sheet.stats
    if stats.territory_share is not None and stats.territory_population:
        share = charts.donut(
            stats.population_represented,
            stats.territory_population,
            title=_("Share of the territory's population"),
            description=_(
                "The member municipalities have %(represented)s of the %(territory)s inhabitants "
                "of the territory: %(share)s."
            )
            % {
                "represented": number(stats.population_represented),
                "territory": number(stats.territory_population),
                "share": share_label(stats.territory_share),
            },
            centre_label=share_label(stats.territory_share),
            id_prefix="chart-share",
        )
    lines = [line for group in sheet.cooperation for line in group.countries]
    countries = None
    if lines:
        countries = charts.country_map(
            {line.code: line.initiatives for line in lines},
            names={line.code: line.name for line in lines},
            title=_("Countries of the network's cooperation"),
            description="; ".join(f"{line.name}: {number(line.initiatives)}" for line in lines),
            id_prefix="chart-map",
        )
    return Pictures(classes, share, countries)
