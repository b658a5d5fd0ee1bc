"""The page a user meets when someone else saved first: both texts, nothing lost."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.shortcuts import render

from bass.history import StaleVersion


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


def render_form_or_conflict(request, template: str, form, context: dict, status: int = 200):
    if getattr(form, "has_conflict", False):
        rows = form.conflicting_fields()
        form.rebase()
        return render(
            request,
            "bass/conflict.html",
            {
                **context,
                "form": form,
                "conflicts": rows,
                "saved": form.saved_version(),
                "form_template": template,
            },
            status=409,
        )
    return render(request, template, {**context, "form": form}, status=status)
