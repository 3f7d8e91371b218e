"""Which part of the world a country belongs to, grouped the way the network's presentation groups it.

The groups follow the UN geoscheme (M49) with the seed's own choices: Western Asia's Arab states,
Israel, Palestine, Iran and Turkey form the "Middle East"; Latin America includes the Caribbean;
Italy stands apart, because the network's work at home is national solidarity, not cooperation
abroad. Every ISO 3166-1 country is listed (tests check it against pycountry); Antarctica and
unknown codes fall back to OTHER.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

AFRICA = "africa"
MIDDLE_EAST = "middle_east"
ASIA = "asia"
LATIN_AMERICA = "latin_america"
NORTH_AMERICA = "north_america"
EUROPE = "europe"
OCEANIA = "oceania"
ITALY = "italy"
OTHER = "other"

# In the order pages list them: the seed's order first (Africa, Middle East, Asia, Latin America,
# then the work at home), the rest after.
LABELS: dict[str, Promise] = {
    AFRICA: _("Africa"),
    MIDDLE_EAST: _("Middle East"),
    ASIA: _("Asia"),
    LATIN_AMERICA: _("Latin America and the Caribbean"),
    ITALY: _("Italy: national solidarity"),
    EUROPE: _("Europe"),
    NORTH_AMERICA: _("North America"),
    OCEANIA: _("Oceania"),
    OTHER: _("Elsewhere"),
}

_MEMBERS = {
    AFRICA: (
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW "
        "ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW EH YT RE SH IO TF"
    ),
    MIDDLE_EAST: "BH IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    ASIA: (
        "AF AM AZ GE BD BT BN KH CN HK MO IN ID JP KZ KP KR KG LA MY MV MN MM NP PK PH SG LK TW TJ TH "
        "TL TM UZ VN"
    ),
    EUROPE: (
        "AL AD AT BY BE BA BG HR CY CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM JE LV LI LT LU MT MD "
        "MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB AX"
    ),
    ITALY: "IT",
    LATIN_AMERICA: (
        "AI AG AR AW BS BB BZ BO BQ BR VG KY CL CO CR CU CW DM DO EC SV FK GF GD GP GT GY HT HN JM MQ "
        "MX MS NI PA PY PE PR BL KN LC MF VC SX SR TT TC UY VE VI GS BV"
    ),
    NORTH_AMERICA: "BM CA GL PM US",
    OCEANIA: "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF CX CC HM",
}

CONTINENT_OF: dict[str, str] = {code: key for key, codes in _MEMBERS.items() for code in codes.split()}


def continent_of(code: str) -> str:
    """The group key of an ISO 3166-1 alpha-2 code; OTHER when it is not a country of the list."""
    return CONTINENT_OF.get(code.upper(), OTHER)


def order(key: str) -> int:
    """Where a group comes on the page."""
    keys = list(LABELS)
    return keys.index(key) if key in keys else len(keys)
