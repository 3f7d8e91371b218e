"""Who may do what with core's own models, behind `user.has_perm` (roles: cocopa.core.roles).

- `core.view_auditevent`: the audit trail names who did what to whom (ballot participation
  included): the peace office, which keeps the registers. Nobody adds, changes or deletes an
  entry (the trail is append-only and hash-chained; superusers are held off by its admin).
- Sources (`core.*_source`): the peace office, which keeps the registry and its sources.
- `core.invite_to_enrol`: superusers only (Django's `User.has_perm` grants them every right; no
  rule grants it to anyone else): a link to enrol an authenticator is a key to a staff login.
- The outbox (cocopa/core/outbox.py, /office/outbox/): `core.view_outbox` to read which
  messages were sent, wait or failed (recipients, subjects, errors; never bodies) and
  `core.resend_email` to send a failed one again: both offices, whose invitations, convocations
  and fee reminders they are.
- The audit chain's head and the data version are written by the code only: no rule grants them.
"""

from cocopa.core.roles import UserLike, add_model_perms, grant, is_administrative_office, is_peace_office


def either_office(user: UserLike) -> bool:
    return is_peace_office(user) or is_administrative_office(user)


def register() -> None:
    add_model_perms("core", is_peace_office, models=["source"])
    add_model_perms("core", is_peace_office, models=["auditevent"], actions=["view"])
    grant("core.view_outbox", either_office)
    grant("core.resend_email", either_office)
