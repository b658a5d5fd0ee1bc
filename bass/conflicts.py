"""The page a user meets when someone else saved first: both texts, nothing lost."""

from django.shortcuts import render


def render_form_or_conflict(request, template: str, form, context: dict, status: int = 200):
    if getattr(form, "has_conflict", False):
        rows = form.conflicting_fields()
        form.rebase()
        return render(
            request,
            "bass/conflict.html",
            {**context, "form": form, "conflicts": rows, "form_template": template},
            status=409,
        )
    return render(request, template, {**context, "form": form}, status=status)
