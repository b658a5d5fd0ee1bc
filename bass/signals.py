"""Signals of the shared mechanisms, for the floors above that want to hear of them."""

from django.dispatch import Signal

# Sent when a person deliberately saves their version over a newer one that someone else
# saved while they were editing (the second save from the conflict page). Arguments:
# ``instance`` (the saved object) and ``overwritten_version`` (the version replaced).
text_overwritten = Signal()

# Sent by the generic apps beside notifications (the discussion: a comment, a mention) when
# something concerns people; notifications turns it into notifications and e-mail, so that
# the apps of one floor do not import each other. Arguments: ``recipients`` (users or a
# queryset of them), ``event`` (a key of notifications.events), ``target``, ``actor``,
# ``text`` and ``url``.
people_concerned = Signal()
