from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bass.diff import word_diff
from bass.forms import Form, OnceTokenMixin, TrackedModelForm
from bass.text import render_html
from specialties.ambitions import clean_rich_text, rich_text_form_field
from specialties.models import Ambition, Dilemma

_RICH_FIELDS = {"draft_text", "description"}


class RichTextConflictMixin:
    """Edit forms of ambitions and dilemmas.

    An edit of a saved object must say which version it was opened on (a POST without it
    did not come from our form and would silently overwrite). On the shared conflict page,
    rich text is shown formatted rather than as HTML source, with the words that differ
    between the saved text and the user's marked.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # Opened before anything was saved: if someone saves the first version in the
            # meantime, this form is stale like any other.
            self.fields["base_version"].initial = 0

    def clean(self):
        if self.instance.pk and not self.data.get("base_version"):
            raise forms.ValidationError(
                _("The form did not say which version it was opened on. Open it again."),
                code="no_version",
            )
        return super().clean()

    def conflicting_fields(self):
        rows = []
        for label, theirs, mine in super().conflicting_fields():
            field_name = next(
                (n for n, f in self.fields.items() if f.label == label and n in _RICH_FIELDS),
                None,
            )
            if field_name is None:
                rows.append((label, theirs, mine))
                continue
            mine = clean_rich_text(mine)
            if theirs.strip() == mine.strip():
                continue
            mine_shown = format_html(
                '{}<details class="conflict-diff"><summary>{}</summary><p>{}</p></details>',
                render_html(mine),
                _("Words that differ from the saved text"),
                word_diff(theirs, mine, rich=True),
            )
            rows.append((label, render_html(theirs), mine_shown))
        return rows


class AmbitionForm(RichTextConflictMixin, TrackedModelForm):
    draft_text = rich_text_form_field(
        _("Ambition"),
        help_text=_(
            "Use headings, lists, emphasis, links and tables from the toolbar. Saving keeps "
            "this as a working draft; the approved text stays current until the steering "
            "group approves the new one."
        ),
    )

    class Meta:
        model = Ambition
        fields = ["draft_text"]


class DilemmaForm(OnceTokenMixin, RichTextConflictMixin, TrackedModelForm):
    # Short texts shown in full on the specialty page, under its own headings.
    description = rich_text_form_field(_("Description"), headings=False)

    class Meta:
        model = Dilemma
        fields = ["title", "description", "order"]


class TransitionForm(Form):
    """Submit, approve or return: the comment and the version the decision was made on,
    so nobody approves a text that changed after they read it."""

    stale_message = _(
        "The ambition changed after you opened this page. Read the current text "
        "below and decide again."
    )

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the history of the ambition."),
    )

    def __init__(self, *args, ambition: Ambition, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.ambition = ambition
        self.fields["base_version"].initial = ambition.version
        self.stale = False
        self.comment_required = comment_required
        if comment_required:
            self.fields["comment"].required = True
            self.fields["comment"].label = _("Why is it returned? (required)")
            self.fields["comment"].help_text = _(
                "Tell the author what to change. Kept in the history of the ambition."
            )

    def clean(self):
        cleaned = super().clean()
        base = cleaned.get("base_version")
        if base is not None and base != self.ambition.version:
            self.stale = True
            raise forms.ValidationError(self.stale_message, code="stale")
        return cleaned

    def fresh(self) -> "TransitionForm":
        """After a stale decision: the comment typed so far, based on the current version."""
        return type(self)(
            initial={"comment": self.data.get("comment", "")},
            ambition=self.ambition,
            comment_required=self.comment_required,
        )


class SuggestionForm(Form):
    """A suggested text for someone else's ambition, with the reason for it.

    It starts from the current draft and remembers the version it started from, so the
    writer of the text sees when a suggestion was made on an older text.
    """

    text = rich_text_form_field(
        _("Suggested text"),
        required=True,
        help_text=_(
            "Change the text as you suggest it should read. The ambition's writer sees "
            "the differences from the current text and decides."
        ),
    )
    reason = forms.CharField(
        label=_("Why do you suggest the change?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, ambition: Ambition, **kwargs):
        super().__init__(*args, **kwargs)
        self.ambition = ambition
        self.fields["base_version"].initial = ambition.version
        self.fields["text"].initial = ambition.draft_text

    def clean_base_version(self):
        version = self.cleaned_data["base_version"]
        if version > self.ambition.version:
            raise forms.ValidationError(_("The form named a version that does not exist."))
        return version

    def clean_text(self):
        text = clean_rich_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Write the text you suggest."))
        if text == self.ambition.draft_text:
            raise forms.ValidationError(
                _("The suggested text is the same as the current text. Change it first.")
            )
        return text

    def based_on_text(self) -> str:
        """The draft at the version the suggestion was started from."""
        version = self.cleaned_data["base_version"]
        if version == self.ambition.version:
            return self.ambition.draft_text
        row = (
            self.ambition.history.filter(version=version)
            .exclude(history_type="-")
            .order_by("-history_id")
            .first()
        )
        return row.draft_text if row is not None else ""


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Why is the suggestion declined? (required)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person who made the suggestion is told."),
    )


class AcceptForm(Form):
    """Accepting as it stands: the ambition's version the decision was made on."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
