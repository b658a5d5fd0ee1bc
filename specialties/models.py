"""Specialties, their strength positions and population responsibility."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from bass.history import TrackedModel
from bass.models import Hospital, Municipality


class Specialty(TrackedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        permissions = [
            ("change_strategic_ambition", _("Can change the strategic ambition")),
            ("change_professional_ambition", _("Can change the professional ambition")),
            ("change_strength_positions", _("Can change strength positions and population")),
            ("submit_ambition", _("Can submit an ambition for approval")),
            ("approve_ambition", _("Can approve or return an ambition")),
            ("manage_improvement", _("Can manage improvement work")),
            ("contribute_improvement", _("Can contribute to improvement work")),
            ("comment_specialty", _("Can comment")),
            ("manage_assessment", _("Can make sustainability assessments")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("specialty_detail", args=[self.slug])


class OrganisationForm(models.TextChoices):
    TWO_HOSPITALS = "two_hospitals", _("Gathered at two hospitals")
    AT_A_DISTANCE = "at_a_distance", _("Treatment responsibility at a distance")
    CROSS_HOSPITAL = "cross_hospital", _("Cross-hospital professional community")


_SPECIALTY_PARTS = {
    "view": "specialties.view_specialty",
    "add": "specialties.change_strength_positions",
    "change": "specialties.change_strength_positions",
    "delete": "specialties.change_strength_positions",
}


class StrengthPosition(TrackedModel):
    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.CASCADE,
        related_name="strength_positions",
        verbose_name=_("specialty"),
    )
    hospital = models.ForeignKey(
        Hospital,
        on_delete=models.PROTECT,
        related_name="strength_positions",
        verbose_name=_("hospital"),
    )
    organisation_form = models.CharField(
        _("form of organisation"), max_length=30, choices=OrganisationForm.choices
    )
    responsibility = models.TextField(_("responsibility"), blank=True)
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Invented for the demo; shown as example data."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        through="PopulationResponsibility",
        related_name="strength_positions",
        verbose_name=_("population responsibility"),
    )

    permission_path = "specialty"
    permission_map = _SPECIALTY_PARTS

    class Meta:
        ordering = ["specialty", "hospital__name"]
        verbose_name = _("strength position")
        verbose_name_plural = _("strength positions")
        constraints = [
            models.UniqueConstraint(
                fields=["specialty", "hospital"],
                name="strength_position_unique_per_specialty_hospital",
                violation_error_message=_(
                    "This specialty already has a strength position at this hospital."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    organisation_form__in=[value for value, _label in OrganisationForm.choices]
                ),
                name="strength_position_known_organisation_form",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.specialty} – {self.hospital.short_name}"

    def permission_target(self):
        return self.specialty

    def get_absolute_url(self) -> str:
        return self.specialty.get_absolute_url() + f"#styrkeposition-{self.pk}"


class PopulationResponsibility(TrackedModel):
    """A strength position answers for the patients of one municipality.

    Several strength positions of a specialty may share a municipality (joint responsibility);
    a municipality no strength position answers for is a gap.
    """

    strength_position = models.ForeignKey(
        StrengthPosition,
        on_delete=models.CASCADE,
        related_name="population_responsibilities",
        verbose_name=_("strength position"),
    )

    permission_path = "strength_position__specialty"
    permission_map = _SPECIALTY_PARTS
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="population_responsibilities",
        verbose_name=_("municipality"),
    )

    class Meta:
        ordering = ["strength_position", "municipality__name"]
        verbose_name = _("population responsibility")
        verbose_name_plural = _("population responsibilities")
        constraints = [
            models.UniqueConstraint(
                fields=["strength_position", "municipality"],
                name="population_responsibility_unique",
                violation_error_message=_(
                    "This strength position already answers for this municipality."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strength_position}: {self.municipality}"

    def permission_target(self):
        return self.strength_position.specialty


class SpecialtyUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key table for guardian: permissions vanish with their specialty."""

    content_object = models.ForeignKey(Specialty, on_delete=models.CASCADE)
