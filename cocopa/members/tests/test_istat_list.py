"""ISTAT's list shipped in members/data/: the same rows as the shared copy, loaded by `cocopa load_demo`
beside the network without touching its members, and only once."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.forms.models import model_to_dict
from django.utils import timezone

from cocopa.core.models import AuditEvent
from cocopa.members import istat, queries, services
from cocopa.members.models import AdhesionAct, LocalAuthority, Membership, PopulationFigure

pytestmark = pytest.mark.django_db


def test_the_shipped_list_holds_the_same_rows_as_istats_own_file(shared_data):
    shipped = istat.parse(services.ISTAT_LIST)
    original = istat.parse(shared_data / "istat" / "istat20200101.csv")
    assert len(shipped) == 7904
    assert sorted(shipped, key=lambda r: r.istat_code) == sorted(original, key=lambda r: r.istat_code)


def test_the_shipped_list_names_istat_as_its_source():
    readme = (services.ISTAT_LIST.parent / "README.md").read_text(encoding="utf-8")
    assert "ISTAT" in readme
    assert "CC BY 3.0 IT" in readme


def _network():
    return (
        [model_to_dict(a) for a in LocalAuthority.objects.order_by("pk")],
        [model_to_dict(m) for m in Membership.objects.order_by("pk")],
        [model_to_dict(f) for f in PopulationFigure.objects.order_by("pk")],
        AdhesionAct.objects.count(),
    )


def test_load_demo_adds_every_municipality_and_leaves_the_network_as_it_was(demo_network):
    authorities, periods, figures, acts = _network()
    history = LocalAuthority.history.count()
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "7865" in out.getvalue()
    assert LocalAuthority.objects.filter(kind=LocalAuthority.Kind.MUNICIPALITY).count() == 7904
    assert LocalAuthority.objects.filter(istat_code="028001").get().name == "Abano Terme"
    total = PopulationFigure.objects.filter(
        reference_date=services.CENSUS_2011, preferred=True, authority__kind=LocalAuthority.Kind.MUNICIPALITY
    )
    assert total.aggregate(n=Sum("value"))["n"] == 59_433_744
    ids = [a["id"] for a in authorities]
    after = _network()
    assert [model_to_dict(a) for a in LocalAuthority.objects.filter(pk__in=ids).order_by("pk")] == authorities
    assert after[1] == periods
    assert [f for f in after[2] if f["id"] in {f["id"] for f in figures}] == figures
    assert after[3] == acts
    # One "+" history row per new municipality, none for the network's.
    assert LocalAuthority.history.count() == history + 7865


@pytest.fixture(scope="class")
def istat_list(_demo_snapshot, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        _demo_snapshot.restore()
        assert services.import_istat_list(actor=None) is not None
        yield
        transaction.set_rollback(True)


class TestTheShippedListBesideTheDemo:
    """The demo network with ISTAT's list, as `cocopa load_demo` leaves it, written once for the
    class in a transaction rolled back at its end (the list is some 31,000 rows with their
    history, seconds per import on PostgreSQL); each test (with `db`) runs in a savepoint of its
    own inside it. The test above makes the first load itself: it asserts what that load writes."""

    def test_loading_the_list_again_writes_nothing(self, istat_list, db):
        counts = (
            LocalAuthority.history.count(),
            PopulationFigure.history.count(),
            AuditEvent.objects.count(),
        )
        assert services.import_istat_list(actor=None) is None
        out = StringIO()
        call_command("load_demo", "--if-empty", stdout=out)
        assert out.getvalue().strip() == "The database already holds a network: nothing loaded."
        assert (
            LocalAuthority.history.count(),
            PopulationFigure.history.count(),
            AuditEvent.objects.count(),
        ) == counts

    def test_the_whole_list_is_searched_without_accents_and_a_short_text_finds_thousands(
        self, istat_list, db
    ):
        day = dt.date(2026, 1, 1)

        found = [a.name for a in queries.municipalities_matching("aglie", day)]
        assert set(found[:2]) == {"Agliè", "Aglientu"}  # names starting with it first, then the others
        assert len(found) > 2
        assert "001086" in {a.istat_code for a in queries.municipalities_matching("cirie", day)}
        assert queries.municipalities_matching("a", day).count() > 5_000  # one IN list, on SQLite too

    def test_the_shipped_istat_list_is_searchable_agliè_first(self, istat_list, db):
        # Every name folded (members/tests/test_name_folded.py), in the order the search gives.
        assert not LocalAuthority.objects.filter(name_folded="").exists()
        found = [a.name for a in queries.municipalities_matching("aglie", timezone.localdate())]
        assert found[:2] == ["Agliè", "Aglientu"]
