from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bass import formatting
from bass.conflicts import conflict_checked, render_form_or_conflict
from bass.forms import save_once
from bass.history import display_name
from clusters import succession, triple_aim
from clusters.exports import kind_key, public_minutes_export
from clusters.forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    DecisionForm,
    DecisionSearchForm,
    DissentForm,
    InitiativeForm,
    MeetingForm,
    PrioritisationForm,
    StandardItemForm,
    SuccessionForm,
    TripleAimFormSet,
    TripleAimValueForm,
)
from clusters.meeting_life import (
    DISSENT_STATUSES,
    add_standard_items,
    advance,
    attendance_rows,
    document_context,
    forum_members,
    make_room,
    mark_corrected,
    mark_corrected_meeting,
)
from clusters.models import (
    AgendaAttachment,
    AgendaItem,
    Attendance,
    Cluster,
    Dissent,
    Forum,
    Initiative,
    InitiativeStatus,
    Meeting,
    MeetingStatus,
    StandardItem,
)
from clusters.queries import (
    get_attachment,
    get_forum,
    get_initiative,
    get_item,
    get_meeting,
    get_triple_aim_measure,
    get_triple_aim_value,
    visible_items,
)
from clusters.search import hits, search_items
from roles.models import RoleAssignment
from roles.permissions import can, may, require, restrict, security_log

# --- clusters ---------------------------------------------------------------------------


@login_required
def cluster_list(request):
    clusters = (
        Cluster.objects.select_related("successor")
        .annotate(
            population_sum=Sum("municipalities__population", distinct=True),
            forum_count=Count("forums", distinct=True),
        )
        .order_by("name")
    )
    page = Paginator(clusters, 25).get_page(request.GET.get("side"))
    return render(request, "clusters/cluster_list.html", {"page": page})


@login_required
def cluster_detail(request, pk: int):
    cluster = get_object_or_404(Cluster.objects.select_related("successor"), pk=pk)
    municipalities = list(cluster.municipalities.order_by("name"))
    visible = set(restrict(Forum.objects.all(), request.user).values_list("pk", flat=True))
    # The council's own forums first, then the archives of the clusters it succeeded.
    forums = sorted(
        ((forum, forum.pk in visible) for forum in cluster.all_forums()),
        key=lambda pair: pair[0].archived_into_id is not None,
    )
    initiatives = restrict(Initiative.objects.filter(cluster=cluster), request.user)
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "hospitals": cluster.hospitals.order_by("name"),
            "municipalities": municipalities,
            "population": sum(m.population for m in municipalities),
            "forums": forums,
            "predecessors": cluster.predecessors.all(),
            "can_succeed": cluster.successor_id is None and may(request.user, "change", Cluster),
            "initiatives": initiatives.select_related("proposed_by").order_by(
                "priority_rank", "title"
            ),
        },
    )


@login_required
def cluster_succession(request, pk: int):
    """The administrator lets a health council succeed the cluster: the form, then a
    preview of everything that will be carried, then (confirmed) the succession itself."""
    cluster = get_object_or_404(Cluster, pk=pk)
    if not may(request.user, "change", Cluster):
        security_log.warning("refused the succession of cluster %s for %s", pk, request.user.pk)
        raise PermissionDenied
    if cluster.successor_id is not None:
        messages.info(request, _("This cluster has already been succeeded."))
        return redirect(cluster)
    # The preview is a GET (it changes nothing: the address can be shared and reloaded);
    # the confirmation a POST.
    if request.method == "POST":
        data = request.POST
    else:
        data = request.GET if "preview" in request.GET else None
    form = SuccessionForm(data, cluster=cluster, initial={"starts": timezone.localdate()})
    if data is not None and form.is_valid():
        data = form.cleaned_data
        the_plan = succession.plan(
            cluster, data["council"], data["council_name"], data["starts"], data["targets"]
        )
        if request.method == "POST" and "confirm" in request.POST:
            try:
                council = succession.carry_out(the_plan, request.user)
            except ValueError:
                messages.info(request, _("This cluster has already been succeeded."))
                return redirect(cluster)
            messages.success(
                request,
                _(
                    "%(council)s now succeeds %(cluster)s: %(forums)s forums archived, "
                    "%(initiatives)s initiatives, %(roles)s roles and %(meetings)s meetings "
                    "carried over."
                )
                % {
                    "council": council,
                    "cluster": cluster,
                    "forums": len(the_plan.forums),
                    "initiatives": len(the_plan.initiatives),
                    "roles": the_plan.role_count,
                    "meetings": the_plan.meeting_count,
                },
            )
            return redirect(council)
        return render(
            request,
            "clusters/succession_preview.html",
            {"cluster": cluster, "form": form, "plan": the_plan},
        )
    return render(request, "clusters/succession_form.html", {"cluster": cluster, "form": form})


@login_required
def decision_log(request):
    """Every recorded decision the user may see, newest meeting first; with a search text,
    every item (agenda or minutes) whose fields or attachment titles match."""
    forums = restrict(Forum.objects.select_related("cluster"), request.user).order_by(
        "cluster__name", "name"
    )
    clusters = Cluster.objects.filter(pk__in=forums.values("cluster_id")).order_by("name")
    form = DecisionSearchForm(request.GET or None, forums=forums, clusters=clusters)
    items = (
        visible_items(AgendaItem.objects.all(), request.user)
        .select_related("meeting__forum__cluster")
        .order_by("-meeting__starts_at", "number")
    )
    text = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        text = data["q"]
        if data["cluster"]:
            items = items.filter(meeting__forum__cluster=data["cluster"])
        if data["forum"]:
            items = items.filter(meeting__forum=data["forum"])
        if data["date_from"]:
            items = items.filter(meeting__starts_at__date__gte=data["date_from"])
        if data["date_to"]:
            items = items.filter(meeting__starts_at__date__lte=data["date_to"])
        if text:
            items = search_items(items, text)
    elif form.is_bound:
        items = items.none()
    if not text:
        items = items.exclude(decision="")
    page = Paginator(items, 25).get_page(request.GET.get("side"))
    if text:
        attachments = {}
        for attachment in AgendaAttachment.objects.filter(item__in=list(page.object_list)):
            attachments.setdefault(attachment.item_id, []).append(attachment)
        for item in page.object_list:
            item.hits = hits(item, text, attachments.get(item.pk, ()))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "clusters/decision_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "text": text},
    )


# --- forums -----------------------------------------------------------------------------

_FORUM_KINDS = ["forum_chair", "forum_co_chair", "forum_member", "forum_consultant"]


@login_required
def forum_detail(request, pk: int):
    forum = get_forum(request.user, pk)
    now = timezone.now()
    meetings = forum.meetings.annotate(item_count=Count("items"))
    if not can(request.user, "change", forum):
        # A draft agenda is the secretary's and the chair's until it is sent.
        meetings = meetings.exclude(status=MeetingStatus.DRAFT)
    assignments = sorted(
        RoleAssignment.objects.current()
        .on_object(forum)
        .select_related("person__user", "person__employer"),
        key=lambda a: (
            _FORUM_KINDS.index(a.kind) if a.kind in _FORUM_KINDS else len(_FORUM_KINDS),
            str(a.person),
        ),
    )
    return render(
        request,
        "clusters/forum_detail.html",
        {
            "forum": forum,
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
            "past": Paginator(
                meetings.filter(starts_at__lt=now).order_by("-starts_at"), 20
            ).get_page(request.GET.get("side")),
            "assignments": assignments,
            "initiatives": forum.proposed_initiatives.order_by("priority_rank", "title"),
            "can_change": can(request.user, "change", forum),
            "can_prioritise": can(request.user, "prioritise_initiatives", forum),
            "is_member": can(request.user, "view_closed", forum),
        },
    )


# --- standard items (the forum's agenda template) ---------------------------------------


@login_required
def standard_items(request, pk: int):
    """The forum's standard items, and a form to add one (the secretary and the chair)."""
    forum = get_forum(request.user, pk, "change")
    form = StandardItemForm(
        request.POST if request.method == "POST" else None, instance=StandardItem(forum=forum)
    )
    if request.method == "POST" and form.is_valid():
        save_once(request, form.save)
        messages.success(request, _("Standard item added. New meetings of the forum get it."))
        return redirect("standard_items", pk=forum.pk)
    return render(
        request,
        "clusters/standard_items.html",
        {"forum": forum, "form": form, "items": forum.standard_items.order_by("position", "order")},
    )


def _get_standard_item(user, pk: int, action: str) -> StandardItem:
    from roles.permissions import get_for_user

    return get_for_user(StandardItem.objects.select_related("forum__cluster"), user, action, pk=pk)


@login_required
def standard_item_update(request, pk: int):
    standard = _get_standard_item(request.user, pk, "change")
    if request.method == "POST" and "delete" in request.POST:
        standard.delete()
        messages.success(request, _("Standard item deleted. Meetings already made keep theirs."))
        return redirect("standard_items", pk=standard.forum_id)
    form = StandardItemForm(request.POST if request.method == "POST" else None, instance=standard)
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("Standard item saved."))
            return redirect("standard_items", pk=standard.forum_id)
    return render_form_or_conflict(
        request,
        "clusters/standard_item_form.html",
        form,
        {"forum": standard.forum, "standard": standard},
    )


# --- meetings ---------------------------------------------------------------------------


def _warn_duplicate(request, meeting: Meeting) -> None:
    twins = Meeting.objects.filter(forum=meeting.forum, starts_at=meeting.starts_at).exclude(
        pk=meeting.pk
    )
    if twins.exists():
        messages.warning(
            request,
            _("Note: the forum already has a meeting at the same date and time."),
        )


@login_required
def meeting_create(request, pk: int):
    forum = get_forum(request.user, pk, "change")
    meeting = Meeting(forum=forum)
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=meeting)
    if request.method == "POST" and form.is_valid():

        def create():
            with transaction.atomic():
                created = form.save()
                add_standard_items(created)
            return created

        meeting = save_once(request, create)
        messages.success(
            request,
            _("Meeting created as a draft. Add the agenda items, then send the agenda."),
        )
        _warn_duplicate(request, meeting)
        return redirect(meeting)
    return render(request, "clusters/meeting_form.html", {"form": form, "forum": forum})


@login_required
def meeting_update(request, pk: int):
    meeting = get_meeting(request.user, pk, "change")
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("Meeting saved."))
            _warn_duplicate(request, meeting)
            return redirect(meeting)
    return render_form_or_conflict(
        request,
        "clusters/meeting_form.html",
        form,
        {"forum": meeting.forum, "meeting": meeting},
    )


def _visible_items(user, meeting: Meeting):
    items = meeting.items.prefetch_related(
        Prefetch("attachments", queryset=AgendaAttachment.objects.order_by("pk")),
        Prefetch("dissents", queryset=Dissent.objects.order_by("created_at", "pk")),
    )
    if not can(user, "view_closed", meeting.forum):
        return [item for item in items if not item.is_closed], True
    return list(items), False


_STEP_LABELS = {
    MeetingStatus.PUBLISHED: gettext_lazy("Send the agenda"),
    MeetingStatus.HELD: gettext_lazy("Mark the meeting as held"),
    MeetingStatus.MINUTES_SUBMITTED: gettext_lazy("Submit the minutes for approval"),
    MeetingStatus.APPROVED: gettext_lazy("Approve the minutes"),
}


@login_required
def meeting_detail(request, pk: int):
    meeting = get_meeting(request.user, pk)
    forum = meeting.forum
    items, hides_closed = _visible_items(request.user, meeting)
    closed_hidden = hides_closed and meeting.items.filter(is_closed=True).exists()
    step = meeting.next_step
    can_change = can(request.user, "change", forum)
    return render(
        request,
        "clusters/meeting_detail.html",
        {
            "meeting": meeting,
            "forum": forum,
            "items": items,
            "closed_hidden": closed_hidden,
            "can_change": can_change,
            "can_decide": can(request.user, "decide_forum", forum),
            "can_prioritise": can(request.user, "prioritise_initiatives", forum),
            "can_dissent": meeting.status in DISSENT_STATUSES
            and can(request.user, "add_dissent", forum),
            "next_label": _STEP_LABELS[step[0]] if step else None,
            "can_advance": bool(step) and can(request.user, step[1], forum),
            "attendance": attendance_rows(meeting) if meeting.is_held else [],
            "agenda_export": kind_key("agenda", members=not hides_closed),
            "minutes_export": kind_key("minutes", members=not hides_closed),
            "needs_reason": meeting.is_approved,
            "sees_closed": not hides_closed,
        },
    )


@login_required
@require_POST
def meeting_advance(request, pk: int):
    meeting = get_meeting(request.user, pk)
    step = meeting.next_step
    if step is None or not can(request.user, step[1], meeting.forum):
        raise PermissionDenied
    expected = request.POST.get("from", "")
    if expected != meeting.status:
        messages.warning(request, _("The meeting had already moved on; nothing was changed."))
        return redirect(meeting)
    if meeting.status == MeetingStatus.DRAFT and not meeting.items.exists():
        messages.error(request, _("Add at least one item before the agenda is sent."))
        return redirect(meeting)
    status = advance(meeting, request.user)
    messages.success(
        request,
        _("The meeting is now: %(status)s.") % {"status": MeetingStatus(status).label},
    )
    return redirect(meeting)


@login_required
def meeting_attendance(request, pk: int):
    meeting = get_meeting(request.user, pk, "change")
    members = forum_members(meeting.forum)
    rows = {row.person_id: row for row in meeting.attendance.all()}
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, members=members, rows=rows
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for person, status, substitute in form.rows():
                row = rows.get(person.pk)
                if not status:
                    if row:
                        row.delete()
                    continue
                if row is None:
                    row = Attendance(meeting=meeting, person=person)
                elif row.status == status and row.substitute_id == (
                    substitute.pk if substitute else None
                ):
                    continue
                row.status = status
                row.substitute = substitute
                row.save()
            if meeting.is_approved:
                mark_corrected_meeting(meeting, _("Attendance changed"))
        messages.success(request, _("Attendance saved."))
        return redirect(meeting)
    return render(
        request,
        "clusters/attendance_form.html",
        {"form": form, "meeting": meeting, "forum": meeting.forum, "members": members},
    )


# --- public agenda and minutes ------------------------------------------------------------


def _public_meeting(pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("forum__cluster").exclude(status=MeetingStatus.DRAFT),
        pk=pk,
    )
    return meeting


def public_meeting(request, pk: int):
    """The agenda (and, once approved, the minutes) for anyone: open items in full, closed
    items by number and title only."""
    meeting = _public_meeting(pk)
    context = document_context(meeting, minutes=meeting.is_approved, closed="title")
    return render(request, "clusters/public_meeting.html", context)


def public_meeting_pdf(request, pk: int):
    meeting = _public_meeting(pk)
    stored = meeting.public_minutes_pdf if meeting.is_approved else meeting.public_agenda_pdf
    if not stored and meeting.is_approved:
        # Approved before the public PDF was stored on approval: made once, through the
        # export outbox; until it is there the page says so and reloads itself.
        export = public_minutes_export(meeting, request.user)
        if export is None:
            response = render(
                request, "clusters/public_pdf_pending.html", {"meeting": meeting}, status=202
            )
            response["Refresh"] = "3"
            return response
        stored = export.file
    if not stored:
        raise Http404
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    kind = "referat" if meeting.is_approved else "dagsorden"
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'inline; filename="{kind}-{meeting.pk}-{day}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def agenda_as_sent(request, pk: int):
    """The agenda PDF exactly as it was sent (the forum's version, closed items included)."""
    meeting = get_meeting(request.user, pk)
    require(request.user, "view_closed", meeting.forum)
    if not meeting.agenda_pdf:
        raise Http404
    try:
        with meeting.agenda_pdf.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dagsorden-{meeting.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- agenda items -----------------------------------------------------------------------


def _after_item_save(request, item: AgendaItem, form) -> None:
    if item.meeting.is_approved:
        mark_corrected(item, form.cleaned_data.get("change_reason") or "")


@login_required
def item_create(request, pk: int):
    meeting = get_meeting(request.user, pk, "change")
    form = AgendaItemForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():

        def create():
            with transaction.atomic():
                make_room(meeting, form.cleaned_data["number"])
                return form.save()

        item = save_once(request, create)
        _after_item_save(request, item, form)
        messages.success(request, _("Item %(n)s added to the agenda.") % {"n": item.number})
        if meeting.starts_at < timezone.now() or meeting.is_held:
            messages.warning(
                request,
                _("Note: this item was added after the meeting's date and time."),
            )
        if "next" in request.POST:
            return redirect("item_create", pk=meeting.pk)
        return redirect(item)
    return render(
        request,
        "clusters/item_form.html",
        {"form": form, "meeting": meeting, "forum": meeting.forum},
    )


@login_required
def item_update(request, pk: int):
    item = get_item(request.user, pk, "change")
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None, instance=item, meeting=item.meeting
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            _after_item_save(request, item, form)
            messages.success(request, _("Item saved."))
            if "next" in request.POST:
                following = item.meeting.items.filter(number__gt=item.number).order_by("number")
                nxt = following.first()
                if nxt is not None:
                    return redirect("item_update", pk=nxt.pk)
                return redirect("item_create", pk=item.meeting_id)
            return redirect(item)
    return render_form_or_conflict(
        request,
        "clusters/item_form.html",
        form,
        {"item": item, "meeting": item.meeting, "forum": item.meeting.forum},
    )


@login_required
def item_decision(request, pk: int):
    item = get_item(request.user, pk, "decide_forum")
    form = DecisionForm(
        request.POST if request.method == "POST" else None, instance=item, meeting=item.meeting
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            _after_item_save(request, item, form)
            messages.success(request, _("Decision recorded."))
            if "next" in request.POST:
                nxt = item.meeting.items.filter(number__gt=item.number).order_by("number").first()
                if nxt is not None and (
                    not nxt.is_closed or can(request.user, "view_closed", item.meeting.forum)
                ):
                    return redirect("item_decision", pk=nxt.pk)
            return redirect(item)
    return render_form_or_conflict(
        request,
        "clusters/decision_form.html",
        form,
        {"item": item, "meeting": item.meeting, "forum": item.meeting.forum},
    )


@login_required
def item_dissent(request, pk: int):
    item = get_item(request.user, pk, "add_dissent")
    if item.meeting.status not in DISSENT_STATUSES:
        messages.error(
            request,
            _("A dissent can be added after the meeting and until the minutes are approved."),
        )
        return redirect(item)
    dissent = Dissent(item=item, author=request.user, author_name=display_name(request.user))
    form = DissentForm(request.POST if request.method == "POST" else None, instance=dissent)
    if request.method == "POST" and form.is_valid():
        save_once(request, form.save)
        messages.success(request, _("Your dissent is added to the minutes."))
        return redirect(item)
    return render(
        request,
        "clusters/dissent_form.html",
        {"form": form, "item": item, "meeting": item.meeting, "forum": item.meeting.forum},
    )


@login_required
@require_POST
def item_move(request, pk: int):
    """Swap an item with its neighbour above or below (numbers stay unique throughout)."""
    item = get_item(request.user, pk, "change")
    meeting = item.meeting
    items = list(meeting.items.order_by("number"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= target < len(items):
        other = items[target]
        with transaction.atomic():
            mine, theirs = item.number, other.number
            # Park one item on a free number so the unique constraint holds at every step.
            item.number = max(i.number for i in items) + 1
            item.save()
            other.number = mine
            other._change_reason = _("Moved on the agenda")
            other.save()
            item.number = theirs
            item._change_reason = _("Moved on the agenda")
            item.save()
    return redirect(meeting.get_absolute_url() + f"#punkt-{item.pk}")


@login_required
def item_delete(request, pk: int):
    item = get_item(request.user, pk, "change")
    if request.method == "POST":
        meeting = item.meeting
        with transaction.atomic():
            files = [attachment.file for attachment in item.attachments.all()]
            # The attachments go with the item (each deletion is kept in history); their
            # files are removed once that is committed.
            item.delete()
            transaction.on_commit(lambda: [file.delete(save=False) for file in files])
        messages.success(request, _("Item deleted."))
        return redirect(meeting)
    return render(
        request,
        "clusters/item_confirm_delete.html",
        {"item": item, "meeting": item.meeting, "forum": item.meeting.forum},
    )


# --- attachments ------------------------------------------------------------------------


@login_required
def attachment_create(request, pk: int):
    item = get_item(request.user, pk, "change")
    attachment = AgendaAttachment(item=item)
    form = AttachmentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=attachment,
    )
    if request.method == "POST" and form.is_valid():
        save_once(request, form.save)
        messages.success(request, _("Attachment added."))
        return redirect(item)
    return render(
        request,
        "clusters/attachment_form.html",
        {"form": form, "item": item, "meeting": item.meeting, "forum": item.meeting.forum},
    )


@login_required
def attachment_download(request, pk: int):
    attachment = get_attachment(request.user, pk)
    # Read whole (at most 20 MB) so the file is closed even if the client stops reading.
    try:
        with attachment.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    extension = attachment.file.name.rsplit(".", 1)[-1].lower()
    name = f"{slugify(attachment.title)[:80] or 'bilag'}.{extension}"
    response = HttpResponse(
        content, content_type=attachment.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- initiatives ------------------------------------------------------------------------


@login_required
def initiative_detail(request, pk: int):
    initiative = get_initiative(request.user, pk)
    measures = triple_aim.ordered_measures(initiative)
    # Whoever may change the measures (the proposing forum's secretary and chair) keeps
    # their series; one rule for the three, as they share the forum.
    can_change_measures = bool(measures) and can(request.user, "change", measures[0])
    summaries = [triple_aim.summarise(m) for m in measures]
    if can_change_measures:
        for summary in summaries:
            # Three forms on one page: ids of their own, names as the create view reads
            # them (the one-time token is read unprefixed).
            summary.form = TripleAimValueForm(
                measure=summary.measure, auto_id=f"id_value{summary.measure.pk}_%s"
            )
    return render(
        request,
        "clusters/initiative_detail.html",
        {
            "initiative": initiative,
            "summaries": summaries,
            "can_change_measures": can_change_measures,
            "can_change": can(request.user, "change", initiative.proposed_by),
            # Improvement projects are read by the proposing forum (roles/kinds.py).
            "projects": restrict(initiative.improvement_projects.all(), request.user).order_by(
                "title"
            ),
            "can_add_project": can(request.user, "manage_improvement", initiative.proposed_by),
        },
    )


@login_required
def initiative_create(request, pk: int):
    forum = get_forum(request.user, pk, "change")
    initiative = Initiative(proposed_by=forum, cluster=forum.cluster)
    form = InitiativeForm(request.POST if request.method == "POST" else None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        initiative = save_once(request, form.save)
        messages.success(request, _("Initiative proposed."))
        return redirect(initiative)
    return render(request, "clusters/initiative_form.html", {"form": form, "forum": forum})


@login_required
def initiative_update(request, pk: int):
    initiative = get_initiative(request.user, pk, "change")
    form = InitiativeForm(request.POST if request.method == "POST" else None, instance=initiative)
    formset = TripleAimFormSet(
        request.POST if request.method == "POST" else None,
        queryset=triple_aim.in_dimension_order(initiative.triple_aim.all()),
        prefix="triple",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with conflict_checked(form):
            form.save()
            formset.save()
            messages.success(request, _("Initiative saved."))
            return redirect(initiative)
    return render_form_or_conflict(
        request,
        "clusters/initiative_form.html",
        form,
        {"forum": initiative.proposed_by, "initiative": initiative, "formset": formset},
    )


@login_required
def triple_aim_value_create(request, pk: int):
    measure = get_triple_aim_measure(request.user, pk, "change")
    form = TripleAimValueForm(
        request.POST if request.method == "POST" else None,
        measure=measure,
    )
    if request.method == "POST" and form.is_valid():
        save_once(request, form.save)
        messages.success(request, _("Value added."))
        return redirect(measure.initiative.get_absolute_url() + f"#maal-{measure.dimension}")
    return render(
        request,
        "clusters/triple_aim_value_form.html",
        {"form": form, "measure": measure, "initiative": measure.initiative},
    )


@login_required
def triple_aim_value_delete(request, pk: int):
    value = get_triple_aim_value(request.user, pk, "delete")
    measure = value.measure
    if request.method == "POST":
        value.delete()
        messages.success(request, _("Value deleted."))
        return redirect(measure.initiative.get_absolute_url() + f"#maal-{measure.dimension}")
    return render(
        request,
        "clusters/triple_aim_value_confirm_delete.html",
        {
            "value": value,
            "value_text": formatting.number(value.value),
            "measure": measure,
            "initiative": measure.initiative,
        },
    )


def _prioritisation_candidates(forum: Forum):
    """The cluster's initiatives that hold or may get a rank: proposed, prioritised and
    active ones (an active initiative keeps its rank, so no other can take it)."""
    return Initiative.objects.filter(
        cluster=forum.cluster,
        status__in=[
            InitiativeStatus.PROPOSED,
            InitiativeStatus.PRIORITISED,
            InitiativeStatus.ACTIVE,
        ],
    ).select_related("proposed_by")


def _in_rank_order(initiatives: list[Initiative], order: str = "") -> list[Initiative]:
    """Ranked initiatives first by rank, new proposals after them by title; ``order`` (ids
    separated by commas, from the move buttons) puts them in that order instead."""
    ranked = sorted(
        initiatives, key=lambda i: (i.priority_rank is None, i.priority_rank or 0, i.title)
    )
    try:
        wanted = [int(pk) for pk in order.split(",") if pk]
    except ValueError:
        return ranked
    by_pk = {i.pk: i for i in ranked}
    if sorted(wanted) != sorted(by_pk):
        return ranked
    return [by_pk[pk] for pk in wanted]


def save_ranking(ranking, decision: str, meeting) -> None:
    """Give each initiative its rank. The ranks that change are cleared first (without a
    line in history: the cleared state never exists outside this transaction), so the
    one-initiative-per-rank constraint holds at every step; each save then writes the new
    rank with the decision into history."""
    with transaction.atomic():
        moving = [i.pk for i, rank in ranking if i.priority_rank != rank]
        Initiative.objects.bypassing_history().filter(pk__in=moving).update(priority_rank=None)
        for initiative, rank in ranking:
            initiative.priority_rank = rank
            if initiative.status == InitiativeStatus.PROPOSED:
                initiative.status = InitiativeStatus.PRIORITISED
            initiative.decision_text = decision
            initiative.decided_at = meeting
            initiative._change_reason = (
                _("Prioritised as no. %(rank)s: %(decision)s")
                % {"rank": rank, "decision": decision}
            )[:100]
            initiative.save()


@login_required
def prioritisation(request, pk: int):
    forum = get_forum(request.user, pk, "prioritise_initiatives")
    order = request.GET.get("orden", "")
    initiatives = _in_rank_order(list(_prioritisation_candidates(forum)), order)
    if request.method == "POST" and request.POST.get("move"):
        return _move_initiative(request, forum, initiatives)
    meetings = forum.meetings.filter(
        status__in=[
            MeetingStatus.HELD,
            MeetingStatus.MINUTES_SUBMITTED,
            MeetingStatus.APPROVED,
        ]
    ).order_by("-starts_at")
    item = None
    if request.GET.get("punkt"):
        try:
            item = get_item(request.user, int(request.GET["punkt"]))
        except (ValueError, Http404, PermissionDenied):
            item = None
    initial = {"meeting": item.meeting_id} if item else None
    form = PrioritisationForm(
        request.POST if request.method == "POST" else None,
        initiatives=initiatives,
        meetings=meetings,
        reordered=bool(order),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        meeting = form.cleaned_data["meeting"]
        save_ranking(form.ranking(), decision, meeting)
        messages.success(request, _("The prioritisation has been recorded."))
        if item is not None and item.meeting_id == meeting.pk:
            return redirect(item)
        return redirect("prioritisation", pk=forum.pk)
    return render(
        request,
        "clusters/prioritisation.html",
        {"forum": forum, "form": form, "initiatives": initiatives, "order": order, "item": item},
    )


def _move_initiative(request, forum: Forum, initiatives: list[Initiative]):
    """Move one initiative up or down in the proposal on the page. Nothing is saved: the
    new order is recorded with the decision it belongs to."""
    url = reverse("prioritisation", args=[forum.pk])
    try:
        moving = int(request.POST["move"])
    except (KeyError, ValueError):
        return redirect(url)
    index = next((i for i, init in enumerate(initiatives) if init.pk == moving), None)
    if index is not None:
        target = index - 1 if request.POST.get("direction") == "up" else index + 1
        if 0 <= target < len(initiatives):
            initiatives[index], initiatives[target] = initiatives[target], initiatives[index]
    messages.info(request, _("The new order is saved when you record the decision it belongs to."))
    query = {"orden": ",".join(str(i.pk) for i in initiatives)}
    if request.GET.get("punkt"):
        query["punkt"] = request.GET["punkt"]
    return redirect(f"{url}?{urlencode(query)}")
