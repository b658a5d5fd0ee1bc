"""Shared form behaviour: limits on what users may type, edit-conflict protection, the
reason for a change, and creating forms that save once however often they are sent.

Every form of the project derives from ``Form`` or ``ModelForm`` below (a test checks it), so
that each field gets the shared limits without the form having to ask for them:

- every date lies between ``DATE_MIN`` and ``DATE_MAX`` (``bass.dates``);
- every text has a maximum length (``PLAIN_TEXT_MAX_LENGTH``, ``RICH_TEXT_MAX_LENGTH`` for
  HTML), unless the field states a smaller one;
- single-line texts (names, titles) lose invisible direction controls (``clean_plain_text``).
"""

import datetime
import re
import secrets
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from bass.dates import DATE_MAX, DATE_MIN, validate_sane_date
from bass.text import RichTextField, clean_plain_text

PLAIN_TEXT_MAX_LENGTH = 20_000
RICH_TEXT_MAX_LENGTH = 200_000

ONCE_FIELD = "once_token"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# A token is kept this long; a form submitted again after that saves again.
ONCE_TOKEN_LIFETIME = datetime.timedelta(days=2)


CONFLICT_MESSAGE = _(
    "Someone else saved this while you were editing. Compare your text "
    "with the saved one below; your text has not been lost."
)


def _is_rich_text(form: forms.BaseForm, name: str, field: forms.Field) -> bool:
    if isinstance(field, ProseEditorFormField):
        return True
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return False
    try:
        return isinstance(model._meta.get_field(name), RichTextField)
    except FieldDoesNotExist:  # a form-only field
        return False


def _is_single_line(field: forms.Field) -> bool:
    return not isinstance(
        field.widget, forms.Textarea | forms.HiddenInput | forms.PasswordInput
    ) and not isinstance(field, ProseEditorFormField)


class SafeInputMixin:
    """Applies the shared limits of this module to every field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        single_line = []
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                _limit_dates(field)
            elif isinstance(field, forms.CharField):
                rich = _is_rich_text(self, name, field)
                _limit_length(field, RICH_TEXT_MAX_LENGTH if rich else PLAIN_TEXT_MAX_LENGTH, rich)
                if not rich and _is_single_line(field):
                    single_line.append(name)
        if self.is_bound and single_line:
            self._neutralise_direction_controls(single_line)

    def _neutralise_direction_controls(self, names: list[str]) -> None:
        data = None
        for name in names:
            key = self.add_prefix(name)
            value = self.data.get(key)
            if isinstance(value, str) and clean_plain_text(value) != value:
                data = data if data is not None else self.data.copy()
                data[key] = clean_plain_text(value)
        if data is not None:
            self.data = data


def _limit_dates(field: forms.Field) -> None:
    if validate_sane_date not in field.validators:
        field.validators.append(validate_sane_date)
    input_type = getattr(field.widget, "input_type", "")
    if input_type == "date":
        field.widget.attrs.setdefault("min", DATE_MIN.isoformat())
        field.widget.attrs.setdefault("max", DATE_MAX.isoformat())
    elif input_type == "datetime-local":
        field.widget.attrs.setdefault("min", f"{DATE_MIN.isoformat()}T00:00")
        field.widget.attrs.setdefault("max", f"{DATE_MAX.isoformat()}T23:59")


def _limit_length(field: forms.CharField, limit: int, rich: bool) -> None:
    if field.max_length is not None:
        return
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    if not rich and not field.widget.is_hidden:
        field.widget.attrs.setdefault("maxlength", str(limit))


class Form(SafeInputMixin, forms.Form):
    pass


class ModelForm(SafeInputMixin, forms.ModelForm):
    pass


class TrackedModelForm(ModelForm):
    """A model form for tracked models.

    It carries the version the user started from. If someone else saved in between, the
    form is invalid with ``has_conflict`` set, and the view shows both texts (nothing the
    user typed is lost). ``clean()`` finds most conflicts early; the save itself is the
    compare-and-swap of ``TrackedModel.save`` against that same version, so a save that
    comes in between is caught too (see ``bass.conflicts.conflict_checked``). It also
    takes an optional reason that goes into history.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by the conflict page: the other person's version that a second save replaces.
    overwrites = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("Reason for the change (optional)"),
        required=False,
        max_length=100,
        help_text=_("Shown in the history of the object."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_conflict = False
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            base = cleaned.get("base_version")
            if base is not None and current is not None and base != current:
                self.has_conflict = True
                self.current_version = current
                raise forms.ValidationError(CONFLICT_MESSAGE, code="conflict")
            if base is not None:
                # The save must find the version the user started from.
                self.instance.version = base
        return cleaned

    def mark_conflict(self) -> None:
        """The save found a newer version than the one the user started from."""
        self.has_conflict = True
        self.current_version = (
            type(self.instance)
            ._base_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        self.add_error(None, forms.ValidationError(CONFLICT_MESSAGE, code="conflict"))

    def saved_version(self):
        """The history record of the version saved first (who saved it, and when)."""
        return self.instance.history.order_by("-history_date", "-history_id").first()

    def save(self, commit=True):
        reason = self.cleaned_data.get("change_reason")
        if reason:
            self.instance._change_reason = reason
        overwrites = self.cleaned_data.get("overwrites")
        if overwrites is not None and overwrites == self.instance.version:
            # TrackedModel.save announces it once the row is really saved (commit or not).
            self.instance._overwrites_version = overwrites
        return super().save(commit=commit)

    def conflicting_fields(self):
        """(label, saved value, your value) for each field that differs from the saved row."""
        saved = type(self.instance).objects.get(pk=self.instance.pk)
        rows = []
        for name, field in self.fields.items():
            if name in {"base_version", "overwrites", "change_reason", ONCE_FIELD}:
                continue
            if name not in self.data:
                continue
            mine = self.data.get(name, "")
            theirs = getattr(saved, name, "")
            theirs = "" if theirs is None else str(theirs)
            if str(mine).strip() != theirs.strip():
                rows.append((field.label, theirs, mine))
        return rows

    def rebase(self) -> None:
        """After a conflict: keep what the user typed, but base it on the saved version, so a
        deliberate second save overwrites."""
        data = self.data.copy()
        data["base_version"] = str(self.current_version)
        data["overwrites"] = str(self.current_version)
        self.data = data


def new_once_token() -> str:
    return secrets.token_urlsafe(24)


class OnceTokenMixin:
    """A creating form with a one-time token (a hidden field); save it with ``save_once``.

    A form sent again after its first submit saved is valid without being checked again
    (the check would often refuse it: "this number is taken" by the first submit), and
    ``save_once`` answers it with what the first submit made. A model form that also
    edits saved objects carries the token only when it creates.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            return
        self.fields[ONCE_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=new_once_token
        )

    def full_clean(self):
        if self.is_bound and ONCE_FIELD in self.fields and _saved_before(self.data):
            self.cleaned_data = {}
            self._errors = ErrorDict()
            return
        super().full_clean()


def save_once(request, save: Callable[[], object]):
    """Run ``save`` (which returns the object it made) once per form token.

    The token (``once_token`` in the POST, from ``OnceTokenMixin`` or a hidden input with
    ``new_once_token()``) is claimed in the same transaction as the save, so of two
    submits of one form, even at the same moment, only the first saves; the second waits
    for it and gets the object it made, with a message saying so. A POST without a token
    saves as usual.
    """
    from bass.models import FormToken

    token = request.POST.get(ONCE_FIELD, "")
    if not _TOKEN.fullmatch(token):
        return save()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = FormToken.objects.create(token=token, user=request.user)
        except IntegrityError:
            claim = FormToken.objects.filter(token=token, user=request.user).first()
            if claim is None:
                raise PermissionDenied from None  # another user's form
            earlier = _made_by(claim)
            if earlier is not None:
                messages.info(request, gettext("The form was sent twice; it was saved only once."))
                return earlier
        obj = save()
        claim.content_type = ContentType.objects.get_for_model(obj)
        claim.object_id = obj.pk
        claim.save(update_fields=["content_type", "object_id"])
        FormToken.objects.filter(
            user=request.user, created_at__lt=timezone.now() - ONCE_TOKEN_LIFETIME
        ).delete()
    return obj


def _saved_before(data) -> bool:
    """Whether the token in ``data`` belongs to a submit that saved something still there."""
    from bass.models import FormToken

    token = data.get(ONCE_FIELD, "")
    if not _TOKEN.fullmatch(token):
        return False
    return _made_by(FormToken.objects.filter(token=token).first()) is not None


def _made_by(claim):
    """The object a claimed token's first submit made, if it still exists."""
    if claim is None or claim.content_type is None:
        return None
    model = claim.content_type.model_class()
    return model._default_manager.filter(pk=claim.object_id).first()
