"""The search over the database: accents, languages, groups, public things only, the page."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from cocopa import testing
from cocopa.cooperation.testing import make_initiative
from cocopa.governance.models import Meeting, Resolution
from cocopa.governance.testing import make_body, make_meeting
from cocopa.library import services as library
from cocopa.members.models import LocalAuthority
from cocopa.news import services as news
from cocopa.search import fold, index, queries
from cocopa.search.models import SearchEntry

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


def found(q: str, language: str = "it", today: dt.date = TODAY) -> dict[str, list[str]]:
    """Titles found, by kind, in rank order (the HTML of the marks removed)."""
    words = fold.query_words(q)
    return {g.kind.key: [strip_tags(h.title) for h in g.hits] for g in queries.groups(words, language, today)}


@pytest.fixture
def network() -> None:
    testing.make_authority(
        "Città metropolitana di Torino", kind=LocalAuthority.Kind.PROVINCE, joined=dt.date(1995, 1, 1)
    )
    testing.make_authority("Agliè", joined=dt.date(2001, 5, 1))
    testing.make_authority("Ciriè", joined=dt.date(2001, 5, 1), left=dt.date(2010, 1, 1))
    testing.make_authority("Cittadella", istat_code="028031")  # never a member: not searched
    make_initiative(
        "pozzi-burkina",
        title_it="Pozzi per la città di Ouagadougou",
        title_en="Wells for the city of Ouagadougou",
        description_it="Acqua potabile nei quartieri.",
        description_en="Drinking water in the districts.",
    )
    index.rebuild()


def test_accents_and_case_do_not_matter(network: None) -> None:
    assert found("citta") == {
        "members": ["Città metropolitana di Torino"],
        "initiatives": ["Pozzi per la città di Ouagadougou"],
    }
    assert found("CITTÀ") == found("citta")
    assert found("aglie") == {"members": ["Agliè"]}
    assert found("agliè") == {"members": ["Agliè"]}


def test_former_members_are_found_but_never_members_are_not(network: None) -> None:
    assert found("cirie") == {"members": ["Ciriè"]}
    assert found("cittadella") == {}


def test_an_english_page_searches_the_english_titles(network: None) -> None:
    assert found("wells", "en") == {"initiatives": ["Wells for the city of Ouagadougou"]}
    assert found("wells", "it") == {}
    assert found("pozzi", "it") == {"initiatives": ["Pozzi per la città di Ouagadougou"]}
    # English entries of members keep their Italian names.
    assert found("citta", "en")["members"] == ["Città metropolitana di Torino"]


def test_every_word_must_start_a_word(network: None) -> None:
    assert found("acqua quartieri") == {"initiatives": ["Pozzi per la città di Ouagadougou"]}
    assert found("acqua torino") == {}
    assert found("itta") == {}  # inside a word, not at its start


def test_the_title_equal_to_the_query_comes_first() -> None:
    testing.make_authority("Pace sul Lago", joined=dt.date(2000, 1, 1))
    testing.make_authority("Borgo della Pace", joined=dt.date(2000, 1, 1))
    testing.make_authority("Pace", joined=dt.date(2000, 1, 1))
    index.rebuild()
    assert found("pace")["members"] == ["Pace", "Pace sul Lago", "Borgo della Pace"]


def test_resolutions_only_when_published_and_meetings_only_until_their_day() -> None:
    body = make_body(key="assemblea")
    Resolution.objects.create(body=body, year=2026, number=1, adopted_on=TODAY, title="Bilancio della pace")
    Resolution.objects.create(
        body=body, year=2026, number=2, adopted_on=TODAY, title="Bilancio riservato", published=False
    )
    make_meeting(body, TODAY + dt.timedelta(days=10), items=["Bilancio preventivo"], register=False)
    make_meeting(body, TODAY - dt.timedelta(days=10), items=["Bilancio consuntivo"], register=False)
    cancelled = make_meeting(
        body, TODAY + dt.timedelta(days=20), items=["Bilancio annullato"], register=False
    )
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save()
    index.rebuild()
    results = {g.kind.key: g for g in queries.groups(["bilancio"], "it", TODAY)}
    assert [str(h.title) for h in results["resolutions"].hits] == ["<mark>Bilancio</mark> della pace"]
    assert results["resolutions"].hits[0].url == "/governance/resolutions/assemblea/2026/1/"
    assert results["meetings"].count == 1
    assert "<mark>Bilancio</mark> preventivo" in results["meetings"].hits[0].snippet
    # The day after the meeting, it is no longer a meeting to come.
    assert "meetings" not in found("bilancio", today=TODAY + dt.timedelta(days=11))


def test_saves_and_deletions_reach_the_index_after_commit(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        authority = testing.make_authority("Agliè", joined=dt.date(2001, 5, 1))
    assert found("aglie") == {"members": ["Agliè"]}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        authority.name = "Agliè Canavese"
        authority.save()
        authority.save()
    assert len(callbacks) == 1  # re-indexed once per transaction, however many saves
    assert found("canavese") == {"members": ["Agliè Canavese"]}
    with django_capture_on_commit_callbacks(execute=True):
        authority.memberships.all().delete()
    assert found("aglie") == {}


def _write_then_fail() -> None:
    with transaction.atomic():
        testing.make_authority("Agliè", joined=dt.date(2001, 5, 1))
        raise RuntimeError


def test_a_rolled_back_save_never_reaches_the_index(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            _write_then_fail()
        # The rolled-back savepoint took its pending set with it: this save gets a new one.
        testing.make_authority("Ciriè", joined=dt.date(2001, 5, 1))
    assert list(SearchEntry.objects.values_list("title", flat=True).distinct()) == ["Ciriè"]


def test_the_command_rebuilds_the_index(network: None, capsys: pytest.CaptureFixture[str]) -> None:
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index")
    assert "8 search entries written." in capsys.readouterr().out  # 3 members, 1 initiative, 2 languages


# --- The page


def test_the_page_groups_the_results_with_counts_and_links(client, network: None) -> None:
    page = client.get("/search/", {"q": "citta"}).content.decode()
    assert page.index('id="results-members"') < page.index('id="results-initiatives"')
    assert '<a href="#results-members">' in page
    assert '<a href="#results-initiatives">' in page
    assert '<a href="/members/province-' in page
    assert (
        '<a href="/cooperation/initiatives/pozzi-burkina/">Pozzi per la <mark>città</mark> di Ouagadougou</a>'
        in page
    )
    # English entries hold the English text: the initiative's has no "città".
    english = client.get("/en/search/", {"q": "citta"}).content.decode()
    assert 'Members <span class="count">(1)</span>' in english
    assert '<a href="/en/members/province-' in english
    assert 'id="results-initiatives"' not in english
    assert "One result for “citta”." in english


def test_a_query_is_shown_escaped(client, network: None) -> None:
    page = client.get("/en/search/", {"q": '<script>alert("citta")</script>'}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;citta&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type one or more words"),
        ("a", "Type at least two letters."),
        ("  ?!  ", "Type at least two letters."),
        ("zanzibar", "Nothing found for “zanzibar”."),
    ],
)
def test_empty_short_and_fruitless_queries_say_so(client, network: None, q: str, message: str) -> None:
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_group_with_more_results_links_to_all_of_them_page_by_page(client) -> None:
    testing.make_members(45)  # "Comune 500000" …
    index.rebuild()
    page = client.get("/en/search/", {"q": "comune"}).content.decode()
    assert page.count('class="search-result"') == queries.GROUP_SIZE
    assert 'href="/en/search/?q=comune&amp;kind=members"' in page
    first = client.get("/en/search/", {"q": "comune", "kind": "members"}).content.decode()
    assert first.count('class="search-result"') == 20
    last = client.get("/en/search/", {"q": "comune", "kind": "members", "page": "3"}).content.decode()
    assert last.count('class="search-result"') == 5
    assert "45 results" in last


def test_an_unknown_kind_searches_everything(client, network: None) -> None:
    page = client.get("/search/", {"q": "citta", "kind": "socks"}).content.decode()
    assert 'id="results-members"' in page
    assert 'id="results-initiatives"' in page


def _queries_for(client, q: str, kind: str = "") -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/en/search/", {"q": q, "kind": kind} if kind else {"q": q})
    assert response.status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_members(client) -> None:
    make_initiative("comune-1", title_en="Comune water")
    testing.make_members(30)
    index.rebuild()
    small = (_queries_for(client, "comune"), _queries_for(client, "comune", "members"))
    testing.make_members(2_970)
    index.rebuild()
    assert SearchEntry.objects.filter(kind="members", language="en").count() == 3_000
    assert (_queries_for(client, "comune"), _queries_for(client, "comune", "members")) == small


def test_postgresql_also_finds_other_forms_of_a_word_in_the_pages_language(network: None) -> None:
    """'pozzo' is not the start of "Pozzi", nor 'cities' of "city": only PostgreSQL's Italian and
    English stemming find them; SQLite compares word starts alone."""
    stemming = connection.vendor == "postgresql"
    assert found("pozzo") == ({"initiatives": ["Pozzi per la città di Ouagadougou"]} if stemming else {})
    # The metropolitan city is a "province / metropolitan city" in English.
    assert found("cities", "en") == (
        {"members": ["Città metropolitana di Torino"], "initiatives": ["Wells for the city of Ouagadougou"]}
        if stemming
        else {}
    )
    assert found("cities", "it") == {}


def test_the_demo_loader_builds_the_index(demo_network: None) -> None:
    assert SearchEntry.objects.filter(kind="members", language="it").count() == (
        LocalAuthority.objects.filter(memberships__isnull=False).distinct().count()
    )


def test_the_header_box_is_a_labelled_form_to_the_page_of_the_language() -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        box = render_to_string("search/_box.html")
    assert 'action="/en/search/"' in box
    assert 'method="get"' in box
    assert '<label for="header-search" class="visually-hidden">Search the site</label>' in box
    assert 'name="q"' in box


def test_a_bulk_import_reindexes_its_whole_kind_after_commit(django_capture_on_commit_callbacks) -> None:
    from cocopa.core import audit

    with django_capture_on_commit_callbacks(execute=True):
        authority = testing.make_authority("Agliè", joined=dt.date(2001, 5, 1))
    LocalAuthority.objects.filter(pk=authority.pk).update(name="Agliè Canavese")  # no signal
    assert found("canavese") == {}
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(None, "istat.imported", None, {"file": "test"})
    assert found("canavese") == {"members": ["Agliè Canavese"]}


def test_published_news_and_public_documents_are_found_drafts_and_restricted_ones_are_not(
    peace_office_user, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post = news.create_post(
            news.PostInput(
                title_it="Missione in Senegal", title_en="Mission to Senegal", body_it="Città di Thiès"
            ),
            actor=peace_office_user,
        )
        library.add_document(
            actor=peace_office_user,
            title_it="Convenzione della rete",
            kind="convention",
            url="https://example.org/convenzione.pdf",
        )
        library.add_document(
            actor=peace_office_user,
            title_it="Verbale riservato della convenzione",
            kind="minutes",
            visibility="restricted",
            url="https://example.org/verbale.pdf",
        )
    assert found("senegal") == {}  # a draft is not public
    with django_capture_on_commit_callbacks(execute=True):
        news.publish_post(post, actor=peace_office_user)
    assert found("senegal") == {"news": ["Missione in Senegal"]}
    assert found("senegal", language="en") == {"news": ["Mission to Senegal"]}
    assert found("citta thies") == {"news": ["Missione in Senegal"]}
    assert found("convenzione") == {"documents": ["Convenzione della rete"]}


def test_snippets_read_as_the_pages_do_no_source_codes_no_markdown(
    client, peace_office_user, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        make_initiative(
            "orti", description_it="Orti scolastici a Thiès (S07, about 2007-2011). Sementi (S08)."
        )
        post = news.create_post(
            news.PostInput(
                title_it="Orti a Thiès", body_it="Fonte: [Comune di Rivoli](https://example.org/), **2025**"
            ),
            actor=peace_office_user,
        )
        news.publish_post(post, actor=peace_office_user)
    page = strip_tags(client.get("/search/", {"q": "thies"}).content.decode())
    assert "Orti scolastici a Thiès (about 2007-2011). Sementi." in page
    assert "S07" not in page
    assert "S08" not in page
    assert "Fonte: Comune di Rivoli, 2025" in page
    assert "[" not in page
    assert "**" not in page
