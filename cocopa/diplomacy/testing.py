"""make_* factories for the diplomacy tests: real rows, written through the services as the system."""

import datetime as dt
from decimal import Decimal
from typing import Any

from cocopa.diplomacy import services
from cocopa.diplomacy.models import Agreement, AgreementKind, ForeignAuthority, Mission
from cocopa.members.models import LocalAuthority
from cocopa.testing import make_authority


def make_kind(key: str = "twinning", name: str = "Gemellaggio") -> AgreementKind:
    return AgreementKind.objects.get_or_create(key=key, defaults={"name_it": name, "name_en": key})[0]


def make_partner(name: str = "Ouahigouya", country: str = "BF", located: bool = True) -> ForeignAuthority:
    known = ForeignAuthority.objects.filter(name=name, country=country).first()
    if known is not None:
        return known
    return services.create_foreign_authority(
        services.ForeignAuthorityInput(
            name=name,
            country=country,
            latitude=Decimal("13.5769") if located else None,
            longitude=Decimal("-2.41786") if located else None,
        ),
        actor=None,
    )


def make_member(name: str = "Nichelino", located: bool = False) -> LocalAuthority:
    member = make_authority(name, joined=dt.date(2000, 1, 1))
    if located:
        member.latitude, member.longitude = Decimal("45.0"), Decimal("7.6")
        member.save()
    return member


def make_agreement(**fields: Any) -> Agreement:
    fields.setdefault("kind", make_kind())
    fields.setdefault("title_it", "Patto con Ouahigouya")
    if "members" not in fields and "foreign_authorities" not in fields:
        fields["foreign_authorities"] = [make_partner()]
    return services.create_agreement(services.AgreementInput(**fields), actor=None)


def make_mission(**fields: Any) -> Mission:
    fields.setdefault("direction", Mission.Direction.OUTGOING)
    fields.setdefault("title_it", "Missione in Senegal")
    return services.create_mission(services.MissionInput(**fields), actor=None)
