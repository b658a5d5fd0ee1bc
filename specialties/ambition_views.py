"""Ambitions and dilemmas: edit, submit, approve or return, comment; the steering group's list.

Every view fetches the specialty through ``get_for_user`` (404 for a specialty the user may
not see) and checks the kind's own permission explicitly: the owner changes the strategic
ambition and dilemmas, the implementation lead the professional ones.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bass.conflicts import conflict_checked, render_form_or_conflict
from bass.forms import save_once
from bass.history import StaleVersion
from bass.models import Programme
from notifications.notify import notify
from roles.permissions import get_for_user, may, require, restrict
from roles.queries import role_holders
from specialties.ambition_forms import (
    AmbitionForm,
    DilemmaForm,
    TransitionForm,
)
from specialties.ambitions import (
    RICH_TEXT_MAX_LENGTH,
    ambition_actions,
    ambition_or_new,
    clean_rich_text,
    suggestions_shown,
)
from specialties.models import (
    AMBITION_CHANGE_PERMISSION,
    AMBITION_URL_KINDS,
    Ambition,
    AmbitionStatus,
    AmbitionTransitionError,
    Specialty,
)
from specialties.queries import ambitions_with_last_change, get_specialty


def _kind(url_kind: str) -> str:
    try:
        return AMBITION_URL_KINDS[url_kind]
    except KeyError:
        raise Http404 from None


def _specialty(request, slug: str, action: str = "view") -> Specialty:
    return get_specialty(request.user, slug, action)


def _existing(ambition: Ambition) -> Ambition:
    if ambition.pk is None:
        raise Http404
    return ambition


@login_required
def ambition_detail(request, slug: str, kind: str):
    kind = _kind(kind)
    specialty = _specialty(request, slug)
    ambition = ambition_or_new(specialty, kind)
    return render(
        request,
        "specialties/ambition_detail.html",
        {
            "specialty": specialty,
            "ambition": ambition,
            **ambition_actions(request.user, ambition),
            **suggestions_shown(ambition),
        },
    )


_KEPT = "ambition_text_kept_at_logout"


def _login_required_keeping_text(view):
    """Like login_required, but if the session expired while someone was writing, keep
    what they sent (sanitised) in their new session and offer it again after they log in.
    It is offered only on the same edit page, after the usual permission checks, and goes
    through the usual edit-conflict check when saved."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            text = request.POST.get("draft_text", "")[:RICH_TEXT_MAX_LENGTH].replace("\x00", "")
            base = request.POST.get("base_version", "")
            request.session[_KEPT] = {
                "path": request.path,
                "draft_text": clean_rich_text(text),
                "base_version": base if base.isdigit() else "",
            }
        return redirect_to_login(request.get_full_path())

    return wrapper


def _kept_text(request):
    kept = request.session.get(_KEPT)
    if request.method != "GET" or not kept or kept.get("path") != request.path:
        return None
    del request.session[_KEPT]
    return kept


@_login_required_keeping_text
def ambition_update(request, slug: str, kind: str):
    kind = _kind(kind)
    specialty = _specialty(request, slug, AMBITION_CHANGE_PERMISSION[kind])
    ambition = ambition_or_new(specialty, kind)
    data = request.POST if request.method == "POST" else None
    form = AmbitionForm(data, instance=ambition)
    context = {"specialty": specialty, "ambition": ambition}
    template = "specialties/ambition_form.html"
    if request.method != "POST":
        if kept := _kept_text(request):
            form = AmbitionForm(
                instance=ambition,
                initial={"draft_text": kept["draft_text"], "base_version": kept["base_version"]},
            )
            messages.warning(
                request,
                _(
                    "You were logged out before your text was saved. It has been kept: check "
                    "it below and save it."
                ),
            )
        return render(request, template, {**context, "form": form})
    if form.is_valid():
        if ambition.pk is not None and not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return redirect(ambition)
        ambition = form.save(commit=False)
        ambition.note_edit(form.cleaned_data.get("change_reason", ""))
        try:
            with transaction.atomic():
                ambition.save()
        except IntegrityError:
            # Someone else wrote the first version of this ambition at the same moment:
            # treat it as an edit conflict against theirs.
            saved = Ambition.objects.get(specialty=specialty, kind=kind)
            form = AmbitionForm(_based_on(data, 0), instance=saved)
            form.is_valid()
            return render_form_or_conflict(request, template, form, context)
        except StaleVersion:
            # Someone else saved between our check and our save.
            form.mark_conflict()
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(ambition)
    if form.has_conflict and _same_as_saved(form, ambition):
        # A double submit of the same text: the first one saved it.
        return redirect(ambition)
    return render_form_or_conflict(request, template, form, context)


def _based_on(data, version: int):
    data = data.copy()
    data["base_version"] = str(version)
    return data


def _same_as_saved(form, ambition: Ambition) -> bool:
    saved = Ambition.objects.filter(pk=ambition.pk).values_list("draft_text", flat=True).first()
    return form.cleaned_data.get("draft_text") == saved


def _transition(request, slug, kind, *, comment_required=False, decide=False):
    """The shared shape of submit, approve and return. Returns (specialty, ambition, form)
    or a response."""
    kind = _kind(kind)
    if decide:
        specialty = _specialty(request, slug)
        require(request.user, "approve_ambition", specialty)
    else:
        specialty = _specialty(request, slug, AMBITION_CHANGE_PERMISSION[kind])
        require(request.user, "submit_ambition", specialty)
    ambition = _existing(ambition_or_new(specialty, kind))
    data = request.POST if request.method == "POST" else None
    form = TransitionForm(data, ambition=ambition, comment_required=comment_required)
    return specialty, ambition, form


def _render_transition(request, template, specialty, ambition, form, status=200):
    if form.is_bound and form.stale:
        messages.warning(request, form.errors.get("__all__", [""])[0])
        form, status = form.fresh(), 409
    return render(
        request,
        template,
        {"specialty": specialty, "ambition": ambition, "form": form},
        status=status,
    )


def _changed_meanwhile(request, template, specialty, ambition, form, done):
    """Someone else saved the ambition between our check and our save: a double click
    that already did the step, or a change to read before deciding."""
    ambition.refresh_from_db()
    if ambition.status == done:
        messages.info(request, _("This step has already been taken."))
        return redirect(ambition)
    form.stale = True
    form.add_error(None, TransitionForm.stale_message)
    return _render_transition(request, template, specialty, ambition, form)


@login_required
def ambition_submit(request, slug: str, kind: str):
    template = "specialties/ambition_submit.html"
    specialty, ambition, form = _transition(request, slug, kind)
    done = AmbitionStatus.SUBMITTED
    if request.method == "POST" and ambition.status == done:
        messages.info(request, _("The ambition is already waiting for the steering group."))
        return redirect(ambition)
    if ambition.status not in (AmbitionStatus.DRAFT, AmbitionStatus.RETURNED):
        messages.error(request, _("Only a draft or a returned ambition can be submitted."))
        return redirect(ambition)
    if request.method == "POST" and form.is_valid():
        try:
            ambition.submit(form.cleaned_data["comment"])
        except AmbitionTransitionError as error:
            messages.error(request, str(error))
        except StaleVersion:
            return _changed_meanwhile(request, template, specialty, ambition, form, done)
        else:
            notify(
                role_holders(Programme.current(), ["steering_group"]),
                "ambition_submitted",
                ambition,
                actor=request.user,
                text=form.cleaned_data["comment"],
            )
            messages.success(request, _("The ambition was submitted to the steering group."))
        return redirect(ambition)
    return _render_transition(request, template, specialty, ambition, form)


@login_required
def ambition_approve(request, slug: str, kind: str):
    return _decide(request, slug, kind, approve=True)


@login_required
def ambition_return(request, slug: str, kind: str):
    return _decide(request, slug, kind, approve=False)


def _text_keepers(specialty):
    """Who writes the ambitions: the specialty owner and the implementation lead."""
    return role_holders(specialty, ["specialty_owner", "implementation_lead"])


def _decide(request, slug: str, kind: str, *, approve: bool):
    template = "specialties/ambition_decide.html"
    specialty, ambition, form = _transition(
        request, slug, kind, comment_required=not approve, decide=True
    )
    done = AmbitionStatus.APPROVED if approve else AmbitionStatus.RETURNED
    if request.method == "POST" and ambition.status == done:
        messages.info(request, _("This decision has already been made."))
        return redirect(ambition)
    if ambition.status != AmbitionStatus.SUBMITTED:
        messages.error(request, _("The ambition is not waiting for a decision."))
        return redirect(ambition)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if approve:
                ambition.approve(request.user, comment)
            else:
                ambition.return_for_revision(request.user, comment)
        except AmbitionTransitionError as error:
            messages.error(request, str(error))
        except StaleVersion:
            return _changed_meanwhile(request, template, specialty, ambition, form, done)
        else:
            notify(
                _text_keepers(specialty),
                "ambition_decided" if approve else "ambition_returned",
                ambition,
                actor=request.user,
                text=comment,
            )
            messages.success(
                request,
                _("The ambition was approved.") if approve else _("The ambition was returned."),
            )
        return redirect(ambition)
    return _render_transition(request, template, specialty, ambition, form)


# --- dilemmas -------------------------------------------------------------------------


@login_required
def dilemma_create(request, slug: str, kind: str):
    kind = _kind(kind)
    specialty = _specialty(request, slug, AMBITION_CHANGE_PERMISSION[kind])
    form = DilemmaForm(request.POST if request.method == "POST" else None)
    form.instance.specialty = specialty
    form.instance.kind = kind
    if request.method == "POST" and form.is_valid():
        dilemma = save_once(request, form.save)
        messages.success(request, _("The dilemma was added."))
        return redirect(dilemma)
    return render(
        request,
        "specialties/dilemma_form.html",
        {"specialty": specialty, "kind": kind, "form": form},
    )


def _dilemma_for_change(request, slug: str, pk: int):
    specialty = _specialty(request, slug)
    dilemma = get_for_user(specialty.dilemmas.all(), request.user, "change", pk=pk)
    return specialty, dilemma


@login_required
def dilemma_update(request, slug: str, pk: int):
    specialty, dilemma = _dilemma_for_change(request, slug, pk)
    form = DilemmaForm(request.POST if request.method == "POST" else None, instance=dilemma)
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("The dilemma was saved."))
            return redirect(dilemma)
    return render_form_or_conflict(
        request,
        "specialties/dilemma_form.html",
        form,
        {"specialty": specialty, "kind": dilemma.kind, "dilemma": dilemma},
    )


@login_required
def dilemma_delete(request, slug: str, pk: int):
    specialty, dilemma = _dilemma_for_change(request, slug, pk)
    if request.method == "POST":
        dilemma.delete()
        messages.success(request, _("The dilemma was deleted."))
        return redirect(specialty.get_absolute_url() + "#ambitioner")
    return render(
        request,
        "specialties/dilemma_confirm_delete.html",
        {"specialty": specialty, "dilemma": dilemma},
    )


# --- the steering group's list --------------------------------------------------------


@login_required
def ambitions_waiting(request):
    """Ambitions waiting for the steering group (approval is a programme-wide permission)."""
    if not may(request.user, "approve_ambition", Specialty):
        raise PermissionDenied
    waiting = restrict(
        ambitions_with_last_change(
            Ambition.objects.filter(status=AmbitionStatus.SUBMITTED).select_related("specialty")
        ),
        request.user,
        "approve_ambition",
    ).order_by("last_changed_at", "pk")
    page = Paginator(waiting, 25).get_page(request.GET.get("side"))
    return render(request, "specialties/ambitions_waiting.html", {"page": page})
