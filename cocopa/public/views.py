"""Thin public views: the network, its members and where each figure comes from, on a chosen day."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from cocopa.cooperation import queries as cooperation_queries
from cocopa.core import dataversion, pagination, sources
from cocopa.core.dates import DateChoice, choose_date
from cocopa.governance import public_queries as governance_queries
from cocopa.members import queries as member_queries
from cocopa.members import sizes
from cocopa.members.models import LocalAuthority, PopulationFigure
from cocopa.network import queries as network_queries
from cocopa.public import iati, queries

if TYPE_CHECKING:
    from cocopa.members.queries import Statistics

PAGE_SIZE = 50


def _page(request: HttpRequest, template: str, section: str, **context: Any) -> HttpResponse:
    return render(request, template, {"section": section, **context})


def _kinds(stats: "Statistics") -> list[str]:
    """Members by kind of authority, counted in words: "34 municipalities", "1 metropolitan city"."""
    words = {
        LocalAuthority.Kind.MUNICIPALITY: lambda n: ngettext("%(n)s municipality", "%(n)s municipalities", n),
        LocalAuthority.Kind.PROVINCE: lambda n: ngettext(
            "%(n)s province or metropolitan city", "%(n)s provinces or metropolitan cities", n
        ),
        LocalAuthority.Kind.REGION: lambda n: ngettext("%(n)s region", "%(n)s regions", n),
        LocalAuthority.Kind.OTHER: lambda n: ngettext("%(n)s other authority", "%(n)s other authorities", n),
    }
    return [
        words[kind](n) % {"n": number_format(n, force_grouping=True)}
        for kind in LocalAuthority.Kind
        if (n := stats.by_kind.get(kind, 0))
    ]


def _class_label(key: str, names: dict[str, str]) -> str:
    if key == sizes.CAPITAL:
        return _("capital city")
    return names.get(key) or key


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What the network is and does; where sources disagree, the figures link to /data/."""
    when = choose_date(request)
    network = network_queries.profile()
    figures = queries.key_figures(when.at, network)
    founding = network_queries.leading_claim(queries.founding_claims())
    return _page(
        request,
        "public/home.html",
        "home",
        network=network,
        at=when,
        figures=figures,
        stats=figures.stats,
        kinds=_kinds(figures.stats),
        founding=founding,
        fields_of_action=queries.fields_of_action(),
        initiatives=queries.current_initiatives(),
        meetings=list(governance_queries.upcoming_meetings(timezone.now())[:3]),
        sources=sources.cited(
            [network.motto_source if network else None],
            founding.sources.all() if founding else [],
        ),
    )


@require_GET
def data(request: HttpRequest) -> HttpResponse:
    """Where the sources disagree with each other or with the registers: every figure side by side."""
    when = choose_date(request)
    network = network_queries.profile()
    figures = queries.key_figures(when.at, network)
    reported = queries.reported_counts()
    claims = queries.founding_claims()
    founding = network_queries.leading_claim(claims)
    municipalities = network_queries.members_at(when.at, network, kind=LocalAuthority.Kind.MUNICIPALITY)
    population_sources = queries.population_sources(municipalities, when.at)
    territory = queries.figure_in_use(network.territory if network else None, when.at)
    countries = queries.portfolio_comparison(figures.portfolio)
    return _page(
        request,
        "public/data.html",
        "data",
        network=network,
        at=when,
        figures=figures,
        stats=figures.stats,
        reported=reported,
        founding=founding,
        claims=claims,
        population_sources=population_sources,
        territory_figure=territory,
        countries=countries,
        sources=sources.cited(
            (s for c in claims for s in c.sources.all()),
            (r.count.source for r in reported),
            (r.count.conflicts_with for r in reported),
            population_sources,
            [territory.source if territory else None],
            (c.source for row in countries for c in row.claims),
        ),
    )


@dataclass(frozen=True)
class MemberRow:
    authority: LocalAuthority
    class_label: str
    figure: PopulationFigure | None


def _member_rows(page: "Page[member_queries.Member]", names: dict[str, str]) -> list[MemberRow]:
    figures = queries.figures_by_id(a.population_figure_id for a in page)
    return [
        MemberRow(
            a,
            _class_label(a.size_class, names) if a.size_class else "",
            figures.get(a.population_figure_id) if a.population_figure_id else None,
        )
        for a in page
    ]


def _members_query(size_class: str, when: DateChoice, page: int | None = None) -> str:
    params = {"class": size_class, "at": when.at.isoformat() if when.chosen else "", "page": page or ""}
    kept = {k: v for k, v in params.items() if v}
    return "?" + urlencode(kept) if kept else "?"


@require_GET
def members(request: HttpRequest) -> HttpResponse:
    when = choose_date(request)
    network = network_queries.profile()
    stats = network_queries.statistics(when.at, network)
    names = {c.key: c.name for c in stats.classes}
    size_class = request.GET.get("class", "").strip()
    class_error = ""
    if size_class and size_class not in {c.key for c in stats.classes}:
        class_error = _("There is no size class “%(key)s”, so all members are shown.") % {
            "key": size_class[:40]
        }
        size_class = ""
    listed = queries.listed_members(when.at, network, size_class=size_class or None)
    pages = pagination.pager(
        listed, request.GET.get("page"), size=PAGE_SIZE, query=lambda n: _members_query(size_class, when, n)
    )
    rows = _member_rows(pages.page, names)
    territory = queries.figure_in_use(network.territory if network else None, when.at)
    return _page(
        request,
        "public/members.html",
        "members",
        # The template caches its content under the registry's state; with no version, nothing
        # may be reused, so a key that never repeats.
        data_version=dataversion.token() or uuid.uuid4().hex,
        network=network,
        at=when,
        stats=stats,
        kinds=_kinds(stats),
        rows=rows,
        page=pages.page,
        pager=pages,
        size_class=size_class,
        size_class_label=_class_label(size_class, names) if size_class else "",
        class_error=class_error,
        all_query=_members_query("", when),
        class_links=[(c, _class_label(c.key, names), _members_query(c.key, when)) for c in stats.classes],
        territory_figure=territory,
        sources=sources.cited(
            (r.figure.source for r in rows if r.figure), [territory.source if territory else None]
        ),
    )


@require_GET
def member(request: HttpRequest, slug: str) -> HttpResponse:
    when = choose_date(request)
    network = network_queries.profile()
    authority = network_queries.authority_on(slug, when.at, network)
    if authority is None:
        raise Http404(_("No local authority has this code."))
    standing = authority if authority.current_start is not None else None
    class_label = (
        _class_label(authority.size_class, queries.class_names()) if standing and authority.size_class else ""
    )
    periods = list(authority.memberships.all())
    figures = list(authority.population_figures.all())
    acts = list(authority.acts.all())
    evidence = list(authority.evidence.all())
    return _page(
        request,
        "public/member.html",
        "members",
        network=network,
        at=when,
        authority=authority,
        standing=standing,
        class_label=class_label,
        periods=periods,
        figures=figures,
        acts=acts,
        evidence=evidence,
        figure_in_use=next((f for f in figures if f.pk == authority.population_figure_id), None),
        sources=sources.cited(
            (p.start_source for p in periods),
            (p.end_source for p in periods),
            (f.source for f in figures),
            (a.source for a in acts),
            (e.source for e in evidence),
            sources.named_in(
                authority.notes,
                *(p.notes for p in periods),
                *(a.notes for a in acts),
                *(e.what for e in evidence),
            ),
        ),
    )


@require_GET
def fields(request: HttpRequest) -> HttpResponse:
    when = choose_date(request)
    actions = queries.fields_of_action()
    interventions = queries.fields_of_intervention()
    return _page(
        request,
        "public/fields.html",
        "fields",
        network=network_queries.profile(),
        at=when,
        fields_of_action=actions,
        fields_of_intervention=interventions,
        sources=sources.cited(
            (f.source for f in actions),
            (f.source for f in interventions),
            (c.source for f in interventions for c in f.children.all()),
        ),
    )


@require_GET
def contacts(request: HttpRequest) -> HttpResponse:
    when = choose_date(request)
    network = network_queries.profile()
    sites = queries.websites()
    return _page(
        request,
        "public/contacts.html",
        "contacts",
        network=network,
        at=when,
        websites=sites,
        sources=sources.cited(
            [network.contact_source if network else None],
            (s for w in sites for s in w.sources.all()),
            sources.named_in(network.contact_note if network else "", *(w.note for w in sites)),
        ),
    )


# --- How to join and the fee calculator ------------------------------------------------------

# The longest text the calculator's field takes: Italy's longest municipality name has 34 letters.
MUNICIPALITY_MAX = 100
# Sources of the joining steps' text (templates/public/join.html): the network's register codes.
JOIN_SOURCES = ("S01", "S09", "S15", "S16", "S17", "S21", "S36", "S44")


@dataclass(frozen=True)
class Calculator:
    """The fee calculator's state: the text typed, the message beside the field, the choices, the result."""

    text: str = ""
    error: str = ""
    search: queries.MunicipalitySearch | None = None
    estimate: queries.FeeEstimate | None = None
    class_label: str = ""


def _calculator(request: HttpRequest, day: dt.date) -> Calculator:
    if "municipality" not in request.GET:
        return Calculator()
    text = " ".join(request.GET["municipality"].split())
    if not text:
        return Calculator(text, _("Type the name or the ISTAT code of a municipality."))
    if len(text) > MUNICIPALITY_MAX:
        return Calculator(
            text[:MUNICIPALITY_MAX],
            _("A municipality's name has at most %(n)s characters.") % {"n": MUNICIPALITY_MAX},
        )
    search = queries.find_municipality(text, day)
    if search.chosen is None and not search.choices:
        if text.isdigit():
            message = _("No Italian municipality has the ISTAT code “%(code)s”.") % {"code": text}
        else:
            message = _("No Italian municipality has a name containing “%(text)s”.") % {"text": text}
        return Calculator(text, message)
    if search.chosen is None:
        return Calculator(text, search=search)
    estimate = queries.fee_estimate(search.chosen, day.year)
    label = _class_label(estimate.size_class, queries.class_names()) if estimate.size_class else ""
    return Calculator(text, search=search, estimate=estimate, class_label=label)


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    calculator = _calculator(request, today)
    cited = queries.sources_by_code(JOIN_SOURCES)
    conventions = queries.conventions()
    estimate = calculator.estimate
    return _page(
        request,
        "public/join.html",
        "join",
        network=network_queries.profile(),
        year=today.year,
        src=cited,
        conventions=conventions,
        calc=calculator,
        sources=sources.cited(
            cited.values(),
            (c.source for c in conventions),
            [estimate.applied.source if estimate and estimate.applied else None],
            [estimate.figure.source if estimate and estimate.figure else None],
        ),
    )


# --- Public-administration pages: accessibility, privacy, legal notes, open data -------------

# The day this software's own automated accessibility check (axe-core over the public pages, in its
# test suite) last passed: not an evaluation by a third party, and labelled so on the page.
SELF_CHECK_ON = dt.date(2026, 12, 6)
# AgID's form for reporting an unsatisfactory answer (Law 4/2004, art. 3-quinquies).
AGID_FORM_URL = "https://form.agid.gov.it/"
# The software's licence, as pyproject.toml and publiccode.yml give it (a test checks they agree).
SOFTWARE_LICENCE = "AGPL-3.0-or-later"
SOFTWARE_LICENCE_URL = "https://www.gnu.org/licenses/agpl-3.0.html"
ISTAT_LICENCE_URL = "https://creativecommons.org/licenses/by/3.0/it/"


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "public/accessibility.html",
        "accessibility",
        network=network_queries.profile(),
        self_check_on=SELF_CHECK_ON,
        agid_form_url=AGID_FORM_URL,
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "public/privacy.html",
        "privacy",
        network=network_queries.profile(),
        controller=settings.COCOPA_PRIVACY_CONTROLLER,
        staff_idle_hours=number_format(settings.COCOPA_STAFF_SESSION_IDLE_HOURS, decimal_pos=0),
        session_days=settings.SESSION_COOKIE_AGE // 86400,
        invitation_hours=settings.COCOPA_INVITATION_HOURS,
        failure_limit=settings.AXES_FAILURE_LIMIT,
        cooloff_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    )


@require_GET
def legal(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "public/legal.html",
        "legal",
        network=network_queries.profile(),
        licence=SOFTWARE_LICENCE,
        licence_url=SOFTWARE_LICENCE_URL,
        istat_licence_url=ISTAT_LICENCE_URL,
    )


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "public/open_data.html",
        "open-data",
        network=network_queries.profile(),
        iati_published=bool(settings.IATI_REPORTING_ORG_REF),
        iati_countries=[(code, cooperation_queries.country_name(code)) for code in iati.country_files()],
        istat_licence_url=ISTAT_LICENCE_URL,
    )


# --- For robots and browsers: robots.txt, the web manifest ----------------------------------

# Pages behind a login, never worth a crawler's visit (under /en/ too).
ROBOTS_DISALLOW = ("/office/", "/admin/", "/accounts/", "/me/", "/fees/")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    for prefix in ROBOTS_DISALLOW:
        lines += [f"Disallow: {prefix}", f"Disallow: /en{prefix}"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    network = network_queries.profile()
    name = (network.name if network else "") or "cocopa"
    short = (network.acronym if network else "") or "cocopa"
    icons = [
        {"src": static("public/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("public/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("public/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
    ]
    data = {
        "name": name,
        "short_name": short,
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#0066cc",
        "lang": "it",
        "icons": icons,
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: the static icon (its hashed name)."""
    return HttpResponsePermanentRedirect(static("public/icons/favicon.ico"))
