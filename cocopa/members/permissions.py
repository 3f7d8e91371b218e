"""Who may do what with members, behind `user.has_perm("members.<action>")`.

- `members.manage_members`: members, their adhesion, renewal and withdrawal acts, conventions,
  population figures and size classes: the peace office (its pages and the back office).
- `members.view_act_document` (object: the adhesion act) and `members.view_convention_document`
  (object: the convention): the files uploaded with them, to both offices (peace office,
  administrative office). No model marks an act's or a convention's file public, so nobody else.
- Django's model permissions on every members model (the admin asks them): the peace office.
"""

from typing import Any

from cocopa.core.roles import UserLike, add_model_perms, grant, is_administrative_office, is_peace_office
from cocopa.members.models import AdhesionAct, Convention


def is_an_office(user: UserLike) -> bool:
    return is_peace_office(user) or is_administrative_office(user)


def may_view_act_document(user: UserLike, act: Any) -> bool:
    return isinstance(act, AdhesionAct) and is_an_office(user)


def may_view_convention_document(user: UserLike, convention: Any) -> bool:
    return isinstance(convention, Convention) and is_an_office(user)


def register() -> None:
    grant("members.manage_members", is_peace_office)
    grant("members.view_act_document", may_view_act_document)
    grant("members.view_convention_document", may_view_convention_document)
    add_model_perms("members", is_peace_office)
