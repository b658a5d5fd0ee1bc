"""The plan as a timeline (Gantt-like), laid out on the server as percentages.

The page draws the bars with plain HTML and CSS, so it prints as it shows (A4 landscape)
and every bar has its dates and status as text beside it.
"""

import datetime

from bass import formatting


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def build_timeline(rows: list[dict], today: datetime.date) -> dict:
    """Position each row's milestone between the first start and the last due date.

    ``rows`` are dicts with a "milestone"; each gets "left" and "width" (percent of the
    span). The span is widened to whole months; "months" label the axis.
    """
    if not rows:
        return {"rows": [], "months": [], "today_left": None}
    first = _month_start(min(r["milestone"].start_date for r in rows))
    last = _next_month(max(r["milestone"].due_date for r in rows))
    span = (last - first).days or 1

    def pct(day: datetime.date) -> float:
        return round(100 * (day - first).days / span, 2)

    months = []
    month = first
    many = (last.year - first.year) * 12 + last.month - first.month > 18
    while month < last:
        following = _next_month(month)
        # January carries the year; the dates beside each bar say the rest.
        label = str(month.year) if month.month == 1 else formatting.month(month)
        if many and month.month not in (1, 4, 7, 10):
            label = ""
        months.append(
            {"left": pct(month), "width": round(pct(following) - pct(month), 2), "label": label}
        )
        month = following
    for row in rows:
        m = row["milestone"]
        left = pct(m.start_date)
        width = max(pct(m.due_date + datetime.timedelta(days=1)) - left, 0.6)
        row["left"], row["width"] = left, round(width, 2)
    today_left = pct(today) if first <= today < last else None
    return {"rows": rows, "months": months, "today_left": today_left}
