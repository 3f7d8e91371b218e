"""Another publisher's activity comes back as it came (issue 15, points 1–3): its recipient
shares, default currency, locations' exactness, the names each mention of an organisation gave
and the reporting organisation's names in every language, by value, not only by count (the
round trip of the shared examples, test_iati_round_trip, counts them). The network's own
activities keep the network's defaults."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from lxml import etree

from cocopa.cooperation import iati, iati_source, services
from cocopa.cooperation.iati_import import import_file
from cocopa.cooperation.models import Initiative, Organisation, Participation, Place, Publisher

pytestmark = pytest.mark.django_db

OURS = "XM-TEST-1"
THEIRS = "XI-TEST-1"
UNDP = "XM-DAC-41114"

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2026-01-01T00:00:00Z">'
REPORTING = (
    f'<reporting-org ref="{THEIRS}" type="21"><narrative>Test Partner NGO</narrative>'
    '<narrative xml:lang="fr">ONG partenaire</narrative></reporting-org>'
)
COMMON = """
  <title><narrative>Wells {n}</narrative></title>
  <description type="1"><narrative>Wells in the Sahel.</narrative></description>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2020-01-01"/>"""
SECTOR = '<sector vocabulary="1" code="14030" percentage="100"/>'
POINT = '<point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>{}</pos></point>'

THEIR_FILE = f"""{HEAD}
 <iati-activity xml:lang="en">
  <iati-identifier>{THEIRS}-a</iati-identifier>
  {REPORTING}{COMMON.format(n="A")}
  <participating-org ref="{UNDP}" role="1" type="40"><narrative>UNDP</narrative><narrative xml:lang="fr">PNUD</narrative></participating-org>
  <participating-org ref="{THEIRS}" role="4" type="21"><narrative xml:lang="es">ONG socia</narrative></participating-org>
  <recipient-country code="BF" percentage="100"/>
  <recipient-region code="289" vocabulary="1"/>
  <location><name><narrative>Ouahigouya</narrative></name>{POINT.format("13.58 -2.42")}</location>
  <location><name><narrative>Kaya</narrative></name>{POINT.format("13.09 -1.08")}<exactness code="1"/></location>
  {SECTOR}
  <budget type="1" status="1"><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value currency="USD" value-date="2020-01-01">1000</value></budget>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2020-02-01"/>
   <value currency="GBP" value-date="2020-02-01">500</value>
   <provider-org ref="{UNDP}"><narrative xml:lang="es">PNUD (es)</narrative></provider-org>
   <receiver-org ref="{THEIRS}"/>
  </transaction>
 </iati-activity>
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>{THEIRS}-b</iati-identifier>
  {REPORTING}{COMMON.format(n="B")}
  <participating-org ref="{UNDP}" role="1"><narrative>UNDP</narrative><narrative xml:lang="fr">PNUD</narrative></participating-org>
  <recipient-country code="ML"/>
  {SECTOR}
  <budget type="1" status="1"><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value value-date="2020-01-01">2000</value></budget>
 </iati-activity>
</iati-activities>
"""

OUR_FILE = f"""{HEAD}
 <iati-activity xml:lang="it">
  <iati-identifier>{OURS}-pozzi</iati-identifier>
  <reporting-org ref="{OURS}" type="80"><narrative>Co.Co.Pa.</narrative></reporting-org>{COMMON.format(n="C")}
  <participating-org ref="{UNDP}" role="1" type="40"><narrative>Programma delle Nazioni Unite</narrative></participating-org>
  <recipient-country code="BF"/>
  <location><name><narrative>Ouahigouya</narrative></name>{POINT.format("13.58 -2.42")}</location>
  {SECTOR}
  <budget type="1" status="1"><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value currency="EUR" value-date="2020-01-01">1000</value></budget>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def ours(settings):
    settings.IATI_REPORTING_ORG_REF = OURS
    settings.IATI_SCHEMA_DIR = ""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def export(tmp_path, *args, name="out.xml"):
    path = tmp_path / name
    err = io.StringIO()
    call_command("export_iati", *args, "-o", str(path), stderr=err)
    activities = {a.findtext("iati-identifier"): a for a in etree.parse(str(path)).getroot()}
    return activities, err.getvalue()


def names(el):
    """(language, text) of an element's narratives, the language inherited as IATI reads it."""

    def lang(n):
        return next((x.get(iati.XML_LANG) for x in (n, *n.iterancestors()) if x.get(iati.XML_LANG)), "")

    return [(lang(n), n.text) for n in el.iterchildren("narrative")]


def percentages(activity, tag):
    return [None if e.get("percentage") is None else Decimal(e.get("percentage")) for e in activity.iter(tag)]


def test_another_publishers_activities_come_back_as_they_came(ours, tmp_path):
    import_file(write(tmp_path, "theirs.xml", THEIR_FILE), allow_warnings=True)

    out, stderr = export(tmp_path, "--publisher", THEIRS)
    a, b = out[f"{THEIRS}-a"], out[f"{THEIRS}-b"]

    # Shares as stored: Indonesia-style 100 beside a region without one; a lone country without one.
    assert (percentages(a, "recipient-country"), percentages(a, "recipient-region")) == (
        [Decimal(100)],
        [None],
    )
    assert percentages(b, "recipient-country") == [None]
    # The default currency the file declared, none where it declared none; values in their own.
    assert (a.get("default-currency"), b.get("default-currency")) == (None, "EUR")
    assert [v.get("currency") for v in a.iter("value")] == ["USD", "GBP"]
    assert [v.get("currency") for v in b.iter("value")] == ["EUR"]
    # Exactness only where given.
    assert [
        (
            loc.findtext("name/narrative"),
            None if loc.find("exactness") is None else loc.find("exactness").get("code"),
        )
        for loc in a.iter("location")
    ] == [("Ouahigouya", None), ("Kaya", "1")]
    assert "exactness" not in stderr  # no finding for an optional element left out
    # The reporting organisation's names in every language, in each activity.
    for activity in (a, b):
        assert names(activity.find("reporting-org")) == [("en", "Test Partner NGO"), ("fr", "ONG partenaire")]
    # Each mention as it named the organisation (shared by ref), with the type it gave.
    assert [(p.get("ref"), p.get("type"), names(p)) for p in a.iter("participating-org")] == [
        (UNDP, "40", [("en", "UNDP"), ("fr", "PNUD")]),
        (THEIRS, "21", [("es", "ONG socia")]),
    ]
    assert [(p.get("ref"), p.get("type"), names(p)) for p in b.iter("participating-org")] == [
        (UNDP, None, [("en", "UNDP"), ("fr", "PNUD")]),
    ]
    provider, receiver = a.find("transaction/provider-org"), a.find("transaction/receiver-org")
    assert (provider.get("type"), names(provider)) == (None, [("es", "PNUD (es)")])
    assert (receiver.get("ref"), receiver.get("type"), names(receiver)) == (THEIRS, None, [])
    # One organisation per ref all the same: the mentions keep what they said apart.
    assert Organisation.objects.filter(ref=UNDP).count() == 1


def test_a_held_file_imported_again_changes_nothing(ours, tmp_path):
    path = write(tmp_path, "theirs.xml", THEIR_FILE)
    import_file(path, allow_warnings=True)

    again = import_file(path, allow_warnings=True)  # not refused: nothing would change

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_what_a_mention_said_is_stored_only_where_it_differs(ours, tmp_path):
    import_file(write(tmp_path, "theirs.xml", THEIR_FILE), allow_warnings=True)

    said = {
        (p.initiative.iati_identifier, p.organisation.ref): p.as_published
        for p in Participation.objects.select_related("initiative", "organisation")
    }

    assert said == {
        (f"{THEIRS}-a", UNDP): {},  # the first mention made the organisation
        (f"{THEIRS}-a", THEIRS): {},
        (f"{THEIRS}-b", UNDP): {"type": ""},
    }
    publisher = Publisher.objects.get(ref=THEIRS)
    assert (publisher.name, publisher.narratives) == (
        "Test Partner NGO",
        [["en", "Test Partner NGO"], ["fr", "ONG partenaire"]],
    )
    assert list(Place.objects.order_by("pk").values_list("name", "exactness")) == [
        ("Ouahigouya", ""),
        ("Kaya", "1"),
    ]


def test_the_networks_own_keep_the_networks_defaults(ours, settings, tmp_path):
    import_file(write(tmp_path, "theirs.xml", THEIR_FILE), allow_warnings=True)
    import_file(write(tmp_path, "ours.xml", OUR_FILE))

    own = Initiative.objects.own().get()
    out, _stderr = export(tmp_path)
    activity = out[f"{OURS}-pozzi"]

    assert own.places.get().exactness == Place.Exactness.APPROXIMATE  # what the form would say
    assert activity.find("location/exactness").get("code") == "2"
    assert percentages(activity, "recipient-country") == [Decimal(100)]  # a lone country: 100 %
    assert activity.get("default-currency") == "EUR"  # the software default
    # The office keeps the network's partners in one place: no name of a mention of its own.
    assert own.participations.get().as_published == {}
    assert names(activity.find("participating-org")) == [("en", "UNDP"), ("fr", "PNUD")]
    # The network's reporting organisation, from the settings: one name, no language claimed.
    assert names(activity.find("reporting-org")) == [("", settings.IATI_REPORTING_ORG_NAME)]


def test_the_office_form_still_asks_how_exact_a_place_is(ours, tmp_path, client, superuser_user):
    import_file(write(tmp_path, "ours.xml", OUR_FILE))
    own = Initiative.objects.own().get()
    client.force_login(superuser_user)

    page = client.get(f"/en/admin/cooperation/initiative/{own.pk}/change/")

    html = etree.HTML(page.content)
    select = html.find(".//select[@name='places-0-exactness']")
    assert [o.get("value") for o in select.iter("option")] == ["1", "2"]  # no empty choice
    assert select.find("option[@selected]").get("value") == "2"
    places = next(f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == "places")
    assert places.forms[0].fields["exactness"].required


def test_a_public_page_shows_no_exactness_the_publisher_did_not_give(ours, tmp_path, client):
    import_file(write(tmp_path, "theirs.xml", THEIR_FILE), allow_warnings=True)
    services.set_publisher_shown(Publisher.objects.get(), True, actor=None)
    held = Initiative.objects.get(iati_identifier=f"{THEIRS}-a")

    page = client.get(f"/en/cooperation/initiatives/{held.identifier}/").content.decode()

    assert "(13.580, -2.420)" in page  # Ouahigouya, no exactness given
    assert "(13.090, -1.080; exact)" in page


def test_the_reader_and_an_instance_give_the_same_held_records(ours, tmp_path):
    # The export reads records (iati_source.read); the checks may take instances (from_model):
    # both apply what each mention said, and mark the activity held.
    import_file(write(tmp_path, "theirs.xml", THEIR_FILE), allow_warnings=True)
    held = Initiative.objects.held().order_by("identifier")

    read = list(iati_source.read(held))

    assert read == [iati_source.from_model(i) for i in held]
    assert all(a.held for a in read)
    receiver = read[0].transactions[0].receiver
    assert receiver is not None
    assert (receiver.ref, receiver.type, receiver.name, receiver.names) == (THEIRS, "", "", ())
