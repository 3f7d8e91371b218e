"""An agreement linked to an initiative gives its activity a document-link of category A09."""

import datetime as dt

import pytest

from cocopa.cooperation import iati_source
from cocopa.cooperation.testing import make_initiative
from cocopa.diplomacy import iati
from cocopa.diplomacy.testing import make_agreement
from cocopa.library import services as library_services

pytestmark = pytest.mark.django_db


def _document(visibility: str = "public"):
    return library_services.add_document(
        actor=None,
        title_it="Patto con Ouahigouya",
        title_en="Pact with Ouahigouya",
        kind="other",
        language="it",
        date=dt.date(2017, 6, 1),
        visibility=visibility,
        url="https://example.org/patto.pdf",
    )


def test_an_agreements_public_document_is_an_a09_link_of_its_initiatives_activity():
    initiative = make_initiative("ne-yi-beeogo")
    other = make_initiative("altro")
    make_agreement(document=_document(), initiatives=[initiative], signed_on="2017-06-01")
    activities = {a.identifier: a for a in iati.with_agreement_documents(iati_source.read())}
    (link,) = [d for d in activities["ne-yi-beeogo"].documents if d.category == "A09"]
    assert link.url == "https://example.org/patto.pdf"
    assert link.format == "application/pdf"
    assert link.title == (("it", "Patto con Ouahigouya"), ("en", "Pact with Ouahigouya"))
    assert link.published_on == dt.date(2017, 6, 1)
    assert not [d for d in activities[other.identifier].documents if d.category == "A09"]


def test_a_restricted_document_or_a_year_only_signature_gives_no_link_or_no_date():
    initiative = make_initiative("ne-yi-beeogo")
    make_agreement(document=_document("restricted"), initiatives=[initiative])
    assert iati.agreement_documents() == {}
    make_agreement(document=_document(), initiatives=[initiative], signed_on="2017")
    (link,) = iati.agreement_documents()["ne-yi-beeogo"]
    assert link.published_on is None
