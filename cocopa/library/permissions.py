"""Who may do what with the documents library, behind `user.has_perm("library.<action>", obj)`.

- `library.manage_documents`: add a document and its versions, change its visibility (the office
  pages under /office/documents/ and services.py): the peace office.
- `library.view_document`, object: the document. A public document: anyone. A restricted one: the
  rule the existing document views apply to what is not public —
  * the offices (peace and administrative), as for members' acts and conventions
    (`members.view_act_document`) and for minutes (`governance.view_minutes`);
  * for a document of a body, also the people who hold a seat in that body today, as for that
    body's minutes (`governance.view_minutes`); the Assembly is made of the members'
    representatives, so for an Assembly document a representative designated today counts as
    holding a seat (the Assembly's convocation reaches them: `governance.view_convocation`);
  * a restricted document of no body: the offices only.
  queries.visible_documents() filters a list by the same rule (one definition each way, checked
  against each other by the tests).
- Django's model permissions on the library's models (the admin asks them): the peace office,
  except `view_document`, which is the rule above.
"""

from typing import Any

from django.utils import timezone

from cocopa.core.roles import UserLike, add_model_perms, grant, is_administrative_office, is_peace_office
from cocopa.governance.models import Body
from cocopa.governance.roles import represented_members, sits_in
from cocopa.library.models import Document


def is_an_office(user: UserLike) -> bool:
    return is_peace_office(user) or is_administrative_office(user)


def may_view_document(user: UserLike, document: Any) -> bool:
    if not isinstance(document, Document):
        return False
    if document.visibility == Document.Visibility.PUBLIC:
        return True
    if is_an_office(user):
        return True
    if document.body_id is None:
        return False
    today = timezone.localdate()
    if sits_in(user, today, body_id=document.body_id):
        return True
    body = document.body
    return body is not None and body.kind == Body.Kind.ASSEMBLY and bool(represented_members(user, today))


def register() -> None:
    grant("library.manage_documents", is_peace_office)
    grant("library.view_document", may_view_document)
    add_model_perms("library", is_peace_office, actions=("add", "change", "delete"), models=["document"])
    add_model_perms("library", is_peace_office, models=["version"])
