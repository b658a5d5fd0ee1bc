"""The comment form (plain text in, sanitised rich text out) and the upload form (several
files at once, each checked by content, with limits per file and per object)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bass.forms import Form, OnceTokenMixin
from bass.text import html_to_text, sanitize_html
from bass.uploads import allowed_names, check_attachment

COMMENT_MAX_LENGTH = 10_000


def max_file_bytes() -> int:
    return settings.ATTACHMENT_MAX_FILE_MB * 1024 * 1024


def max_total_bytes() -> int:
    return settings.ATTACHMENT_MAX_TOTAL_MB * 1024 * 1024


def text_to_html(text: str) -> str:
    """What someone typed as plain text, as sanitised rich text (paragraphs and breaks)."""
    return sanitize_html(linebreaks(escape(text.strip())))


def html_to_editable(html: str) -> str:
    return html_to_text(html)


class CommentForm(OnceTokenMixin, Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write @ and a user name to tell a colleague who may see this."),
        error_messages={
            "required": _("Write a comment before you send it."),
            "max_length": _(
                "A comment may be at most %(limit_value)d characters; this one has "
                "%(show_value)d. Shorten it or attach the text as a file."
            ),
        },
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise ValidationError(gettext("Write a comment before you send it."), code="required")
        html = text_to_html(body)
        if not html_to_text(html):
            raise ValidationError(gettext("Write a comment before you send it."), code="required")
        return html


class EditCommentForm(CommentForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AttachmentForm(OnceTokenMixin, Form):
    files = MultipleFileField(
        label=_("Files"),
        error_messages={"required": _("Choose one or more files to attach.")},
    )

    def __init__(self, *args, already_bytes: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.already_bytes = already_bytes
        self.fields["files"].help_text = gettext(
            "%(types)s; at most %(file)s per file and %(total)s in all on this page."
        ) % {
            "types": allowed_names(),
            "file": filesizeformat(max_file_bytes()),
            "total": filesizeformat(max_total_bytes()),
        }

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if not uploads:
            raise ValidationError(gettext("Choose one or more files to attach."), code="required")
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append((upload, check_attachment(upload, max_file_bytes())))
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            # One bad file refuses the whole upload: nothing is stored.
            raise ValidationError(errors)
        total = self.already_bytes + sum(upload.size for upload in uploads)
        if total > max_total_bytes():
            raise ValidationError(
                gettext(
                    "Together the attachments here would take up %(size)s; at most %(max)s "
                    "may be attached to one page. Remove a file or attach fewer."
                )
                % {"size": filesizeformat(total), "max": filesizeformat(max_total_bytes())},
                code="total",
            )
        return checked


class ConfirmForm(Form):
    pass
