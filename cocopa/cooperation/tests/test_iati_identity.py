"""Whose activity it is (issue 15, point 1): an activity is its reporting organisation and its full
identifier. Another publisher's file never changes the network's own initiatives, its activities
are held as theirs (read-only, out of the network's file and figures) and exported as they came."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from lxml import etree

from cocopa.cooperation import queries, services
from cocopa.cooperation.iati_import import HeldUpdateRefused, import_file
from cocopa.cooperation.models import Initiative, Publisher
from cocopa.core.errors import Forbidden
from cocopa.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OURS = "XM-TEST-1"
THEIRS = "XI-TEST-1"


def other_publishers_file(tmp_path, identifier=f"{THEIRS}-lampedusa", title="Sahel water", name="theirs.xml"):
    """A small, valid activity file of another publisher, in the shape of the one that once
    replaced the network's Lampedusa: same part after the prefix, another country, no place."""
    path = tmp_path / name
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2026-01-01T00:00:00Z">
 <iati-activity xml:lang="en" default-currency="EUR" last-updated-datetime="2026-01-01T00:00:00Z">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="{THEIRS}" type="21"><narrative>Test Partner NGO</narrative></reporting-org>
  <title><narrative>{title}</narrative></title>
  <description type="1"><narrative>Wells in Burkina Faso.</narrative></description>
  <participating-org ref="{THEIRS}" role="4" type="21"><narrative>Test Partner NGO</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2020-01-01"/>
  <recipient-country code="BF" percentage="100"/>
  <sector vocabulary="1" code="14030" percentage="100"/>
 </iati-activity>
</iati-activities>
""",
        encoding="utf-8",
    )
    return path


def export(tmp_path, *args, name="export.xml"):
    path = tmp_path / name
    call_command("export_iati", *args, "-o", str(path), stderr=io.StringIO())
    return path


def canonical(path):
    """The file without the moment it was written (generated and last-updated datetimes)."""
    root = etree.parse(str(path), etree.XMLParser(remove_blank_text=True)).getroot()
    for el in root.iter():
        for attr in ("generated-datetime", "last-updated-datetime"):
            if attr in el.attrib:
                del el.attrib[attr]
    return etree.tostring(root, method="c14n2")


@pytest.fixture
def ours(settings):
    settings.IATI_REPORTING_ORG_REF = OURS
    settings.IATI_SCHEMA_DIR = ""


def lampedusa_state():
    i = Initiative.objects.get(identifier="lampedusa")
    return (
        i.title_it,
        i.title_en,
        i.publisher_id,
        i.iati_identifier,
        sorted(i.countries.values_list("code", flat=True)),
        sorted(i.places.values_list("name", flat=True)),
        sorted(i.participations.values_list("organisation__name", "role")),
    )


def test_another_publishers_lampedusa_leaves_the_networks_own_untouched(demo_network, ours, tmp_path):
    before_file = canonical(export(tmp_path, name="before.xml"))
    before = lampedusa_state()
    count = Initiative.objects.count()

    report = import_file(other_publishers_file(tmp_path))

    assert (report.created, report.updated, report.held) == (1, 0, {THEIRS: 1})
    assert lampedusa_state() == before
    assert Initiative.objects.count() == count + 1
    assert canonical(export(tmp_path, name="after.xml")) == before_file  # the network's file, unchanged
    held = Initiative.objects.get(publisher__ref=THEIRS)
    assert (held.iati_identifier, held.identifier) == (f"{THEIRS}-lampedusa", "xi-test-1-lampedusa")
    assert Publisher.objects.get(ref=THEIRS).name == "Test Partner NGO"

    theirs = etree.parse(str(export(tmp_path, "--publisher", THEIRS, name="theirs-out.xml"))).getroot()
    assert [el.text for el in theirs.iter("iati-identifier")] == [f"{THEIRS}-lampedusa"]
    reporting = theirs.find("iati-activity/reporting-org")
    assert (reporting.get("ref"), reporting.get("type"), reporting.findtext("narrative")) == (
        THEIRS,
        "21",
        "Test Partner NGO",
    )
    assert theirs.find("iati-activity/recipient-country").get("code") == "BF"


def test_identifiers_keep_their_case_theirs_and_ours(ours, tmp_path):
    import_file(other_publishers_file(tmp_path, identifier=f"{THEIRS}-Pozzi-BF"))
    ours_file = other_publishers_file(tmp_path, identifier=f"{OURS}-Scuole-BF", name="ours.xml")
    ours_file.write_text(
        ours_file.read_text().replace(
            f'ref="{THEIRS}" type="21"><narrative>Test', f'ref="{OURS}" type="21"><narrative>Test'
        )
    )

    import_file(ours_file)

    held = Initiative.objects.get(publisher__ref=THEIRS)
    own = Initiative.objects.own().get()
    assert (held.iati_identifier, held.identifier) == (f"{THEIRS}-Pozzi-BF", "xi-test-1-pozzi-bf")
    assert (own.iati_identifier, own.identifier) == (f"{OURS}-Scuole-BF", "scuole-bf")
    ours_out = etree.parse(str(export(tmp_path))).getroot()
    assert [el.text for el in ours_out.iter("iati-identifier")] == [f"{OURS}-Scuole-BF"]
    theirs_out = etree.parse(str(export(tmp_path, "--publisher", THEIRS, name="t.xml"))).getroot()
    assert [el.text for el in theirs_out.iter("iati-identifier")] == [f"{THEIRS}-Pozzi-BF"]


def test_a_slug_already_taken_by_the_network_is_not_reused(demo_network, ours, tmp_path):
    # A held activity whose whole identifier slugifies to one of ours gets another slug.
    import_file(other_publishers_file(tmp_path, identifier="Lampedusa"))

    held = Initiative.objects.get(publisher__ref=THEIRS)
    assert held.identifier.startswith("lampedusa-")
    assert Initiative.objects.get(identifier="lampedusa").publisher is None


def test_re_importing_the_networks_own_file_updates_it(demo_network, ours, tmp_path):
    path = export(tmp_path)
    path.write_text(path.read_text().replace("Lampedusa", "Lampedusa (aggiornato)", 1))

    report = import_file(path)

    assert (report.created, report.updated, report.held) == (0, 1, {})
    assert (
        "(aggiornato)"
        in Initiative.objects.get(identifier="lampedusa").title_it
        + Initiative.objects.get(identifier="lampedusa").description_it
    )


def test_an_update_of_a_held_activity_is_refused_then_made_when_asked(ours, tmp_path):
    import_file(other_publishers_file(tmp_path))
    assert import_file(other_publishers_file(tmp_path)).unchanged == 1  # the same file again: fine
    changed = other_publishers_file(tmp_path, title="Sahel water, phase 2", name="v2.xml")
    # With a new activity beside the changed one: refused whole, the new one is not written either.
    text = changed.read_text()
    start, end = text.index(" <iati-activity"), text.index("</iati-activities>")
    second = text[start:end].replace(f"{THEIRS}-lampedusa<", f"{THEIRS}-pozzi<")
    changed.write_text(text[:end] + second + text[end:])

    with pytest.raises(HeldUpdateRefused) as refused:
        import_file(changed)

    assert refused.value.code == "iati_held_update_refused"
    assert f"{THEIRS}-lampedusa" in str(refused.value)
    assert f"{THEIRS}-pozzi" not in str(refused.value)  # new: not an update
    assert Initiative.objects.get().title_en == "Sahel water"  # nothing written
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_iati", str(changed), stderr=err, stdout=io.StringIO())
    assert f"{THEIRS}-lampedusa is held for {THEIRS}" in err.getvalue()
    assert "--update-held" in err.getvalue()

    out = io.StringIO()
    call_command("import_iati", str(changed), "--update-held", stdout=out)

    assert "1 created, 1 updated" in out.getvalue()
    assert f"Held for another publisher, {THEIRS}: 2" in out.getvalue()
    assert Initiative.objects.get(iati_identifier=f"{THEIRS}-lampedusa").title_en == "Sahel water, phase 2"
    event = AuditEvent.objects.filter(verb="cooperation.iati_imported").latest("pk")
    assert event.data["update_held"] is True


def test_export_of_an_unknown_publisher_says_which_are_held(ours, tmp_path):
    import_file(other_publishers_file(tmp_path))

    with pytest.raises(CommandError, match=f"no activities are held for 'XX-NONE'.*{THEIRS}"):
        export(tmp_path, "--publisher", "XX-NONE")


def test_without_a_reporting_organisation_every_activity_is_held(settings, tmp_path):
    settings.IATI_REPORTING_ORG_REF = ""

    import_file(other_publishers_file(tmp_path))

    assert not Initiative.objects.own().exists()


# ---------------------------------------------------------------- read-only in the office


def test_services_refuse_to_edit_a_held_activity(ours, tmp_path, plain_user, peace_office_user):
    import_file(other_publishers_file(tmp_path))
    held = Initiative.objects.get()

    with (
        translation.override("en"),
        pytest.raises(services.HeldActivityReadOnly, match=f"{THEIRS}-lampedusa is published by"),
    ):
        services.ensure_editable(held)
    publisher = Publisher.objects.get()
    with pytest.raises(Forbidden):
        services.set_publisher_shown(publisher, True, actor=plain_user)
    services.set_publisher_shown(publisher, True, actor=peace_office_user)
    assert Publisher.objects.get().shown_publicly
    assert AuditEvent.objects.filter(verb="cooperation.publisher_shown").count() == 1


def test_the_admin_shows_a_held_activity_read_only(ours, tmp_path, client, peace_office_user):
    import_file(other_publishers_file(tmp_path))
    held = Initiative.objects.get()
    peace_office_user.is_staff = True  # a clerk of the peace office, as the admin asks
    peace_office_user.save()
    client.force_login(peace_office_user)
    url = f"/en/admin/cooperation/initiative/{held.pk}/change/"  # read in English

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert f"{THEIRS}-lampedusa is published by" in html
    assert "viewsitelink" not in html  # no link to a public page that is not there
    assert client.post(url, {"identifier": "x"}).status_code == 403
    # The software default, labelled as one: a publisher is not shown until the office says so.
    form = client.get(
        f"/en/admin/cooperation/publisher/{Publisher.objects.get().pk}/change/"
    ).content.decode()
    assert "Software default: not shown" in form


# ---------------------------------------------------------------- the public site and the figures


def public_figures(client):
    api = client.get("/api/v1/initiatives?limit=1000")
    return {
        "portfolio": queries.portfolio(queries.network_queries.today()).initiatives,
        "countries": sorted(c for c, _n in queries.filter_choices().countries),
        "list": len(queries.filtered_initiatives()),
        "api": api.json()["count"] if api.status_code == 200 else api.status_code,
        "geojson": len(json.loads(client.get("/cooperation/places.geojson").content)["features"]),
        "csv": client.get("/cooperation/initiatives.csv").content.count(b"\n"),
        "overview": client.get("/en/cooperation/").content.count(b'class="text-end registry-count"'),
        "iati file": b"".join(client.get("/api/v1/iati/activities.xml").streaming_content).count(
            b"<iati-activity "
        ),
        "home": client.get("/en/").content.count(b"/cooperation/initiatives/"),
    }


def test_importing_the_example_files_leaves_the_public_figures_unchanged(
    demo_network, ours, shared_data, client
):
    before = public_figures(client)
    assert all(isinstance(n, int) and n > 0 for n in before.values() if not isinstance(n, list)), before
    lampedusa = lampedusa_state()
    held = 0
    for path in sorted((shared_data / "iati" / "examples").glob("*.xml")):
        # MAEC's activities break a rule of the Standard: imported as the office would, marked.
        held += import_file(path, allow_warnings=True).activities

    assert held > 80
    assert Initiative.objects.held().count() == held
    assert public_figures(client) == before
    assert lampedusa_state() == lampedusa
    one = Initiative.objects.held().select_related("publisher").order_by("pk").first()
    assert one is not None
    assert one.publisher is not None
    assert client.get(f"/en/cooperation/initiatives/{one.identifier}/").status_code == 404  # not shown

    services.set_publisher_shown(one.publisher, True, actor=None)

    assert public_figures(client) == before  # shown apart, never counted
    page = client.get(f"/en/cooperation/initiatives/{one.identifier}/").content.decode()
    assert "Published by" in page
    assert one.iati_identifier in page
    overview = client.get("/en/cooperation/").content.decode()
    assert "Activities published by partners" in overview
    assert f"/en/cooperation/initiatives/{one.identifier}/" in overview


def test_related_activities_of_a_publisher_are_exported_with_their_identifiers(ours, shared_data, tmp_path):
    import_file(shared_data / "iati" / "examples" / "acfspain-es.xml")
    import_file(shared_data / "iati" / "examples" / "acfspain-ml.xml")

    out = etree.parse(str(export(tmp_path, "--publisher", "ES-CIF-G81164105"))).getroot()

    mali = next(a for a in out.iter("iati-activity") if a.findtext("iati-identifier").endswith("ACF-Mali"))
    refs = {el.get("ref") for el in mali.iter("related-activity")}
    assert "ES-CIF-G81164105-R2G_ACFIN" in refs  # as they publish it, not under our prefix
    assert not any(ref.startswith(OURS) for ref in refs)
