"""The peace office's news pages: the list of drafts and published posts, writing and changing a
post (with a preview of the text as it will show), publishing, withdrawing and deleting. Every
write goes through services.py; each page asks `user.has_perm("news.…")`."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.news import markup, queries, services, views
from cocopa.news.forms import PostForm
from cocopa.news.models import Post


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None  # the guard: always a User


@permission_required_or_403("news.view_post")
@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    return render(request, "news/office/list.html", {"posts": queries.office_posts()})


def _preview(form: PostForm) -> list[dict[str, object]]:
    """The text as the public will read it, in each language written (Italian fills the gaps)."""
    data = form.data
    shown = []
    for lang, name in (("it", _("Italian")), ("en", _("English"))):
        title = data.get(f"title_{lang}", "").strip() or data.get("title_it", "").strip()
        if lang == "en" and not data.get("title_en", "").strip():
            continue
        shown.append(
            {
                "lang": lang,
                "language": name,
                "title": title,
                "summary": data.get(f"summary_{lang}", "").strip() or data.get("summary_it", "").strip(),
                "body": markup.render(data.get(f"body_{lang}", "") or data.get("body_it", "")),
            }
        )
    return shown


def _form_page(request: HttpRequest, form: PostForm, post: Post | None, status: int = 200) -> HttpResponse:
    preview = _preview(form) if form.is_bound and request.POST.get("action") == "preview" else None
    return render(
        request,
        "news/office/form.html",
        {
            "form": form,
            "post": post,
            "preview": preview,
            "image_chosen": preview is not None and bool(request.FILES.get("image")),
        },
        status=status,
    )


def _save(request: HttpRequest, post: Post | None) -> HttpResponse:
    form = PostForm(request.POST, request.FILES, post=post)
    if request.POST.get("action") == "preview":
        form.is_valid()  # shows the errors beside the fields, saves nothing
        return _form_page(request, form, post)
    if not form.is_valid():
        return _form_page(request, form, post, 400)
    data = form.cleaned_data
    try:
        if post is None:
            post = services.create_post(form.post_input(), actor=_actor(request), image=data["image"])
            messages.success(
                request, _("The post is saved as a draft: nobody outside the office sees it yet.")
            )
        else:
            post = services.update_post(
                post,
                form.post_input(),
                actor=_actor(request),
                image=data["image"],
                remove_image=data.get("remove_image", False),
            )
            messages.success(request, _("The post is saved."))
    except DomainError as err:
        if isinstance(err, Forbidden):
            raise PermissionDenied from err
        if err.code in form.fields:
            form.add_error(err.code, ValidationError(err.message, code=err.code))
        else:
            form.add_error(None, ValidationError(err.message, code=err.code))
        return _form_page(request, form, post, err.status)
    return redirect("news_office:edit", pk=post.pk)


@permission_required_or_403("news.add_post")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request, None)
    return _form_page(request, PostForm(), None)


@permission_required_or_403("news.change_post")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if request.method == "POST":
        return _save(request, post)
    return _form_page(request, PostForm(initial=PostForm.initial_of(post), post=post), post)


@permission_required_or_403("news.view_post")
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The post as its public page shows it, draft or not."""
    post: Post = get_object_or_404(Post.objects.prefetch_related("members", "initiatives"), pk=pk)
    return render(request, "news/detail.html", {**views.detail_context(post), "office_preview": True})


def _state_change(request: HttpRequest, pk: int, publish: bool) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    try:
        if publish:
            services.publish_post(post, actor=_actor(request))
            messages.success(request, _("The post is published."))
        else:
            services.unpublish_post(post, actor=_actor(request))
            messages.success(request, _("The post is withdrawn: it is a draft again."))
    except DomainError as err:
        refused(request, err)
    return redirect("news_office:edit", pk=post.pk)


@permission_required_or_403("news.publish_post")
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, publish=True)


@permission_required_or_403("news.publish_post")
@require_POST
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, publish=False)


@permission_required_or_403("news.delete_post")
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if request.method == "GET":
        return render(request, "news/office/delete.html", {"post": post})
    try:
        services.delete_post(post, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
        return redirect("news_office:edit", pk=post.pk)
    messages.success(request, _("The post “%(title)s” is deleted.") % {"title": post.title})
    return redirect("news_office:list")
