"""Health clusters (sundhedsklynger) and their successors, the health councils (sundhedsråd):
forums, meetings with Danish-style agendas and minutes, and improvement initiatives."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bass import formatting
from bass.history import TrackedModel
from bass.models import Hospital, Municipality
from bass.text import RichTextField
from roles.object_permissions import UserObjectPermissionBase


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Health cluster")
    COUNCIL = "council", _("Health council")


class Cluster(TrackedModel):
    """A partnership of a hospital, its municipalities and general practice.

    From 2027 a health council succeeds a cluster (``clusters/succession.py``). The
    cluster's forums stay where they are, as read-only archives each pointing to the
    council's forum that carries its work on (``Forum.archived_into``); the council lists
    them through ``all_forums()``, so nothing is lost and the history of both stays where it
    was written. The open initiatives, the roles and the meetings not yet held move on.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ClusterKind.choices, default=ClusterKind.CLUSTER
    )
    hospitals = models.ManyToManyField(
        Hospital, related_name="clusters", blank=True, verbose_name=_("hospitals")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="clusters", blank=True, verbose_name=_("member municipalities")
    )
    general_practice = models.TextField(
        _("general practice representation"),
        blank=True,
        help_text=_("Who represents general practice, e.g. the local PLO committee."),
    )
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        limit_choices_to={"kind": ClusterKind.COUNCIL},
        verbose_name=_("succeeded by (health council)"),
    )

    # Clusters are reference data; what goes on in their forums is not.
    readable_by_all_users = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("health cluster")
        verbose_name_plural = _("health clusters")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__isnull=True)
                | Q(period_from__isnull=True)
                | Q(period_to__gt=models.F("period_from")),
                name="cluster_period_to_after_from",
                violation_error_message=_("'Period to' must be after 'period from'."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[value for value, _label in ClusterKind.choices]),
                name="cluster_known_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cluster_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.successor_id is None:
            return
        if self.successor_id == self.pk:
            raise ValidationError({"successor": _("A cluster cannot succeed itself.")})
        if self.successor.kind != ClusterKind.COUNCIL:
            raise ValidationError({"successor": _("Only a health council can succeed a cluster.")})
        # No cycles: the successor must not be one of this cluster's predecessors.
        if self.pk and self.successor_id in self.lineage_ids():
            raise ValidationError({"successor": _("The succession would form a circle.")})

    def lineage_ids(self) -> list[int]:
        """This cluster and every cluster it succeeded, directly or through others."""
        ids = [self.pk]
        frontier = [self.pk]
        # One query per generation; successions are a handful of generations deep at most.
        while frontier:
            frontier = [
                pk
                for pk in Cluster.objects.filter(successor_id__in=frontier).values_list(
                    "pk", flat=True
                )
                if pk not in ids
            ]
            ids += frontier
        return ids

    def all_forums(self) -> models.QuerySet:
        """Its own forums and those of the clusters it succeeded."""
        return Forum.objects.filter(cluster_id__in=self.lineage_ids()).select_related("cluster")

    @property
    def population(self) -> int:
        return sum(m.population for m in self.municipalities.all())


class ForumKind(models.TextChoices):
    POLITICAL = "political", _("Political forum")
    STRATEGIC = "strategic", _("Professional strategic forum")
    THEME = "theme", _("Theme committee")


class Forum(TrackedModel):
    """A political forum, the professional strategic forum or a theme committee."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="forums", verbose_name=_("cluster")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ForumKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Set when the cluster is succeeded by a health council (clusters/succession.py): the
    # forum of the council that carries this forum's work on. The forum is then a read-only
    # archive: every action but reading is refused (``permission_read_only``).
    archived_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="archived_forums",
        verbose_name=_("archived, succeeded by"),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["cluster__name", "kind", "name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        permissions = [
            ("decide_forum", _("Can record decisions of the forum")),
            ("prioritise_initiatives", _("Can prioritise initiatives")),
            ("read_closed_items", _("Can see the forum's closed items")),
            ("approve_minutes", _("Can approve the minutes of the forum's meetings")),
            ("add_dissent", _("Can add a dissent (protokoltilførsel) to the minutes")),
            ("manage_improvement", _("Can manage the improvement projects of its initiatives")),
            (
                "contribute_improvement",
                _("Can add PDSA cycles and data to the improvement projects of its initiatives"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="forum_unique_name_per_cluster",
                violation_error_message=_("This cluster already has a forum with this name."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[value for value, _label in ForumKind.choices]),
                name="forum_known_kind",
            ),
        ]

    # The people of a cluster (any of its forums) see all its forums; "view_closed" is the
    # forum's own circle, without the scope (its closed items).
    permission_map = {"view_closed": "clusters.read_closed_items"}
    permission_scope = "cluster"
    # An archived forum, and everything governed by it, can be read and never changed.
    permission_read_only = "archived_into"
    # A role on the council's forum reads the archives it carries on (roles/permissions.py).
    permission_archives = "archived_forums"
    permission_archive_grants = ("view_forum", "read_closed_items")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum_detail", args=[self.pk])

    @property
    def is_archive(self) -> bool:
        return self.archived_into_id is not None

    def read_only_reason(self) -> str:
        """Why nothing in the forum can be changed (shown on the refusal page)."""
        from django.utils.translation import gettext

        council = self.archived_into.cluster if self.archived_into_id else None
        return gettext(
            "%(forum)s is an archive: %(cluster)s was succeeded by %(council)s, whose forum "
            "%(successor)s carries the work on. The archive can be read but not changed."
        ) % {
            "forum": self.name,
            "cluster": self.cluster,
            "council": council,
            "successor": self.archived_into,
        }


class StandardItemPosition(models.TextChoices):
    FIRST = "first", _("First on the agenda")
    LAST = "last", _("Last on the agenda")


class StandardItem(TrackedModel):
    """An item every new meeting of the forum starts with ("Godkendelse af dagsorden" first,
    "Eventuelt" last): the forum's agenda template, kept by its secretary and chair."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="standard_items", verbose_name=_("forum")
    )
    title = models.CharField(_("title"), max_length=300)
    position = models.CharField(
        _("place on the agenda"),
        max_length=10,
        choices=StandardItemPosition.choices,
        default=StandardItemPosition.FIRST,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    summary = RichTextField(_("summary (Resumé)"), blank=True)
    recommendation = RichTextField(_("recommendation (Indstilling)"), blank=True)

    permission_path = "forum"
    permission_map = {
        "view": "clusters.view_forum",
        "add": "clusters.change_forum",
        "change": "clusters.change_forum",
        "delete": "clusters.change_forum",
    }

    class Meta:
        ordering = ["forum", "position", "order", "pk"]
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__in=["first", "last"]), name="standard_item_known_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ForumUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Forum, on_delete=models.CASCADE)


# Everything inside a forum is governed by the forum's object permissions.
_FORUM_PARTS = {
    "view": "clusters.view_forum",
    "add": "clusters.change_forum",
    "change": "clusters.change_forum",
    "delete": "clusters.change_forum",
    "decide": "clusters.decide_forum",
    "approve": "clusters.approve_minutes",
}


class MeetingStatus(models.TextChoices):
    """The life of a meeting, in order (``MEETING_FLOW`` says who moves it on)."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Agenda sent")
    HELD = "held", _("Held")
    MINUTES_SUBMITTED = "minutes_submitted", _("Minutes awaiting approval")
    APPROVED = "approved", _("Minutes approved")


# status -> (next status, the forum permission needed to move it there)
MEETING_FLOW = {
    MeetingStatus.DRAFT: (MeetingStatus.PUBLISHED, "change_forum"),
    MeetingStatus.PUBLISHED: (MeetingStatus.HELD, "change_forum"),
    MeetingStatus.HELD: (MeetingStatus.MINUTES_SUBMITTED, "change_forum"),
    MeetingStatus.MINUTES_SUBMITTED: (MeetingStatus.APPROVED, "approve_minutes"),
}


class Meeting(TrackedModel):
    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("forum")
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    default_case_id = models.CharField(_("case id for new items"), max_length=60, blank=True)
    published_at = models.DateTimeField(_("agenda sent"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )
    corrected_after_approval = models.BooleanField(
        _("corrected after approval"), default=False, editable=False
    )
    # The agenda as it was sent (members' version, closed items included) and the public
    # versions; written by the application, never uploaded.
    agenda_pdf = models.FileField(
        _("agenda as sent"), upload_to="klynger/dagsordener/%Y/", blank=True, editable=False
    )
    public_agenda_pdf = models.FileField(
        _("public agenda"), upload_to="klynger/offentlig/%Y/", blank=True, editable=False
    )
    public_minutes_pdf = models.FileField(
        _("public minutes"), upload_to="klynger/offentlig/%Y/", blank=True, editable=False
    )

    permission_path = "forum"
    permission_map = _FORUM_PARTS
    permission_scope = "cluster"

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["forum", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.forum} {formatting.date(self.starts_at)}"

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if not self.place and not self.online_link:
            raise ValidationError(_("Give a place or a link to the online meeting (or both)."))

    @property
    def is_draft(self) -> bool:
        return self.status == MeetingStatus.DRAFT

    @property
    def is_held(self) -> bool:
        """Held or later: the meeting has minutes."""
        return self.status in (
            MeetingStatus.HELD,
            MeetingStatus.MINUTES_SUBMITTED,
            MeetingStatus.APPROVED,
        )

    @property
    def is_approved(self) -> bool:
        return self.status == MeetingStatus.APPROVED

    @property
    def is_public(self) -> bool:
        """Whether the public page shows the meeting (the agenda once sent)."""
        return self.status != MeetingStatus.DRAFT

    @property
    def next_step(self):
        """(next status, forum permission needed) or None when the minutes are approved."""
        return MEETING_FLOW.get(self.status)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Sent apologies")


class Attendance(TrackedModel):
    """Who came (fremmøde), who sent apologies (afbud) and who stood in (stedfortræder)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        "roles.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    substitute = models.ForeignKey(
        "roles.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("substitute"),
    )

    permission_path = "meeting__forum"
    permission_map = _FORUM_PARTS
    permission_scope = "cluster"

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="attendance_one_per_person_and_meeting"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[value for value, _label in AttendanceStatus.choices]),
                name="attendance_known_status",
            ),
            models.CheckConstraint(
                condition=Q(substitute__isnull=True) | Q(status="absent"),
                name="attendance_substitute_only_for_absent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class AgendaItem(TrackedModel):
    """One item of a Danish agenda; after the meeting the decision makes it minutes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    is_closed = models.BooleanField(
        _("closed item"),
        default=False,
        help_text=_(
            "Closed items and their attachments are shown to the forum's members and the "
            "programme's administrators only; the public agenda and minutes show the "
            "number and title."
        ),
    )
    case_id = models.CharField(_("case id (Sags ID)"), max_length=60, blank=True)
    document_id = models.CharField(_("document id (Dok ID)"), max_length=60, blank=True)
    summary = RichTextField(_("summary (Resumé)"), blank=True)
    recommendation = RichTextField(_("recommendation (Indstilling)"), blank=True)
    case_presentation = RichTextField(_("case presentation (Sagsfremstilling)"), blank=True)
    finances = RichTextField(_("finances (Økonomi)"), blank=True)
    earlier_decisions = RichTextField(_("earlier decisions (Tidligere beslutninger)"), blank=True)
    decision = RichTextField(_("decision (Beslutning)"), blank=True)
    absent = models.TextField(_("absent (Fraværende)"), blank=True)
    # From a standard item placed last ("Eventuelt"): a new item goes in before it.
    keep_last = models.BooleanField(_("stays last on the agenda"), default=False, editable=False)

    permission_path = "meeting__forum"
    permission_map = _FORUM_PARTS
    # The people of the cluster see open items; closed items only the forum itself.
    permission_scope = "cluster"
    permission_private = "is_closed"

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_item_unique_number_per_meeting",
                violation_error_message=_("This meeting already has an item with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#punkt-{self.pk}"


class Dissent(TrackedModel):
    """A protokoltilførsel: a member's own statement on an item, printed in the minutes."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="dissents", verbose_name=_("item")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member"),
    )
    author_name = models.CharField(_("name"), max_length=300)
    text = models.TextField(_("statement"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    permission_path = "item__meeting__forum"
    permission_map = _FORUM_PARTS
    permission_scope = "cluster"
    permission_private = "item__is_closed"

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("dissent (protokoltilførsel)")
        verbose_name_plural = _("dissents (protokoltilførsler)")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"


class AgendaAttachment(TrackedModel):
    """An attachment (bilag). Stored under MEDIA_ROOT, never in the static folders, and
    served only through a view that checks the item's visibility."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("item")
    )
    title = models.CharField(_("title"), max_length=300)
    document_id = models.CharField(_("document id (Dok ID)"), max_length=60, blank=True)
    file = models.FileField(_("file"), upload_to="klynger/bilag/%Y/%m/", max_length=300)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)

    permission_path = "item__meeting__forum"
    permission_map = _FORUM_PARTS
    permission_scope = "cluster"
    permission_private = "item__is_closed"

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("attachment_download", args=[self.pk])


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PRIORITISED = "prioritised", _("Prioritised")
    ACTIVE = "active", pgettext_lazy("initiative status", "Active")
    ENDED = "ended", _("Ended")
    REJECTED = "rejected", _("Rejected")


class Initiative(TrackedModel):
    """A cross-sector improvement initiative (in Randers: a laboratory).

    Proposed by a theme committee, prioritised by the cluster's forum and monitored on the
    triple aim (three ``TripleAimMeasure`` rows, created with the initiative).
    """

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("cluster")
    )
    proposed_by = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        related_name="proposed_initiatives",
        verbose_name=_("proposed by"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = RichTextField(_("description"), blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    participants = models.TextField(
        _("participants"),
        blank=True,
        help_text=_("Hospital, municipalities and general practice taking part."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PROPOSED,
    )
    priority_rank = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    decision_text = models.TextField(_("prioritisation decision"), blank=True)
    decided_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prioritised_initiatives",
        verbose_name=_("decided at meeting"),
    )

    permission_path = "proposed_by"
    permission_map = {
        **_FORUM_PARTS,
        "prioritise": "clusters.prioritise_initiatives",
    }
    permission_scope = "cluster"

    class Meta:
        ordering = ["cluster", "priority_rank", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[value for value, _label in InitiativeStatus.choices]),
                name="initiative_known_status",
            ),
            # One initiative per rank in a cluster, always: never two at "priority 1".
            models.UniqueConstraint(
                fields=["cluster", "priority_rank"],
                condition=Q(priority_rank__isnull=False),
                name="initiative_one_per_rank_in_cluster",
                violation_error_message=_("Another initiative of the cluster has this rank."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiative_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if (
            self.proposed_by_id
            and self.cluster_id
            and self.proposed_by.cluster_id not in (Cluster(pk=self.cluster_id).lineage_ids())
        ):
            raise ValidationError(
                {"proposed_by": _("The proposing forum must belong to the initiative's cluster.")}
            )

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            for dimension in TripleAimDimension.values:
                TripleAimMeasure.objects.get_or_create(initiative=self, dimension=dimension)


class TripleAimDimension(models.TextChoices):
    POPULATION_HEALTH = "population_health", _("Population health")
    EXPERIENCED_QUALITY = "experienced_quality", _("Experienced quality")
    COST_PER_CAPITA = "cost_per_capita", _("Cost per capita")


class TripleAimDirection(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


# The desired direction when a measure does not say: more health and experienced quality,
# lower cost per capita.
DEFAULT_DIRECTION = {
    TripleAimDimension.POPULATION_HEALTH: TripleAimDirection.HIGHER,
    TripleAimDimension.EXPERIENCED_QUALITY: TripleAimDirection.HIGHER,
    TripleAimDimension.COST_PER_CAPITA: TripleAimDirection.LOWER,
}


class TripleAimMeasure(TrackedModel):
    """One dimension of an initiative's triple aim: an indicator with a baseline, a target,
    the desired direction and a dated series (``TripleAimValue``). ``latest`` is the value
    typed on the measure itself; once a series exists its newest value is the latest."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="triple_aim",
        verbose_name=_("initiative"),
    )
    dimension = models.CharField(_("dimension"), max_length=30, choices=TripleAimDimension.choices)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    latest = models.DecimalField(
        _("latest value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("desired direction"),
        max_length=10,
        choices=TripleAimDirection.choices,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)

    permission_path = "initiative__proposed_by"
    permission_map = _FORUM_PARTS
    permission_scope = "cluster"

    class Meta:
        ordering = ["initiative", "dimension"]
        verbose_name = _("triple aim measure")
        verbose_name_plural = _("triple aim measures")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "dimension"], name="triple_aim_one_per_dimension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_dimension_display()}"

    @property
    def desired_direction(self) -> str:
        return self.direction or DEFAULT_DIRECTION.get(self.dimension, TripleAimDirection.HIGHER)

    @property
    def change(self):
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline


class TripleAimValue(TrackedModel):
    """One dated value of a triple-aim measure (a point of its series)."""

    measure = models.ForeignKey(
        TripleAimMeasure,
        on_delete=models.CASCADE,
        related_name="series",
        verbose_name=_("triple aim measure"),
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    permission_path = "measure__initiative__proposed_by"
    permission_map = _FORUM_PARTS
    permission_scope = "cluster"

    class Meta:
        ordering = ["measure", "date"]
        verbose_name = _("triple aim value")
        verbose_name_plural = _("triple aim values")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "date"],
                name="triple_aim_value_one_per_date",
                violation_error_message=_("The measure already has a value for this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {formatting.number(self.value)} ({formatting.date(self.date)})"
