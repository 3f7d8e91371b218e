"""Writing, publishing, withdrawing and deleting posts: rules, audit, pictures in storage."""

import pytest
from django.core.files.storage import default_storage

from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import AuditEvent
from cocopa.members.models import LocalAuthority
from cocopa.news import services
from cocopa.news.models import Post
from cocopa.news.testing import make_post, picture

pytestmark = pytest.mark.django_db


def _input(**fields):
    fields.setdefault("title_it", "Missione in Senegal")
    return services.PostInput(**fields)


def test_a_new_post_is_a_draft_with_an_address_from_its_italian_title(peace_office_user):
    post = services.create_post(_input(title_en="Mission to Senegal"), actor=peace_office_user)
    assert post.slug == "missione-in-senegal"
    assert post.published_at is None
    assert not Post.objects.published().exists()
    event = AuditEvent.objects.get(verb="news.post_created")
    assert event.actor == peace_office_user
    assert event.target_id == str(post.pk)


def test_two_posts_with_one_title_get_two_addresses(peace_office_user):
    first = services.create_post(_input(), actor=peace_office_user)
    second = services.create_post(_input(), actor=peace_office_user)
    assert (first.slug, second.slug) == ("missione-in-senegal", "missione-in-senegal-2")


def test_an_address_already_taken_is_refused_naming_the_field(peace_office_user):
    services.create_post(_input(slug="senegal"), actor=peace_office_user)
    with pytest.raises(Conflict) as err:
        services.create_post(_input(title_it="Altro", slug="senegal"), actor=peace_office_user)
    assert err.value.code == "slug"


def test_a_picture_needs_its_italian_description(peace_office_user):
    with pytest.raises(DomainError) as err:
        services.create_post(_input(), actor=peace_office_user, image=picture())
    assert err.value.code == "image_alt_it"
    assert not Post.objects.exists()


def test_an_english_post_with_a_picture_needs_the_english_description_too(peace_office_user):
    with pytest.raises(DomainError) as err:
        services.create_post(
            _input(title_en="Mission", image_alt_it="Sindaci a Dakar"),
            actor=peace_office_user,
            image=picture(),
        )
    assert err.value.code == "image_alt_en"
    post = services.create_post(
        _input(title_en="Mission", image_alt_it="Sindaci a Dakar", image_alt_en="Mayors in Dakar"),
        actor=peace_office_user,
        image=picture(),
    )
    assert post.image.name.startswith("news/")
    assert default_storage.open(post.image.name).read().startswith(b"\x89PNG")


def test_a_file_that_is_not_a_picture_is_refused(peace_office_user):
    fake = picture("foto.png", b"%PDF-1.4 not a picture")
    with pytest.raises(DomainError) as err:
        services.create_post(_input(image_alt_it="x"), actor=peace_office_user, image=fake)
    assert err.value.code == "image"
    with pytest.raises(DomainError) as err:
        services.create_post(_input(image_alt_it="x"), actor=peace_office_user, image=picture("atto.pdf"))
    assert err.value.code == "image"


def test_without_a_picture_its_descriptions_are_not_kept(peace_office_user):
    post = services.create_post(_input(image_alt_it="nulla"), actor=peace_office_user)
    assert post.image_alt_it == ""


def test_links_to_members_initiatives_and_countries_are_kept(peace_office_user):
    member = LocalAuthority.objects.create(name="Rivoli", kind="municipality", istat_code="001219")
    post = services.create_post(
        _input(members=[member], countries=["SN", "IT", "SN"]), actor=peace_office_user
    )
    assert list(post.members.all()) == [member]
    post.refresh_from_db()
    assert [c.code for c in post.countries] == ["IT", "SN"]


def test_publishing_dates_the_post_and_withdrawing_makes_it_a_draft_again(peace_office_user):
    post = make_post()
    post = services.publish_post(post, actor=peace_office_user)
    assert post.is_published
    assert Post.objects.published().get() == post
    with pytest.raises(Conflict) as err:
        services.publish_post(post, actor=peace_office_user)
    assert err.value.code == "already_published"
    post = services.unpublish_post(post, actor=peace_office_user)
    assert post.published_at is None
    assert not Post.objects.published().exists()
    with pytest.raises(Conflict) as err:
        services.unpublish_post(post, actor=peace_office_user)
    assert err.value.code == "not_published"
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="news.").order_by("seq").values_list("verb", flat=True)
    )
    assert verbs == ["news.post_created", "news.post_published", "news.post_unpublished"]


def test_a_replaced_picture_leaves_storage_after_commit(
    peace_office_user, django_capture_on_commit_callbacks
):
    post = make_post(image=True)
    old = post.image.name
    with django_capture_on_commit_callbacks(execute=True):
        post = services.update_post(
            post, _input(image_alt_it="Nuova foto"), actor=peace_office_user, image=picture("nuova.png")
        )
    assert post.image.name != old
    assert not default_storage.exists(old)
    assert default_storage.exists(post.image.name)
    assert AuditEvent.objects.filter(verb="news.post_changed").count() == 1


def test_removing_the_picture_deletes_it_and_its_description(
    peace_office_user, django_capture_on_commit_callbacks
):
    post = make_post(image=True)
    old = post.image.name
    with django_capture_on_commit_callbacks(execute=True):
        post = services.update_post(
            post, _input(image_alt_it="x"), actor=peace_office_user, remove_image=True
        )
    post.refresh_from_db()
    assert not post.image
    assert post.image_alt_it == ""
    assert not default_storage.exists(old)


def test_deleting_a_post_deletes_its_picture_after_commit(
    peace_office_user, django_capture_on_commit_callbacks
):
    post = make_post(image=True, published=True)
    name = post.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_post(post, actor=peace_office_user)
    assert not Post.objects.exists()
    assert not default_storage.exists(name)
    assert AuditEvent.objects.filter(verb="news.post_deleted").count() == 1


@pytest.mark.parametrize("persona", ["plain_user", "administrative_office_user", "representative_user"])
def test_only_the_peace_office_writes_the_news(persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        services.create_post(_input(), actor=user)
    post = make_post()
    for write in (services.publish_post, services.delete_post):
        with pytest.raises(Forbidden):
            write(post, actor=user)
    with pytest.raises(Forbidden):
        services.update_post(post, _input(), actor=user)
