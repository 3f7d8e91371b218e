"""Acceptance: the factsheet regenerated from the brochure's network says what the brochure says.

The fixture (factsheet/testing.py) is checked first through the existing queries, so a failure of
the PDF test points at the factsheet, not at the data. The PDF's text is extracted with pypdf and
searched with patterns that allow any spacing and case, since layout and CSS (small caps, line
breaks) change both without changing what is said.
"""

import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal

import pytest
from django.utils import translation

from cocopa.cooperation import queries as cooperation_queries
from cocopa.factsheet.testing import (
    CAPITAL_POPULATION,
    CLASSES,
    EMAIL,
    PALESTINE,
    SeedNetwork,
    make_seed_network,
)
from cocopa.members.models import LocalAuthority
from cocopa.network import queries as network_queries
from cocopa.network.models import FoundingClaim, Website

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db: None) -> SeedNetwork:
    return make_seed_network()


# --- the fixture, through the existing queries ---------------------------------------------------


def test_the_populations_lie_inside_the_brochures_bands(seed: SeedNetwork) -> None:
    bands = {"large": (30_000, 55_000), "medium": (10_000, 29_999), "medium_small": (5_000, 9_999)}
    bands["small"] = (0, 4_999)
    for key, authorities in seed.members.items():
        low, high = bands[key]
        assert all(low <= seed.populations[a.name] <= high for a in authorities), key
    assert {k: len(v) for k, v in seed.members.items()} == {
        "large": 8,
        "medium": 10,
        "medium_small": 7,
        "small": 6,
    }


def test_statistics_give_the_brochures_members(seed: SeedNetwork) -> None:
    stats = network_queries.statistics(seed.day)
    classes = {c.key: c for c in stats.classes}
    assert classes["capital"].members == 1
    assert classes["capital"].population == CAPITAL_POPULATION == 907_563
    assert {k: classes[k].members for k in ("large", "medium", "medium_small", "small")} == {
        "large": 8,
        "medium": 10,
        "medium_small": 7,
        "small": 6,
    }
    assert stats.municipalities == 32
    assert stats.by_kind == {LocalAuthority.Kind.MUNICIPALITY: 32, LocalAuthority.Kind.PROVINCE: 1}
    assert stats.population_unknown == 0
    assert stats.population_represented == seed.represented
    assert stats.territory_population == seed.populations[seed.territory.name]
    assert stats.territory_share == Decimal("70.0")


@pytest.mark.parametrize("language", ["it", "en"])
def test_statistics_name_the_classes_as_the_brochure(seed: SeedNetwork, language: str) -> None:
    with translation.override(language):
        names = {c.key: c.name for c in network_queries.statistics(seed.day).classes}
    expected = {key: name_it if language == "it" else name_en for key, name_it, name_en, *_rest in CLASSES}
    assert {key: names[key] for key in expected} == expected


def test_the_portfolio_counts_the_brochures_initiatives(seed: SeedNetwork) -> None:
    rows = {r.code: r for group in cooperation_queries.overview() for r in group.countries}
    assert {code: r.initiatives for code, r in rows.items()} == {
        "BF": 4,
        "ML": 1,
        "SN": 1,
        "MZ": 1,
        "PS": 7,
        "LB": 1,
        "IN": 1,
        "LK": 1,
        "HT": 1,
        "IT": 1,
    }
    assert (rows["IN"].period, rows["LK"].period, rows["HT"].period) == (
        "2006–2011",
        "2006–2011",
        "2011–2013",
    )
    assert rows["PS"].period == "2000–2017"
    assert not any(r.disagrees for r in rows.values())
    assert [p.name for p in seed.initiatives["seed-it-lampedusa"].places.all()] == ["Lampedusa"]
    # Every initiative had started on the fixture's day.
    assert all(i.start_on is not None and i.start_on <= seed.day for i in seed.initiatives.values())


def test_the_palestine_timeline_is_the_brochures(seed: SeedNetwork) -> None:
    got = [(i.period_label, i.title_en, i.title_it) for i in seed.palestine]
    expected = [
        ("2000", "Project Betlemme2000"),
        ("2002", "Gaza: water filters for schools in refugee camps"),
        ("2001–2003", "Support of Jahaleen bedouins in Abu Dis, Bethlehem area"),
        ("2004", "Political mission of European Network for Peace in the Middle East"),
        ("2005", "International observer for the Palestinian administrative elections (Gaza and Rafah)"),
        ("2009–2011", "Italian Coordination of Local Authorities for Peace and HR"),
        ("2015–2017", "Bethlehem Smart Water Awareness and educational activities"),
    ]
    assert [(label, en) for label, en, _it in got] == expected
    assert all(it for _label, _en, it in got)


def test_the_profile_bodies_and_fields_are_the_brochures(seed: SeedNetwork) -> None:
    profile = network_queries.profile()
    assert profile is not None
    assert (profile.acronym, profile.founded_label) == ("Co.Co.Pa.", "1995")
    assert profile.capital == seed.capital
    assert profile.territory == seed.territory
    assert (profile.motto_author, profile.motto_on) == ("E. Balducci", dt.date(1994, 5, 21))
    assert profile.motto_occasion_en == "National Assembly of Local Institutions for Peace"
    assert profile.motto_occasion_it == "Assemblea nazionale degli enti locali per la pace"
    assert profile.phone_list == ["011/443.25.88", "011/443.25.87"]
    assert (profile.fax, profile.email) == ("011/443.25.99", EMAIL)
    assert [(c.date_label, c.preferred) for c in FoundingClaim.objects.all()] == [("1995", True)]
    assert [w.url for w in Website.objects.filter(current=True)] == ["http://www.cocopa.it/"]
    bodies = {b.kind: (b.name_it, b.name_en, b.term_years) for b in seed.bodies.values()}
    assert bodies == {
        "assembly": ("Assemblea", "Assembly", None),
        "board": ("Comitato Direttivo", "Executive Board", 3),
        "peace_office": ("Ufficio Intercomunale Pace", "Intermunicipal Peace Office", None),
        "administrative_office": ("Ufficio amministrativo", "Administrative Office", None),
    }
    assert len(seed.fields_of_action) == 4
    assert len([f for f in seed.fields_of_intervention if f.parent_id is None]) == 8


# --- the PDF ------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The PDF's text, pages joined, soft hyphens dropped, compatibility forms (ligatures, no-break
    spaces) folded and every run of whitespace made one space."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def phrase(words: str) -> str:
    """A pattern for the words with any spacing (or none) between them, as extraction may give."""
    return r"\s*".join(re.escape(w) for w in words.split())


def found(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def near(a: str, b: str, text: str, within: int = 60) -> bool:
    """Whether the patterns occur within `within` characters of each other, in either order."""
    gap = rf"[\s\S]{{0,{within}}}?"
    return found(f"(?:{a}){gap}(?:{b})", text) or found(f"(?:{b}){gap}(?:{a})", text)


COUNTRIES = {
    "it": {
        "Burkina Faso": 4,
        "Mali": 1,
        "Senegal": 1,
        "Mozambico": 1,
        "Palestina": 7,
        "Libano": 1,
        "India": 1,
        "Sri Lanka": 1,
        "Haiti": 1,
    },
    "en": {
        "Burkina Faso": 4,
        "Mali": 1,
        "Senegal": 1,
        "Mozambique": 1,
        "Palestine": 7,
        "Lebanon": 1,
        "India": 1,
        "Sri Lanka": 1,
        "Haiti": 1,
    },
}
CAPITAL = {"it": "907.563", "en": "907,563"}
SHARE = {"it": r"70,0\s*%", "en": r"70\.0\s*%"}


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_factsheet_pdf_says_what_the_brochure_says(seed: SeedNetwork, language: str) -> None:
    from cocopa.factsheet.pdf import factsheet_pdf

    text = pdf_text(factsheet_pdf(language=language, at=seed.day))
    missing = []

    def expect(what: str, ok: bool) -> None:
        if not ok:
            missing.append(what)

    expect(
        f"capital population {CAPITAL[language]}",
        found(rf"(?<![\d.,]){re.escape(CAPITAL[language])}(?![\d])", text),
    )
    for _key, name_it, name_en, _bound, _stem, populations in CLASSES:
        count, name = len(populations), name_it if language == "it" else name_en
        expect(f"{count} {name}", found(rf"(?<![\d.,]){count}\s*{phrase(name)}(?![\w/-])", text))
    municipalities = "comuni" if language == "it" else "municipalities"
    expect(f"32 {municipalities}", found(rf"(?<![\d.,])32\s*{municipalities}\b", text))
    expect(f"share {SHARE[language]}", found(rf"(?<![\d.,]){SHARE[language]}", text))
    for country, count in COUNTRIES[language].items():
        pattern = rf"{phrase(country)}[\s(:–-]*{count}(?![\d.,]\d)"
        expect(f"{country} ({count})", found(pattern, text))
    expect("Lampedusa", found("Lampedusa", text))
    expect("2006–2011", "2006–2011" in text)
    expect("2011–2013", "2011–2013" in text)
    for initiative, (first, last, *_titles) in zip(seed.palestine, PALESTINE, strict=True):
        years = f"{first}–{last}" if first != last else str(first)
        title = getattr(initiative, f"title_{language}")
        expect(f"Palestine {years}: {title}", near(re.escape(years), phrase(title), text))
    for body in seed.bodies.values():
        expect(
            f"body {getattr(body, f'name_{language}')}",
            found(phrase(getattr(body, f"name_{language}")), text),
        )
    expect("Balducci", found("Balducci", text))
    expect(EMAIL, found(re.escape(EMAIL), text))
    expect("phone 011/443.25.88", found(phrase("011/443.25.88"), text))

    hint = ""
    with translation.override("it"):
        if language == "it" and translation.gettext("Palestine") == "Palestine":
            hint = (
                " (the Italian messages are not compiled: run `make compile-messages`, as `make pytest` does)"
            )
    assert not missing, f"missing in the {language} PDF{hint}: {missing}\n--- extracted text ---\n{text}"
