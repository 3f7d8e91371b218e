"""The shape of what the peace office and member representatives type in.

Only shape and format are checked here; the rules (notice, quorum, one ballot per member …)
belong to the services, whose errors the views show beside the form they came from.
"""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocopa.core.documents import DocumentField
from cocopa.core.widgets import DateInput, DateTimeInput
from cocopa.governance import labels, tally
from cocopa.governance.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Body,
    Candidate,
    Election,
    Mandate,
    Meeting,
    Person,
    Position,
    RollCall,
)
from cocopa.members.models import LocalAuthority

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def styled(form: forms.Form) -> None:
    """Bootstrap Italia's classes on drop-down lists, text inputs and text areas."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.Textarea | forms.TextInput | forms.NumberInput | forms.URLInput):
            widget.attrs.setdefault("class", "form-control")


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


# --- Meetings ---------------------------------------------------------------------------------


class ConveneForm(forms.Form):
    body: "forms.ModelChoiceField[Body]" = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.all()
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    convened_on = forms.DateField(label=_("Convocation sent on"), widget=DateInput())
    urgent = forms.BooleanField(
        label=_("Urgent convocation (shorter notice than the rules ask)"), required=False
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item per line; a description may follow the title after a “|”."),
    )
    document = DocumentField(label=_("Document"), required=False)
    document_title = forms.CharField(
        label=_("Document title"),
        max_length=AgendaDocument._meta.get_field("title").max_length,
        required=False,
        help_text=_("Empty: the file's name."),
    )
    document_item = forms.IntegerField(
        label=_("Agenda item the document belongs to"), min_value=1, initial=1, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["convened_on"].initial = timezone.localdate()
        styled(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items, document = data.get("agenda"), data.get("document")
        number = data.get("document_item") or 1
        if document and items is not None and number > len(items):
            self.add_error(
                "document_item",
                _("The agenda has %(count)s items; there is no item %(number)s.")
                % {"count": len(items), "number": number},
            )
        data["document_item"] = number
        return data

    def documents(self) -> list[tuple[int, str, Any]]:
        """What the service attaches: (agenda item number, title, uploaded file)."""
        document = self.cleaned_data.get("document")
        if not document:
            return []
        title = self.cleaned_data.get("document_title") or str(document.name)
        return [(self.cleaned_data["document_item"], title[:300], document)]

    def clean_agenda(self) -> list[tuple[str, str]]:
        items = []
        for line in self.cleaned_data["agenda"].splitlines():
            if not line.strip():
                continue
            title, _sep, description = line.partition("|")
            if not title.strip():
                raise forms.ValidationError(_("Every agenda item needs a title."))
            if len(title.strip()) > AgendaItem._meta.get_field("title").max_length:  # type: ignore[operator]
                raise forms.ValidationError(_("An agenda item's title is too long."))
            items.append((title.strip(), description.strip()))
        if not items:
            raise forms.ValidationError(_("Give at least one agenda item."))
        return items


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AttendanceForm(forms.Form):
    """One row per member convened: present, represented by proxy (and by whom), or absent."""

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendances = list(meeting.attendances.select_related("authority", "proxy_for"))
        members = LocalAuthority.objects.filter(pk__in=[a.authority_id for a in self.attendances])
        for a in self.attendances:
            self.fields[f"presence_{a.authority_id}"] = forms.ChoiceField(
                label=a.authority.name,
                choices=Attendance.Presence.choices,
                initial=a.presence or Attendance.Presence.ABSENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"proxy_{a.authority_id}"] = MemberChoiceField(
                label=_("Proxy held by"),
                queryset=members.exclude(pk=a.authority_id).order_by("name"),
                required=False,
                initial=a.proxy_for_id,
            )
        styled(self)

    def rows(self) -> Iterator[tuple[Attendance, forms.BoundField, forms.BoundField]]:
        for a in self.attendances:
            yield a, self[f"presence_{a.authority_id}"], self[f"proxy_{a.authority_id}"]

    def register(self) -> dict[int, tuple[str, LocalAuthority | None]]:
        return {
            a.authority_id: (
                self.cleaned_data[f"presence_{a.authority_id}"],
                self.cleaned_data[f"proxy_{a.authority_id}"],
            )
            for a in self.attendances
        }


# --- Motions ----------------------------------------------------------------------------------


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    majority = forms.ChoiceField(label=_("Majority"), choices=labels.choices(labels.MAJORITY))
    weighting = forms.ChoiceField(label=_("Counting"), choices=labels.choices(labels.WEIGHTING))
    abstentions = forms.ChoiceField(label=_("Abstentions"), choices=labels.choices(labels.ABSTENTIONS))
    tie = forms.ChoiceField(label=_("Tie"), choices=labels.choices(labels.TIE))
    chair = MemberChoiceField(
        label=_("Chair's member (for a casting vote)"), queryset=LocalAuthority.objects.none(), required=False
    )
    voting = forms.ChoiceField(
        label=_("How the vote is taken"),
        choices=labels.choices(labels.VOTING),
        initial="roll_call",
        required=False,
        help_text=_(
            "Roll-call is the software's default, not a rule of the statutes. A secret paper ballot is "
            "counted for the whole box, one vote per member, and a tie is not settled by the chair."
        ),
    )

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = meeting.body
        for name in ("majority", "weighting", "abstentions", "tie"):
            self.fields[name].initial = getattr(body, name)
        item_field = self.fields["item"]
        assert isinstance(item_field, forms.ModelChoiceField)
        item_field.queryset = meeting.items.all()
        chair_field = self.fields["chair"]
        assert isinstance(chair_field, forms.ModelChoiceField)
        chair_field.queryset = LocalAuthority.objects.filter(
            pk__in=meeting.attendances.values("authority_id")
        ).order_by("name")
        styled(self)

    def clean_voting(self) -> str:
        # A form sent without it (an older page, a script) keeps the software's default.
        return str(self.cleaned_data.get("voting") or "roll_call")


class RollCallForm(forms.Form):
    """For, against, abstain or absent per member convened, with the presence frozen when the vote
    opened (the motion's own rows, not the register as it is now); members not present then are
    fixed at absent."""

    def __init__(self, motion: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendances = list(
            motion.roll_call.select_related("authority").order_by("authority__name", "pk")
        )
        for row in self.attendances:
            present = row.presence in (Attendance.Presence.PRESENT, Attendance.Presence.PROXY)
            if present:
                initial = row.choice if row.choice != tally.Choice.ABSENT else None
            else:
                initial = tally.Choice.ABSENT.value
            self.fields[f"vote_{row.authority_id}"] = forms.ChoiceField(
                label=row.authority.name,
                choices=labels.choices(labels.CHOICE),
                initial=initial,
                widget=forms.RadioSelect,
                disabled=not present,
            )

    def rows(self) -> Iterator[tuple[RollCall, forms.BoundField]]:
        for row in self.attendances:
            yield row, self[f"vote_{row.authority_id}"]

    def choices(self) -> dict[int, str]:
        return {row.authority_id: self.cleaned_data[f"vote_{row.authority_id}"] for row in self.attendances}


def _papers(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100_000, initial=0)


class PaperCountForm(forms.Form):
    """The tellers' count of a secret motion's box: papers for, against and abstaining."""

    in_favour = _papers(_("Papers for"))
    against = _papers(_("Papers against"))
    abstain = _papers(_("Papers abstaining"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)


# --- Elections --------------------------------------------------------------------------------


class ElectionForm(forms.Form):
    position: "forms.ModelChoiceField[Position]" = forms.ModelChoiceField(
        label=_("Seats for"),
        queryset=Position.objects.filter(holder=Position.Holder.PERSON).select_related("body"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Election day"), widget=DateInput())
    term_start = forms.DateField(label=_("Term starts"), widget=DateInput())
    seats = forms.IntegerField(
        label=_("Seats"), min_value=1, required=False, help_text=_("Empty: the position's number of seats.")
    )
    method = forms.ChoiceField(label=_("Method"), choices=labels.choices(labels.METHOD))
    max_choices = forms.IntegerField(
        label=_("Choices per ballot (limited vote)"), min_value=1, required=False
    )
    tie_rule = forms.ChoiceField(label=_("Tie rule"), choices=labels.choices(labels.TIE_RULE))
    secret = forms.BooleanField(label=_("Secret ballot"), required=False, initial=True)
    creates_presidency = forms.BooleanField(
        label=_("First elected becomes president, second vice-president (a default rule)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)


class NominationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Candidate"), queryset=Person.objects.all())
    authority = MemberChoiceField(label=_("Member represented"), queryset=LocalAuthority.objects.none())
    nominated_by = MemberChoiceField(label=_("Nominated by"), queryset=LocalAuthority.objects.none())

    def __init__(self, members: QuerySet[LocalAuthority], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("authority", "nominated_by"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = members
        styled(self)


class CandidateChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name} ({obj.authority.name})"


class BallotForm(forms.Form):
    """The candidates a member chooses; none at all is a blank ballot."""

    choices = CandidateChoiceField(
        label=_("Candidates"),
        queryset=Candidate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, election: Election, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.election = election
        self.allowed = election.rule().choices_allowed()
        field = self.fields["choices"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = election.candidates.filter(withdrawn=False).select_related("person", "authority")

    def candidate_ids(self) -> list[int]:
        return [c.pk for c in self.cleaned_data["choices"]]


class InPersonBallotForm(BallotForm):
    authority = MemberChoiceField(label=_("Member"), queryset=LocalAuthority.objects.none())

    def __init__(
        self, election: Election, members: QuerySet[LocalAuthority], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(election, *args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members
        self.order_fields(["authority", "choices"])
        styled(self)


class AnnounceForm(forms.Form):
    attending = forms.TypedChoiceField(
        choices=[("yes", _("I will attend")), ("no", _("I will not attend"))],
        coerce=lambda value: value == "yes",
    )


# --- Bodies: appointments and the end of a mandate --------------------------------------------


class AppointForm(forms.Form):
    """A new mandate in one of the body's positions; the service checks the seats and the dates."""

    position: "forms.ModelChoiceField[Position]" = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.none()
    )
    person: "forms.ModelChoiceField[Person]" = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.all(), required=False
    )
    authority = MemberChoiceField(
        label=_("Member"),
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        help_text=_("The member the person belongs to, or the authority hosting an office."),
    )
    affiliation = forms.CharField(label=_("Affiliation as given"), max_length=200, required=False)
    began = forms.ChoiceField(label=_("Began by"), choices=Mandate.Began.choices)
    start_on = forms.DateField(label=_("From"), widget=DateInput())
    end_on = forms.DateField(
        label=_("Until"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the end of the body's term, or open when the body has none."),
    )

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = body.positions.all()  # type: ignore[attr-defined]
        self.fields["start_on"].initial = timezone.localdate()
        styled(self)


class EndMandateForm(forms.Form):
    end_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    ended = forms.ChoiceField(label=_("Ended by"), choices=Mandate.Ended.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_on"].initial = timezone.localdate()
        styled(self)


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)
