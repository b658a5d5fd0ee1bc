"""The one list of notification kinds.

Each kind has a key (stored on every notification and preference), a label for the settings
page, a sentence for the notification centre and e-mails, and the delivery a person gets
until they choose otherwise. Approvals, returns and mentions go out at once; the rest is
collected in the daily digest.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("Only in BASS (no e-mail)")


@dataclass(frozen=True)
class EventKind:
    key: str
    label: Promise
    # "%(actor)s" and "%(target)s" are filled in; without an actor, "BASS" stands there.
    sentence: Promise
    default: str  # a Delivery value


EVENTS: dict[str, EventKind] = {}


def register(kind: EventKind) -> EventKind:
    if kind.default not in Delivery.values:
        raise ValueError(f"unknown delivery {kind.default!r} for {kind.key}")
    EVENTS[kind.key] = kind
    return kind


def get(key: str) -> EventKind:
    try:
        return EVENTS[key]
    except KeyError:
        raise ValueError(f"unknown notification event {key!r}") from None


def event_choices() -> list[tuple[str, Promise]]:
    return [(kind.key, kind.label) for kind in EVENTS.values()]


for _kind in [
    EventKind(
        "ambition_submitted",
        _("An ambition is submitted for approval"),
        _("%(actor)s submitted %(target)s for approval"),
        Delivery.IMMEDIATE,
    ),
    EventKind(
        "ambition_decided",
        _("An ambition is approved"),
        _("%(actor)s approved %(target)s"),
        Delivery.IMMEDIATE,
    ),
    EventKind(
        "ambition_returned",
        _("An ambition is returned for changes"),
        _("%(actor)s returned %(target)s for changes"),
        Delivery.IMMEDIATE,
    ),
    EventKind(
        "suggestion_made",
        _("Someone suggests a change to an ambition you write"),
        _("%(actor)s suggested a change to %(target)s"),
        Delivery.IMMEDIATE,
    ),
    EventKind(
        "suggestion_decided",
        _("Your suggestion for an ambition is answered"),
        _("%(actor)s answered your suggestion for %(target)s"),
        Delivery.IMMEDIATE,
    ),
    EventKind(
        "mention",
        _("Someone mentions you"),
        _("%(actor)s mentioned you in %(target)s"),
        Delivery.IMMEDIATE,
    ),
    EventKind(
        "comment",
        _("A comment on something you work on"),
        _("%(actor)s commented on %(target)s"),
        Delivery.DIGEST,
    ),
    EventKind(
        "edit_overwritten",
        _("Your text was overwritten in an edit conflict"),
        _("%(actor)s saved over your text in %(target)s"),
        Delivery.DIGEST,
    ),
    EventKind(
        "role_given",
        _("You are given a role"),
        _("%(actor)s gave you the role %(target)s"),
        Delivery.DIGEST,
    ),
    EventKind(
        "role_ended",
        _("One of your roles ends"),
        _("%(actor)s ended your role %(target)s"),
        Delivery.DIGEST,
    ),
    EventKind(
        "export_ready",
        _("An export you asked for is ready"),
        _("Your export %(target)s is ready"),
        Delivery.DIGEST,
    ),
    EventKind(
        "cycle_overdue",
        _("A PDSA cycle is overdue"),
        _("The PDSA cycle %(target)s is overdue"),
        Delivery.DIGEST,
    ),
    EventKind(
        "milestone_overdue",
        _("A milestone is overdue"),
        _("The milestone %(target)s is overdue"),
        Delivery.DIGEST,
    ),
    EventKind(
        "agenda_published",
        _("The agenda of a forum meeting is sent"),
        _("%(actor)s sent the agenda of %(target)s"),
        Delivery.IMMEDIATE,
    ),
    EventKind(
        "minutes_submitted",
        _("Minutes are ready for approval"),
        _("%(actor)s submitted the minutes of %(target)s for approval"),
        Delivery.IMMEDIATE,
    ),
    EventKind(
        "minutes_approved",
        _("The minutes of a forum meeting are approved"),
        _("%(actor)s approved the minutes of %(target)s"),
        Delivery.DIGEST,
    ),
]:
    register(_kind)
