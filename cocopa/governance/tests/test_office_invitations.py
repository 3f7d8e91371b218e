"""The pages of invitations: /office/people/ for the peace office, the invitee's link for anyone."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import Invitation

pytestmark = pytest.mark.django_db

PASSWORD = "una-password-lunga-2026"


def link_of(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def invited(peace_office_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite("collega@example.org", "Anna Collega", "peace_office", actor=peace_office_user)
    return link_of(mail.outbox[-1])


def test_the_peace_office_invites_from_its_page(
    client, peace_office_user, django_capture_on_commit_callbacks
):
    client.force_login(peace_office_user)
    assert client.get("/en/office/people/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/office/people/",
            {"email": "nuovo@example.org", "name": "Nuovo Collega", "role": "administrative_office"},
            follow=True,
        )
    assert response.status_code == 200
    assert b"nuovo@example.org" in response.content
    assert mail.outbox[-1].to == ["nuovo@example.org"]
    assert Invitation.objects.get().role == "administrative_office"


def test_a_representative_invitation_without_member_is_a_form_error(client, peace_office_user):
    client.force_login(peace_office_user)
    response = client.post(
        "/en/office/people/", {"email": "r@example.org", "name": "R", "role": "representative"}
    )
    assert response.status_code == 200
    assert b'data-field-error="authority"' in response.content
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["administrative_office_user", "representative_user", "plain_user"])
def test_others_get_403(who, request, client):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/en/office/people/").status_code == 403
    assert (
        client.post(
            "/en/office/people/", {"email": "x@example.org", "name": "X", "role": "peace_office"}
        ).status_code
        == 403
    )
    assert not Invitation.objects.exists()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/en/office/people/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_resend_and_revoke_from_the_list(
    client, peace_office_user, invited, django_capture_on_commit_callbacks
):
    client.force_login(peace_office_user)
    invitation = Invitation.objects.get()
    page = client.get("/en/office/people/")
    assert f'data-invitation="{invitation.pk}"'.encode() in page.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/office/people/invitations/{invitation.pk}/resend/")
    assert link_of(mail.outbox[-1]) != invited
    client.post(f"/en/office/people/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert b"No invitation is pending." in client.get("/en/office/people/").content


def test_the_invitee_sets_a_password_and_lands_on_enrolment(client, invited):
    page = client.get("/en" + invited)
    assert page.status_code == 200
    assert b"Anna Collega" in page.content
    assert b"peace office" in page.content  # the page in English, whatever the mail was in

    response = client.post("/en" + invited, {"password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    assert "/accounts/2fa/enrol/" in response["Location"]
    assert client.session["_auth_user_id"]
    assert client.get(response["Location"]).status_code == 302  # on to the set-up page


def test_two_different_passwords_are_a_form_error(client, invited):
    response = client.post("/en" + invited, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert response.status_code == 200
    assert b'data-field-error="password2"' in response.content
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (lambda link: link[:-6] + "xxxxx/", b"not valid"),
        (lambda link: "/accounts/invitation/nonsense/", b"not valid"),
    ],
)
def test_a_garbled_link_says_so_without_a_traceback(client, invited, change, text):
    response = client.get("/en" + change(invited))
    assert response.status_code == 410
    assert text in response.content


def test_a_used_or_expired_link_says_which(client, invited):
    client.post("/en" + invited, {"password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    assert b"already been used" in client.get("/en" + invited).content
    Invitation.objects.update(accepted_at=None, user=None, expires_at=timezone.now())
    assert b"expired" in client.get("/en" + invited).content


def test_the_member_page_offers_to_invite_the_mayor_without_a_login(client, peace_office_user):
    member = gt.make_member("Comune senza accesso")
    mayor = gt.make_mayor(member, login=False)
    client.force_login(peace_office_user)
    page = client.get(f"/en/office/members/{member.slug}/").content.decode()
    assert f"/en/office/people/?person={mayor.pk}&amp;authority={member.pk}&amp;basis=mayor" in page
    form = client.get(
        f"/en/office/people/?person={mayor.pk}&authority={member.pk}&basis=mayor"
    ).content.decode()
    assert f'value="{mayor.name}"' in form
    assert re.search(r'<option value="representative" selected>', form)


def test_the_mayor_change_preview_offers_to_invite_the_new_mayor(client, peace_office_user):
    member = gt.make_member("Comune al voto")
    gt.make_mayor(member)
    new = gt.make_person("Nuovo Sindaco")
    client.force_login(peace_office_user)
    page = client.post(
        f"/en/office/members/{member.slug}/",
        {
            "action": "mayor-preview",
            "mayor-person": new.pk,
            "mayor-start_on": timezone.localdate().isoformat(),
        },
    ).content.decode()
    assert 'id="invite-new-mayor"' in page
    assert f"person={new.pk}&amp;authority={member.pk}&amp;basis=mayor" in page


def test_my_member_links_to_the_members_fees(client, representative_user, plain_user):
    client.force_login(representative_user)
    assert 'href="/en/fees/mine/"' in client.get("/en/me/").content.decode()
    client.force_login(plain_user)  # representing nobody: no member, no fees to link to
    assert "/fees/mine/" not in client.get("/en/me/").content.decode()


def test_the_office_home_links_to_people_and_roles(client, peace_office_user):
    client.force_login(peace_office_user)
    assert 'href="/en/office/people/"' in client.get("/en/office/").content.decode()


def test_the_page_lists_who_holds_an_office_role(
    client, peace_office_user, administrative_office_user, plain_user
):
    administrative_office_user.is_active = False
    administrative_office_user.save()
    client.force_login(peace_office_user)
    page = client.get("/en/office/people/").content.decode()
    assert f'data-username="{peace_office_user.username}"' in page
    assert f'data-username="{administrative_office_user.username}"' not in page  # inactive: no role
    assert f'data-username="{plain_user.username}"' not in page
