from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.forms import EndAssignmentForm, RoleAssignmentForm
from roles.kinds import KINDS
from roles.models import Person, PersonalDataExport, RoleAssignment
from roles.permissions import get_for_user, is_administrator, may, security_log
from roles.personal_data import export as personal_data_export

_HOLDER_MODELS = {kind.applies_to for kind in KINDS.values()}


def my_roles_context(user) -> dict:
    assignments = list(
        RoleAssignment.objects.current()
        .filter(person__user=user)
        .select_related("content_type")
        .prefetch_related("content_object")
        .order_by("kind")
    )
    return {"my_assignments": assignments}


def _holder(request, app_label: str, model_name: str, pk: int):
    if f"{app_label}.{model_name}" not in _HOLDER_MODELS:
        raise Http404
    model = apps.get_model(app_label, model_name)
    return get_for_user(model.objects.all(), request.user, pk=pk)


def _require_model_perm(request, action: str, model) -> None:
    if not may(request.user, action, model):
        security_log.warning("refused %s %s for user %s", action, model.__name__, request.user.pk)
        raise PermissionDenied


@login_required
def object_roles(request, app_label: str, model_name: str, pk: int):
    target = _holder(request, app_label, model_name, pk)
    assignments = (
        RoleAssignment.objects.on_object(target)
        .select_related("person__user", "person__employer", "assigned_by")
        .order_by("-valid_from", "pk")
    )
    today = timezone.localdate()
    current = [a for a in assignments if a.is_current(today)]
    earlier = [a for a in assignments if a.valid_to is not None and a.valid_to <= today]
    upcoming = [a for a in assignments if a.valid_from > today]
    return render(
        request,
        "roles/object_roles.html",
        {
            "target": target,
            "current": current,
            "earlier": earlier,
            "upcoming": upcoming,
            "can_assign": may(request.user, "add", RoleAssignment),
        },
    )


@login_required
def assign(request, app_label: str, model_name: str, pk: int):
    target = _holder(request, app_label, model_name, pk)
    _require_model_perm(request, "add", RoleAssignment)
    form = RoleAssignmentForm(
        request.POST if request.method == "POST" else None, target=target, assigned_by=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                assignment = form.save(commit=False)
                assignment._change_reason = assignment.reason[:100]
                assignment.save()
        except IntegrityError:
            # A concurrent assignment won the race; the database constraint held.
            form.add_error(None, _("The role was assigned by someone else meanwhile. Reload."))
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": assignment.person, "role": assignment.kind_label.lower()},
            )
            return redirect("object_roles", app_label, model_name, pk)
    elif request.method == "POST":
        security_log.info(
            "role assignment refused on %s %s: %s", app_label, pk, form.errors.as_json()
        )
    return render(request, "roles/assign_form.html", {"form": form, "target": target})


@login_required
def end_assignment(request, pk: int):
    # 404 for an assignment on an object the user may not see, 403 for a non-administrator.
    assignment = get_for_user(
        RoleAssignment.objects.select_related("person__user"), request.user, "change", pk=pk
    )
    target = assignment.content_object
    if target is None:
        raise Http404
    form = EndAssignmentForm(
        request.POST if request.method == "POST" else None, assignment=assignment
    )
    if request.method == "POST" and form.is_valid():
        assignment.valid_to = form.cleaned_data["valid_to"]
        assignment._change_reason = form.cleaned_data["reason"][:100]
        assignment.reason = "\n".join(
            filter(None, [assignment.reason, form.cleaned_data["reason"]])
        )
        assignment.save()
        messages.success(request, _("The role has been ended."))
        return redirect("object_roles", target._meta.app_label, target._meta.model_name, target.pk)
    return render(
        request,
        "roles/end_form.html",
        {"form": form, "assignment": assignment, "target": target},
    )


@login_required
def person_list(request):
    _require_model_perm(request, "view", Person)
    people = Person.objects.select_related("user", "employer").order_by(
        "user__first_name", "user__last_name"
    )
    page = Paginator(people, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "roles/person_list.html",
        {"page": page, "is_admin": is_administrator(request.user)},
    )


# --- personal data access (GDPR art. 15) ------------------------------------------------


def _personal_data_subject(request, pk: int) -> Person:
    """The person whose data ``request.user`` may take out: their own, or anyone's for an
    administrator; any other person is 404 (not even their existence is told)."""
    person = Person.objects.select_related("user").filter(pk=pk).first()
    if person is None or not (person.user_id == request.user.pk or is_administrator(request.user)):
        raise Http404
    return person


@login_required
def my_personal_data(request):
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404
    return redirect("personal_data", pk=person.pk)


@login_required
def personal_data(request, pk: int):
    person = _personal_data_subject(request, pk)
    if request.method == "POST":
        data, record = personal_data_export(person.user, request.user)
        security_log.info(
            "personal data of user %s exported by user %s (%s rows)",
            person.user_id,
            request.user.pk,
            record.rows,
        )
        response = HttpResponse(data, content_type="application/zip")
        stamp = timezone.localtime(record.at).strftime("%Y%m%d-%H%M")
        name = f"persondata-{person.user.get_username()}-{stamp}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
    exports = PersonalDataExport.objects.filter(subject=person.user).select_related("requested_by")
    return render(
        request,
        "roles/personal_data.html",
        {"person": person, "exports": exports[:20], "own": person.user_id == request.user.pk},
    )
