"""Public query functions of the improvement app (for dashboards and reminders)."""

import datetime

from django.db.models import QuerySet

from improvement.models import PDSACycle
from roles.permissions import restrict


def overdue_cycles(user, on: datetime.date | None = None) -> QuerySet[PDSACycle]:
    """Overdue PDSA cycles (planned end passed, no Study) in projects ``user`` manages.

    Two queries' worth of permission checking whatever the number of cycles; the rows come
    with their change idea, project and owner.
    """
    cycles = (
        PDSACycle.objects.overdue(on)
        .select_related(
            "change_idea__project__specialty", "change_idea__project__initiative__proposed_by"
        )
        .order_by("planned_end", "pk")
    )
    return restrict(cycles, user, "change")
