from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from bass import formatting
from bass.history import StaleVersion, TrackedModel
from bass.models import Hospital, Municipality, Programme
from bass.versions import field_changes, record_changes
from programme.inbox import waiting_for
from roles.permissions import can, get_for_user, require, restrict, sees_programme
from roles.views import my_roles_context
from specialties.models import StrengthPosition


@login_required
def home(request):
    context = my_roles_context(request.user)
    context["programme"] = Programme.current()
    context["waiting"] = waiting_for(request.user)
    context["sees_programme"] = sees_programme(request.user)
    return render(request, "programme/home.html", context)


@login_required
def programme_detail(request, pk: int):
    programme = get_for_user(Programme.objects.all(), request.user, pk=pk)
    return render(
        request,
        "programme/programme_detail.html",
        {
            "programme": programme,
            "chapters": programme.chapters.all(),
            "can_change": can(request.user, "change", programme),
        },
    )


@login_required
def hospital_list(request):
    hospitals = Hospital.objects.select_related("region").order_by("-is_acute", "name")
    return render(request, "programme/hospital_list.html", {"hospitals": hospitals})


@login_required
def hospital_detail(request, pk: int):
    hospital = get_for_user(Hospital.objects.select_related("region"), request.user, pk=pk)
    positions = restrict(
        StrengthPosition.objects.filter(hospital=hospital).select_related("specialty"),
        request.user,
    )
    return render(
        request,
        "programme/hospital_detail.html",
        {
            "hospital": hospital,
            "municipalities": hospital.catchment_municipalities.all(),
            "strength_positions": positions,
        },
    )


@login_required
def municipality_list(request):
    municipalities = Municipality.objects.select_related("catchment_hospital").order_by("name")
    total = sum(m.population for m in municipalities)
    return render(
        request,
        "programme/municipality_list.html",
        {"municipalities": municipalities, "total_population": total},
    )


# --- the generic history page ------------------------------------------------------------


def _tracked_object(request, app_label: str, model_name: str, pk: int, action: str = "view"):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not issubclass(model, TrackedModel):
        raise Http404
    return get_for_user(model.objects.all(), request.user, action, pk=pk)


@login_required
def history(request, app_label: str, model_name: str, pk: int):
    obj = _tracked_object(request, app_label, model_name, pk)
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(records, 20).get_page(request.GET.get("side"))
    # One extra record before the page's oldest, so every row can say what changed.
    rows = list(page.object_list)
    older = None
    if rows:
        older = (
            obj.history.filter(history_date__lte=rows[-1].history_date)
            .exclude(history_id__in=[r.history_id for r in rows])
            .order_by("-history_date", "-history_id")
            .first()
        )
    versions = []
    for index, record in enumerate(rows):
        previous = rows[index + 1] if index + 1 < len(rows) else older
        versions.append({"record": record, "changes": record_changes(record, previous)})

    comparison = None
    a, b = request.GET.get("a"), request.GET.get("b")
    if b:
        try:
            new = obj.history.get(history_id=int(b))
            # Without "a", compare with the version just before "b".
            old = obj.history.get(history_id=int(a)) if a else new.prev_record
        except (ValueError, obj.history.model.DoesNotExist):
            messages.error(request, _("The versions to compare were not found."))
        else:
            if old is not None and old.history_date > new.history_date:
                old, new = new, old
            comparison = {"old": old, "new": new, "fields": field_changes(old, new)}
    return render(
        request,
        "programme/history.html",
        {
            "object": obj,
            "opts": obj._meta,
            "page": page,
            "versions": versions,
            "comparison": comparison,
            "can_restore": can(request.user, "change", obj),
        },
    )


@login_required
def restore(request, app_label: str, model_name: str, pk: int, history_id: int):
    obj = _tracked_object(request, app_label, model_name, pk)
    require(request.user, "change", obj)
    record = get_object_or_404(obj.history, history_id=history_id)
    current = obj.history.order_by("-history_date", "-history_id").first()
    if request.method != "POST":
        return render(
            request,
            "programme/restore_confirm.html",
            {"object": obj, "record": record, "fields": field_changes(current, record)},
        )
    restored = record.instance
    restored._state.adding = False  # the row exists: unique checks must exclude it
    restored.version = obj.version
    restored._change_reason = _("Restored the version of %(date)s") % {
        "date": formatting.datetime_(record.history_date)
    }
    try:
        with transaction.atomic():
            restored.full_clean(exclude=["version"])
            restored.save()
    except (IntegrityError, ValidationError) as error:
        messages.error(
            request,
            _("The old version cannot be restored because it conflicts with current data: %(e)s")
            % {"e": "; ".join(getattr(error, "messages", [str(error)]))},
        )
        return redirect(obj.get_history_url())
    except StaleVersion:
        messages.error(
            request,
            _("Someone else saved this object meanwhile. Nothing was restored: look again."),
        )
        return redirect(obj.get_history_url())
    messages.success(request, _("The old version was restored as a new version."))
    return redirect(obj.get_history_url())
