"""Who may write peace education: the peace office (Django's model permissions on programmes,
activities and topics, asked by the office pages, the services and the admin through
`user.has_perm`), plus `education.import_activities` for the bulk entry from a spreadsheet.
The public reads everything recorded: no field of a programme or an activity is private."""

from cocopa.core.roles import add_model_perms, grant, is_peace_office


def register() -> None:
    add_model_perms("education", is_peace_office)
    grant("education.import_activities", is_peace_office)
