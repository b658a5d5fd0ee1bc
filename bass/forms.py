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
from django.db import IntegrityError, models, transaction
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from bass.dates import DATE_MAX, DATE_MIN, validate_sane_date
from bass.diff import chunks_signature, merge_chunks, paragraph_chunks
from bass.text import RichTextField, clean_plain_text, sanitize_html

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
CONFIRM_MESSAGE = _(
    "Your version replaces text that someone else saved after you started. Tick the box "
    "to confirm that you mean to replace it, or keep their paragraphs. Nothing has been "
    "saved yet."
)
MERGE_CHANGED_MESSAGE = _(
    "Your text was changed after the paragraphs were shown, so the choices no longer fit "
    "it. Nothing has been saved; look at the paragraphs again and choose."
)

# Sent by the conflict page (templates/bass/conflict.html).
CONFIRM_FIELD = "confirm_overwrite"
MERGE_FIELD = "conflict_merge"
MERGE_CHOICES = ("mine", "theirs", "both")


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
        # What the person sent, when the conflict page's paragraph choices replaced it in
        # ``data``: shown again if the save does not go through, so nothing typed is lost.
        self.typed_data = None
        self.replaces_newer = False
        self._merge_problem = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            if self.is_bound and self.data.get(MERGE_FIELD):
                self._apply_paragraph_choices()

    # --- the fields a conflict is about -------------------------------------------------

    _OWN_FIELDS = frozenset({"base_version", "overwrites", "change_reason", ONCE_FIELD})

    def text_fields(self) -> list[tuple[str, forms.Field, bool]]:
        """(name, field, is rich text) of the texts a conflict is resolved paragraph by
        paragraph in."""
        return [
            (name, field, _is_rich_text(self, name, field))
            for name, field in self.fields.items()
            if name not in self._OWN_FIELDS
            and isinstance(field, forms.CharField)
            and not field.widget.is_hidden
        ]

    def version_row(self, version: int | None):
        """The object as it was saved at ``version`` (its history record), or None."""
        if version is None:
            return None
        return (
            self.instance.history.filter(version=version)
            .exclude(history_type="-")
            .order_by("-history_id")
            .first()
        )

    def _apply_paragraph_choices(self) -> None:
        """Put together each text from the paragraphs chosen on the conflict page: for
        every place where the texts differ, the other person's, the person's own, or both.
        The alignment is made again from the version being replaced and the text sent; if
        it is not the one the choices were made on, nothing is put together."""
        try:
            version = int(self.data.get("overwrites", ""))
        except ValueError:
            return
        theirs_row = self.version_row(version)
        if theirs_row is None:
            return
        merged = self.data.copy()
        for name, _field, rich in self.text_fields():
            key = self.add_prefix(name)
            signature = self.data.get(f"merge-{key}-sig")
            if signature is None:
                continue
            chunks = paragraph_chunks(
                getattr(theirs_row, name, "") or "", self.data.get(key, ""), rich=rich
            )
            if chunks_signature(chunks, rich) != signature:
                self._merge_problem = MERGE_CHANGED_MESSAGE
                return
            differing = sum(1 for chunk in chunks if not chunk["same"])
            choices = [self.data.get(f"merge-{key}-{i}", "mine") for i in range(differing)]
            choices = [c if c in MERGE_CHOICES else "mine" for c in choices]
            merged[key] = merge_chunks(chunks, choices, rich=rich)
        self.typed_data, self.data = self.data, merged

    def _back_to_conflict(self, current: int, message) -> None:
        self.has_conflict = True
        self.current_version = current
        if self.typed_data is not None:
            self.data, self.typed_data = self.typed_data, None
        raise forms.ValidationError(message, code="conflict")

    def differing_fields(self, saved) -> list[str]:
        """Names of the form's fields whose sent value differs from ``saved``'s."""
        names = []
        for name, field in self.fields.items():
            if (
                name in self._OWN_FIELDS
                or name not in self.data
                and not isinstance(field.widget, forms.CheckboxInput)
            ):
                continue
            bound = self[name]
            if _is_rich_text(self, name, field):
                if _same_html(getattr(saved, name, ""), bound.data):
                    continue
                names.append(name)
                continue
            initial = (
                forms.models.model_to_dict(saved, fields=[name]).get(name)
                if isinstance(saved, models.Model)
                else getattr(saved, name, None)
            )
            try:
                if field.has_changed(initial, bound.data):
                    names.append(name)
            except (TypeError, ValueError):
                names.append(name)
        return names

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
                self._back_to_conflict(current, CONFLICT_MESSAGE)
            if self._merge_problem:
                self._back_to_conflict(current, self._merge_problem)
            overwrites = cleaned.get("overwrites")
            if overwrites is not None and overwrites == current == base:
                saved = type(self.instance)._base_manager.get(pk=self.instance.pk)
                self.replaces_newer = bool(self.differing_fields(saved))
                if self.replaces_newer and not self.data.get(CONFIRM_FIELD):
                    self._back_to_conflict(current, CONFIRM_MESSAGE)
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
        if self.typed_data is not None:
            self.data, self.typed_data = self.typed_data, None
        self.add_error(None, forms.ValidationError(CONFLICT_MESSAGE, code="conflict"))

    def saved_version(self):
        """The history record of the version saved first (who saved it, and when)."""
        return self.instance.history.order_by("-history_date", "-history_id").first()

    def save(self, commit=True):
        reason = self.cleaned_data.get("change_reason")
        if reason:
            self.instance._change_reason = reason
        overwrites = self.cleaned_data.get("overwrites")
        if overwrites is not None and overwrites == self.instance.version and self.replaces_newer:
            # TrackedModel.save announces it once the row is really saved (commit or not).
            self.instance._overwrites_version = overwrites
        return super().save(commit=commit)

    def conflicting_fields(self):
        """(label, saved value, your value) for each field that differs from the saved row."""
        saved = type(self.instance).objects.get(pk=self.instance.pk)
        rows = []
        for name in self.differing_fields(saved):
            field = self.fields[name]
            mine = self.data.get(self.add_prefix(name), "")
            theirs = getattr(saved, name, "")
            theirs = "" if theirs is None else str(theirs)
            rows.append((field.label, theirs, mine))
        return rows

    def rebase(self) -> None:
        """After a conflict: keep what the user typed, but base it on the saved version, so a
        deliberate second save overwrites."""
        data = self.data.copy()
        data["base_version"] = str(self.current_version)
        data["overwrites"] = str(self.current_version)
        self.data = data


_BETWEEN_TAGS = re.compile(r">\s+<")


def _same_html(saved, sent) -> bool:
    def normal(value):
        text = _BETWEEN_TAGS.sub("><", sanitize_html(str(value or ""))).strip()
        return "" if text in ("<p></p>", "<p><br></p>") else text

    return normal(saved) == normal(sent)


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
