"""Comments and attachments on any registered object.

Each view finds the target through ``discussion.access`` (404 for a target the person may
not see, or a comment or file on one); writing needs the target's write permission (403);
editing and deleting a comment, and removing a file, are for its author only.
"""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bass.forms import save_once
from bass.history import StaleVersion, display_name
from bass.text import html_to_text
from discussion.access import get_attachment, get_comment, get_target, own, require_write
from discussion.forms import AttachmentForm, CommentForm, ConfirmForm, EditCommentForm
from discussion.mentions import mentioned_users, suggestions
from discussion.models import Attachment
from discussion.thread import add_comment, attached_bytes, comment_url, tell_about, thread_url


def _back(target, anchor: str = "diskussion"):
    return redirect(f"{thread_url(target)}#{anchor}")


def _page(request, template, target, status=200, **context):
    return render(
        request,
        f"discussion/{template}",
        {"target": target, "target_url": thread_url(target), **context},
        status=status,
    )


@login_required
def discussion_page(request, content_type_id: int, object_id: int):
    """The thread of an object that has no page of its own (a milestone, an agenda item)."""
    target = get_target(request.user, content_type_id, object_id)
    return _page(request, "discussion_page.html", target, object_url=target.get_absolute_url())


@login_required
def comment_create(request, content_type_id: int, object_id: int):
    target = get_target(request.user, content_type_id, object_id)
    require_write(request.user, target)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        comment = save_once(
            request, lambda: add_comment(request.user, target, form.cleaned_data["body"])
        )
        messages.success(request, _("Your comment was added."))
        return redirect(comment_url(comment, target))
    return _page(request, "comment_form.html", target, form=form)


@login_required
def comment_detail(request, pk: int):
    comment, target = get_comment(request.user, pk)
    return redirect(comment_url(comment, target))


@login_required
def comment_reply(request, pk: int):
    parent, target = get_comment(request.user, pk)
    require_write(request.user, target)
    if parent.parent_id is not None:
        parent = parent.parent  # one level of replies: a reply to a reply joins its thread
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        comment = save_once(
            request,
            lambda: add_comment(request.user, target, form.cleaned_data["body"], parent=parent),
        )
        messages.success(request, _("Your reply was added."))
        return redirect(comment_url(comment, target))
    return _page(request, "comment_form.html", target, form=form, parent=parent)


def _own_comment(request, pk: int):
    comment, target = get_comment(request.user, pk)
    require_write(request.user, target)
    own(request.user, comment, "author")
    if comment.is_deleted:
        messages.info(request, _("The comment has been deleted."))
        return comment, target, _back(target)
    return comment, target, None


@login_required
def comment_update(request, pk: int):
    comment, target, done = _own_comment(request, pk)
    if done:
        return done
    if request.method == "POST":
        form = EditCommentForm(request.POST)
    else:
        form = EditCommentForm(
            initial={"body": html_to_text(comment.body), "base_version": comment.version}
        )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["body"] == comment.body:
            messages.info(request, _("Nothing was changed."))
            return redirect(comment_url(comment, target))
        before = {user.pk for user in mentioned_users(html_to_text(comment.body), target)}
        comment.version = form.cleaned_data["base_version"] or comment.version
        comment.body = form.cleaned_data["body"]
        comment.edited_at = timezone.now()
        comment._change_reason = _("Comment edited")
        try:
            with transaction.atomic():
                comment.save()
                tell_about(comment, target, request.user, previously_mentioned=before)
        except StaleVersion:
            form.add_error(
                None,
                _(
                    "You changed this comment in another window meanwhile. Your text is "
                    "below; the saved one is on the page."
                ),
            )
        else:
            messages.success(request, _("Your comment was changed."))
            return redirect(comment_url(comment, target))
    return _page(request, "comment_form.html", target, form=form, comment=comment)


@login_required
def comment_delete(request, pk: int):
    comment, target, done = _own_comment(request, pk)
    if done:
        return done
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        comment.body = ""
        comment.deleted_at = timezone.now()
        comment._change_reason = _("Comment deleted")
        # Deleted or changed in another window meanwhile: the thread shows which.
        with contextlib.suppress(StaleVersion):
            comment.save()
        messages.success(request, _("Your comment was deleted. Its text is kept in history."))
        return redirect(comment_url(comment, target))
    return _page(request, "comment_confirm_delete.html", target, comment=comment, form=form)


@login_required
@require_GET
def mention_suggestions(request, content_type_id: int, object_id: int):
    target = get_target(request.user, content_type_id, object_id)
    require_write(request.user, target)
    people = suggestions(target, request.GET.get("q", ""))
    return JsonResponse(
        {"people": [{"username": u.get_username(), "name": display_name(u)} for u in people]}
    )


@login_required
def attachment_create(request, content_type_id: int, object_id: int):
    target = get_target(request.user, content_type_id, object_id)
    require_write(request.user, target)
    posted = request.method == "POST"
    form = AttachmentForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        already_bytes=attached_bytes(target),
    )
    if posted and form.is_valid():

        def store():
            made = []
            with transaction.atomic():
                for upload, mime_type in form.cleaned_data["files"]:
                    attachment = Attachment(
                        content_type_id=content_type_id,
                        object_id=target.pk,
                        name=upload.name,
                        mime_type=mime_type,
                        size=upload.size,
                        uploaded_by=request.user,
                        uploaded_by_name=display_name(request.user),
                    )
                    attachment.file.save("upload", upload, save=False)
                    attachment._change_reason = _("File attached")
                    attachment.save()
                    made.append(attachment)
            return made[0]

        save_once(request, store)
        messages.success(request, _("The files were attached."))
        return _back(target, "bilag")
    return _page(request, "attachment_form.html", target, form=form)


@login_required
def attachment_download(request, pk: int):
    attachment, _target = get_attachment(request.user, pk)
    # Read whole (at most the per-file limit) so the file is closed even if the client
    # stops reading.
    try:
        with attachment.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = HttpResponse(
        content, content_type=attachment.mime_type or "application/octet-stream"
    )
    # filename= for old clients, filename*=UTF-8''... (RFC 5987) keeps æøå.
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_delete(request, pk: int):
    attachment, target = get_attachment(request.user, pk)
    require_write(request.user, target)
    own(request.user, attachment, "uploaded_by")
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        stored = attachment.file.name
        storage = attachment.file.storage
        attachment._change_reason = _("File removed")
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(stored))
        messages.success(request, _("The file was removed."))
        return _back(target, "bilag")
    return _page(
        request, "attachment_confirm_delete.html", target, attachment=attachment, form=form
    )
