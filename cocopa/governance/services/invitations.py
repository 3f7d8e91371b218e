"""Invitations: the peace office gives a colleague or a member's representative a login and a role.

The link is signed as the enrolment links are (django.core.signing with its own salt, as
cocopa.core.enrolment does) and carries the invitation's id and a random secret. The table keeps
only the secret's SHA-256 digest, so reading the database does not give a working link, and the
signature means a guessed or garbled token is refused before any lookup. A link works once:
resending draws a new secret (the old link then names a secret that is no longer kept), and
accepting or revoking closes the invitation. Expiry is the stored `expires_at`
(COCOPA_INVITATION_HOURS after the last sending, a default).
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import partial
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, User
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocopa.core import audit, enrolment
from cocopa.core.errors import Conflict, DomainError
from cocopa.core.roles import ADMINISTRATIVE_OFFICE_GROUP, PEACE_OFFICE_GROUP, Actor, signed_in
from cocopa.governance.models import Designation, Invitation, Person
from cocopa.governance.services._common import require
from cocopa.governance.services.people import designate
from cocopa.members.models import LocalAuthority

SALT = "cocopa.governance.invitations"

GROUP_OF = {
    Invitation.Role.PEACE_OFFICE: PEACE_OFFICE_GROUP,
    Invitation.Role.ADMINISTRATIVE_OFFICE: ADMINISTRATIVE_OFFICE_GROUP,
}


class InvitationRefused(DomainError):
    """A link that cannot be used: its code says why (invalid, replaced, expired, used, revoked)."""

    status = 410


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    path: str  # the link without scheme and host
    url: str  # the link as COCOPA_SITE_URL serves it


@dataclass(frozen=True)
class Accepted:
    user: User
    next_path: str  # where the new login goes: the second-factor enrolment for staff, /me/ otherwise


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _require_inviter(actor: Actor) -> None:
    require(actor is not None and actor.has_perm("governance.invite_people"))


def _issue(invitation: Invitation) -> Issued:
    """A new secret for the invitation (the old link dies), its expiry, and the mail after commit."""
    secret = secrets.token_urlsafe(24)
    invitation.token_hash = _digest(secret)
    invitation.expires_at = timezone.now() + dt.timedelta(hours=settings.COCOPA_INVITATION_HOURS)
    invitation.save()
    token = signing.dumps({"i": invitation.pk, "s": secret}, salt=SALT)
    # The invitee's language is not known: the network's default, whatever the office's page is in.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("invitation", kwargs={"token": token})
    issued = Issued(invitation=invitation, path=path, url=urljoin(settings.COCOPA_SITE_URL, path))
    transaction.on_commit(partial(_send, issued))
    return issued


def role_label(invitation: Invitation) -> str:
    if invitation.role == Invitation.Role.REPRESENTATIVE and invitation.authority is not None:
        return _("representative of %(member)s (%(basis)s)") % {
            "member": invitation.authority.name,
            "basis": invitation.get_basis_display(),
        }
    return str(invitation.get_role_display())


def _send(issued: Issued) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send_in_language(issued)


def _send_in_language(issued: Issued) -> None:
    invitation = issued.invitation
    body = _(
        "Hello %(name)s,\n\nthe peace office invites you to Co.Co.Pa. as %(role)s.\n\n"
        "Open this link to choose your password (it works once, until %(until)s):\n%(url)s\n\n"
        "If you did not expect this message, ignore it: nothing happens without the link."
    ) % {
        "name": invitation.name,
        "role": role_label(invitation),
        "until": date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT"),
        "url": issued.url,
    }
    send_mail(_("Your invitation to Co.Co.Pa."), body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def invite(
    email: str,
    name: str,
    role: str,
    *,
    actor: Actor,
    authority: LocalAuthority | None = None,
    basis: str = "",
    person: Person | None = None,
) -> Issued:
    """Invite someone to a role; for a representative, of which member and as mayor or delegate."""
    _require_inviter(actor)
    email = email.strip().lower()
    name = name.strip() or (person.name if person is not None else "")
    if not email:
        raise DomainError("email_missing", _("Give the e-mail address to send the invitation to."))
    if not name:
        raise DomainError("name_missing", _("Give the name of the person invited."))
    if role not in Invitation.Role.values:
        raise DomainError("role_unknown", _("Choose the role the invitation gives."))
    if role == Invitation.Role.REPRESENTATIVE:
        if authority is None:
            raise DomainError("member_missing", _("Choose the member the representative acts for."))
        if basis not in Designation.Basis.values:
            raise DomainError(
                "basis_missing", _("Say whether the representative is the mayor or a delegate.")
            )
        if person is not None and person.user_id is not None:
            raise Conflict("person_has_login", _("%(name)s already has a login.") % {"name": person.name})
    else:
        authority, basis, person = None, "", None
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise Conflict(
            "login_exists", _("A login with the e-mail %(email)s already exists.") % {"email": email}
        )
    already = Conflict(
        "invitation_pending",
        _("An invitation to %(email)s is already pending: resend it or revoke it.") % {"email": email},
    )
    if Invitation.objects.filter(email=email, accepted_at__isnull=True, revoked_at__isnull=True).exists():
        raise already
    try:
        with transaction.atomic():
            invitation = Invitation(
                email=email,
                name=name,
                role=role,
                authority=authority,
                basis=basis,
                person=person,
                created_by=signed_in(actor),
                expires_at=timezone.now(),
            )
            issued = _issue(invitation)
            audit.record(
                signed_in(actor),
                "governance.invitation_sent",
                invitation,
                {"role": role, "authority": authority.pk if authority else None},
            )
    except IntegrityError as err:
        # Another clerk's invitation to the address was saved first (one_pending_invitation_per_email).
        raise already from err
    return issued


def _require_pending(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise Conflict("invitation_used", _("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise Conflict("invitation_revoked", _("This invitation has been revoked."))


def resend_invitation(invitation: Invitation, *, actor: Actor) -> Issued:
    """A new link and a new expiry, by e-mail again; the link sent before no longer works."""
    _require_inviter(actor)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _require_pending(invitation)
        issued = _issue(invitation)
        audit.record(signed_in(actor), "governance.invitation_resent", invitation)
    return issued


def revoke_invitation(invitation: Invitation, *, actor: Actor) -> Invitation:
    """Close a pending invitation: its link no longer works."""
    _require_inviter(actor)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _require_pending(invitation)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(signed_in(actor), "governance.invitation_revoked", invitation)
    return invitation


def pending() -> list[Invitation]:
    """Invitations not yet accepted nor revoked, expired ones included (the office resends them)."""
    return list(
        Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related(
            "authority", "created_by"
        )
    )


def office_staff() -> list[tuple[User, list[str]]]:
    """Active logins holding an office role, with the roles' labels (superusers hold both anyway)."""
    labels = {group: str(Invitation.Role(role).label) for role, group in GROUP_OF.items()}
    users = (
        User.objects.filter(is_active=True, groups__name__in=labels)
        .distinct()
        .order_by("username")
        .prefetch_related("groups")
    )
    return [(user, sorted(labels[g.name] for g in user.groups.all() if g.name in labels)) for user in users]


def opened(token: str, *, for_update: bool = False) -> Invitation:
    """The pending invitation a link opens, or InvitationRefused saying why it does not."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        payload = None
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int) or not payload.get("s"):
        raise InvitationRefused(
            "invitation_invalid", _("This invitation link is not valid. Check that it was copied whole.")
        )
    invitations = Invitation.objects.select_related("authority", "person")
    if for_update:
        # Only the invitation row: the member and person beside it may be absent (an outer join).
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(pk=payload["i"]).first()
    if invitation is None:
        raise InvitationRefused(
            "invitation_invalid", _("This invitation link is not valid. Check that it was copied whole.")
        )
    if invitation.accepted_at is not None:
        raise InvitationRefused(
            "invitation_used", _("This invitation has already been used. Log in with the password you chose.")
        )
    if invitation.revoked_at is not None:
        raise InvitationRefused(
            "invitation_revoked", _("This invitation has been revoked. Ask the peace office if you need one.")
        )
    if not hmac.compare_digest(invitation.token_hash, _digest(str(payload["s"]))):
        raise InvitationRefused(
            "invitation_replaced",
            _(
                "A newer invitation was sent to you: this link no longer works. Use the one in the latest e-mail."
            ),
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationRefused(
            "invitation_expired", _("This invitation has expired. Ask the peace office to send it again.")
        )
    return invitation


def accept_invitation(token: str, password: str, *, actor: Actor) -> Accepted:
    """The invitee chooses a password: a login with the invitation's role, used once.

    An office role adds the login to the office's group (and makes it staff, for the back office);
    the new login then enrols the second factor through a one-time link (core.enrolment). A
    representative's login is tied to the person (a new one named in the invitation when none is
    given); when that person is not the member's representative today, they are designated from
    today, as the inviting office would on the member's page.
    """
    with transaction.atomic():
        invitation = opened(token, for_update=True)
        username = invitation.email
        if User.objects.filter(username__iexact=username).exists():
            raise InvitationRefused(
                "login_exists", _("A login with this e-mail already exists. Log in instead.")
            )
        try:
            password_validation.validate_password(password, User(username=username, email=invitation.email))
        except ValidationError as err:
            raise DomainError("password_weak", " ".join(err.messages)) from err
        staff = invitation.role != Invitation.Role.REPRESENTATIVE
        user = User.objects.create_user(username, invitation.email, password, is_staff=staff)
        user.first_name = invitation.name[:150]
        user.save(update_fields=["first_name"])
        if staff:
            user.groups.add(Group.objects.get_or_create(name=GROUP_OF[Invitation.Role(invitation.role)])[0])
        else:
            _link_representative(invitation, user)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        audit.record(
            user,
            "governance.invitation_accepted",
            invitation,
            {"role": invitation.role, "anonymous": signed_in(actor) is None},
        )
        next_path = (
            enrolment.invite_to_enrol(user, actor=None).path if staff else reverse("self_service:home")
        )
    return Accepted(user=user, next_path=next_path)


def _link_representative(invitation: Invitation, user: User) -> None:
    authority = invitation.authority
    assert authority is not None  # the table's constraint
    person = invitation.person
    if person is None:
        person = Person.objects.create(name=invitation.name, email=invitation.email)
        audit.record(user, "governance.person_added", person, {"invitation": invitation.pk})
    elif person.user_id is not None:
        raise InvitationRefused("person_has_login", _("This person already has a login. Log in instead."))
    person.user = user
    if not person.email:
        person.email = invitation.email
    person.save(update_fields=["user", "email"])
    today = timezone.localdate()
    # In force today or from a later day (a change of mayor recorded ahead of its date).
    designated = Designation.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today), authority=authority, person=person
    ).exists()
    if not designated:
        # The office decided it when it invited; the right is asked again of whoever invited.
        designate(authority, person, today, actor=invitation.created_by, basis=invitation.basis)
