"""The topics in the office: change their names, order and retire them through the services, a
topic in use is never deleted, and the pages a peace-office clerk uses (others are refused)."""

import pytest
from django.urls import reverse
from django.utils import translation

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.education import services
from cocopa.education.forms import ActivityForm, ProgrammeForm
from cocopa.education.models import Topic
from cocopa.education.testing import make_activity, make_programme, make_school_member, make_topic

pytestmark = pytest.mark.django_db


def _keys() -> list[str]:
    return list(Topic.objects.order_by("order", "key").values_list("key", flat=True))


# --- services -----------------------------------------------------------------------------------


def test_the_clerk_renames_a_topic_in_both_languages_with_audit_and_history(peace_office_user):
    topic = make_topic()
    services.update_topic(topic, " Giustizia sociale ", "Social justice", actor=peace_office_user)
    topic.refresh_from_db()
    assert (topic.name_it, topic.name_en, topic.key) == ("Giustizia sociale", "Social justice", "justice")
    assert AuditEvent.objects.filter(verb="education.topic_changed", actor=peace_office_user).exists()
    assert topic.history.first().history_user == peace_office_user


def test_a_topic_keeps_an_italian_name(peace_office_user):
    topic = make_topic()
    with pytest.raises(DomainError) as refused:
        services.update_topic(topic, "  ", "Justice", actor=peace_office_user)
    assert refused.value.code == "name_it"


def test_moving_a_topic_swaps_it_with_its_neighbour_and_numbers_the_list_afresh(peace_office_user):
    for key in ("a-topic", "b-topic", "c-topic"):
        make_topic(key, key, key)  # all with order 0: the key decides
    services.move_topic(Topic.objects.get(key="c-topic"), up=True, actor=peace_office_user)
    assert _keys() == ["a-topic", "c-topic", "b-topic"]
    assert list(Topic.objects.order_by("order").values_list("order", flat=True)) == [10, 20, 30]
    services.move_topic(Topic.objects.get(key="a-topic"), up=False, actor=peace_office_user)
    assert _keys() == ["c-topic", "a-topic", "b-topic"]
    services.move_topic(Topic.objects.get(key="c-topic"), up=True, actor=peace_office_user)  # first already
    assert _keys() == ["c-topic", "a-topic", "b-topic"]
    assert AuditEvent.objects.filter(verb="education.topic_moved").count() == 3


def test_a_retired_topic_is_no_longer_offered_but_kept_where_it_is_treated(peace_office_user):
    justice, environment = make_topic(), make_topic("environment", "ambiente", "environment")
    programme = make_programme(topics=[justice])
    services.retire_topic(justice, retired=True, actor=peace_office_user)

    assert list(ProgrammeForm().fields["topics"].queryset) == [environment]
    assert list(ActivityForm().fields["topics"].queryset) == [environment]
    kept = ProgrammeForm(initial=ProgrammeForm.initial_of(programme)).fields["topics"].queryset
    assert set(kept) == {justice, environment}
    assert list(programme.topics.all()) == [justice]
    assert AuditEvent.objects.filter(verb="education.topic_retired", actor=peace_office_user).exists()

    services.retire_topic(justice, retired=False, actor=peace_office_user)
    assert set(ProgrammeForm().fields["topics"].queryset) == {justice, environment}
    assert AuditEvent.objects.filter(verb="education.topic_restored").exists()


def test_a_topic_programmes_treat_is_not_deleted(peace_office_user):
    topic = make_topic()
    make_programme(topics=[topic])
    with pytest.raises(Conflict) as refused, translation.override("en"):
        services.delete_topic(topic, actor=peace_office_user)
    assert refused.value.code == "in_use"
    assert "1 programme" in refused.value.message
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_a_topic_activities_treat_is_not_deleted(peace_office_user):
    topic = make_topic()
    make_activity(make_programme(), make_school_member(), topics=[topic])
    with pytest.raises(Conflict) as refused, translation.override("en"):
        services.delete_topic(topic, actor=peace_office_user)
    assert "1 school activity" in refused.value.message
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_an_unused_topic_is_deleted_with_an_audit_event(peace_office_user):
    topic = make_topic()
    services.delete_topic(topic, actor=peace_office_user)
    assert not Topic.objects.exists()
    assert AuditEvent.objects.filter(verb="education.topic_deleted", data__key="justice").exists()


def test_only_the_peace_office_changes_the_topics(plain_user):
    topic = make_topic()
    for write in (
        lambda: services.create_topic("peace", "pace", actor=plain_user),
        lambda: services.update_topic(topic, "Altro", actor=plain_user),
        lambda: services.move_topic(topic, up=False, actor=plain_user),
        lambda: services.retire_topic(topic, retired=True, actor=plain_user),
        lambda: services.delete_topic(topic, actor=plain_user),
    ):
        with pytest.raises(Forbidden):
            write()
    topic.refresh_from_db()
    assert (topic.name_it, topic.retired, _keys()) == ("giustizia", False, ["justice"])


# --- pages ----------------------------------------------------------------------------------------


def test_the_topic_pages_refuse_visitors_and_users_without_the_right(client, plain_user):
    topic = make_topic()
    assert client.get("/office/education/topics/").status_code == 302
    client.force_login(plain_user)
    for path in (
        "/office/education/topics/",
        "/office/education/topics/new/",
        f"/office/education/topics/{topic.pk}/",
    ):
        assert client.get(path).status_code == 403, path
    for path in ("move", "retire", "delete"):
        assert (
            client.post(f"/office/education/topics/{topic.pk}/{path}/", {"retired": "1"}).status_code == 403
        )
    topic.refresh_from_db()
    assert not topic.retired


def test_the_education_office_page_links_the_topics(client, peace_office_user):
    client.force_login(peace_office_user)
    assert reverse("education_office:topics") in client.get("/office/education/").content.decode()


def test_the_clerk_adds_a_topic_at_the_end_of_the_list_and_edits_it(client, peace_office_user):
    make_topic()
    client.force_login(peace_office_user)
    response = client.post(
        "/office/education/topics/new/", {"key": "legality", "name_it": "Legalità", "name_en": "Legality"}
    )
    assert response.status_code == 302
    assert _keys() == ["justice", "legality"]
    legality = Topic.objects.get(key="legality")

    response = client.post(
        f"/office/education/topics/{legality.pk}/",
        {"key": "changed", "name_it": "Legalità e cittadinanza", "name_en": "Legality and citizenship"},
    )
    assert response.status_code == 302
    legality.refresh_from_db()
    assert (legality.key, legality.name_en) == ("legality", "Legality and citizenship")  # the key stays
    page = client.get("/en/office/education/topics/").content.decode()
    assert "Legality and citizenship" in page
    assert "Legalità e cittadinanza" in page


def test_a_topic_with_a_key_in_use_is_refused_beside_the_key(client, peace_office_user):
    make_topic()
    client.force_login(peace_office_user)
    response = client.post("/en/office/education/topics/new/", {"key": "justice", "name_it": "Giustizia 2"})
    assert response.status_code == 409
    assert 'data-field-error="key"' in response.content.decode()
    assert Topic.objects.count() == 1


def test_the_clerk_moves_and_retires_a_topic_from_the_list(client, peace_office_user):
    make_topic()
    environment = make_topic("environment", "ambiente", "environment")
    client.force_login(peace_office_user)

    client.post(f"/office/education/topics/{environment.pk}/move/", {"direction": "up"})
    client.post(f"/office/education/topics/{environment.pk}/retire/", {"retired": "1"})

    assert _keys() == ["environment", "justice"]
    environment.refresh_from_db()
    assert environment.retired
    page = client.get("/en/office/education/topics/").content.decode()
    assert "data-retired" in page
    assert "Offer again" in page


def test_deleting_a_topic_a_programme_treats_is_refused_with_a_clear_message(client, peace_office_user):
    topic = make_topic()
    make_programme(topics=[topic])
    client.force_login(peace_office_user)
    listing = client.get("/en/office/education/topics/").content.decode()
    response = client.post(f"/en/office/education/topics/{topic.pk}/delete/", follow=True)
    assert "data-delete" not in listing  # no delete button for a topic in use
    assert 'data-error-code="in_use"' in response.content.decode()
    assert "is a topic of 1 programme: it cannot be deleted. Retire it instead." in response.content.decode()
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_the_clerk_deletes_an_unused_topic(client, peace_office_user):
    topic = make_topic()
    client.force_login(peace_office_user)
    assert client.get(f"/office/education/topics/{topic.pk}/delete/").status_code == 200
    response = client.post(f"/office/education/topics/{topic.pk}/delete/")
    assert response["Location"] == reverse("education_office:topics")
    assert not Topic.objects.exists()
