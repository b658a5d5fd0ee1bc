"""The programme core: geography and the BASS programme itself."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bass.history import TrackedModel
from bass.text import RichTextField, in_active_language


class Region(TrackedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)

    readable_by_all_users = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Hospital(TrackedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="hospitals", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    is_acute = models.BooleanField(_("acute hospital"), default=True)

    readable_by_all_users = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("hospital")
        verbose_name_plural = _("hospitals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(short_name=""), name="hospital_short_name_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hospital_detail", args=[self.pk])


class Municipality(TrackedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    population = models.PositiveIntegerField(
        _("population"), help_text=_("Number of citizens (1 January of the latest year).")
    )
    catchment_hospital = models.ForeignKey(
        Hospital,
        on_delete=models.PROTECT,
        related_name="catchment_municipalities",
        verbose_name=_("catchment hospital"),
        limit_choices_to={"is_acute": True},
    )

    readable_by_all_users = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(population__gte=0), name="municipality_population_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("municipality_list") + f"#kommune-{self.pk}"


class Programme(TrackedModel):
    """BASS itself. One row in practice; the texts are edited by administrators."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True, help_text=_("For the English miniguides.")
    )
    short_name = models.CharField(_("short name"), max_length=40)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("region")
    )
    vision = RichTextField(_("vision"), blank=True)
    core_goals = RichTextField(_("core goals"), blank=True)
    vision_en = RichTextField(
        _("vision (English)"), blank=True, help_text=_("For the English miniguides.")
    )
    core_goals_en = RichTextField(
        _("core goals (English)"), blank=True, help_text=_("For the English miniguides.")
    )
    assessment_interval_months = models.PositiveSmallIntegerField(
        _("assessment interval (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "How often each specialty assesses its sustainability; an older assessment "
            "waits for its owner on the home page."
        ),
    )

    readable_by_all_users = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme_detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The name in the active language: the English name in English guides where it is
        written, else the Danish one."""
        return in_active_language(self.name, self.name_en)

    @classmethod
    def current(cls) -> "Programme | None":
        return cls.objects.order_by("pk").first()


class ProgrammeChapter(TrackedModel):
    """A chapter of the programme's miniguide ("Hvad er BASS?", "Bæredygtighed", ...)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("programme")
    )
    slug = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"), blank=True)
    title_en = models.CharField(
        _("title (English)"), max_length=200, blank=True, help_text=_("For the English miniguides.")
    )
    body_en = RichTextField(_("text (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    readable_by_all_users = True

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("programme chapter")
        verbose_name_plural = _("programme chapters")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"], name="programme_chapter_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    permission_path = "programme"

    def get_absolute_url(self) -> str:
        return self.programme.get_absolute_url() + f"#{self.slug}"


class Export(TrackedModel):
    """A generated file (a PDF miniguide, minutes ...), kept with who, when, language and the
    version of the data it was made from. Files live in MEDIA_ROOT (not public) and are served
    by a permission-checked view."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # The row is the outbox of the work: queued_at is when its task was last sent to the
    # queue, started_at when the current attempt began; the sweeper re-queues or fails rows
    # whose task was lost (bass.exports.sweep_exports).
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    data_version = models.CharField(_("data version"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            models.Index(fields=["kind", "content_type", "object_id", "-requested_at"]),
            # The sweeper's every-minute look for unfinished work stays small as exports pile up.
            models.Index(
                fields=["status"],
                condition=Q(status__in=["queued", "rendering"]),
                name="export_unfinished",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "rendering", "done", "failed"]),
                name="export_known_status",
            ),
        ]

    # Seen by those who may see its subject; a subject every user may read (the programme)
    # counts only for those who see the whole programme. Changes: administrators.
    permission_object = ("content_type", "object_id")
    permission_object_public = False

    @classmethod
    def permission_object_models(cls) -> list[str]:
        from bass.exports import REGISTRY

        return sorted({kind.model for kind in REGISTRY.values()})

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.language})"

    @property
    def subject(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)

    def get_absolute_url(self) -> str:
        return reverse("export_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class FormToken(models.Model):
    """The one-time token of a creating form, claimed by the submit that saved it.

    A second submit of the same form (a double click, a reload after a slow answer) finds
    its token claimed and is shown what the first one made instead of making it again.
    Bookkeeping, not domain data: it has no history.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        null=True,
        verbose_name=_("object type"),
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True)

    class Meta:
        verbose_name = _("form token")
        verbose_name_plural = _("form tokens")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return self.token
