"""Specialties, their strength positions and population responsibility."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bass.history import TrackedModel, display_name
from bass.models import Hospital, Municipality
from bass.text import RichTextField, html_to_text, in_active_language
from roles.object_permissions import UserObjectPermissionBase


class Specialty(TrackedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True, help_text=_("For the English miniguides.")
    )
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        permissions = [
            ("change_strategic_ambition", _("Can change the strategic ambition")),
            ("change_professional_ambition", _("Can change the professional ambition")),
            ("suggest_strategic_ambition", _("Can suggest changes to the strategic ambition")),
            (
                "suggest_professional_ambition",
                _("Can suggest changes to the professional ambition"),
            ),
            ("change_strength_positions", _("Can change strength positions and population")),
            ("submit_ambition", _("Can submit an ambition for approval")),
            ("approve_ambition", _("Can approve or return an ambition")),
            ("manage_improvement", _("Can manage improvement work")),
            ("contribute_improvement", _("Can contribute to improvement work")),
            ("comment_specialty", _("Can comment")),
            ("manage_assessment", _("Can make sustainability assessments")),
            ("grant_funds", _("Can grant transition funds")),
            ("record_centre_support", _("Can record support from the region's centres")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the active language: the English name in English guides where it is
        written, else the Danish one. (``str()`` stays Danish: it is stored in notifications
        and history labels whatever language their reader has.)"""
        return in_active_language(self.name, self.name_en)

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


class SpecialtyUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key table for guardian: permissions vanish with their specialty."""

    content_object = models.ForeignKey(Specialty, on_delete=models.CASCADE)


# --- ambitions and dilemmas ----------------------------------------------------


class AmbitionKind(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    PROFESSIONAL = "professional", _("Professional")


class AmbitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the steering group")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned by the steering group")


# The owner writes the strategic ambition and dilemmas, the implementation lead the
# professional ones: which permission governs a change depends on the row's kind.
AMBITION_CHANGE_PERMISSION = {
    AmbitionKind.STRATEGIC: "change_strategic_ambition",
    AmbitionKind.PROFESSIONAL: "change_professional_ambition",
}


#: An ambition or dilemma is read by whoever sees its specialty; its ``kind`` selects the
#: permission that adds, changes and deletes it (roles/permissions.py).
_KIND_VIEW = {"view": "specialties.view_specialty"}
_KIND_PERMISSIONS = {
    kind: dict.fromkeys(("add", "change", "delete"), f"specialties.{codename}")
    for kind, codename in AMBITION_CHANGE_PERMISSION.items()
}

# The owner and the implementation lead write each other's ambition only through a
# suggestion ("forslag") that the text's own writer accepts, edits or declines.
AMBITION_SUGGEST_PERMISSION = {
    AmbitionKind.STRATEGIC: "suggest_strategic_ambition",
    AmbitionKind.PROFESSIONAL: "suggest_professional_ambition",
}
_AMBITION_PERMISSIONS = {
    kind: {**mapping, "suggest": f"specialties.{AMBITION_SUGGEST_PERMISSION[kind]}"}
    for kind, mapping in _KIND_PERMISSIONS.items()
}


class AmbitionTransitionError(Exception):
    """A workflow step that the ambition's status does not allow; the message says why."""


# simple-history keeps the reason for a change in a 100-character column.
_REASON_LENGTH = 100


def _reason(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _REASON_LENGTH else text[: _REASON_LENGTH - 1] + "…"


class Ambition(TrackedModel):
    """A specialty's strategic or professional ambition.

    ``approved_text`` is what the steering group approved and what pages show as current;
    ``draft_text`` is the working copy. Editing an approved ambition starts a new draft
    and leaves the approved text in place until the new draft is approved.
    """

    specialty = models.ForeignKey(
        Specialty, on_delete=models.CASCADE, related_name="ambitions", verbose_name=_("specialty")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AmbitionKind.choices)
    draft_text = RichTextField(_("working draft"), blank=True)
    approved_text = RichTextField(_("approved text"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AmbitionStatus.choices, default=AmbitionStatus.DRAFT
    )
    decision_comment = models.TextField(_("last comment from the steering group"), blank=True)

    permission_path = "specialty"
    permission_map = _KIND_VIEW
    permission_map_field = "kind"
    permission_maps = _AMBITION_PERMISSIONS
    # Once approved, the approved text is read across the programme (never the draft).
    permission_shared = {"approved_at__isnull": False}

    class Meta:
        ordering = ["specialty", "kind"]
        verbose_name = _("ambition")
        verbose_name_plural = _("ambitions")
        constraints = [
            models.UniqueConstraint(
                fields=["specialty", "kind"],
                name="ambition_unique_per_specialty_kind",
                violation_error_message=_("This specialty already has an ambition of this kind."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AmbitionKind.values), name="ambition_known_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AmbitionStatus.values), name="ambition_known_status"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == AmbitionKind.STRATEGIC:
            return _("Strategic ambition for %(specialty)s") % {"specialty": self.specialty}
        return _("Professional ambition for %(specialty)s") % {"specialty": self.specialty}

    @property
    def change_permission(self) -> str:
        return AMBITION_CHANGE_PERMISSION[self.kind]

    @property
    def url_kind(self) -> str:
        return AMBITION_URL_KINDS_REVERSE[self.kind]

    def get_absolute_url(self) -> str:
        return reverse("ambition_detail", args=[self.specialty.slug, self.url_kind])

    def get_shared_url(self) -> str:
        """The approved text as the programme library shows it to other specialties."""
        return reverse("ambition_shared", args=[self.specialty.slug, self.url_kind])

    @property
    def has_unapproved_changes(self) -> bool:
        return self.status != AmbitionStatus.APPROVED and self.draft_text != self.approved_text

    WORKFLOW_FIELDS = ("approved_text", "approved_at", "approved_by_id", "decision_comment")

    def clean(self):
        """Only the workflow changes the approved text and the status.

        Anything that saves through validation (the edit form, the generic restore of an
        old version) keeps the approved text, its date, approver and the steering group's
        comment as they are saved now; changed text is a working draft again (a submitted
        draft is withdrawn). So a restore brings back text, never an approval.
        """
        super().clean()
        if self.pk is None:
            return
        saved = (
            Ambition.objects.filter(pk=self.pk)
            .values(*self.WORKFLOW_FIELDS, "draft_text", "status")
            .first()
        )
        if saved is None:
            return
        for name in self.WORKFLOW_FIELDS:
            setattr(self, name, saved[name])
        text_changed = self.draft_text != saved["draft_text"]
        self.status = AmbitionStatus.DRAFT if text_changed else saved["status"]

    # --- workflow: each step saves once, with its comment as the reason in history ---

    def note_edit(self, reason: str = "") -> None:
        """The reason recorded for an edit of the draft (``clean()`` sets the status)."""
        self._change_reason = _reason(reason or gettext("Edited the working draft"))

    def submit(self, comment: str = "") -> None:
        if self.status not in (AmbitionStatus.DRAFT, AmbitionStatus.RETURNED):
            raise AmbitionTransitionError(
                gettext("Only a draft or a returned ambition can be submitted.")
            )
        if not html_to_text(self.draft_text):
            raise AmbitionTransitionError(gettext("Write the ambition before you submit it."))
        self.status = AmbitionStatus.SUBMITTED
        self._change_reason = _reason(
            gettext("Submitted: %(comment)s") % {"comment": comment}
            if comment
            else gettext("Submitted to the steering group")
        )
        self.save()

    def approve(self, user, comment: str = "") -> None:
        if self.status != AmbitionStatus.SUBMITTED:
            raise AmbitionTransitionError(gettext("Only a submitted ambition can be approved."))
        self.status = AmbitionStatus.APPROVED
        self.approved_text = self.draft_text
        self.approved_at = timezone.now()
        self.approved_by = user
        self.decision_comment = comment
        self._change_reason = _reason(
            gettext("Approved: %(comment)s") % {"comment": comment}
            if comment
            else gettext("Approved by the steering group")
        )
        self.save()

    def return_for_revision(self, user, comment: str) -> None:
        if self.status != AmbitionStatus.SUBMITTED:
            raise AmbitionTransitionError(gettext("Only a submitted ambition can be returned."))
        if not comment.strip():
            raise AmbitionTransitionError(gettext("Say why the ambition is returned."))
        self.status = AmbitionStatus.RETURNED
        self.decision_comment = comment
        self._change_reason = _reason(gettext("Returned: %(comment)s") % {"comment": comment})
        self.save()


# Danish words in the addresses: /specialer/<slug>/ambition/strategisk/
AMBITION_URL_KINDS = {"strategisk": AmbitionKind.STRATEGIC, "faglig": AmbitionKind.PROFESSIONAL}
AMBITION_URL_KINDS_REVERSE = {kind: word for word, kind in AMBITION_URL_KINDS.items()}


class Dilemma(TrackedModel):
    """A strategic or professional dilemma the specialty has to balance."""

    specialty = models.ForeignKey(
        Specialty, on_delete=models.CASCADE, related_name="dilemmas", verbose_name=_("specialty")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AmbitionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = RichTextField(_("description"), blank=True)
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Dilemmas are listed by this number, lowest first.")
    )

    permission_path = "specialty"
    permission_map = _KIND_VIEW
    permission_map_field = "kind"
    permission_maps = _KIND_PERMISSIONS

    class Meta:
        ordering = ["specialty", "kind", "order", "pk"]
        verbose_name = _("dilemma")
        verbose_name_plural = _("dilemmas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AmbitionKind.values), name="dilemma_known_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def change_permission(self) -> str:
        return AMBITION_CHANGE_PERMISSION[self.kind]

    def get_absolute_url(self) -> str:
        return self.specialty.get_absolute_url() + f"#dilemma-{self.pk}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    EDITED = "edited", _("Edited and accepted")
    DECLINED = "declined", _("Declined")


class Suggestion(TrackedModel):
    """A suggested new text of an ambition, with a reason, for the text's writer to decide.

    The implementation lead suggests changes to the strategic ambition, the owner to the
    professional one. ``based_on_text`` is the draft the suggestion was written against
    (version ``based_on_version``); when the draft has changed since, the suggestion is
    outdated and is compared with the current text. Viewing follows the ambition's
    specialty; deciding is changing the ambition.
    """

    ambition = models.ForeignKey(
        Ambition, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("ambition")
    )
    text = RichTextField(_("suggested text"))
    reason = models.TextField(_("reason"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("suggested by"),
    )
    author_name = models.CharField(_("suggested by (name)"), max_length=300, blank=True)
    created = models.DateTimeField(_("suggested"), default=timezone.now, editable=False)
    based_on_version = models.PositiveIntegerField(_("based on version"))
    based_on_text = RichTextField(_("text it was based on"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.OPEN,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_by_name = models.CharField(_("decided by (name)"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("answer"), max_length=5000, blank=True)

    # Seen by whoever sees the ambition; decided ("change") by whoever writes it.
    permission_path = "ambition"

    class Meta:
        ordering = ["ambition", "-created", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SuggestionStatus.values),
                name="suggestion_known_status",
            ),
        ]

    def __str__(self) -> str:
        return _("Suggestion by %(name)s: %(ambition)s") % {
            "name": self.author_name,
            "ambition": self.ambition,
        }

    def get_absolute_url(self) -> str:
        ambition = self.ambition
        return reverse(
            "suggestion_detail", args=[ambition.specialty.slug, ambition.url_kind, self.pk]
        )

    @property
    def is_open(self) -> bool:
        return self.status == SuggestionStatus.OPEN

    def is_outdated(self, ambition: Ambition | None = None) -> bool:
        """Whether the ambition's draft changed after the suggestion was written."""
        ambition = ambition or self.ambition
        return self.based_on_text != ambition.draft_text

    def decide(self, user, status: str, reason: str = "") -> None:
        self.status = status
        self.decided_by = user
        self.decided_by_name = display_name(user)
        self.decided_at = timezone.now()
        self.decision_reason = reason
        self._change_reason = _reason(self.get_status_display())
