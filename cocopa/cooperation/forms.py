"""The filter form of the list and the map: what it offers and shows. What a query string means is
filters.parse's alone; the form only displays the valid filters as chosen and the problems beside
their fields."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocopa.cooperation import filters as coop_filters
from cocopa.cooperation import queries
from cocopa.members import queries as member_queries


class FilterForm(forms.Form):
    """The filters, offered from what the registry holds, plus the chosen value where the registry
    holds nothing for it yet (Mali, a year before the first initiative), so a valid choice stays
    selected."""

    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Field of action"), required=False)
    intervention = forms.ChoiceField(label=gettext_lazy("Field of intervention"), required=False)
    member = forms.ChoiceField(label=gettext_lazy("Member authority"), required=False)
    year = forms.ChoiceField(label=gettext_lazy("Year"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)

    def __init__(self, parsed: coop_filters.Parsed, choices: queries.FilterChoices) -> None:
        chosen = parsed.filters
        super().__init__(
            initial={
                name: "" if getattr(chosen, name) is None else str(getattr(chosen, name))
                for name in self.base_fields
            }
        )
        self.problems = parsed.problems
        every = [("", _("any"))]
        countries = list(choices.countries)
        if chosen.country and chosen.country not in dict(countries):
            countries = sorted(
                [*countries, (chosen.country, queries.country_name(chosen.country))], key=lambda c: c[1]
            )
        members = list(choices.members)
        if chosen.member and chosen.member not in dict(members):
            authority = member_queries.by_slug(chosen.member).first()
            members = sorted(
                [*members, (chosen.member, authority.name if authority else chosen.member)],
                key=lambda m: m[1],
            )
        years = set(choices.years) | ({chosen.year} if chosen.year is not None else set())
        statuses = list(choices.statuses)
        if chosen.status and chosen.status not in dict(statuses):
            statuses = [
                (code, str(label))
                for code, label in queries.STATUS_LABELS.items()
                if code in {chosen.status, *dict(statuses)}
            ]
        fields: dict[str, Any] = self.fields
        fields["country"].choices = every + countries
        fields["action"].choices = every + [(str(f.pk), f.name) for f in choices.actions]
        fields["intervention"].choices = every + [
            (str(f.pk), f"{f.parent.name} › {f.name}" if f.parent else f.name) for f in choices.interventions
        ]
        fields["member"].choices = every + members
        fields["year"].choices = every + [(str(y), str(y)) for y in sorted(years, reverse=True)]
        fields["status"].choices = every + statuses
        fields["kind"].choices = every + [(k.key, k.name) for k in choices.kinds]
        for name in self.problems:
            # The message beside the field is its description, and the field says it is wrong.
            fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"{name}-problem"})

    def rows(self) -> list[tuple[forms.BoundField, coop_filters.Problem | None]]:
        return [(self[name], self.problems.get(name)) for name in self.fields]

    def chosen(self) -> list[tuple[str, str]]:
        """The filters in force as visitors read them: ("Country", "Mali"), ("Year", "1990")."""
        shown = []
        fields: dict[str, Any] = self.fields  # every one a ChoiceField
        for name, f in fields.items():
            value = self.initial.get(name)
            if value:
                shown.append((str(f.label), str(dict(f.choices).get(value, value))))
        return shown
