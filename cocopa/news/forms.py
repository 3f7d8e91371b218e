"""The shape of a post as the peace office types it; the rules are the services'."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cocopa.cooperation import queries as cooperation_queries
from cocopa.cooperation.models import Initiative
from cocopa.members.models import LocalAuthority
from cocopa.news.images import ImageField
from cocopa.news.models import Post
from cocopa.news.services import TEXT_FIELDS, PostInput

MARKDOWN_HELP = _(
    "Markdown: an empty line between paragraphs, *italics*, **bold**, [link text](https://…), "
    "lines starting with - for a list, ## for a heading."
)


def _members_offered(post: Post | None) -> QuerySet[LocalAuthority]:
    # Authorities that have been members, not the whole ISTAT list the registry may hold,
    # and any already linked.
    linked = post.members.values("pk") if post is not None and post.pk else LocalAuthority.objects.none()
    return (
        LocalAuthority.objects.filter(Q(memberships__isnull=False) | Q(pk__in=linked))
        .distinct()
        .order_by("name")
    )


class PostForm(forms.Form):
    """A post in Italian (required) and English (optional; the Italian shows where it is empty)."""

    title_it = forms.CharField(label=_("Title (Italian)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    summary_it = forms.CharField(
        label=_("Summary (Italian)"), max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body_it = forms.CharField(
        label=_("Text (Italian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )
    body_en = forms.CharField(
        label=_("Text (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )
    image = ImageField(label=_("Picture"), required=False)
    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)
    image_alt_it = forms.CharField(
        label=_("Description of the picture (Italian)"),
        max_length=300,
        required=False,
        help_text=_("Required with a picture: what it shows, for those who cannot see it."),
    )
    image_alt_en = forms.CharField(
        label=_("Description of the picture (English)"),
        max_length=300,
        required=False,
        help_text=_("Required with a picture when the post has an English title."),
    )
    slug = forms.SlugField(
        label=_("Address"),
        max_length=100,
        required=False,
        help_text=_("The last part of the post's address; made from the Italian title when left empty."),
    )
    members: "forms.ModelMultipleChoiceField[LocalAuthority]" = forms.ModelMultipleChoiceField(
        label=_("Members it is about"),
        queryset=LocalAuthority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives: "forms.ModelMultipleChoiceField[Initiative]" = forms.ModelMultipleChoiceField(
        label=_("Initiatives it is about"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries it is about"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose more than one."),
    )

    def __init__(self, *args: Any, post: Post | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["members"].queryset = _members_offered(post)
        fields["initiatives"].queryset = Initiative.objects.own().order_by("title")
        fields["countries"].choices = [
            (code, cooperation_queries.country_name(code)) for code, _name in countries
        ]
        if post is None or not post.image:
            del self.fields["remove_image"]
        for name, field in self.fields.items():
            widget = field.widget
            if name.endswith(("_it", "_en")):
                widget.attrs["lang"] = name[-2:]  # the text typed in, whatever the page's language
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    @staticmethod
    def initial_of(post: Post) -> dict[str, Any]:
        return {
            **{name: getattr(post, name) or "" for name in ("slug", *TEXT_FIELDS)},
            "members": list(post.members.all()),
            "initiatives": list(post.initiatives.all()),
            "countries": [c.code for c in post.countries],
        }

    def post_input(self) -> PostInput:
        data = self.cleaned_data
        return PostInput(
            **{name: data[name] for name in TEXT_FIELDS},
            slug=data["slug"],
            members=data["members"],
            initiatives=data["initiatives"],
            countries=data["countries"],
        )
