"""The public factsheet PDF is cached per (data version, language, day) like the other public reads
(core.dataversion), with an ETag; every table the factsheet reads is watched by the data version,
so no write to what it shows can leave a stale PDF behind."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from cocopa.core import dataversion
from cocopa.factsheet import pdf
from cocopa.governance.models import Body, Mandate, Person
from cocopa.network.models import NetworkProfile

pytestmark = pytest.mark.usefixtures("demo_network")

# Tables read for the page, not for the data: sessions and users, and the version itself.
NOT_DATA = {"core_dataversion", "django_session", "auth_user", "django_content_type"}


def watched_tables() -> set[str]:
    """The tables whose triggers bump the data version, as the database has them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%%bump_data_version'"
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%bump_data_version%'"
            )
        return {row[0] for row in cursor.fetchall()}


def tables_read(sql: list[str]) -> set[str]:
    return {name for query in sql for name in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', query)} - NOT_DATA


def test_every_table_the_factsheet_reads_is_watched_by_the_data_version():
    dataversion.clear()
    with CaptureQueriesContext(connection) as captured:
        for language in ("it", "en"):
            pdf.factsheet_html(language=language, at=timezone.localdate())
            pdf.factsheet_html(language=language, at=dt.date(2012, 6, 30))

    read = tables_read([q["sql"] for q in captured])
    assert "governance_mandate" in read  # the capture saw the sections
    unwatched = sorted(read - watched_tables())
    assert not unwatched, ", ".join(unwatched)


def _get(client: Client, path: str = "/en/factsheet.pdf", *, etag: str = ""):
    return client.get(path, headers={"if-none-match": etag} if etag else {})


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_repeated_request_for_the_pdf_reads_only_the_data_version(client: Client):
    first = _get(client)

    with CaptureQueriesContext(connection) as captured:
        again = _get(client)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content  # the same document, not made anew
    assert [q["sql"] for q in captured if "core_dataversion" not in q["sql"]] == []
    assert again["ETag"] == first["ETag"]
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_a_write_to_what_the_factsheet_shows_makes_the_pdf_anew(client: Client):
    before = _get(client)
    person = Mandate.objects.filter(body__in=Body.objects.all(), person__isnull=False).first().person
    Person.objects.filter(pk=person.pk).update(name="Ada Lovelace Zeta")

    after = _get(client)

    assert after["ETag"] != before["ETag"]
    assert "Ada Lovelace Zeta" in _text(after.content)
    NetworkProfile.objects.update(motto_author="Ada Motto Author")
    assert "Ada Motto Author" in _text(_get(client).content)


def test_the_pdf_has_an_etag_and_a_browser_that_has_it_gets_a_304(client: Client):
    etag = _get(client)["ETag"]

    assert _get(client, etag=etag).status_code == 304
    NetworkProfile.objects.update(motto_author="Another author")
    assert _get(client, etag=etag).status_code == 200


def test_each_language_and_day_has_its_own_pdf(client: Client):
    english, italian = _get(client, "/en/factsheet.pdf"), _get(client, "/factsheet.pdf")
    old = _get(client, "/en/factsheet.pdf?at=2012-06-30")

    assert len({english["ETag"], italian["ETag"], old["ETag"]}) == 3
    assert "2012" in old["Content-Disposition"]
    assert _get(client, "/en/factsheet.pdf?at=2012-06-30").content == old.content
