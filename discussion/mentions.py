"""@mentions: who a comment names, and who may be suggested while writing one.

Only people who may see the object are found or told: a mention of anyone else is plain
text, and the suggestions never name them.
"""

import re

from django.contrib.auth import get_user_model
from django.db.models import Q

from roles.models import RoleAssignment
from roles.permissions import can, permission_target

MENTION = re.compile(r"(?<![\w@.])@([\w.+-]*[\w+-])")
MAX_MENTIONS = 20
MAX_SUGGESTIONS = 10
# Candidates looked at per request before the permission check; enough for a page of names.
MAX_CANDIDATES = 60


def usernames_in(text: str) -> list[str]:
    seen = []
    for name in MENTION.findall(text):
        if name.lower() not in (n.lower() for n in seen):
            seen.append(name)
    return seen[:MAX_MENTIONS]


def mentioned_users(text: str, target) -> list:
    """The active users named with @ in ``text`` who may see ``target``."""
    names = usernames_in(text)
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    users = get_user_model().objects.filter(query, is_active=True)
    return [user for user in users if can(user, "view", target)]


def suggestions(target, prefix: str) -> list:
    """People holding a current role, whose user name or name starts with ``prefix``, who
    may see ``target`` (at most ``MAX_SUGGESTIONS``). Those holding a role on the object
    that governs ``target`` (its specialty, its forum) come first."""
    prefix = prefix.strip().lstrip("@")[:100]
    current = RoleAssignment.objects.current()
    owner = permission_target(target)
    near = set()
    if owner is not None:
        near = set(current.on_object(owner).values_list("person__user_id", flat=True))
    users = get_user_model().objects.filter(
        pk__in=current.values("person__user_id"), is_active=True
    )
    if prefix:
        users = users.filter(
            Q(username__istartswith=prefix)
            | Q(first_name__istartswith=prefix)
            | Q(last_name__istartswith=prefix)
        )
    candidates = sorted(
        users.order_by("username")[:MAX_CANDIDATES], key=lambda user: user.pk not in near
    )
    found = []
    for user in candidates:
        if can(user, "view", target):
            found.append(user)
            if len(found) == MAX_SUGGESTIONS:
                break
    return found
