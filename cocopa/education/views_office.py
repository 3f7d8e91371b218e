"""The peace office's pages of peace education, under /office/education/ (cocopa/urls.py):
programmes and school activities (list, create, edit, delete) and the bulk entry of activities
from a spreadsheet (upload → preview → confirm; sheets.py). Every write goes through services.py;
each page asks `user.has_perm("education.…")`."""

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.core import pagination, tables
from cocopa.core.errors import DomainError, Forbidden
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.education import queries, services, sheets
from cocopa.education.forms import ActivityForm, ConfirmForm, ProgrammeForm, TopicForm, UploadForm
from cocopa.education.models import Activity, Programme, Topic

UPLOAD_KEY = "education.activity_sheet"  # the session's copy of the upload being previewed
PAGE_SIZE = 50


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None  # the guard: always a User


@permission_required_or_403("education.view_activity")
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    pages = pagination.pager(
        queries.activities(), request.GET.get("page"), size=PAGE_SIZE, query=lambda n: f"?page={n}"
    )
    return render(
        request,
        "education/office/list.html",
        {"programmes": queries.programmes(), "page": pages.page, "pager": pages},
    )


def _refused_on_form(form: Form, err: DomainError) -> None:
    if isinstance(err, Forbidden):
        raise PermissionDenied from err
    form.add_error(err.code if err.code in form.fields else None, ValidationError(err.message, code=err.code))


def _edit(
    request: HttpRequest,
    form: Form,
    template: str,
    obj: Any,
    save: Callable[[], Any],
    done: str,
) -> HttpResponse:
    if request.method == "POST":
        if form.is_valid():
            try:
                save()
            except DomainError as err:
                _refused_on_form(form, err)
                return render(request, template, {"form": form, "obj": obj}, status=err.status)
            messages.success(request, done)
            return redirect("education_office:overview")
        return render(request, template, {"form": form, "obj": obj}, status=400)
    return render(request, template, {"form": form, "obj": obj})


@permission_required_or_403("education.add_programme")
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    return _edit(
        request,
        form,
        "education/office/programme_form.html",
        None,
        lambda: services.create_programme(form.programme_input(), actor=_actor(request)),
        _("The programme is saved."),
    )


@permission_required_or_403("education.change_programme")
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_of(programme))
    return _edit(
        request,
        form,
        "education/office/programme_form.html",
        programme,
        lambda: services.update_programme(programme, form.programme_input(), actor=_actor(request)),
        _("The programme is saved."),
    )


@permission_required_or_403("education.add_activity")
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    return _edit(
        request,
        form,
        "education/office/activity_form.html",
        None,
        lambda: services.create_activity(form.activity_input(), actor=_actor(request)),
        _("The school activity is saved."),
    )


@permission_required_or_403("education.change_activity")
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    form = ActivityForm(request.POST or None, initial=ActivityForm.initial_of(activity))
    return _edit(
        request,
        form,
        "education/office/activity_form.html",
        activity,
        lambda: services.update_activity(activity, form.activity_input(), actor=_actor(request)),
        _("The school activity is saved."),
    )


def _delete(request: HttpRequest, obj: Any, delete: Callable[[], None], done: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "education/office/delete.html", {"obj": obj})
    try:
        delete()
    except DomainError as err:
        refused(request, err)
        return redirect("education_office:overview")
    messages.success(request, done)
    return redirect("education_office:overview")


@permission_required_or_403("education.delete_programme")
@require_http_methods(["GET", "POST"])
def programme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    return _delete(
        request,
        programme,
        lambda: services.delete_programme(programme, actor=_actor(request)),
        _("The programme “%(title)s” is deleted.") % {"title": programme.title},
    )


@permission_required_or_403("education.delete_activity")
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    return _delete(
        request,
        activity,
        lambda: services.delete_activity(activity, actor=_actor(request)),
        _("The school activity is deleted."),
    )


# --- Topics ----------------------------------------------------------------------------------------


@permission_required_or_403("education.view_topic")
@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "education/office/topics.html", {"topics": list(queries.office_topics())})


def _topic_page(
    request: HttpRequest, form: TopicForm, topic: Topic | None, status: int = 200
) -> HttpResponse:
    return render(request, "education/office/topic_form.html", {"form": form, "obj": topic}, status=status)


def _save_topic(request: HttpRequest, topic: Topic | None) -> HttpResponse:
    initial = TopicForm.initial_of(topic) if topic is not None else None
    form = TopicForm(request.POST, initial=initial, topic=topic)
    if not form.is_valid():
        return _topic_page(request, form, topic, 400)
    d = form.cleaned_data
    try:
        if topic is None:
            saved = services.create_topic(
                d["key"],
                d["name_it"],
                d["name_en"],
                actor=_actor(request),
                source=d["source"],
                order=queries.next_topic_order(),
            )
        else:
            saved = services.update_topic(
                topic, d["name_it"], d["name_en"], actor=_actor(request), source=d["source"]
            )
    except DomainError as err:
        _refused_on_form(form, err)
        return _topic_page(request, form, topic, err.status)
    messages.success(request, _("The topic “%(name)s” is saved.") % {"name": saved.name})
    return redirect("education_office:topics")


@permission_required_or_403("education.add_topic")
@require_http_methods(["GET", "POST"])
def topic_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save_topic(request, None)
    return _topic_page(request, TopicForm(), None)


@permission_required_or_403("education.change_topic")
@require_http_methods(["GET", "POST"])
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    if request.method == "POST":
        return _save_topic(request, topic)
    return _topic_page(request, TopicForm(initial=TopicForm.initial_of(topic), topic=topic), topic)


@permission_required_or_403("education.change_topic")
@require_POST
def topic_move(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    try:
        services.move_topic(topic, up=request.POST.get("direction") == "up", actor=_actor(request))
    except DomainError as err:
        refused(request, err)
    return redirect(f"{reverse('education_office:topics')}#topic-{topic.pk}")


@permission_required_or_403("education.change_topic")
@require_POST
def topic_retire(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    retired = request.POST.get("retired") == "1"
    try:
        services.retire_topic(topic, retired=retired, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
    else:
        if retired:
            done = _(
                "The topic “%(name)s” is retired: it is no longer offered for new programmes and activities."
            )
        else:
            done = _("The topic “%(name)s” is offered again.")
        messages.success(request, done % {"name": topic.name})
    return redirect("education_office:topics")


@permission_required_or_403("education.delete_topic")
@require_http_methods(["GET", "POST"])
def topic_delete(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    if request.method == "GET":
        return render(
            request, "education/office/delete.html", {"obj": topic, "back": "education_office:topics"}
        )
    try:
        services.delete_topic(topic, actor=_actor(request))
    except DomainError as err:
        refused(request, err)
        return redirect("education_office:topics")
    messages.success(request, _("The topic “%(name)s” is deleted.") % {"name": topic.name})
    return redirect("education_office:topics")


# --- Bulk entry from a spreadsheet --------------------------------------------------------------


@permission_required_or_403("education.import_activities")
@require_GET
def template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        content, kind = sheets.template_xlsx(), tables.XLSX_TYPE
    elif fmt == "csv":
        content, kind = sheets.template_csv(), tables.CSV_TYPE
    else:
        raise Http404
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="cocopa-school-activities-template.{fmt}"'
    return response


def _import_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.setdefault("form", UploadForm())
    preview = context.get("preview")
    if preview is not None and preview.ok:
        context["confirm"] = ConfirmForm(initial={"sha256": preview.sha256})
    return render(request, "education/office/import.html", context, status=status)


@permission_required_or_403("education.import_activities")
@require_http_methods(["GET", "POST"])
def import_sheet(request: HttpRequest) -> HttpResponse:
    """Upload the filled template: it is kept in the session and previewed, nothing written."""
    if request.method != "POST":
        return _import_page(request, {})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    content = upload.read()
    name = str(upload.name)[:200]
    request.session[UPLOAD_KEY] = {
        "name": name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "content": base64.b64encode(content).decode("ascii"),
    }
    preview = sheets.read(content, name)
    return _import_page(request, {"preview": preview}, status=200 if preview.ok else 400)


@permission_required_or_403("education.import_activities")
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Write the upload the preview showed: the session's copy, if its SHA-256 is the page's."""
    form = ConfirmForm(request.POST)
    staged = request.session.get(UPLOAD_KEY)
    if not form.is_valid() or not staged or staged["sha256"] != form.cleaned_data["sha256"]:
        messages.error(
            request, _("The file changed since its preview (another file was uploaded): upload it again.")
        )
        return redirect("education_office:import")
    content = base64.b64decode(staged["content"])
    try:
        created = sheets.import_upload(
            content, staged["name"], expected_sha256=staged["sha256"], actor=_actor(request)
        )
    except sheets.SheetRejected as err:
        preview = sheets.Preview(name=staged["name"], sha256=staged["sha256"], problems=err.problems)
        return _import_page(request, {"preview": preview}, status=409)
    except DomainError as err:
        if isinstance(err, Forbidden):
            raise PermissionDenied from err
        refused(request, err)
        return redirect("education_office:import")
    del request.session[UPLOAD_KEY]
    messages.success(request, _("School activities recorded: %(count)s.") % {"count": len(created)})
    return redirect("education_office:overview")
