"""A plan as a spreadsheet (XLSX), one row per milestone."""

import datetime

from django.utils.translation import gettext as _

from bass import spreadsheets
from plans.models import Milestone, Plan


def plan_rows(milestones: list[Milestone], today: datetime.date) -> list[list]:
    """A row per milestone; text is neutralised when the workbook is written."""
    return [
        [
            m.title,
            m.description,
            str(m.responsible) if m.responsible else "",
            m.start_date,
            m.due_date,
            m.effective_status_label(today),
            m.get_status_display(),
            m.done_at,
            m.days_late(today),
            ", ".join(d.depends_on.title for d in m.dependencies.all()),
            m.serves,
            m.link,
        ]
        for m in milestones
    ]


def plan_xlsx(plan: Plan, milestones: list[Milestone], today: datetime.date) -> bytes:
    header = [
        _("Milestone"),
        _("Description"),
        _("Responsible"),
        _("Start"),
        _("Due"),
        _("Status"),
        _("Recorded status"),
        _("Done on"),
        _("Days late"),
        _("Depends on"),
        _("Serves"),
        _("Link"),
    ]
    sheet = spreadsheets.Sheet(plan.title or _("Plan"), header, plan_rows(milestones, today))
    return spreadsheets.xlsx([sheet])
