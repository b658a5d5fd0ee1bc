"""A plan as a spreadsheet (XLSX), one row per milestone."""

import datetime
import io
import re

from django.utils.translation import gettext as _

from plans.models import Milestone, Plan


def safe_text(text: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV/formula injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def plan_rows(milestones: list[Milestone], today: datetime.date) -> list[list]:
    rows = [
        [
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
    ]
    for m in milestones:
        rows.append(
            [
                safe_text(m.title),
                safe_text(m.description),
                str(m.responsible) if m.responsible else "",
                m.start_date,
                m.due_date,
                m.effective_status_label(today),
                m.get_status_display(),
                m.done_at,
                m.days_late(today),
                safe_text(", ".join(d.depends_on.title for d in m.dependencies.all())),
                safe_text(m.serves),
                safe_text(m.link),
            ]
        )
    return rows


def plan_xlsx(plan: Plan, milestones: list[Milestone], today: datetime.date) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    title = re.sub(r"[\[\]:*?/\\]", " ", plan.title)[:31] or "plan"
    sheet = workbook.create_sheet(title=title)
    for row in plan_rows(milestones, today):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
