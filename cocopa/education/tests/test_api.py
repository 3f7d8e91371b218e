"""The API's programmes and school activities: public fields, filters, languages."""

import pytest

from cocopa.education.models import Programme
from cocopa.education.testing import make_activity
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db


def test_programmes_in_both_languages(client, demo_network):
    it = client.get("/api/v1/education/programmes").json()["items"]
    en = client.get("/api/v1/education/programmes?lang=en").json()["items"]
    peace = next(p for p in it if p["slug"] == "educazione-alla-pace")
    assert peace["method"] == "nonviolenza"
    assert len(peace["topics"]) == 9
    assert "nonviolence" not in {t["key"] for t in peace["topics"]}
    assert peace["source"]["code"] == "S35"
    assert next(p for p in en if p["slug"] == "educazione-alla-pace")["method"] == "nonviolence"


def test_activities_with_public_fields_and_filters(client, demo_network):
    assert client.get("/api/v1/education/activities").json()["items"] == []
    rivoli = LocalAuthority.objects.get(istat_code="001219")
    programme = Programme.objects.get(slug="crescere-in-pace")
    make_activity(programme, rivoli, school_year=2024, school_code="TOIC81500X", pupils=22)
    make_activity(programme, rivoli, school_year=2023, pupils=10)
    items = client.get("/api/v1/education/activities").json()["items"]
    assert [i["school_year"] for i in items] == ["2024/25", "2023/24"]
    assert set(items[0]) == {
        "id",
        "programme",
        "member",
        "member_name",
        "school_name",
        "school_code",
        "school_year",
        "level",
        "classes",
        "pupils",
        "teachers",
        "hours",
        "materials",
        "topics",
        "source",
    }
    assert items[0]["member"] == "001219"
    assert items[0]["school_code"] == "TOIC81500X"
    assert [
        i["pupils"] for i in client.get("/api/v1/education/activities?school_year=2023/24").json()["items"]
    ] == [10]
    assert client.get("/api/v1/education/activities?member=001272").json()["items"] == []
    assert client.get("/api/v1/education/activities?school_year=2024/26").json()["items"] == []
    assert client.get("/api/v1/education/activities?school_year=2024").status_code == 422
