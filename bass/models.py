"""The programme core: geography and the BASS programme itself."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from bass.history import TrackedModel
from bass.text import RichTextField


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
    short_name = models.CharField(_("short name"), max_length=40)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("region")
    )
    vision = RichTextField(_("vision"), blank=True)
    core_goals = RichTextField(_("core goals"), blank=True)

    readable_by_all_users = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme_detail", args=[self.pk])

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

    def permission_target(self):
        return self.programme

    def get_absolute_url(self) -> str:
        return self.programme.get_absolute_url() + f"#{self.slug}"


class ProgrammeUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Programme, on_delete=models.CASCADE)
