"""make_* factories for tests and benchmarks: plain functions, real rows, no fixtures magic."""

import datetime as dt
import itertools

from cocopa.core.dates import Precision
from cocopa.core.models import Source
from cocopa.members.models import LocalAuthority, Membership, PopulationFigure, SizeClass, folded_name
from cocopa.members.sizes import DEFAULT_BANDS

_codes = itertools.count(1)

CENSUS_2011 = dt.date(2011, 10, 9)


def make_source(code: str = "T1", title: str = "Test source") -> Source:
    return Source.objects.get_or_create(code=code, defaults={"title": title})[0]


def make_size_classes() -> None:
    names = {"large": "grandi", "medium": "medi", "medium_small": "medio-piccoli", "small": "piccoli"}
    for band in DEFAULT_BANDS:
        SizeClass.objects.get_or_create(
            key=band.key,
            defaults={"lower_bound": band.lower_bound, "name_it": names[band.key], "name_en": band.key},
        )


def next_istat_code(province: str = "099") -> str:
    return f"{province}{next(_codes) % 1000:03d}"


def make_authority(
    name: str,
    population: int | None = None,
    *,
    kind: str = LocalAuthority.Kind.MUNICIPALITY,
    istat_code: str | None = None,
    province_code: str = "099",
    population_on: dt.date = CENSUS_2011,
    joined: dt.date | None = None,
    left: dt.date | None = None,
) -> LocalAuthority:
    """An authority with one population figure and, when `joined` is given, one membership period."""
    if kind == LocalAuthority.Kind.MUNICIPALITY and istat_code is None:
        istat_code = next_istat_code(province_code)
    authority = LocalAuthority.objects.create(
        kind=kind, name=name, istat_code=istat_code, province_code=province_code
    )
    if population is not None:
        PopulationFigure.objects.create(authority=authority, value=population, reference_date=population_on)
    if joined is not None:
        make_membership(authority, joined, left)
    return authority


def make_membership(authority: LocalAuthority, joined: dt.date, left: dt.date | None = None) -> Membership:
    return Membership.objects.create(
        authority=authority,
        start_on=joined,
        start_precision=Precision.DAY,
        end_on=left,
        end_basis=Membership.EndBasis.LEFT if left else "",
    )


def make_members(count: int, *, joined: dt.date = dt.date(2000, 1, 1)) -> list[LocalAuthority]:
    """`count` member municipalities with populations spread over every size class, in bulk.

    Synthetic ISTAT codes start at province 500 (no real province has that code), a thousand
    municipalities per province, so a network the size of Mayors for Peace fits.
    """
    start = LocalAuthority.objects.count()
    codes = [f"{500 + n // 1000:03d}{n % 1000:03d}" for n in range(start, start + count)]
    authorities = LocalAuthority.objects.bulk_create(
        LocalAuthority(
            kind=LocalAuthority.Kind.MUNICIPALITY,
            name=f"Comune {code}",
            name_folded=folded_name(f"Comune {code}"),  # bulk_create does not call save()
            istat_code=code,
            province_code=code[:3],
        )
        for code in codes
    )
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            authority=a, value=(i * 7919) % 120_000 + 50, reference_date=CENSUS_2011, preferred=True
        )
        for i, a in enumerate(authorities)
    )
    Membership.objects.bulk_create(Membership(authority=a, start_on=joined) for a in authorities)
    return authorities
