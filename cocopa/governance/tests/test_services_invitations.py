"""Invitations to a role: who may invite, what the link does once, and what it refuses."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from cocopa.core import enrolment, roles
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.governance import roles as governance_roles
from cocopa.governance import services
from cocopa.governance import testing as gt
from cocopa.governance.models import Designation, Invitation, in_force
from cocopa.governance.services import invitations
from cocopa.governance.services.invitations import InvitationRefused

pytestmark = pytest.mark.django_db

PASSWORD = "una-password-lunga-2026"


def token_of(message) -> str:
    match = re.search(r"/accounts/invitation/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def invite_colleague(
    office, capture, email="collega@example.org", role=Invitation.Role.ADMINISTRATIVE_OFFICE
):
    with capture(execute=True):
        issued = services.invite(email, "Anna Collega", role, actor=office)
    return issued, token_of(mail.outbox[-1])


def test_the_peace_office_invites_a_colleague_and_the_mail_goes_out_after_commit(
    office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issued = services.invite(
            "Collega@Example.org ", "Anna Collega", "administrative_office", actor=office
        )
        assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["collega@example.org"]
    assert issued.url in message.body
    invitation = Invitation.objects.get()
    assert invitation.created_by == office
    hours = (invitation.expires_at - invitation.created_at).total_seconds() / 3600
    assert 71.9 < hours < 72.1
    # Only a digest of the secret is kept: the token's secret is nowhere in the row.
    secret = signing.loads(token_of(message), salt=invitations.SALT)["s"]
    assert secret not in invitation.token_hash
    assert AuditEvent.objects.filter(verb="governance.invitation_sent", actor=office).count() == 1


@pytest.mark.parametrize("who", ["administrative_office_user", "representative_user", "plain_user"])
def test_only_the_peace_office_invites(who, request):
    actor = request.getfixturevalue(who)
    with pytest.raises(Forbidden):
        services.invite("x@example.org", "X", "peace_office", actor=actor)
    with pytest.raises(Forbidden):
        services.invite("x@example.org", "X", "peace_office", actor=None)
    assert not Invitation.objects.exists()


def test_a_superuser_may_invite(superuser_user, django_capture_on_commit_callbacks):
    invite_colleague(superuser_user, django_capture_on_commit_callbacks)
    assert Invitation.objects.count() == 1


def test_accepting_creates_a_staff_login_in_the_group_and_leads_to_enrolment(
    office, django_capture_on_commit_callbacks
):
    _issued, token = invite_colleague(office, django_capture_on_commit_callbacks)

    accepted = services.accept_invitation(token, PASSWORD, actor=None)

    user = accepted.user
    assert user.username == "collega@example.org"
    assert user.check_password(PASSWORD)
    assert user.is_staff
    assert not user.is_superuser
    assert roles.is_administrative_office(user)
    assert not roles.is_peace_office(user)
    assert accepted.next_path.startswith("/accounts/2fa/enrol/")
    enrol_token = accepted.next_path.rstrip("/").rsplit("/", 1)[1]
    assert enrolment.valid_for(enrol_token, user)
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert invitation.user == user
    assert AuditEvent.objects.filter(verb="governance.invitation_accepted", actor=user).count() == 1


def test_a_link_works_once(office, django_capture_on_commit_callbacks):
    _issued, token = invite_colleague(office, django_capture_on_commit_callbacks)
    services.accept_invitation(token, PASSWORD, actor=None)

    with pytest.raises(InvitationRefused) as refused:
        services.accept_invitation(token, "altra-password-lunga-99", actor=None)
    assert refused.value.code == "invitation_used"
    assert User.objects.get(username="collega@example.org").check_password(PASSWORD)


def test_an_expired_link_is_refused(office, django_capture_on_commit_callbacks, settings):
    _issued, token = invite_colleague(office, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    with pytest.raises(InvitationRefused) as refused:
        services.accept_invitation(token, PASSWORD, actor=None)
    assert refused.value.code == "invitation_expired"
    assert not User.objects.filter(username="collega@example.org").exists()


def test_the_expiry_follows_the_setting(office, django_capture_on_commit_callbacks, settings):
    settings.COCOPA_INVITATION_HOURS = 2
    issued, _token = invite_colleague(office, django_capture_on_commit_callbacks)
    left = issued.invitation.expires_at - timezone.now()
    assert dt.timedelta(hours=1, minutes=59) < left <= dt.timedelta(hours=2)


def test_resending_kills_the_old_link_and_the_new_one_works(office, django_capture_on_commit_callbacks):
    issued, old = invite_colleague(office, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(issued.invitation, actor=office)
    new = token_of(mail.outbox[-1])
    assert new != old

    with pytest.raises(InvitationRefused) as refused:
        services.accept_invitation(old, PASSWORD, actor=None)
    assert refused.value.code == "invitation_replaced"
    services.accept_invitation(new, PASSWORD, actor=None)
    assert AuditEvent.objects.filter(verb="governance.invitation_resent").count() == 1


def test_resending_gives_an_expired_invitation_a_new_expiry(office, django_capture_on_commit_callbacks):
    issued, _old = invite_colleague(office, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(issued.invitation, actor=office)
    services.accept_invitation(token_of(mail.outbox[-1]), PASSWORD, actor=None)


def test_a_revoked_link_is_refused_and_cannot_be_resent(office, django_capture_on_commit_callbacks):
    issued, token = invite_colleague(office, django_capture_on_commit_callbacks)
    services.revoke_invitation(issued.invitation, actor=office)

    with pytest.raises(InvitationRefused) as refused:
        services.accept_invitation(token, PASSWORD, actor=None)
    assert refused.value.code == "invitation_revoked"
    with pytest.raises(Conflict):
        services.resend_invitation(issued.invitation, actor=office)
    assert AuditEvent.objects.filter(verb="governance.invitation_revoked", actor=office).count() == 1
    assert invitations.pending() == []


@pytest.mark.parametrize("who", ["administrative_office_user", "representative_user"])
def test_only_the_peace_office_resends_or_revokes(who, request, office, django_capture_on_commit_callbacks):
    issued, _token = invite_colleague(office, django_capture_on_commit_callbacks)
    actor = request.getfixturevalue(who)
    with pytest.raises(Forbidden):
        services.resend_invitation(issued.invitation, actor=actor)
    with pytest.raises(Forbidden):
        services.revoke_invitation(issued.invitation, actor=actor)
    assert Invitation.objects.get().revoked_at is None


@pytest.mark.parametrize(
    "garble",
    [
        lambda t: t[:-3] + ("aaa" if not t.endswith("aaa") else "bbb"),  # a changed signature
        lambda t: t[: len(t) // 2],  # half a link
        lambda t: "",
        lambda t: "not-a-token",
        lambda t: signing.dumps({"i": 10**9, "s": "x"}, salt=invitations.SALT),  # no such invitation
        lambda t: signing.dumps({"i": "1", "s": "x"}, salt=invitations.SALT),  # a wrong shape
        lambda t: signing.dumps({"i": 1, "s": "x"}, salt="another.salt"),  # another kind of link
    ],
)
def test_a_wrong_or_garbled_token_is_refused_without_a_login(
    garble, office, django_capture_on_commit_callbacks
):
    _issued, token = invite_colleague(office, django_capture_on_commit_callbacks)
    with pytest.raises(InvitationRefused) as refused:
        services.accept_invitation(garble(token), PASSWORD, actor=None)
    assert refused.value.code == "invitation_invalid"
    assert not User.objects.filter(username="collega@example.org").exists()


def test_a_guessed_secret_for_a_real_invitation_is_refused(office, django_capture_on_commit_callbacks):
    issued, _token = invite_colleague(office, django_capture_on_commit_callbacks)
    forged = signing.dumps({"i": issued.invitation.pk, "s": "guess"}, salt=invitations.SALT)
    with pytest.raises(InvitationRefused) as refused:
        services.accept_invitation(forged, PASSWORD, actor=None)
    assert refused.value.code == "invitation_replaced"


def test_a_weak_password_is_refused_and_the_link_still_works(office, django_capture_on_commit_callbacks):
    _issued, token = invite_colleague(office, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError) as refused:
        services.accept_invitation(token, "123", actor=None)
    assert refused.value.code == "password_weak"
    assert not User.objects.filter(username="collega@example.org").exists()
    services.accept_invitation(token, PASSWORD, actor=None)


def test_an_email_with_a_login_or_a_pending_invitation_is_refused(office, django_capture_on_commit_callbacks):
    gt.make_user("esiste")  # e-mail esiste@example.org
    with pytest.raises(Conflict) as refused:
        services.invite("esiste@example.org", "Esiste", "peace_office", actor=office)
    assert refused.value.code == "login_exists"
    invite_colleague(office, django_capture_on_commit_callbacks)
    with pytest.raises(Conflict) as refused:
        services.invite("collega@example.org", "Anna", "peace_office", actor=office)
    assert refused.value.code == "invitation_pending"


def test_a_representative_invitation_needs_a_member_and_an_office(office):
    with pytest.raises(DomainError) as refused:
        services.invite("r@example.org", "R", "representative", actor=office)
    assert refused.value.code == "member_missing"
    with pytest.raises(DomainError) as refused:
        services.invite("r@example.org", "R", "representative", actor=office, authority=gt.make_member())
    assert refused.value.code == "basis_missing"


def test_a_new_delegate_accepts_and_represents_the_member_from_today(
    office, django_capture_on_commit_callbacks
):
    member = gt.make_member("Comune invitante")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            "delegata@example.org",
            "Delegata",
            "representative",
            actor=office,
            authority=member,
            basis="delegate",
        )

    accepted = services.accept_invitation(token_of(mail.outbox[-1]), PASSWORD, actor=None)

    user = accepted.user
    assert not user.is_staff
    assert not roles.is_staff(user)
    assert accepted.next_path == "/me/"
    today = timezone.localdate()
    assert governance_roles.represented_members(user, today) == [member]
    designation = Designation.objects.get(in_force(today), authority=member)
    assert (designation.person.name, designation.basis) == ("Delegata", "delegate")
    assert AuditEvent.objects.filter(verb="governance.designated", actor=office).count() == 1


def test_the_new_mayor_accepts_and_keeps_the_designation_the_change_made(
    office, django_capture_on_commit_callbacks
):
    member = gt.make_member("Comune al voto")
    gt.make_mayor(member)
    new_mayor = gt.make_person("Nuova Sindaca")
    today = timezone.localdate()
    services.change_mayor(member, new_mayor, today, actor=office)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            "sindaca@example.org",
            "",
            "representative",
            actor=office,
            authority=member,
            basis="mayor",
            person=new_mayor,
        )

    accepted = services.accept_invitation(token_of(mail.outbox[-1]), PASSWORD, actor=None)

    new_mayor.refresh_from_db()
    assert new_mayor.user == accepted.user
    assert new_mayor.email == "sindaca@example.org"
    assert Designation.objects.filter(person=new_mayor).count() == 1  # no second designation
    assert governance_roles.represented_members(accepted.user, today) == [member]


def test_a_person_with_a_login_is_not_invited(office):
    member = gt.make_member()
    person = gt.make_person(login=True)
    with pytest.raises(Conflict):
        services.invite(
            "p@example.org",
            "P",
            "representative",
            actor=office,
            authority=member,
            basis="mayor",
            person=person,
        )


def test_the_database_holds_one_pending_invitation_per_address(office, django_capture_on_commit_callbacks):
    issued, _token = invite_colleague(office, django_capture_on_commit_callbacks)
    twin = Invitation(
        email=issued.invitation.email,
        name="Gemella",
        role="peace_office",
        created_by=office,
        expires_at=timezone.now(),
        token_hash="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    services.revoke_invitation(issued.invitation, actor=office)
    invite_colleague(office, django_capture_on_commit_callbacks)  # a revoked one no longer counts
    assert Invitation.objects.filter(email=issued.invitation.email).count() == 2


def test_a_race_lost_to_another_clerk_is_a_conflict_not_an_error(
    office, django_capture_on_commit_callbacks, monkeypatch
):
    issued, _token = invite_colleague(office, django_capture_on_commit_callbacks)
    # The other clerk's row is not seen by the early check, as when both send at the same moment.
    monkeypatch.setattr(invitations.Invitation.objects, "filter", lambda **kw: Invitation.objects.none())
    with pytest.raises(Conflict) as refused:
        services.invite(issued.invitation.email, "Anna", "peace_office", actor=office)
    assert refused.value.code == "invitation_pending"
