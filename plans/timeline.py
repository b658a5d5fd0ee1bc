"""The plan as a timeline (Gantt-like), laid out on the server as percentages.

The page draws the bars with plain HTML and CSS, so it prints as it shows (A4 landscape)
and every bar has its dates and status as text beside it.
"""

import datetime

from bass import formatting
from bass.dates import clamp_date


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def build_timeline(rows: list[dict], today: datetime.date) -> dict:
    """Position each row's milestone between the first start and the last due date.

    ``rows`` are dicts with a "milestone"; each gets "left" and "width" (percent of the
    span). The span is widened to whole months; "months" label the axis. Dates outside the
    platform's range (rows stored before forms refused them) are drawn at its edge.
    """
    if not rows:
        return {"rows": [], "months": [], "today_left": None}
    first = _month_start(min(clamp_date(r["milestone"].start_date) for r in rows))
    last = _next_month(max(clamp_date(r["milestone"].due_date) for r in rows))
    span = (last - first).days or 1

    def pct(day: datetime.date) -> float:
        return round(100 * (day - first).days / span, 2)

    months = []
    month = first
    count = (last.year - first.year) * 12 + last.month - first.month
    while month < last:
        if count > 240:
            # Over twenty years: one column a year, every tenth year labelled.
            following = min(month.replace(year=month.year + 1, month=1), last)
            label = str(month.year) if month.year % 10 == 0 else ""
        else:
            following = _next_month(month)
            # January carries the year; the dates beside each bar say the rest.
            label = str(month.year) if month.month == 1 else formatting.month(month)
            if count > 18 and month.month not in (1, 4, 7, 10):
                label = ""
        months.append(
            {"left": pct(month), "width": round(pct(following) - pct(month), 2), "label": label}
        )
        month = following
    for row in rows:
        m = row["milestone"]
        left = pct(clamp_date(m.start_date))
        end = clamp_date(m.due_date) + datetime.timedelta(days=1)
        row["left"], row["width"] = left, round(max(pct(end) - left, 0.6), 2)
    today_left = pct(today) if first <= today < last else None
    return {"rows": rows, "months": months, "today_left": today_left}
