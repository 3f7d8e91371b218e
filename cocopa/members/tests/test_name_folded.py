"""LocalAuthority.name_folded: every write of a name stores it folded, and the municipality search
filters and orders on it in the database (members/README.md, "Searching municipalities by name")."""

import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocopa.members import queries, services
from cocopa.members.models import LocalAuthority, folded, folded_name
from cocopa.testing import make_authority, make_members

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cocopa.members.migrations.0004_localauthority_name_folded")

# What the migration's function reads of its schema editor: the connection's alias. (SQLite's real
# one cannot open inside the test's transaction.)
EDITOR = SimpleNamespace(connection=connection)


def stored(code: str) -> str:
    return LocalAuthority.objects.values_list("name_folded", flat=True).get(istat_code=code)


def test_saving_stores_the_folded_name_also_when_only_the_name_is_saved():
    town = make_authority("Sant’Ambrogio di Torino", istat_code="001238", province_code="001")
    assert stored("001238") == "sant'ambrogio di torino"

    town.name = "CIRIÈ"
    town.save(update_fields=["name"])

    assert stored("001238") == "cirie"
    assert town.history.latest().name_folded == "cirie"


def test_the_column_is_not_in_the_admin_form(superuser_user):
    request = RequestFactory().get("/")
    request.user = superuser_user
    form = admin.site._registry[LocalAuthority].get_form(request)
    assert "name_folded" not in form.base_fields
    assert "name" in form.base_fields


def test_agliè_comes_before_aglientu_and_names_starting_with_the_text_first():
    today = timezone.localdate()
    make_authority("Aglientu", istat_code="090062", province_code="090")
    make_authority("Agliè", istat_code="001001", province_code="001")
    make_authority("Castagneto Po", istat_code="001058", province_code="001")

    assert [a.name for a in queries.municipalities_matching("agli", today)] == ["Agliè", "Aglientu"]
    # "Castagneto" holds "agne" but does not start with it; "Aglientu" does not hold it.
    assert [a.name for a in queries.municipalities_matching("AGNE", today)] == ["Castagneto Po"]
    assert [a.name for a in queries.municipalities_matching("a", today)] == [
        "Agliè",
        "Aglientu",
        "Castagneto Po",
    ]


def test_a_percent_sign_or_underscore_in_the_text_is_matched_as_itself():
    make_authority("Bra", istat_code="004029", province_code="004")
    assert not queries.municipalities_matching("%", timezone.localdate()).exists()
    assert not queries.municipalities_matching("b_a", timezone.localdate()).exists()


def search_sql(text: str) -> list[str]:
    """The SQL of one search as the office page runs it: the first SEARCH_LIMIT rows, then the count."""
    found = queries.municipalities_matching(text, timezone.localdate())
    with CaptureQueriesContext(connection) as captured:
        rows = list(found[: queries.SEARCH_LIMIT])
        found.count()
    assert len(rows) == queries.SEARCH_LIMIT
    return [q["sql"] for q in captured.captured_queries]


def test_a_search_takes_the_same_two_short_queries_however_many_municipalities_match():
    make_members(60)
    few = search_sql("comune")
    make_members(600)
    many = search_sql("comune")

    assert len(few) == len(many) == 2
    # No list of ids travels with the query (the old search sent every matching pk in `pk__in`).
    assert [len(sql) for sql in many] == [len(sql) for sql in few]
    assert all(len(sql) < 4_000 for sql in many)
    assert all("name_folded" in sql for sql in many)


def test_make_members_stores_the_folded_names():
    code = make_members(1)[0].istat_code
    assert code is not None
    assert stored(code) == f"comune {code}"


def comune(code, name):
    return {
        "nome": name,
        "codice": code,
        "provincia": {"codice": code[:3], "nome": "Torino"},
        "regione": {"codice": "01", "nome": "Piemonte"},
        "codiceCatastale": "A000",
        "popolazione": 1_000,
    }


def test_the_istat_import_stores_the_folded_name_of_new_and_renamed_municipalities(tmp_path):
    path = tmp_path / "comuni.json"
    path.write_text(json.dumps([comune("001001", "Agliè"), comune("001003", "Ala di Stura")]))
    services.import_istat(path, actor=None)

    assert stored("001001") == "aglie"
    assert LocalAuthority.history.get(istat_code="001001").name_folded == "aglie"

    path.write_text(json.dumps([comune("001001", "Agliè"), comune("001003", "Àla di Stura")]))
    services.import_istat(path, actor=None)

    assert stored("001001") == "aglie"
    assert stored("001003") == "ala di stura"
    assert LocalAuthority.history.filter(istat_code="001003").latest().name_folded == "ala di stura"
    assert [a.name for a in queries.municipalities_matching("ALA", timezone.localdate())] == ["Àla di Stura"]


def test_the_migration_folds_every_existing_name_and_history_row_in_batches(monkeypatch):
    names = ["Agliè", "Sant’Ambrogio di Torino", "CERES", "Chiusa di San Michele", "Pont-Canavese"]
    for name in names:
        make_authority(name)
    LocalAuthority.objects.update(name_folded="")
    LocalAuthority.history.update(name_folded="")
    monkeypatch.setattr(migration, "BATCH_SIZE", 2)

    migration.fill_name_folded(apps, EDITOR)

    assert sorted(LocalAuthority.objects.values_list("name_folded", flat=True)) == sorted(
        folded(n) for n in names
    )
    assert not LocalAuthority.history.filter(name_folded="").exists()
    assert LocalAuthority.history.count() == len(names)


def test_the_migration_writes_the_rule_out_as_the_model_has_it():
    for name in ["Agliè", "Sant’Ambrogio", "L`Aquila", "CITTÀ", "Straße", "x" * 199 + "ß", "Łódź"]:
        assert migration.folded_name(name) == folded_name(name)


# The shipped list's folded names are searched in test_istat_list.py, beside its other searches.
