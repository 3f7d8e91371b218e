"""Who may change the cooperation records (initiatives, partners, budgets, results, sectors).

The peace office runs the network's cooperation and keeps its records in the back office:
Django's model permissions on every cooperation model are its (the admin asks them through
`user.has_perm`). The public reads what is published.

- `cooperation.review_iati`: the peace office (and superusers) read what the IATI checks find
  on /office/iati/ before publishing.
- `cooperation.import_iati`: the peace office (and superusers) enter activities in bulk from the
  spreadsheet template on /office/iati/import/ (iati_sheets), through the XML import.
"""

from cocopa.core.roles import add_model_perms, grant, is_peace_office


def register() -> None:
    add_model_perms("cooperation", is_peace_office)
    grant("cooperation.review_iati", is_peace_office)
    grant("cooperation.import_iati", is_peace_office)
