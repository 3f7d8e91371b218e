"""Every write to peace education: programmes, school activities (one by one or in bulk from a
spreadsheet, see sheets.py) and topics.

Each service checks the actor's right (None is the system: the demo loader), runs in one
transaction and records an audit event; the models keep their history (django-simple-history).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocopa.core import audit
from cocopa.core.errors import Conflict, DomainError, Forbidden
from cocopa.core.models import Source
from cocopa.core.roles import Actor, signed_in
from cocopa.education import schoolcode, schoolyear
from cocopa.education.models import Activity, Programme, Topic
from cocopa.library.models import Document
from cocopa.members.models import LocalAuthority, Membership
from cocopa.network.models import FieldOfAction


def _require(actor: Actor, perm: str) -> None:
    # None is the system (the demo loader, a command): nobody to ask.
    if actor is not None and not actor.has_perm(perm):
        raise Forbidden("forbidden", _("Only the peace office writes peace education."))


# --- Topics -----------------------------------------------------------------------------------


def create_topic(
    key: str, name_it: str, name_en: str = "", *, actor: Actor, order: int = 0, source: Source | None = None
) -> Topic:
    """Add a topic to the list programmes and activities choose from."""
    _require(actor, "education.add_topic")
    key = slugify(key)
    if not key or not name_it.strip():
        raise DomainError("name_it", _("A topic needs a key and an Italian name."))
    with transaction.atomic():
        if Topic.objects.filter(key=key).exists():
            raise Conflict("key", _("A topic with the key “%(key)s” exists already.") % {"key": key})
        topic = Topic.objects.create(
            key=key, name_it=name_it.strip(), name_en=name_en.strip(), order=order, source=source
        )
        audit.record(actor, "education.topic_created", topic, {"key": key})
    return topic


def _topic_data(topic: Topic) -> dict[str, object]:
    return {
        "key": topic.key,
        "name_it": getattr(topic, "name_it", ""),
        "name_en": getattr(topic, "name_en", ""),
        "order": topic.order,
        "retired": topic.retired,
    }


def update_topic(
    topic: Topic, name_it: str, name_en: str = "", *, actor: Actor, source: Source | None = None
) -> Topic:
    """Change a topic's names and source; its key stays (spreadsheets and addresses name it)."""
    _require(actor, "education.change_topic")
    if not name_it.strip():
        raise DomainError("name_it", _("A topic needs an Italian name."))
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        _by(topic, actor)
        topic.name_it, topic.name_en = name_it.strip(), name_en.strip()  # type: ignore[attr-defined]
        topic.source = source
        topic.save()
        audit.record(actor, "education.topic_changed", topic, _topic_data(topic))
    return topic


def move_topic(topic: Topic, *, up: bool, actor: Actor) -> Topic:
    """Move a topic one place up or down the list programmes, activities and the public totals
    follow. The list is numbered afresh (10, 20, 30 …), so topics added with the same order
    take distinct places; the first cannot go up nor the last down (nothing changes)."""
    _require(actor, "education.change_topic")
    with transaction.atomic():
        topics = list(Topic.objects.select_for_update().order_by("order", "key"))
        at = next(n for n, t in enumerate(topics) if t.pk == topic.pk)
        to = at - 1 if up else at + 1
        if 0 <= to < len(topics):
            topics[at], topics[to] = topics[to], topics[at]
        for n, each in enumerate(topics, start=1):
            if each.order != n * 10:
                _by(each, actor)
                each.order = n * 10
                each.save(update_fields=["order"])
        topic = topics[to] if 0 <= to < len(topics) else topics[at]
        audit.record(actor, "education.topic_moved", topic, _topic_data(topic))
    return topic


def retire_topic(topic: Topic, *, retired: bool, actor: Actor) -> Topic:
    """Retire a topic (no longer offered for new programmes and activities; those that treat it
    keep it, and the totals still count it), or offer it again."""
    _require(actor, "education.change_topic")
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        if topic.retired != retired:
            _by(topic, actor)
            topic.retired = retired
            topic.save(update_fields=["retired"])
            verb = "education.topic_retired" if retired else "education.topic_restored"
            audit.record(actor, verb, topic, _topic_data(topic))
    return topic


def delete_topic(topic: Topic, *, actor: Actor) -> None:
    """Delete a topic added by mistake. One a programme or an activity treats is refused: they
    would lose it silently; retire it instead."""
    _require(actor, "education.delete_topic")
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        programmes = Programme.objects.filter(topics=topic).count()
        activities = Activity.objects.filter(topics=topic).count()
        if programmes:
            raise Conflict(
                "in_use",
                ngettext(
                    "“%(name)s” is a topic of %(count)s programme: it cannot be deleted. Retire it instead.",
                    "“%(name)s” is a topic of %(count)s programmes: it cannot be deleted. Retire it instead.",
                    programmes,
                )
                % {"name": topic.name, "count": programmes},
            )
        if activities:
            raise Conflict(
                "in_use",
                ngettext(
                    "“%(name)s” is a topic of %(count)s school activity: it cannot be deleted. Retire it instead.",
                    "“%(name)s” is a topic of %(count)s school activities: it cannot be deleted. Retire it instead.",
                    activities,
                )
                % {"name": topic.name, "count": activities},
            )
        audit.record(actor, "education.topic_deleted", topic, _topic_data(topic))
        _by(topic, actor)
        topic.delete()


# --- Programmes -------------------------------------------------------------------------------


@dataclass
class ProgrammeInput:
    """What the office writes of a programme; English may stay empty (the Italian is shown)."""

    title_it: str
    title_en: str = ""
    description_it: str = ""
    description_en: str = ""
    method_it: str = ""
    method_en: str = ""
    slug: str = ""
    from_year: int | None = None
    to_year: int | None = None
    partners: str = ""
    topics: Iterable[Topic] = field(default_factory=list)
    field_of_action: FieldOfAction | None = None
    source: Source | None = None


_PROGRAMME_TEXTS = ("title_it", "title_en", "description_it", "description_en", "method_it", "method_en")


def _check_programme(data: ProgrammeInput) -> None:
    if not data.title_it.strip():
        raise DomainError("title_it", _("A programme needs an Italian title."))
    for name in ("from_year", "to_year"):
        year = getattr(data, name)
        if year is not None and not schoolyear.FIRST <= year <= schoolyear.LAST:
            raise DomainError(name, _("%(year)s is not a year this register accepts.") % {"year": year})
    if data.from_year and data.to_year and data.to_year < data.from_year:
        raise DomainError("to_year", _("The last year comes before the first."))


def _free_slug(wanted: str, programme: Programme) -> str:
    base = slugify(wanted)[:100] or "programme"
    slug, n = base, 1
    while Programme.objects.exclude(pk=programme.pk).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _by(obj: object, actor: Actor) -> None:
    """Name the actor on the history row the save writes (outside a request, the middleware cannot)."""
    obj._history_user = signed_in(actor)  # type: ignore[attr-defined]


def _write_programme(programme: Programme, data: ProgrammeInput, actor: Actor) -> None:
    _check_programme(data)
    _by(programme, actor)
    for name in _PROGRAMME_TEXTS:
        setattr(programme, name, getattr(data, name).strip())
    if data.slug.strip():
        wanted = slugify(data.slug)
        if not wanted:
            raise DomainError("slug", _("The address may hold only letters, digits and hyphens."))
        if Programme.objects.exclude(pk=programme.pk).filter(slug=wanted).exists():
            raise Conflict(
                "slug", _("Another programme already has the address “%(slug)s”.") % {"slug": wanted}
            )
        programme.slug = wanted
    elif not programme.slug:
        programme.slug = _free_slug(data.title_it, programme)
    programme.from_year, programme.to_year = data.from_year, data.to_year
    programme.partners = "\n".join(line.strip() for line in data.partners.splitlines() if line.strip())
    programme.field_of_action, programme.source = data.field_of_action, data.source
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError as err:  # two offices choosing one address at the same moment
        raise Conflict("slug", _("Another programme already has this address.")) from err
    programme.topics.set(list(data.topics))


def create_programme(data: ProgrammeInput, *, actor: Actor) -> Programme:
    """Record a programme the network offers schools."""
    _require(actor, "education.add_programme")
    with transaction.atomic():
        programme = Programme()
        _write_programme(programme, data, actor)
        audit.record(actor, "education.programme_created", programme, {"slug": programme.slug})
    return programme


def update_programme(programme: Programme, data: ProgrammeInput, *, actor: Actor) -> Programme:
    """Change a programme's texts, years, partners, topics, field of action and source."""
    _require(actor, "education.change_programme")
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        _write_programme(programme, data, actor)
        audit.record(actor, "education.programme_changed", programme, {"slug": programme.slug})
    return programme


def delete_programme(programme: Programme, *, actor: Actor) -> None:
    """Delete a programme that has no school activities (those would lose their programme)."""
    _require(actor, "education.delete_programme")
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if programme.activities.exists():
            raise Conflict(
                "has_activities",
                _("The programme has school activities: delete them first, or keep the programme."),
            )
        audit.record(
            actor,
            "education.programme_deleted",
            programme,
            {"slug": programme.slug, "title": getattr(programme, "title_it", "")},
        )
        _by(programme, actor)
        programme.delete()


# --- School activities ------------------------------------------------------------------------


@dataclass
class ActivityInput:
    """One activity in a school: a class, or the classes of one level the row counts together."""

    programme: Programme
    member: LocalAuthority
    school_name: str
    school_year: int
    level: str
    school_code: str = ""
    classes: int = 0
    pupils: int = 0
    teachers: int = 0
    hours: Decimal = Decimal(0)
    materials: str = ""
    topics: Iterable[Topic] = field(default_factory=list)
    documents: Iterable[Document] = field(default_factory=list)
    source: Source | None = None

    @property
    def school_year_label(self) -> str:
        return schoolyear.label(self.school_year)

    @property
    def level_label(self) -> str:
        return str(Activity.Level(self.level).label) if self.level in Activity.Level.values else self.level


def was_member(member: LocalAuthority, school_year: int) -> bool:
    """Whether a membership period of the authority overlaps the school year: what an activity
    counts for is the member's report to its council."""
    year = schoolyear.SchoolYear(school_year)
    return Membership.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=year.starts_on), authority=member, start_on__lte=year.ends_on
    ).exists()


def activity_problems(
    data: ActivityInput, *, was_member: Callable[[LocalAuthority, int], bool] = was_member
) -> dict[str, str]:
    """The rules of an activity's content, by field: empty when it may be written.

    The same rules serve the office's form and each row of a spreadsheet (sheets.py), which
    passes its own `was_member` over the membership periods it loaded once for the whole file.
    """
    problems: dict[str, str] = {}
    if not data.school_name.strip():
        problems["school_name"] = _("Name the school.")
    code = schoolcode.normalise(data.school_code)
    if code and (problem := schoolcode.problem(code)):
        problems["school_code"] = problem
    if not schoolyear.FIRST <= data.school_year <= schoolyear.LAST:
        problems["school_year"] = _("Write the school year as 2024/25.")
    elif not was_member(data.member, data.school_year):
        problems["member"] = _("%(member)s was not a member of the network in the school year %(year)s.") % {
            "member": data.member.name,
            "year": schoolyear.label(data.school_year),
        }
    if data.level not in Activity.Level.values:
        problems["level"] = _("The level is one of: %(levels)s.") % {
            "levels": ", ".join(Activity.Level.values)
        }
    for name in ("classes", "pupils", "teachers"):
        if getattr(data, name) < 0:
            problems[name] = _("A count is zero or more.")
    if data.hours < 0 or data.hours >= Decimal("100000"):
        problems["hours"] = _("Hours are zero or more, under 100,000.")
    if data.teachers == 0 and data.pupils == 0 and data.classes == 0:
        problems["pupils"] = _("An activity reached someone: give its classes, pupils or teachers.")
    return problems


def _write_activity(activity: Activity, data: ActivityInput, actor: Actor) -> None:
    _by(activity, actor)
    problems = activity_problems(data)
    if problems:
        name, message = next(iter(problems.items()))
        raise DomainError(name, message)
    activity.programme, activity.member = data.programme, data.member
    activity.school_name = data.school_name.strip()
    activity.school_code = schoolcode.normalise(data.school_code)
    activity.school_year, activity.level = data.school_year, data.level
    activity.classes, activity.pupils, activity.teachers = data.classes, data.pupils, data.teachers
    activity.hours, activity.materials = data.hours, data.materials.strip()
    activity.source = data.source
    activity.save()
    activity.topics.set(list(data.topics))
    activity.documents.set(list(data.documents))


def _summary(activity: Activity) -> dict[str, object]:
    return {
        "programme": activity.programme.slug,
        "member": activity.member.slug,
        "school": activity.school_name,
        "school_year": activity.school_year_label,
        "pupils": activity.pupils,
    }


def create_activity(data: ActivityInput, *, actor: Actor) -> Activity:
    """Record an activity held in a school of a member."""
    _require(actor, "education.add_activity")
    with transaction.atomic():
        activity = Activity()
        _write_activity(activity, data, actor)
        audit.record(actor, "education.activity_created", activity, _summary(activity))
    return activity


def update_activity(activity: Activity, data: ActivityInput, *, actor: Actor) -> Activity:
    """Change an activity's school, year, level, counts, materials and topics."""
    _require(actor, "education.change_activity")
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        _write_activity(activity, data, actor)
        audit.record(actor, "education.activity_changed", activity, _summary(activity))
    return activity


def delete_activity(activity: Activity, *, actor: Actor) -> None:
    """Delete an activity recorded by mistake."""
    _require(actor, "education.delete_activity")
    with transaction.atomic():
        activity = (
            Activity.objects.select_for_update().select_related("programme", "member").get(pk=activity.pk)
        )
        audit.record(actor, "education.activity_deleted", activity, _summary(activity))
        _by(activity, actor)
        activity.delete()


def import_activities(
    rows: list[ActivityInput], *, actor: Actor, file_name: str, sha256: str
) -> list[Activity]:
    """Record the rows of a spreadsheet the office previewed (sheets.py): all or none, one audit
    event for the file. The rows were checked by the preview; they are checked again here."""
    _require(actor, "education.import_activities")
    _require(actor, "education.add_activity")
    with transaction.atomic():
        created = []
        for data in rows:
            activity = Activity()
            _write_activity(activity, data, actor)
            created.append(activity)
        audit.record(
            actor,
            "education.activities_imported",
            None,
            {"file": file_name, "sha256": sha256, "activities": len(created), "ids": [a.pk for a in created]},
        )
    return created
