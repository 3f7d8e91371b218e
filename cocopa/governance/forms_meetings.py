"""Forms of a convened meeting's changes: place and link, postponement, and its agenda items."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocopa.core.documents import DocumentField
from cocopa.core.widgets import DateTimeInput
from cocopa.governance.forms import DATETIME_FORMATS, styled
from cocopa.governance.models import AgendaDocument, AgendaItem, Meeting


class EditMeetingForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"place": meeting.place, "online_url": meeting.online_url})
        super().__init__(*args, **kwargs)
        styled(self)


class PostponeForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New date and time"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the cancel form on the same page also has a reason.
        kwargs.setdefault("auto_id", "id_postpone_%s")
        super().__init__(*args, **kwargs)
        styled(self)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    motion_text = forms.CharField(
        label=_("Proposed motion"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("The text the meeting is asked to vote on, if any."),
    )

    def __init__(self, *args: Any, item: AgendaItem | None = None, **kwargs: Any) -> None:
        if item is not None:
            kwargs.setdefault("prefix", f"item-{item.pk}")
            kwargs.setdefault(
                "initial",
                {"title": item.title, "description": item.description, "motion_text": item.motion_text},
            )
        super().__init__(*args, **kwargs)
        styled(self)


class AttachForm(forms.Form):
    document = DocumentField(label=_("Document"))
    title = forms.CharField(
        label=_("Document title"),
        max_length=AgendaDocument._meta.get_field("title").max_length,
        required=False,
        help_text=_("Empty: the file's name."),
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"doc-{item.pk}")
        super().__init__(*args, **kwargs)
        styled(self)
