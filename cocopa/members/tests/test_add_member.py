"""Adding a member in one step: services.add_member and the office page /office/members/new/."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cocopa.core.errors import DomainError
from cocopa.core.models import AuditEvent
from cocopa.members import queries, services
from cocopa.members.models import AdhesionAct, LocalAuthority, Membership
from cocopa.testing import make_authority

pytestmark = pytest.mark.django_db

URL = "/office/members/new/"


def pdf(name="delibera.pdf", content=b"%PDF-1.4 delibera"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def town(db):
    return make_authority("Avigliana", 12_000, istat_code="001013", province_code="001")


def written():
    return (
        AdhesionAct.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
        LocalAuthority.history.count(),
    )


# --- The service ------------------------------------------------------------------------------


def test_adding_a_member_records_the_act_and_starts_its_period(town, peace_office_user):
    act = services.add_member(
        "001013",
        actor=peace_office_user,
        adopted_on=dt.date(2024, 3, 1),
        body="Consiglio comunale",
        number="12",
        document=pdf(),
    )
    assert act.kind == AdhesionAct.Kind.ADHESION
    assert (act.authority, act.number, act.body) == (town, "12", "Consiglio comunale")
    assert act.document.name.endswith(".pdf")
    period = Membership.objects.get(authority=town)
    assert act.membership == period
    assert (period.start_on, period.end_on, period.start_basis) == (dt.date(2024, 3, 1), None, "joined")
    assert queries.members_at(dt.date(2024, 3, 1)).filter(pk=town.pk).exists()


def test_adding_a_member_is_in_the_audit_trail(town, peace_office_user):
    act = services.add_member(
        "001013", actor=peace_office_user, adopted_on=dt.date(2024, 3, 1), body="Consiglio comunale"
    )
    verbs = list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True))
    assert verbs[-3:] == ["members.act_recorded", "members.period_started", "members.member_added"]
    added = AuditEvent.objects.get(verb="members.member_added")
    assert (added.actor, added.target_id) == (peace_office_user, str(town.pk))
    assert added.data == {"act": act.pk, "membership": act.membership_id, "start_on": "2024-03-01"}


def test_the_act_refers_to_the_membership_convention_in_force_on_its_date(demo_network, peace_office_user):
    LocalAuthority.objects.create(kind="municipality", name="Comune nuovo", istat_code="001998")
    act = services.add_member(
        "001998", actor=peace_office_user, adopted_on=dt.date(2015, 5, 4), body="Consiglio"
    )
    assert act.convention == queries.convention_in_force(dt.date(2015, 5, 4))
    assert act.convention is not None


@pytest.mark.parametrize(
    ("code", "adopted_on", "refusal"),
    [
        ("001999", dt.date(2024, 3, 1), "no_such_municipality"),
        ("nonsense", dt.date(2024, 3, 1), "no_such_municipality"),
        ("001013", timezone.localdate() + dt.timedelta(days=1), "act_date_in_future"),
        ("001013", dt.date(2010, 6, 1), "already_member"),
    ],
)
def test_a_refusal_writes_nothing(town, peace_office_user, code, adopted_on, refusal):
    Membership.objects.create(
        authority=town, start_on=dt.date(2005, 1, 1), end_on=dt.date(2012, 12, 31), end_basis="left"
    )
    before = written()
    with pytest.raises(DomainError) as err:
        services.add_member(
            code, actor=peace_office_user, adopted_on=adopted_on, body="Consiglio", document=pdf()
        )
    assert err.value.code == refusal
    assert err.value.status == 400
    assert written() == before


def test_a_former_member_rejoins_with_a_second_period(town, peace_office_user):
    Membership.objects.create(
        authority=town, start_on=dt.date(2005, 1, 1), end_on=dt.date(2012, 12, 31), end_basis="left"
    )
    services.add_member("001013", actor=peace_office_user, adopted_on=dt.date(2024, 3, 1), body="Consiglio")
    assert list(Membership.objects.filter(authority=town).values_list("start_on", "end_on")) == [
        (dt.date(2005, 1, 1), dt.date(2012, 12, 31)),
        (dt.date(2024, 3, 1), None),
    ]


def test_a_start_that_would_overlap_a_later_period_is_refused_and_writes_nothing(town, peace_office_user):
    Membership.objects.create(authority=town, start_on=dt.date(2020, 1, 1))
    before = written()
    with pytest.raises(DomainError) as err:
        services.add_member("001013", actor=peace_office_user, adopted_on=dt.date(2015, 1, 1), body="C")
    assert err.value.code == "overlapping_period"
    assert written() == before


def test_an_archived_municipality_cannot_be_added(town, peace_office_user):
    services.archive_authority(town, actor=peace_office_user)
    with pytest.raises(DomainError) as err:
        services.add_member("001013", actor=peace_office_user, adopted_on=dt.date(2024, 3, 1), body="C")
    assert err.value.code == "no_such_municipality"


# --- The search ---------------------------------------------------------------------------------


@pytest.fixture
def towns(db):
    names = {
        "001013": "Avigliana",
        "001219": "Rivoli",
        "001272": "Torino",
        "001171": "Nichelino",
        "004037": "Bra",
        "028001": "Abano Terme",
    }
    found = {
        code: make_authority(name, 1_000 + i, istat_code=code, province_code=code[:3])
        for i, (code, name) in enumerate(names.items())
    }
    Membership.objects.create(authority=found["001272"], start_on=dt.date(1997, 2, 17))
    return found


def test_the_search_finds_by_name_without_regard_to_case_names_starting_with_it_first(towns):
    today = timezone.localdate()
    assert [a.name for a in queries.municipalities_matching("ri", today)] == ["Rivoli", "Torino"]
    assert [a.name for a in queries.municipalities_matching("  TORINO ", today)] == ["Torino"]


def test_the_search_ignores_accents_and_the_apostrophes_shape(db):
    today = timezone.localdate()
    make_authority("Ciriè", 18_000, istat_code="001086", province_code="001")
    make_authority("Sant’Ambrogio di Torino", 4_700, istat_code="001238", province_code="001")

    assert [a.name for a in queries.municipalities_matching("cirie", today)] == ["Ciriè"]
    assert [a.name for a in queries.municipalities_matching("CIRIÈ", today)] == ["Ciriè"]
    assert [a.name for a in queries.municipalities_matching("sant'ambrogio", today)] == [
        "Sant’Ambrogio di Torino"
    ]
    assert [a.name for a in queries.municipalities_matching("ambrogio", today)] == ["Sant’Ambrogio di Torino"]


def test_the_search_finds_by_the_start_of_the_istat_code(towns):
    found = queries.municipalities_matching("001", timezone.localdate())
    assert [a.istat_code for a in found] == ["001013", "001171", "001219", "001272"]


def test_the_search_tells_members_and_gives_the_population(towns):
    found = {a.istat_code: a for a in queries.municipalities_matching("0", timezone.localdate())}
    assert found["001272"].is_member
    assert not found["001219"].is_member
    assert found["001219"].population == 1_001


def test_an_empty_search_finds_nothing_and_provinces_are_not_municipalities(towns):
    make_authority("Provincia di Torino", kind=LocalAuthority.Kind.PROVINCE, province_code="001")
    assert not queries.municipalities_matching("   ", timezone.localdate()).exists()
    assert not queries.municipalities_matching("Provincia", timezone.localdate()).exists()


# --- The page -------------------------------------------------------------------------------------


def test_the_route_is_not_taken_for_a_members_slug():
    assert reverse("office:add-member") == URL


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("plain_user", 403),
        ("administrative_office_user", 403),
        ("board_member_user", 403),
        ("representative_user", 403),
        ("peace_office_user", 200),
        ("superuser_user", 200),
    ],
)
def test_only_who_manages_members_opens_the_page(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == status
    assert client.post(URL, {"code": "001013"}).status_code in {status, 400}


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.fixture
def office(client, peace_office_user):
    client.force_login(peace_office_user)
    return client


def test_the_page_searches_by_name_and_by_code(office, towns):
    page = office.get(URL, {"q": "rivo"}).content.decode()
    assert 'data-code="001219"' in page
    assert f'href="{URL}?code=001219"' in page
    page = office.get(URL, {"q": "001272"}).content.decode()
    assert 'data-code="001272" data-member="yes"' in page
    assert 'data-choose="001272"' not in page


def test_the_search_shows_at_most_the_limit_and_says_how_many_match(office, db):
    for n in range(queries.SEARCH_LIMIT + 5):
        make_authority(f"San Comune {n:02d}", istat_code=f"099{n:03d}")
    response = office.get(URL, {"q": "san comune"})
    page = response.content.decode()
    assert page.count("data-choose=") == queries.SEARCH_LIMIT
    assert f'data-total="{queries.SEARCH_LIMIT + 5}"' in page


def test_choosing_a_municipality_shows_its_facts_read_only_and_the_act_form(office, towns):
    response = office.get(URL, {"code": "001219"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd class="col-sm-8 col-lg-9" data-fact="name">Rivoli</dd>' in page
    assert 'data-fact="population" data-value="1001"' in page
    assert 'id="add-member-form"' in page
    assert 'name="code" value="001219"' in page
    assert 'name="population"' not in page
    assert 'name="province' not in page


def test_an_unknown_code_is_refused_beside_the_search_field(office, towns):
    response = office.get(URL, {"code": "009999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field-error="code" data-error-code="no_such_municipality"' in page
    assert 'id="add-member-form"' not in page


def act(code="001219", **changes):
    return {
        "code": code,
        "body": "Consiglio comunale",
        "number": "7",
        "adopted_on": "2024-03-01",
        "document": pdf(),
        **changes,
    }


def test_adding_a_member_redirects_to_its_acts_with_a_success_message(office, towns):
    rivoli = towns["001219"]
    response = office.post(URL, act(), follow=True)
    assert response.redirect_chain == [(reverse("members_office:member-acts", args=[rivoli.pk]), 302)]
    page = response.content.decode()
    assert 'data-message-level="success"' in page
    assert 'data-kind="adhesion"' in page
    assert Membership.objects.get(authority=rivoli).start_on == dt.date(2024, 3, 1)
    assert AdhesionAct.objects.get(authority=rivoli).document.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"code": "001272", "adopted_on": "2020-01-01"}, "adopted_on", "already_member"),
        (
            {"adopted_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
            "adopted_on",
            "act_date_in_future",
        ),
        ({"code": "009999"}, "code", "no_such_municipality"),
        ({"code": ""}, "code", "no_such_municipality"),
        ({"code": "0012190", "body": ""}, "code", "no_such_municipality"),
        ({"adopted_on": ""}, "adopted_on", "required"),
        ({"body": ""}, "body", "required"),
        ({"document": pdf("delibera.exe", b"MZ")}, "document", "document_refused"),
        ({"document": pdf("delibera.pdf", b"GIF89a")}, "document", "document_refused"),
    ],
)
def test_a_refusal_is_shown_beside_its_field_with_400_and_writes_nothing(office, towns, changes, field, code):
    before = written()
    response = office.post(URL, act(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-field-error="{field}" data-error-code="{code}"' in page
    assert written() == before


def test_the_english_page_speaks_english(office, towns):
    page = office.get(f"/en{URL}", {"code": "001219"}).content.decode()
    assert "Add the member" in page
    assert "Date of the act" in page


def test_the_office_home_and_the_conventions_page_link_to_it(office, client, administrative_office_user):
    assert f'href="{URL}"' in office.get("/office/").content.decode()
    assert f'href="{URL}"' in office.get("/office/conventions/").content.decode()
    client.force_login(administrative_office_user)
    assert 'id="area-add-member"' not in client.get("/office/").content.decode()
