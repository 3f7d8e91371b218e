"""Thin public views: the network, its members and where each figure comes from, on a chosen day."""

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from cocopa.core import dataversion, pagination, sources
from cocopa.core.dates import DateChoice, choose_date
from cocopa.governance import public_queries as governance_queries
from cocopa.members import queries as member_queries
from cocopa.members import sizes
from cocopa.members.models import LocalAuthority, PopulationFigure
from cocopa.network import queries as network_queries
from cocopa.public import queries

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
            [network.contact_source if network else None], (s for w in sites for s in w.sources.all())
        ),
    )
