"""People, the network's bodies and their mandates, meetings, motions, resolutions and board elections.

The rules (term, quorum, majority, election counting) are pure modules beside this one; the
models hold their parameters and the facts they were applied to. Rule values the sources do not
give are defaults, flagged `rules_are_defaults` and shown as such (see governance/README.md).
"""

import datetime as dt
import uuid
from fractions import Fraction
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocopa.core.dates import Precision, format_partial
from cocopa.core.files import ProtectedFileField
from cocopa.core.models import Source
from cocopa.governance import ballots, labels, results, tally, weights
from cocopa.governance.ballots import ElectionRule
from cocopa.members.models import PRECISION_CHOICES, LocalAuthority


def in_force(day: dt.date) -> Q:
    """Rows with start_on/end_on in force on a day: `Mandate.objects.filter(in_force(day))`.

    An open end runs on; an unknown start places the row nowhere in time (an undated fact is
    listed apart, never counted as holding on every day).
    """
    return Q(start_on__lte=day) & (Q(end_on__isnull=True) | Q(end_on__gte=day))


def ends_after_start() -> Q:
    """A period's end, when both dates are known, is not before its start (Period.clean in SQL)."""
    return Q(end_on__isnull=True) | Q(start_on__isnull=True) | Q(end_on__gte=models.F("start_on"))


class Period(models.Model):
    """A start and an end, each possibly partial (a year, a month) as the sources give it."""

    start_on = models.DateField(_("from"), null=True, blank=True)
    start_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    end_on = models.DateField(_("until"), null=True, blank=True)
    end_precision = models.CharField(
        _("precision"), max_length=5, choices=PRECISION_CHOICES, default=Precision.DAY.value
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("The end comes before the start.")})

    @property
    def start_label(self) -> str:
        return format_partial(self.start_on, self.start_precision)

    @property
    def end_label(self) -> str:
        return format_partial(self.end_on, self.end_precision)


class Person(models.Model):
    """Someone who holds an office in a member, sits in a body or works for the network."""

    name = models.CharField(_("name"), max_length=200, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("login"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering: ClassVar = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Office(Period):
    """A person's office in a member authority for a period: mayor, deputy mayor, councillor, official."""

    class Kind(models.TextChoices):
        MAYOR = "mayor", _("mayor")
        DEPUTY_MAYOR = "deputy_mayor", _("deputy mayor")
        COUNCILLOR = "councillor", _("councillor")
        OFFICIAL = "official", _("official")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="offices", verbose_name=_("person")
    )
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="offices", verbose_name=_("authority")
    )
    kind = models.CharField(_("office"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("title as given"), max_length=200, blank=True, help_text=_("E.g. 'assessore al bilancio'.")
    )

    class Meta:
        ordering: ClassVar = ["authority", "-start_on", "pk"]
        verbose_name = _("office in a member")
        verbose_name_plural = _("offices in members")
        indexes: ClassVar = [models.Index(fields=["authority", "kind", "start_on"])]
        constraints: ClassVar = [
            models.CheckConstraint(condition=ends_after_start(), name="office_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()}, {self.authority}"


class Designation(Period):
    """Who represents a member in the Assembly for a period: its mayor by default, or a delegate."""

    class Basis(models.TextChoices):
        MAYOR = "mayor", _("the mayor")
        DELEGATE = "delegate", _("a delegate")

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="designations", verbose_name=_("member")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="designations", verbose_name=_("representative")
    )
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, default=Basis.MAYOR)
    act = models.CharField(_("act"), max_length=200, blank=True, help_text=_("The decree or letter, if any."))

    class Meta:
        ordering: ClassVar = ["authority", "-start_on", "pk"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        # Overlaps are refused by services.designate (an exclusion constraint would need PostgreSQL);
        # two designations of a member from the same day are refused here on every database.
        constraints: ClassVar = [
            models.CheckConstraint(condition=ends_after_start(), name="designation_end_after_start"),
            models.UniqueConstraint(
                fields=["authority", "start_on"], name="one_designation_per_member_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.person}"


class VoteRuleFields(models.Model):
    """How a vote is counted (tally.VoteRule): a body's default rule, or a motion's own."""

    majority = models.CharField(
        _("majority"), max_length=12, choices=labels.choices(labels.MAJORITY), default="simple"
    )
    weighting = models.CharField(
        _("counting"), max_length=12, choices=labels.choices(labels.WEIGHTING), default="members"
    )
    abstentions = models.CharField(
        _("abstentions"),
        max_length=20,
        choices=labels.choices(labels.ABSTENTIONS),
        default="not_counted",
    )
    tie = models.CharField(_("tie"), max_length=10, choices=labels.choices(labels.TIE), default="rejected")

    class Meta:
        abstract = True

    def rule(self) -> tally.VoteRule:
        return tally.VoteRule(
            majority=tally.Majority(self.majority),
            weighting=tally.Weighting(self.weighting),
            abstentions=tally.Abstentions(self.abstentions),
            tie=tally.TieBreak(self.tie),
        )


class Body(VoteRuleFields):
    """A body of the network, with the rules its meetings and mandates follow."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("assembly")
        BOARD = "board", _("executive board")
        PRESIDENCY = "presidency", _("presidency")
        PEACE_OFFICE = "peace_office", _("intermunicipal peace office")
        ADMINISTRATIVE_OFFICE = "administrative_office", _("administrative office")
        OTHER = "other", _("other")

    key = models.SlugField(_("key"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    term_years = models.PositiveSmallIntegerField(
        _("term in years"), null=True, blank=True, help_text=_("Empty when mandates have no fixed term.")
    )
    min_seats = models.PositiveSmallIntegerField(_("at least seats"), null=True, blank=True)
    # Meetings: notice and quorum. Fractions as numerator/denominator so that "more than half" is exact.
    notice_days = models.PositiveSmallIntegerField(_("notice in days"), null=True, blank=True)
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum: share of members, numerator"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum: share of members, denominator"), default=2, validators=[MinValueValidator(1)]
    )
    quorum_strictly_more = models.BooleanField(
        _("quorum: more than the share (not 'at least')"), default=True
    )
    quorum_population_numerator = models.PositiveSmallIntegerField(
        _("quorum: share of population, numerator"),
        null=True,
        blank=True,
        help_text=_("Empty when the population represented does not matter."),
    )
    quorum_population_denominator = models.PositiveSmallIntegerField(
        _("quorum: share of population, denominator"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    quorum_count_proxies = models.BooleanField(_("quorum: proxies count as present"), default=True)
    # Members that are not municipalities contain municipalities: counting their population again
    # would count those inhabitants twice (weights.py). Software defaults, not from the statutes.
    vote_weight_non_municipal = models.CharField(
        _("weighted votes: population of a member that is not a municipality"),
        max_length=12,
        choices=labels.choices(labels.NON_MUNICIPAL),
        default=weights.DEFAULT.value,
        help_text=_(
            "Default of the software, not from the statutes: a member that is not a municipality "
            "(e.g. the metropolitan city) contains member municipalities, so its population is not "
            "counted in population-weighted and double-majority votes; it still counts as one member."
        ),
    )
    quorum_population_non_municipal = models.CharField(
        _("quorum: population represented by a member that is not a municipality"),
        max_length=12,
        choices=labels.choices(labels.NON_MUNICIPAL),
        default=weights.DEFAULT.value,
        help_text=_(
            "Default of the software, not from the statutes: the population of a member that is not "
            "a municipality is not counted in the population represented at a meeting."
        ),
    )
    rules_are_defaults = models.BooleanField(
        _("rules are defaults"),
        default=True,
        help_text=_("Set while the rules above are the software's defaults rather than the statutes'."),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    term_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("term source"),
    )
    term_uncertain = models.BooleanField(_("term uncertain"), default=False)

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gte=1, quorum_numerator__lte=models.F("quorum_denominator")),
                name="body_quorum_share_at_most_whole",
            ),
            models.CheckConstraint(
                condition=Q(
                    quorum_population_numerator__isnull=True, quorum_population_denominator__isnull=True
                )
                | Q(
                    quorum_population_denominator__gte=1,
                    quorum_population_numerator__lte=models.F("quorum_population_denominator"),
                ),
                name="body_population_share_both_parts_at_most_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.quorum_population_numerator is None) != (self.quorum_population_denominator is None):
            raise ValidationError(
                {"quorum_population_denominator": _("Give both parts of the population share, or neither.")}
            )
        if self.quorum_denominator and self.quorum_numerator > self.quorum_denominator:
            raise ValidationError({"quorum_numerator": _("A share cannot exceed the whole.")})

    @property
    def is_assembly(self) -> bool:
        return self.kind == self.Kind.ASSEMBLY

    @property
    def quorum_member_share(self) -> Fraction:
        return Fraction(self.quorum_numerator, self.quorum_denominator or 1)

    def population_weight(self, population: int | None, kind: str, *, for_quorum: bool = False) -> int | None:
        """The population a member of `kind` weighs with in this body's votes (or its quorum)."""
        rule = self.quorum_population_non_municipal if for_quorum else self.vote_weight_non_municipal
        return weights.weight(
            population,
            municipality=kind == LocalAuthority.Kind.MUNICIPALITY,
            rule=weights.NonMunicipal(rule),
        )

    @property
    def quorum_population_share(self) -> Fraction | None:
        if self.quorum_population_numerator is None or not self.quorum_population_denominator:
            return None
        return Fraction(self.quorum_population_numerator, self.quorum_population_denominator)


class Position(models.Model):
    """A place in a body: president, vice-president, board member, coordinator, host municipality."""

    class Holder(models.TextChoices):
        PERSON = "person", _("a person")
        AUTHORITY = "authority", _("a member authority")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="positions", verbose_name=_("body"))
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    seats = models.PositiveSmallIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty when the number is not fixed.")
    )
    holder = models.CharField(_("held by"), max_length=10, choices=Holder.choices, default=Holder.PERSON)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering: ClassVar = ["body", "order", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["body", "key"], name="position_key_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.name}"


class Election(models.Model):
    """A board election: nominations, ballots (online or recorded by the office), count, mandates."""

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("nominations open")
        OPEN = "open", _("voting open")
        CLOSED = "closed", _("voting closed")
        COUNTED = "counted", _("counted")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="elections", verbose_name=_("body"))
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="elections", verbose_name=_("seats for")
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("election day"))
    term_start = models.DateField(_("term starts"))
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=labels.choices(labels.METHOD),
        default=ballots.Method.PLURALITY_AT_LARGE.value,
    )
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    max_choices = models.PositiveSmallIntegerField(
        _("choices per ballot (limited vote)"), null=True, blank=True
    )
    tie_rule = models.CharField(
        _("tie rule"), max_length=10, choices=labels.choices(labels.TIE_RULE), default="lot"
    )
    secret = models.BooleanField(_("secret ballot"), default=True)
    creates_presidency = models.BooleanField(
        _("first elected becomes president, second vice-president"),
        default=False,
        help_text=_("A default rule: the sources do not say how the presidency is chosen."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOMINATING)
    seed = models.BigIntegerField(_("lot seed"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        ordering: ClassVar = ["-held_on", "-pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_fills_a_seat"),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=1),
                name="election_ballot_has_a_choice",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counted_result(self) -> results.ElectionResult | None:
        """The result as counted, read through its one reader; None before the count."""
        return results.ElectionResult.from_json(self.result)

    def clean(self) -> None:
        try:
            self.rule()
        except ValueError as err:
            raise ValidationError(str(err)) from err

    def rule(self) -> ElectionRule:
        return ElectionRule(
            method=ballots.Method(self.method),
            seats=self.seats,
            max_choices=self.max_choices,
            tie=ballots.TieRule(self.tie_rule),
        )


class Candidate(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("election")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("member represented")
    )
    nominated_by = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("nominated by")
    )
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        ordering: ClassVar = ["election", "person__name", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["election", "person"], name="one_candidacy_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.authority})"


class Elector(models.Model):
    """A member entitled to vote in an election, frozen when voting opened (the members in good
    standing on the election day, then): the election's own register, so that later changes to
    memberships or standing change neither who may vote nor the turnout shown.

    Written once by services.open_election, never changed; the audit entry of the opening lists
    them, so no history table is kept."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="electors", verbose_name=_("election")
    )
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )

    class Meta:
        ordering: ClassVar = ["election", "authority__name"]
        verbose_name = _("elector")
        verbose_name_plural = _("electors")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["election", "authority"], name="one_elector_row_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.election}: {self.authority}"


class Participation(models.Model):
    """That a member voted in an election, how and through whom — never what it chose.

    The unique constraint is what makes one ballot per member hold under concurrency: the ballot
    is written in the same transaction, so a second attempt rolls back with nothing written.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("online, by the representative")
        IN_PERSON = "in_person", _("in person, recorded by the office")

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="participations", verbose_name=_("election")
    )
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("voter")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["election", "authority__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["election", "authority"], name="one_ballot_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.election}: {self.authority}"


class Ballot(models.Model):
    """One ballot: the candidates chosen (ids, sorted), in one row.

    In a secret election it holds no voter, no member and no time, its key is random, and the box
    is mixed at every cast and again when voting closes (governance.secrecy.mix_box: rewritten in
    random order with new keys), so neither a column nor the order of rows joins it to a
    participation. It has no history table for the same reason. In-person secret ballots are
    not rows here: the box is counted as a whole (BallotBox).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=list, blank=True)
    # Only in open (non-secret) elections:
    authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["election", "authority"],
                condition=Q(authority__isnull=False),
                name="one_open_ballot_per_member",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class BallotBox(models.Model):
    """The in-person box of a secret election, counted as a whole after voting closes: papers
    found, blank and void ones, and the votes of each candidate (BallotBoxCount). No member's
    choice is ever entered; the papers found equal the members marked as having voted in person
    (rules in governance/ballot_box.py, entered through services.record_ballot_box)."""

    election = models.OneToOneField(
        Election, on_delete=models.CASCADE, related_name="ballot_box", verbose_name=_("election")
    )
    ballots = models.PositiveIntegerField(_("ballots in the box"))
    blank = models.PositiveIntegerField(_("blank ballots"), default=0)
    void = models.PositiveIntegerField(_("void ballots"), default=0)

    class Meta:
        verbose_name = _("in-person ballot box")
        verbose_name_plural = _("in-person ballot boxes")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(blank__lte=models.F("ballots") - models.F("void")),
                name="ballot_box_blank_void_within_ballots",
            )
        ]

    def __str__(self) -> str:
        return str(self.election)


class BallotBoxCount(models.Model):
    """The votes one candidate received in an in-person box."""

    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="counts", verbose_name=_("box"))
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate")
    )
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        ordering: ClassVar = ["box", "candidate__person__name", "pk"]
        verbose_name = _("votes in the box")
        verbose_name_plural = _("votes in the box")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["box", "candidate"], name="one_count_per_candidate_per_box")
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"


class Mandate(Period):
    """A seat held in a body: by a person (for a member) or, for host offices, by an authority."""

    class Began(models.TextChoices):
        ELECTION = "election", _("election")
        DESIGNATION = "designation", _("designation")
        CO_OPTION = "co_option", _("co-option")
        APPOINTMENT = "appointment", _("appointment")
        ATTESTED = "attested", _("in office at least since (start unknown)")

    class Ended(models.TextChoices):
        TERM = "term", _("end of term")
        RESIGNED = "resigned", _("resignation")
        REPLACED = "replaced", _("replaced")
        LOST_OFFICE = "lost_office", _("no longer holds the office in the member")
        SUCCEEDED = "succeeded", _("succeeded")
        LAST_ATTESTED = "last_attested", _("last attested (later status unknown)")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("body"))
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("position")
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("person"),
    )
    authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("member"),
        help_text=_("The member the person belongs to, or the authority hosting an office."),
    )
    affiliation = models.CharField(
        _("affiliation as given"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 'assessore al bilancio, Rivoli'."),
    )
    began = models.CharField(_("began by"), max_length=12, choices=Began.choices)
    ended = models.CharField(_("ended by"), max_length=14, choices=Ended.choices, blank=True)
    end_from_term = models.BooleanField(_("end computed from the term"), default=False, editable=False)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="mandates"
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering: ClassVar = ["body", "position__order", "-start_on", "pk"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(authority__isnull=False), name="mandate_has_holder"
            ),
            models.CheckConstraint(condition=ends_after_start(), name="mandate_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.holder_name}"

    @property
    def holder_name(self) -> str:
        return str(self.person or self.authority)


class Meeting(models.Model):
    """A convocation of a body and, once held, its attendance register and minutes."""

    class Status(models.TextChoices):
        CONVENED = "convened", _("convened")
        HELD = "held", _("held")
        CANCELLED = "cancelled", pgettext_lazy("a meeting", "cancelled")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    convened_on = models.DateField(_("convocation sent on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONVENED)
    minutes = models.TextField(_("general minutes"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.body}, {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def clean(self) -> None:
        if not self.place and not self.online_url:
            raise ValidationError({"place": _("Give a place or an online link.")})


class AgendaItem(models.Model):
    """One numbered point of a meeting's agenda, with what the meeting may be asked to vote."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("item"))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    motion_text = models.TextField(
        _("proposed motion"), blank=True, help_text=_("The text the meeting is asked to vote on, if any.")
    )
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering: ClassVar = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AgendaDocument(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), blank=True)
    file = ProtectedFileField(
        _("file"), upload_to="governance/%Y/", blank=True, view_name="governance_documents:agenda"
    )

    class Meta:
        ordering: ClassVar = ["item", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        """The file through the view that checks who may read it (never a media URL), else
        the address given."""
        return self.file.url if self.file else self.url


class Attendance(models.Model):
    """One member at one meeting: what its representative announced, and what happened."""

    class Presence(models.TextChoices):
        PRESENT = "present", _("present")
        PROXY = "proxy", _("represented by proxy")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    announced = models.BooleanField(_("announced attendance"), null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices, blank=True)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attended by"),
    )
    proxy_for = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proxy held by"),
    )

    class Meta:
        ordering: ClassVar = ["meeting", "authority__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance register")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "authority"], name="one_attendance_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.authority}"


class Motion(VoteRuleFields):
    """A motion put to the vote at a meeting, with its majority rule and, once counted, the figures."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        COUNTED = "counted", _("counted")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="motions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="motions"
    )
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    chair = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    voting = models.CharField(
        _("how the vote is taken"),
        max_length=10,
        choices=labels.choices(labels.VOTING),
        default="roll_call",
        help_text=_(
            "Roll-call is a default of the software, not a rule of the statutes: they do not say "
            "which motions are voted by secret paper ballot."
        ),
    )
    # When the vote opened: the register as it stood then is frozen in the roll-call rows.
    opened_at = models.DateTimeField(_("vote opened at"), null=True, blank=True)
    carried = models.BooleanField(_("carried"), null=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)

    class Meta:
        ordering: ClassVar = ["meeting", "pk"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints: ClassVar = [
            # A vote is counted only after it was opened (and its presence frozen).
            models.CheckConstraint(
                condition=Q(status="open") | Q(opened_at__isnull=False), name="motion_counted_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_secret(self) -> bool:
        return self.voting == "secret"

    @property
    def vote_result(self) -> results.MotionResult | None:
        """The figures as counted, read through their one reader; None before the count."""
        return results.MotionResult.from_json(self.figures)


class MotionPaperCount(models.Model):
    """The tellers' count of the box of a motion voted by secret paper ballot: the papers for,
    against and abstaining, for the whole box — never a member's vote (rules in
    governance/paper_count.py, entered through services.record_paper_count)."""

    motion = models.OneToOneField(
        Motion, on_delete=models.CASCADE, related_name="paper_count", verbose_name=_("motion")
    )
    in_favour = models.PositiveIntegerField(_("papers for"))
    against = models.PositiveIntegerField(_("papers against"))
    abstain = models.PositiveIntegerField(_("papers abstaining"))

    class Meta:
        verbose_name = _("paper ballot count")
        verbose_name_plural = _("paper ballot counts")

    def __str__(self) -> str:
        return f"{self.motion}: {self.in_favour}/{self.against}/{self.abstain}"

    @property
    def papers(self) -> int:
        return self.in_favour + self.against + self.abstain


class RollCall(models.Model):
    """One convened member in one vote: its presence when the vote opened (frozen from the
    register), how it voted, and the populations used to weigh its vote and its presence."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="roll_call")
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    presence = models.CharField(
        _("presence when the vote opened"),
        max_length=10,
        choices=Attendance.Presence.choices,
        default=Attendance.Presence.ABSENT,
    )
    choice = models.CharField(_("vote"), max_length=8, choices=labels.choices(labels.CHOICE))
    population = models.PositiveIntegerField(_("population weighed"), null=True, blank=True)
    population_represented = models.PositiveIntegerField(
        _("population represented (quorum)"), null=True, blank=True
    )

    class Meta:
        ordering: ClassVar = ["motion", "authority__name"]
        verbose_name = _("roll-call vote")
        verbose_name_plural = _("roll-call votes")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["motion", "authority"], name="one_vote_per_member"),
            # Only a member in the room (or represented by proxy) when the vote opened votes.
            models.CheckConstraint(
                condition=Q(choice="absent") | Q(presence__in=["present", "proxy"]),
                name="roll_call_vote_needs_presence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.choice}"


class Resolution(models.Model):
    """A numbered resolution (deliberazione) of a body, per year, published on the site."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("body")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    adopted_on = models.DateField(_("adopted on"))
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    motion = models.OneToOneField(
        Motion, null=True, blank=True, on_delete=models.PROTECT, related_name="resolution"
    )
    carried = models.BooleanField(_("carried"), default=True)
    figures = models.JSONField(_("vote figures"), default=dict, blank=True)
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering: ClassVar = ["-year", "-number"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="resolution_number_per_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} {self.title}"

    @property
    def vote_result(self) -> results.MotionResult | None:
        """The figures as counted, read through their one reader; None before the count."""
        return results.MotionResult.from_json(self.figures)


class Invitation(models.Model):
    """An e-mailed, one-time link with which someone gets a login and a role (/office/people/).

    The role is an office (the group of cocopa.core.roles) or a member's representative (a person
    designated for the member, as mayor or delegate). Only a digest of the link's secret is kept
    (services/invitations.py); a new link kills the old one, and so do acceptance and revocation.
    """

    class Role(models.TextChoices):
        PEACE_OFFICE = "peace_office", _("peace office")
        ADMINISTRATIVE_OFFICE = "administrative_office", _("administrative office")
        REPRESENTATIVE = "representative", _("representative of a member")

    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    basis = models.CharField(_("as"), max_length=10, choices=Designation.Basis.choices, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    token_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(_("invited on"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("login"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(role="representative", authority__isnull=False) | ~Q(role="representative"),
                name="invitation_representative_names_member",
            ),
            # One pending invitation per address, also when two clerks send one at the same moment.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_pending_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()}"

    @property
    def pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_staff_role(self) -> bool:
        return self.role != self.Role.REPRESENTATIVE
