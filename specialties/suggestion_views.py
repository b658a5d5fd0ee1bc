"""Suggestions ("forslag"): the owner and the implementation lead write each other's
ambition by suggesting a text with a reason; the text's writer accepts it, edits it
before accepting, or declines it with a reason. Both are told.

Every view fetches the specialty and the suggestion through ``get_for_user`` (404 for
what the user may not see). Suggesting needs the kind's suggest permission on the
ambition, deciding the kind's change permission (403 otherwise).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bass.conflicts import render_form_or_conflict
from bass.diff import word_diff
from bass.history import StaleVersion, display_name
from notifications.notify import notify
from roles.permissions import can, get_for_user, require
from roles.queries import role_holders
from specialties.ambition_forms import AcceptForm, AmbitionForm, DeclineForm, SuggestionForm
from specialties.ambitions import ambition_or_new
from specialties.models import (
    AMBITION_URL_KINDS,
    Ambition,
    AmbitionKind,
    Suggestion,
    SuggestionStatus,
    _reason,
)
from specialties.queries import ambitions_with_last_change, get_specialty

# Whose text each ambition is: they are told of suggestions and decide them.
TEXT_WRITER = {
    AmbitionKind.STRATEGIC: "specialty_owner",
    AmbitionKind.PROFESSIONAL: "implementation_lead",
}


def _ambition(request, slug: str, url_kind: str) -> Ambition:
    try:
        kind = AMBITION_URL_KINDS[url_kind]
    except KeyError:
        raise Http404 from None
    specialty = get_specialty(request.user, slug)
    ambition = ambition_or_new(specialty, kind)
    if ambition.pk is None:
        raise Http404
    return ambition


def _suggestion(request, slug: str, url_kind: str, pk: int) -> Suggestion:
    ambition = _ambition(request, slug, url_kind)
    suggestion = get_for_user(ambition.suggestions.all(), request.user, "view", pk=pk)
    suggestion.ambition = ambition  # already loaded and checked
    return suggestion


@login_required
def suggestion_create(request, slug: str, kind: str):
    ambition = _ambition(request, slug, kind)
    require(request.user, "suggest", ambition)
    form = SuggestionForm(request.POST if request.method == "POST" else None, ambition=ambition)
    if request.method == "POST" and form.is_valid():
        suggestion = Suggestion(
            ambition=ambition,
            text=form.cleaned_data["text"],
            reason=form.cleaned_data["reason"],
            author=request.user,
            author_name=display_name(request.user),
            based_on_version=form.cleaned_data["base_version"],
            based_on_text=form.based_on_text(),
        )
        suggestion._change_reason = _reason(_("Suggestion made"))
        with transaction.atomic():
            suggestion.save()
            notify(
                role_holders(ambition.specialty, [TEXT_WRITER[ambition.kind]]),
                "suggestion_made",
                suggestion,
                actor=request.user,
                text=suggestion.reason,
                label=str(ambition),
            )
        messages.success(request, _("Your suggestion was sent to the writer of the ambition."))
        return redirect(suggestion)
    return render(
        request,
        "specialties/suggestion_form.html",
        {"specialty": ambition.specialty, "ambition": ambition, "form": form},
    )


def _detail_context(request, suggestion: Suggestion, **forms) -> dict:
    ambition = suggestion.ambition
    current = ambitions_with_last_change(Ambition.objects.filter(pk=ambition.pk)).first()
    may_decide = suggestion.is_open and can(request.user, "change", suggestion)
    outdated = suggestion.is_outdated(ambition)
    return {
        "specialty": ambition.specialty,
        "ambition": current or ambition,
        "suggestion": suggestion,
        "outdated": outdated,
        "diff": word_diff(ambition.draft_text, suggestion.text, rich=True),
        "own_changes": word_diff(suggestion.based_on_text, suggestion.text, rich=True)
        if outdated
        else None,
        "may_decide": may_decide,
        "accept_form": forms.get("accept_form")
        or AcceptForm(initial={"base_version": ambition.version}),
        "decline_form": forms.get("decline_form") or DeclineForm(),
    }


@login_required
def suggestion_detail(request, slug: str, kind: str, pk: int):
    suggestion = _suggestion(request, slug, kind, pk)
    return render(
        request, "specialties/suggestion_detail.html", _detail_context(request, suggestion)
    )


def _for_decision(request, slug, kind, pk):
    """The open suggestion a text writer decides on, or a redirect if it was decided."""
    suggestion = _suggestion(request, slug, kind, pk)
    require(request.user, "change", suggestion)
    if not suggestion.is_open:
        messages.info(request, _("This suggestion has already been answered."))
        return suggestion, redirect(suggestion)
    return suggestion, None


def _tell_author(request, suggestion: Suggestion) -> None:
    text = suggestion.get_status_display()
    if suggestion.decision_reason:
        text = f"{text}: {suggestion.decision_reason}"
    notify(
        [suggestion.author] if suggestion.author_id else [],
        "suggestion_decided",
        suggestion,
        actor=request.user,
        text=text,
        label=str(suggestion.ambition),
    )


def _history_reason(suggestion: Suggestion, edited: bool) -> str:
    words = (
        _("Suggestion by %(name)s (no. %(number)s) edited and accepted")
        if edited
        else _("Suggestion by %(name)s (no. %(number)s) accepted")
    )
    return words % {"name": suggestion.author_name, "number": suggestion.pk}


def _save_text(request, form: AmbitionForm, suggestion: Suggestion, status: str) -> bool:
    """Save the ambition's new text (a tracked save naming the suggestion in history) and
    the decision together; False if someone saved either of them first."""
    try:
        with transaction.atomic():
            ambition = form.save(commit=False)
            reason = _history_reason(suggestion, status == SuggestionStatus.EDITED)
            if form.cleaned_data.get("change_reason"):
                reason = f"{reason}: {form.cleaned_data['change_reason']}"
            ambition.note_edit(reason)
            ambition.save()
            suggestion.decide(request.user, status)
            suggestion.save()
            _tell_author(request, suggestion)
    except StaleVersion:
        return False
    return True


@login_required
def suggestion_accept(request, slug: str, kind: str, pk: int):
    suggestion, done = _for_decision(request, slug, kind, pk)
    if done or request.method != "POST":
        return done or redirect(suggestion)
    ambition = suggestion.ambition
    accept = AcceptForm(request.POST)
    if not accept.is_valid():
        messages.error(
            request, _("The form did not say which version it was opened on. Open it again.")
        )
        return render(
            request, "specialties/suggestion_detail.html", _detail_context(request, suggestion)
        )
    form = AmbitionForm(
        {"draft_text": suggestion.text, "base_version": request.POST.get("base_version", "")},
        instance=ambition,
    )
    if form.is_valid() and _save_text(request, form, suggestion, SuggestionStatus.ACCEPTED):
        messages.success(request, _("The suggestion was accepted; the draft now has its text."))
        return redirect(ambition)
    messages.warning(
        request,
        _(
            "The ambition was changed after you opened the suggestion. Nothing was saved; "
            "look at the differences again."
        ),
    )
    suggestion = _suggestion(request, slug, kind, pk)
    return render(
        request,
        "specialties/suggestion_detail.html",
        _detail_context(request, suggestion),
        status=409,
    )


@login_required
def suggestion_edit(request, slug: str, kind: str, pk: int):
    suggestion, done = _for_decision(request, slug, kind, pk)
    if done:
        return done
    ambition = suggestion.ambition
    template = "specialties/suggestion_edit.html"
    context = {"specialty": ambition.specialty, "ambition": ambition, "suggestion": suggestion}
    if request.method != "POST":
        form = AmbitionForm(instance=ambition, initial={"draft_text": suggestion.text})
        return render(request, template, {**context, "form": form})
    form = AmbitionForm(request.POST, instance=ambition)
    if form.is_valid():
        if _save_text(request, form, suggestion, SuggestionStatus.EDITED):
            messages.success(request, _("The edited suggestion was accepted and saved."))
            return redirect(ambition)
        form.mark_conflict()
    return render_form_or_conflict(request, template, form, context)


@login_required
def suggestion_decline(request, slug: str, kind: str, pk: int):
    suggestion, done = _for_decision(request, slug, kind, pk)
    if done or request.method != "POST":
        return done or redirect(suggestion)
    form = DeclineForm(request.POST)
    if form.is_valid():
        suggestion.decide(request.user, SuggestionStatus.DECLINED, form.cleaned_data["reason"])
        try:
            with transaction.atomic():
                suggestion.save()
                _tell_author(request, suggestion)
        except StaleVersion:
            messages.info(request, _("This suggestion has already been answered."))
            return redirect(suggestion)
        messages.success(request, _("The suggestion was declined; its author is told why."))
        return redirect(suggestion.ambition)
    return render(
        request,
        "specialties/suggestion_detail.html",
        _detail_context(request, suggestion, decline_form=form),
    )
