"""Which models carry a discussion (comments and attachments), and who may write in it.

The domain apps register their models in their ``AppConfig.ready`` (this app knows none of
them): ``register("specialties.ambition", write="comment_specialty", notify_kinds=...)``.

- ``write``: the action of ``roles.permissions.can`` that lets a person comment and attach
  files (the object's contribute or comment permission);
- ``also_write``: an optional ``(user, obj) -> bool`` for people who may write without that
  action (the steering group on ambitions);
- ``notify_kinds``: the role kinds, held on the object that governs the target, whose
  holders are told of a new comment (event "comment");
- ``own_page``: whether the target's own page (``get_absolute_url``) shows the thread
  (``{% discussion_for obj %}``). Rows shown only as a part of another page (a milestone
  in its plan) have their thread on the discussion's own page and a link to it
  (``{% discussion_link obj %}``).

Reading always follows ``can(user, "view", target)``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Discussable:
    label: str
    write: str
    also_write: Callable | None = None
    notify_kinds: tuple[str, ...] = field(default=())
    own_page: bool = True


_REGISTRY: dict[str, Discussable] = {}


def register(label: str, *, write: str, also_write=None, notify_kinds=(), own_page=True) -> None:
    _REGISTRY[label.lower()] = Discussable(
        label.lower(), write, also_write, tuple(notify_kinds), own_page
    )


def labels() -> list[str]:
    return sorted(_REGISTRY)


def entry_for(model) -> Discussable | None:
    return _REGISTRY.get(model._meta.label_lower)


def model_of(label: str):
    if label.lower() not in _REGISTRY:
        return None
    return apps.get_model(label)
