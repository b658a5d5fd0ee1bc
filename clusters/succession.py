"""Succession: a health council (sundhedsråd) takes over from a health cluster.

An administrator chooses (or names) the council, maps each of the cluster's forums to a
forum of the council (a new one with the same name and kind, or one the council already
has) and confirms after a preview. In one transaction, with the administrator as the user
and a change reason on every row written:

- the council is created if it is new (with the cluster's hospitals and municipalities);
  the cluster gets it as its successor and ends the day before the council begins;
- the forums chosen as "new" are created in the council;
- the open initiatives move to the council and the mapped forum. "Open" means proposed,
  prioritised or active; ended and rejected initiatives stay in the archive. Ranked
  initiatives keep their order and are ranked after the council's own (so the council keeps
  one initiative per rank: the database constraint holds at every save);
- the roles on each forum are given again on its mapped forum from the succession date,
  unless the person already holds that role there, or the role has one holder and the
  council's forum has one (both shown in the preview);
- the open items move: the meetings not yet held (draft or agenda sent), with their items
  and attachments, move to the mapped forum;
- each of the cluster's forums becomes an archive (``Forum.archived_into``): its meetings,
  decisions, minutes and history stay where they are, readable and searchable by the
  people who held roles there (their roles on the archive are kept; they grant reading
  only, since an archive refuses every change: ``Forum.permission_read_only``), and by
  whoever holds a role on the council's forum, now or later (``permission_archives``).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import (
    Cluster,
    ClusterKind,
    Forum,
    Initiative,
    InitiativeStatus,
    Meeting,
    MeetingStatus,
)
from roles.kinds import KINDS
from roles.models import RoleAssignment
from roles.permissions import sync_user

OPEN_INITIATIVES = [
    InitiativeStatus.PROPOSED,
    InitiativeStatus.PRIORITISED,
    InitiativeStatus.ACTIVE,
]
OPEN_MEETINGS = [MeetingStatus.DRAFT, MeetingStatus.PUBLISHED]

NEW = "new"


@dataclass
class ForumPlan:
    forum: Forum
    target: Forum | None  # None: a new forum of the council, same name and kind
    roles: list = field(default_factory=list)  # RoleAssignment to give again
    roles_skipped: list = field(default_factory=list)  # (RoleAssignment, reason)
    meetings: list = field(default_factory=list)  # Meeting not yet held

    @property
    def target_name(self) -> str:
        return self.target.name if self.target else self.forum.name


@dataclass
class Plan:
    cluster: Cluster
    council: Cluster | None  # None: a new council named ``council_name``
    council_name: str
    starts: datetime.date
    forums: list[ForumPlan]
    initiatives: list  # (Initiative, new rank or None, ForumPlan)
    initiatives_staying: int

    @property
    def council_label(self) -> str:
        return self.council.name if self.council else self.council_name

    @property
    def role_count(self) -> int:
        return sum(len(f.roles) for f in self.forums)

    @property
    def meeting_count(self) -> int:
        return sum(len(f.meetings) for f in self.forums)

    @property
    def item_count(self) -> int:
        return sum(m.item_count for f in self.forums for m in f.meetings)

    @property
    def new_forum_count(self) -> int:
        return sum(1 for f in self.forums if f.target is None)


def plan(cluster: Cluster, council, council_name: str, starts, targets: dict) -> Plan:
    """What the succession will carry; ``targets``: forum pk -> council forum or None."""
    forums = list(cluster.forums.order_by("kind", "name"))
    forum_ct = ContentType.objects.get_for_model(Forum)
    assignments = (
        RoleAssignment.objects.current(starts)
        .filter(content_type=forum_ct, object_id__in=[f.pk for f in forums])
        .select_related("person__user")
        .order_by("kind", "pk")
    )
    by_forum: dict[int, list] = {}
    for assignment in assignments:
        by_forum.setdefault(assignment.object_id, []).append(assignment)
    existing_targets = [t for t in targets.values() if t is not None]
    held = {}
    for assignment in RoleAssignment.objects.current(starts).filter(
        content_type=forum_ct, object_id__in=[t.pk for t in existing_targets]
    ):
        held.setdefault(assignment.object_id, []).append(assignment)
    meetings: dict[int, list] = {}
    for meeting in (
        Meeting.objects.filter(forum__in=forums, status__in=OPEN_MEETINGS)
        .annotate(item_count=Count("items"))
        .order_by("starts_at")
    ):
        meetings.setdefault(meeting.forum_id, []).append(meeting)

    plans = []
    for forum in forums:
        target = targets.get(forum.pk)
        forum_plan = ForumPlan(forum, target, meetings=meetings.get(forum.pk, []))
        there = list(held.get(target.pk, [])) if target else []
        for assignment in by_forum.get(forum.pk, []):
            same = [a for a in there if a.kind == assignment.kind]
            if any(a.person_id == assignment.person_id for a in same):
                forum_plan.roles_skipped.append(
                    (assignment, _("already holds this role in %(forum)s") % {"forum": target})
                )
            elif same and KINDS[assignment.kind].one_current_holder:
                forum_plan.roles_skipped.append(
                    (
                        assignment,
                        _("%(forum)s already has a %(role)s: %(person)s")
                        % {
                            "forum": target,
                            "role": assignment.kind_label.lower(),
                            "person": same[0].person,
                        },
                    )
                )
            else:
                forum_plan.roles.append(assignment)
                there.append(assignment)
        plans.append(forum_plan)

    by_pk = {p.forum.pk: p for p in plans}
    initiatives = list(
        Initiative.objects.filter(cluster=cluster, status__in=OPEN_INITIATIVES)
        .select_related("proposed_by")
        .order_by("priority_rank", "title", "pk")
    )
    ranked = [i for i in initiatives if i.priority_rank is not None]
    unranked = [i for i in initiatives if i.priority_rank is None]
    top = 0
    if council is not None:
        top = council.initiatives.aggregate(top=Max("priority_rank"))["top"] or 0
    carried = [(i, top + n, by_pk[i.proposed_by_id]) for n, i in enumerate(ranked, start=1)]
    carried += [(i, None, by_pk[i.proposed_by_id]) for i in unranked]
    staying = Initiative.objects.filter(cluster=cluster).exclude(status__in=OPEN_INITIATIVES)
    return Plan(
        cluster=cluster,
        council=council,
        council_name=council_name,
        starts=starts,
        forums=plans,
        initiatives=carried,
        initiatives_staying=staying.count(),
    )


def _reason(plan: Plan) -> str:
    return (
        _("Succession: %(cluster)s → %(council)s")
        % {"cluster": plan.cluster, "council": plan.council_label}
    )[:100]


@transaction.atomic
def carry_out(plan: Plan, user) -> Cluster:
    """Carry the plan out (one transaction; the request's user is the history user)."""
    reason = _reason(plan)
    cluster = Cluster.objects.select_for_update().get(pk=plan.cluster.pk)
    if cluster.successor_id is not None:
        raise ValueError("already succeeded")
    council = plan.council
    if council is None:
        council = Cluster(
            name=plan.council_name,
            kind=ClusterKind.COUNCIL,
            general_practice=cluster.general_practice,
            period_from=plan.starts,
        )
        council._change_reason = reason
        council.save()
        council.hospitals.set(cluster.hospitals.all())
        council.municipalities.set(cluster.municipalities.all())

    cluster.successor = council
    day_before = plan.starts - datetime.timedelta(days=1)
    ends_later = cluster.period_to is None or cluster.period_to > day_before
    if ends_later and (cluster.period_from is None or cluster.period_from < day_before):
        cluster.period_to = day_before
    cluster._change_reason = reason
    cluster.full_clean()
    cluster.save()

    forum_ct = ContentType.objects.get_for_model(Forum)
    targets: dict[int, Forum] = {}
    now = timezone.now()
    for forum_plan in plan.forums:
        target = forum_plan.target
        if target is None:
            target = Forum(
                cluster=council,
                kind=forum_plan.forum.kind,
                name=forum_plan.forum.name,
                description=forum_plan.forum.description,
            )
            target._change_reason = reason
            target.save()
            for standard in forum_plan.forum.standard_items.all():
                standard.pk = None
                standard._state.adding = True
                standard.forum = target
                standard.version = 1
                standard._change_reason = reason
                standard.save()
        targets[forum_plan.forum.pk] = target
        for assignment in forum_plan.roles:
            new = RoleAssignment(
                person=assignment.person,
                kind=assignment.kind,
                content_type=forum_ct,
                object_id=target.pk,
                function=assignment.function,
                valid_from=plan.starts,
                valid_to=assignment.valid_to
                if assignment.valid_to and assignment.valid_to > plan.starts
                else None,
                assigned_by=user,
                reason=reason,
            )
            new._change_reason = reason
            new.full_clean()
            new.save()  # the roles' signal rebuilds the person's grants at once
        for meeting in forum_plan.meetings:
            meeting = Meeting.objects.get(pk=meeting.pk)
            meeting.forum = target
            meeting._change_reason = reason
            meeting.save()

    for initiative, rank, forum_plan in plan.initiatives:
        initiative = Initiative.objects.get(pk=initiative.pk)
        initiative.cluster = council
        initiative.proposed_by = targets[forum_plan.forum.pk]
        initiative.priority_rank = rank
        initiative._change_reason = reason
        initiative.save()

    for forum_plan in plan.forums:
        forum = Forum.objects.get(pk=forum_plan.forum.pk)
        forum.archived_into = targets[forum.pk]
        forum.archived_at = now
        forum._change_reason = reason
        forum.save()
    # Everyone holding a role on a council forum that now carries an archive reads it.
    holders = RoleAssignment.objects.current().filter(
        content_type=forum_ct, object_id__in=[t.pk for t in targets.values()]
    )
    for user in get_user_model().objects.filter(pk__in=holders.values("person__user_id")):
        sync_user(user)
    return council
