"""Who may choose what the factsheet shows where there is a choice.

- `factsheet.choose_timeline_country`: the peace office picks the country whose timeline the
  factsheet shows (on the page itself; cocopa.factsheet.services.set_timeline_country).
"""

from cocopa.core.roles import grant, is_peace_office


def register() -> None:
    grant("factsheet.choose_timeline_country", is_peace_office)
