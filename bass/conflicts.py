"""The page a user meets when someone else saved first: who and when, the differences
paragraph by paragraph, a choice per paragraph, and nothing the user typed lost.

The page is one form. It carries the user's own text as they sent it (in the form's
fields, so it can also be edited there), the version it now replaces (``overwrites``),
and for each text that differs a radio choice per differing paragraph: the other
person's, the user's own, or both. ``TrackedModelForm`` puts the text together from
those choices when the page is sent, and refuses to replace the other person's newer
text until the user has ticked the confirmation.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.shortcuts import render
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from bass.diff import chunks_signature, paragraph_chunks, word_diff
from bass.forms import CONFIRM_FIELD, MERGE_FIELD
from bass.history import StaleVersion
from bass.text import render_html


@contextmanager
def conflict_checked(form) -> Iterator[None]:
    """Run a form's save in one transaction; if the save finds that someone else saved
    first, nothing is kept, the block stops there and the form is marked as in conflict,
    so the code after the block shows the conflict page::

        with conflict_checked(form):
            form.save()
            return redirect(obj)
        return render_form_or_conflict(request, template, form, context)
    """
    try:
        with transaction.atomic():
            yield
    except StaleVersion:
        form.mark_conflict()


def _shown(block: str, rich: bool):
    return render_html(block) if rich else mark_safe(linebreaks(block, autoescape=True))  # noqa: S308 - escaped by linebreaks


def _display(form, name: str, value) -> str:
    """A non-text value as a person reads it (the label of a choice, not its key)."""
    field = form.fields[name]
    choices = getattr(field, "choices", None)
    if choices is not None:
        wanted = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        labels = [str(label) for key, label in choices if str(getattr(key, "value", key)) in wanted]
        if labels:
            return ", ".join(labels)
    return "" if value in (None, "") else str(value)


def conflict_rows(form) -> list[dict]:
    """For each field where the user's text differs from the saved one: its label and,
    for texts, the paragraphs side by side with a choice for each that differs."""
    saved = type(form.instance)._base_manager.get(pk=form.instance.pk)
    texts = {name: rich for name, _field, rich in form.text_fields()}
    rows = []
    for name in form.differing_fields(saved):
        field = form.fields[name]
        key = form.add_prefix(name)
        row = {"name": name, "key": key, "label": field.label}
        if name in texts:
            rich = texts[name]
            theirs = getattr(saved, name, "") or ""
            mine = form.data.get(key, "")
            chunks = paragraph_chunks(theirs, mine, rich=rich)
            index = 0
            shown = []
            for chunk in chunks:
                item = {
                    "same": chunk["same"],
                    "theirs": [_shown(b, rich) for b in chunk["theirs"]],
                    "mine": [_shown(b, rich) for b in chunk["mine"]],
                }
                if not chunk["same"]:
                    item["index"] = index
                    item["number"] = index + 1
                    item["choice"] = form.data.get(f"merge-{key}-{index}", "mine")
                    if len(chunk["theirs"]) == 1 and len(chunk["mine"]) == 1:
                        item["words"] = word_diff(chunk["theirs"][0], chunk["mine"][0], rich=rich)
                    index += 1
                shown.append(item)
            row.update(
                text=True,
                chunks=shown,
                differing=index,
                signature=chunks_signature(chunks, rich),
            )
        else:
            theirs_value = (
                getattr(saved, f"{name}_id", None)
                if hasattr(saved, f"{name}_id")
                else getattr(saved, name, None)
            )
            row.update(
                text=False,
                theirs=_display(form, name, theirs_value),
                mine=_display(form, name, form[name].data),
            )
        rows.append(row)
    return rows


def render_form_or_conflict(request, template: str, form, context: dict, status: int = 200):
    if getattr(form, "has_conflict", False):
        legacy_rows = form.conflicting_fields()
        rows = conflict_rows(form)
        started_from = form.data.get("base_version")
        form.rebase()
        saved = form.saved_version()
        return render(
            request,
            "bass/conflict.html",
            {
                **context,
                "form": form,
                "conflicts": legacy_rows,
                "conflict_rows": rows,
                "saved": saved,
                "started_from": started_from,
                "object": form.instance,
                "history_url": form.instance.get_history_url(),
                "confirm_field": CONFIRM_FIELD,
                "merge_field": MERGE_FIELD,
                "confirm_checked": bool(form.data.get(CONFIRM_FIELD)),
                "form_template": template,
            },
            status=409,
        )
    return render(request, template, {**context, "form": form}, status=status)
