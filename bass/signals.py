"""Signals of the shared mechanisms, for the floors above that want to hear of them."""

from django.dispatch import Signal

# Sent when a person deliberately saves their version over a newer one that someone else
# saved while they were editing (the second save from the conflict page). Arguments:
# ``instance`` (the saved object) and ``overwritten_version`` (the version replaced).
text_overwritten = Signal()
