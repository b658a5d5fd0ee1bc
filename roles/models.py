"""People and their role assignments: the source of truth for every permission."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bass.history import TrackedModel, TrackedQuerySet
from bass.models import Hospital
from roles.kinds import KINDS, kind_choices
from roles.object_permissions import UserObjectPermissionBase

ONE_HOLDER_KINDS = [kind.key for kind in KINDS.values() if kind.one_current_holder]


class Person(TrackedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="person",
        verbose_name=_("user"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    employer = models.ForeignKey(
        Hospital,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("employer hospital"),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    # Seen by the person themself, by whoever sees an object one of their roles governs
    # (roles/permissions.py) and by those who see the whole programme.
    permission_self = "user_id"
    permission_via = "assignments"

    class Meta:
        ordering = ["user__first_name", "user__last_name", "user__username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class RoleAssignmentQuerySet(TrackedQuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on)

    def on_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class RoleAssignment(TrackedModel):
    """``person`` holds ``kind`` on an object from ``valid_from`` up to (not including)
    ``valid_to``. Ending a role today therefore removes access at once."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=40, choices=kind_choices())
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    function = models.CharField(
        _("function"),
        max_length=200,
        blank=True,
        help_text=_(
            'For example "afdelingsledelse" or "leder på akutsygehus uden styrkeposition".'
        ),
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("The role ends at the start of this day. Leave empty while it lasts."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    # Seen by whoever may see the object the role is held on, and by its holder; changed
    # by administrators (model-wide permissions).
    permission_object = ("content_type", "object_id")
    permission_self = "person__user_id"

    @classmethod
    def permission_object_models(cls) -> list[str]:
        return sorted({kind.applies_to for kind in KINDS.values()})

    class Meta:
        ordering = ["-valid_from", "pk"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="role_assignment_valid_to_after_valid_from",
                violation_error_message=_("'Valid to' must be after 'valid from'."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=list(KINDS)), name="role_assignment_known_kind"
            ),
            # At most one open-ended holder of a one-holder role per object (both databases);
            # on PostgreSQL an exclusion constraint also forbids overlapping periods
            # (migration 0002).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=Q(valid_to__isnull=True, kind__in=ONE_HOLDER_KINDS),
                name="role_assignment_one_open_holder",
                violation_error_message=_("This role already has a holder on this object."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind_label} – {self.content_object}"

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind].label) if self.kind in KINDS else self.kind

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to > on)

    def overlapping(self):
        """Other assignments of this kind on this object whose period overlaps this one."""
        qs = RoleAssignment.objects.filter(
            content_type_id=self.content_type_id, object_id=self.object_id, kind=self.kind
        ).exclude(pk=self.pk)
        if self.valid_to is not None:
            qs = qs.filter(valid_from__lt=self.valid_to)
        return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=self.valid_from))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if self.valid_to is not None and self.valid_from and self.valid_to <= self.valid_from:
            errors.setdefault("valid_to", []).append(_("'Valid to' must be after 'valid from'."))
        if self.kind in KINDS and self.content_type_id:
            expected = KINDS[self.kind].applies_to
            actual = f"{self.content_type.app_label}.{self.content_type.model}"
            if expected != actual:
                errors.setdefault("kind", []).append(
                    _("The role %(role)s cannot be held on this kind of object (%(type)s).")
                    % {"role": self.kind_label, "type": self.content_type.name}
                )
        if not errors and self.content_type_id and self.object_id and self.valid_from:
            overlapping = self.overlapping()
            if self.kind in KINDS and KINDS[self.kind].one_current_holder:
                other = overlapping.select_related("person__user").first()
                if other is not None:
                    errors.setdefault("__all__", []).append(
                        _(
                            "%(person)s is already %(role)s in an overlapping period "
                            "(from %(start)s). End that role first."
                        )
                        % {
                            "person": other.person,
                            "role": self.kind_label.lower(),
                            "start": other.valid_from.strftime("%d.%m.%Y"),
                        }
                    )
            elif self.person_id and overlapping.filter(person_id=self.person_id).exists():
                errors.setdefault("__all__", []).append(
                    _("This person already holds this role here in an overlapping period.")
                )
        if errors:
            raise ValidationError(errors)


class ProgrammeUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key table for guardian: programme roles' object permissions."""

    content_object = models.ForeignKey("bass.Programme", on_delete=models.CASCADE)


class SignInRecord(models.Model):
    """One sign-in event: a log-in, a failed log-in, a log-out or the use of an access token.

    Not domain data: no history, kept for ``LOGIN_RECORD_RETENTION_DAYS`` and then pruned by
    the beat job ``roles.tasks.prune_sign_in_records``. The user name is kept as typed, so a
    failed log-in for a name that does not exist is recorded too.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("log-in")
        FAILED = "failed", _("failed log-in")
        LOGOUT = "logout", _("log-out")
        TOKEN = "token", _("access token used")
        TOKEN_REFUSED = "token_refused", _("access token refused")
        SSO_REFUSED = "sso_refused", _("single sign-on refused")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_in_records",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser (user agent)"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sign-in record")
        verbose_name_plural = _("sign-in records")
        indexes = [models.Index(fields=["user", "-at"], name="signin_user_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["login", "failed", "logout", "token", "token_refused", "sso_refused"]
                ),
                name="signin_known_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.at:%Y-%m-%d %H:%M}"


class ExternalIdentity(models.Model):
    """The account of a person at the region's identity provider (single sign-on): matched
    by the issuer and the value of the stable claim (``OIDC_USER_CLAIM``, "sub" by default),
    never by name or e-mail, which can change hands."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("identity provider"), max_length=300)
    subject = models.CharField(_("stable claim value"), max_length=255)
    created_at = models.DateTimeField(_("first log-in"), default=timezone.now)
    last_login_at = models.DateTimeField(_("last log-in"), default=timezone.now)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"


class PersonalDataExport(models.Model):
    """That someone took out everything the platform holds about a person (GDPR art. 15).
    Kept, and itself part of the person's next export."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_data_exports",
        verbose_name=_("whose data"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    requested_by_name = models.CharField(_("exported by (name)"), max_length=300)
    at = models.DateTimeField(_("time"), default=timezone.now)
    files = models.PositiveIntegerField(_("files"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")

    def __str__(self) -> str:
        return f"{self.subject} {self.at:%Y-%m-%d %H:%M}"
