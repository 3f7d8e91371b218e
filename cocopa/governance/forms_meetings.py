"""Forms of a convened meeting's changes: place and link, postponement, and its agenda items."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocopa.core.widgets import DateTimeInput
from cocopa.governance.forms import DATETIME_FORMATS, styled
from cocopa.governance.models import Meeting


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
        super().__init__(*args, **kwargs)
        styled(self)
