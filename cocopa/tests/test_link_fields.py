"""The office's record forms of issue 16 (events, peace education, campaigns, city diplomacy) link
members, initiatives, countries and documents with one shape (core.formfields.choose_many) over
one list of each (library.linkfields): the same rows, the same order, the same help."""

import pytest
from django import forms
from django.utils import translation

from cocopa.campaigns.forms import CampaignForm
from cocopa.core.formfields import HOLD_CTRL, choose_many
from cocopa.diplomacy.forms import AgreementForm, MissionForm
from cocopa.education.forms import ActivityForm
from cocopa.events.forms import EventForm
from cocopa.library import linkfields
from cocopa.members.models import LocalAuthority

pytestmark = pytest.mark.django_db


def test_a_list_says_how_to_choose_more_than_one_and_boxes_need_no_help():
    listed = choose_many("Cose", choices=lambda: [("a", "A")])
    boxes = choose_many("Cose", queryset=LocalAuthority.objects.all(), checkboxes=True)

    assert isinstance(listed.widget, forms.SelectMultiple)
    assert listed.widget.attrs["size"] == 6
    assert listed.help_text == HOLD_CTRL
    assert not listed.required
    assert isinstance(boxes.widget, forms.CheckboxSelectMultiple)
    assert boxes.help_text == ""


def test_the_country_list_is_named_in_the_request_language():
    field = linkfields.countries("Paesi")
    with translation.override("it"):
        italian = dict(field.choices)["DE"]
    with translation.override("en"):
        english = dict(field.choices)["DE"]
    assert (italian, english) == ("Germania", "Germany")


def test_the_four_apps_offer_the_same_rows_with_the_same_help(demo_network):
    event, agreement, mission = EventForm(), AgreementForm(), MissionForm()
    campaign, activity = CampaignForm(), ActivityForm()

    members = list(linkfields.members_offered())
    assert members
    assert list(agreement.fields["members"].queryset) == members
    assert list(mission.fields["members"].queryset) == members
    assert list(event.fields["organisers"].queryset) == members

    initiatives = list(linkfields.own_initiatives())
    for form in (event, agreement, mission, campaign):
        assert list(form.fields["initiatives"].queryset) == initiatives

    documents = list(linkfields.library_documents())
    for other in (event, campaign, activity):
        assert list(other.fields["documents"].queryset) == documents

    listed = [
        agreement.fields["members"],
        mission.fields["initiatives"],
        campaign.fields["initiatives"],
        campaign.fields["documents"],
        activity.fields["documents"],
        event.fields["countries"],
        event.fields["sources"],
    ]
    assert {str(f.help_text) for f in listed} == {str(HOLD_CTRL)}
