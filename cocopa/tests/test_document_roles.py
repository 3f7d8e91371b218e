"""Who may read which uploaded document: every role × every document kind, as one truth table
over `user.has_perm` (governance/permissions.py, members/permissions.py), then the same table
through the download views (/documents/…). The world is test_roles.py's: a board meeting that
convenes member A, not B."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from cocopa.governance.models import AgendaDocument
from cocopa.members.models import AdhesionAct, Convention
from cocopa.tests.test_roles import ROLES, make_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
KINDS = ["agenda_document_of_a", "act_document", "convention_document"]

T, F = True, False
#                          agenda A  act  convention
EXPECTED = {
    "public":                (F,     F,   F),
    "user":                  (F,     F,   F),
    "representative_a":      (T,     F,   F),
    "board_member":          (T,     F,   F),
    "peace_office":          (T,     T,   T),
    "administrative_office": (T,     T,   T),
    "superuser":             (T,     T,   T),
}  # fmt: skip

PERMS = {
    "agenda_document_of_a": "governance.view_agenda_document",
    "act_document": "members.view_act_document",
    "convention_document": "members.view_convention_document",
}
URLS = {
    "agenda_document_of_a": "governance_documents:agenda",
    "act_document": "members_documents:act",
    "convention_document": "members_documents:convention",
}


@pytest.fixture
def world():
    world = make_world()
    document = AgendaDocument(item=world["meeting"].items.first(), title="Relazione")
    document.file.save("relazione.pdf", ContentFile(PDF))
    convention = Convention.objects.create(title="Convenzione", start_on="2011-01-01")
    convention.document.save("convenzione.pdf", ContentFile(PDF))
    act = AdhesionAct.objects.create(authority=world["a"], kind=AdhesionAct.Kind.ADHESION)
    act.document.save("delibera.pdf", ContentFile(PDF))
    world["objects"] = {
        "agenda_document_of_a": document,
        "act_document": act,
        "convention_document": convention,
    }
    return world


def test_the_table_has_one_row_per_role():
    assert list(EXPECTED) == ROLES
    assert all(len(row) == len(KINDS) for row in EXPECTED.values())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_truth_table(world, role, kind):
    user, obj = world["users"][role], world["objects"][kind]

    assert user.has_perm(PERMS[kind], obj) is EXPECTED[role][KINDS.index(kind)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_the_download_gives_the_tables_answer(world, client, role, kind):
    user, obj = world["users"][role], world["objects"][kind]
    if user.is_authenticated:
        client.force_login(user)

    response = client.get(reverse(URLS[kind], args=[obj.pk]))

    if EXPECTED[role][KINDS.index(kind)]:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    elif role == "public":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 403


def test_a_representative_of_a_member_not_convened_is_refused(world, client):
    client.force_login(world["rep_b"])

    response = client.get(
        reverse(URLS["agenda_document_of_a"], args=[world["objects"]["agenda_document_of_a"].pk])
    )

    assert response.status_code == 403


def test_a_wrong_object_is_refused_by_every_document_rule(world):
    office = world["users"]["peace_office"]

    assert not office.has_perm("governance.view_agenda_document", world["meeting"])
    assert not office.has_perm("members.view_act_document", world["objects"]["convention_document"])
    assert not office.has_perm("members.view_convention_document", world["objects"]["act_document"])


def test_an_office_clerk_confirms_the_second_factor_before_reading_a_document_a_representative_never(
    world, client, settings
):
    settings.COCOPA_REQUIRE_STAFF_OTP = True
    url = reverse(URLS["agenda_document_of_a"], args=[world["objects"]["agenda_document_of_a"].pk])

    client.force_login(world["users"]["peace_office"])
    assert "/accounts/2fa/" in client.get(url)["Location"]

    client.force_login(world["users"]["representative_a"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_every_link_to_a_file_is_its_download_view_never_a_media_url(world, kind):
    obj = world["objects"][kind]
    file = obj.file if kind == "agenda_document_of_a" else obj.document

    assert file.url == reverse(URLS[kind], args=[obj.pk])


def test_the_admins_file_widget_links_to_the_download_view(world, client):
    document = world["objects"]["agenda_document_of_a"]
    client.force_login(world["users"]["superuser"])

    page = client.get(reverse("admin:governance_agendaitem_change", args=[document.item_id])).content.decode()

    assert f'href="{reverse(URLS["agenda_document_of_a"], args=[document.pk])}"' in page


@pytest.mark.parametrize(
    ("model", "field"), [(AgendaDocument, "file"), (AdhesionAct, "document"), (Convention, "document")]
)
def test_the_back_office_forms_check_uploads_as_the_office_pages_do(model, field):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cocopa.core.documents import DocumentField

    formfield = model._meta.get_field(field).formfield()

    assert isinstance(formfield, DocumentField)
    with pytest.raises(ValidationError):
        formfield.clean(SimpleUploadedFile("x.exe", b"MZ"))
