"""Forms of a secret election's in-person vote: marking who voted, and the count of the box."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cocopa.governance.forms import CandidateChoiceField, MemberChoiceField, styled
from cocopa.governance.models import BallotBox, Candidate, Election
from cocopa.members.models import LocalAuthority


class InPersonMarkForm(forms.Form):
    """Who put a paper in the box — and nothing about what it says."""

    authority = MemberChoiceField(label=_("Member"), queryset=LocalAuthority.objects.none())

    def __init__(self, members: QuerySet[LocalAuthority], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members
        styled(self)


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100_000, initial=0)


class BallotBoxForm(forms.Form):
    """The tellers' count of the whole box: papers found, blank, void, and one figure per candidate."""

    ballots = _count(_("Ballots found in the box"))
    blank = _count(_("Blank ballots"))
    void = _count(_("Void ballots"))

    def __init__(self, election: Election, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates: list[Candidate] = list(
            election.candidates.filter(withdrawn=False).select_related("person", "authority").order_by("pk")
        )
        for candidate in self.candidates:
            self.fields[self.key(candidate)] = _count(f"{candidate.person.name} ({candidate.authority.name})")
        box = BallotBox.objects.filter(election=election).prefetch_related("counts").first()
        if box is not None and not self.is_bound:
            # A correction starts from what was entered.
            self.initial.update({"ballots": box.ballots, "blank": box.blank, "void": box.void})
            self.initial.update({f"candidate_{c.candidate_id}": c.votes for c in box.counts.all()})
        styled(self)

    @staticmethod
    def key(candidate: Candidate) -> str:
        return f"candidate_{candidate.pk}"

    def candidate_fields(self) -> list[forms.BoundField]:
        return [self[self.key(c)] for c in self.candidates]

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.key(c)] for c in self.candidates}


class InPersonSheetForm(forms.Form):
    """One row per member that has not voted yet: ticked if it voted in person, and in an open
    election the candidates it chose (none: a blank ballot). A secret election's rows have no
    choices: the box is counted whole."""

    def __init__(
        self, election: Election, members: QuerySet[LocalAuthority], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.election = election
        self.members = list(members)
        self.allowed = election.rule().choices_allowed()
        candidates = election.candidates.filter(withdrawn=False).select_related("person", "authority")
        for member in self.members:
            self.fields[f"voted_{member.pk}"] = forms.BooleanField(label=member.name, required=False)
            if not election.secret:
                self.fields[f"choices_{member.pk}"] = CandidateChoiceField(
                    label=_("Candidates"),
                    queryset=candidates,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )

    def rows(self) -> list[tuple[LocalAuthority, forms.BoundField, forms.BoundField | None]]:
        return [
            (m, self[f"voted_{m.pk}"], None if self.election.secret else self[f"choices_{m.pk}"])
            for m in self.members
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for member in self.members:
            chosen = data.get(f"choices_{member.pk}") or []
            if chosen and not data.get(f"voted_{member.pk}"):
                self.add_error(f"voted_{member.pk}", _("Tick the member whose choices you entered."))
        return data

    def sheet(self) -> dict[LocalAuthority, list[int]]:
        return {
            m: [c.pk for c in self.cleaned_data.get(f"choices_{m.pk}") or []]
            for m in self.members
            if self.cleaned_data.get(f"voted_{m.pk}")
        }
