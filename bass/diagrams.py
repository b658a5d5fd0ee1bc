"""Server-side SVG diagrams, shared by web pages and WeasyPrint PDFs: the driver diagram
(a tree drawn left to right with connecting lines) and the time chart (values on a fixed
scale against dates spaced as time).

The same conventions as ``bass.charts``: one self-contained ``<svg>`` string with
``role="img"``, ``<title>`` and ``<desc>``, presentation attributes only, colours of at
least 4.5:1 contrast on white, every caller text escaped, visible labels passed in by the
caller (this module never calls gettext) and numbers formatted for the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape

from bass.charts import CENTRE, DATA, GRID, HIGHLIGHT, MUTED, TARGET, _f, _open, _text
from bass.formatting import number

__all__ = ["Box", "TimeSeries", "driver_diagram", "time_chart"]


# ---------------------------------------------------------------------------
# Driver diagram


@dataclass
class Box:
    """One box of a driver diagram and the boxes under it."""

    kind: str  # "aim", "primary", "secondary" or "change_idea"
    kind_label: str
    title: str
    description: str = ""
    details: list[str] = field(default_factory=list)
    children: list[Box] = field(default_factory=list)


#: The column of each kind: a change idea is drawn in the last column whether it hangs
#: under a secondary driver or directly under a primary driver.
COLUMN = {"aim": 0, "primary": 1, "secondary": 2, "change_idea": 3}
#: The border of each kind; the kind is also written in each box, never colour alone.
BORDER = {"aim": "#1f4e79", "primary": "#1b6e20", "secondary": "#8a4b00", "change_idea": "#5b2c83"}

BOX_WIDTH = 190
COLUMN_GAP = 34
PAD = 10
LINE = 14  # height of a title line
SMALL_LINE = 13
V_GAP = 12
TITLE_CHARS = 23
SMALL_CHARS = 26
HEADER = 26


def _lines(text: str, length: int, most: int) -> list[str]:
    """Word-wrapped lines of at most ``length`` characters; at most ``most`` lines, the
    last one cut with an ellipsis."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > length:  # a very long word is cut where it must be
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:length])
            word = word[length:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= length:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        lines[-1] = (last[: length - 1] if len(last) >= length else last) + "…"
    return lines


@dataclass
class _Placed:
    box: Box
    x: float
    y: float
    height: float
    title: list[str]
    description: list[str]


def _box_height(box: Box) -> tuple[float, list[str], list[str]]:
    title = _lines(box.title, TITLE_CHARS, 4)
    description = _lines(box.description, SMALL_CHARS, 3) if box.description else []
    height = PAD + 12 + 4 + LINE * len(title)
    height += SMALL_LINE * (len(description) + len(box.details))
    height += 6 if description or box.details else 0
    return height + PAD, title, description


def driver_diagram(
    aim: Box, *, columns: Sequence[str], title: str, desc: str, fit: bool = False
) -> str:
    """The tree under ``aim`` drawn left to right, one column per kind, each box joined to
    the box above it in the tree by an elbow line. ``columns`` are the column headings.

    The SVG has its natural width in pixels (the text stays readable on a phone) and a
    page puts it in a box that scrolls sideways; with ``fit`` it scales to its container
    (a PDF page).
    """
    placed: list[_Placed] = []
    lines: list[str] = []

    def layout(box: Box, top: float) -> tuple[float, _Placed]:
        """Place ``box`` and its subtree from ``top``; (bottom of the subtree, the box)."""
        height, title_lines, description = _box_height(box)
        x = COLUMN[box.kind] * (BOX_WIDTH + COLUMN_GAP)
        children = []
        if box.children:
            bottom = top
            for child in box.children:
                bottom, child_item = layout(child, bottom)
                children.append(child_item)
                bottom += V_GAP
            bottom -= V_GAP
            first, last = children[0], children[-1]
            centre = (first.y + first.height / 2 + last.y + last.height / 2) / 2
            y = max(top, centre - height / 2)
            bottom = max(bottom, y + height)
        else:
            y = top
            bottom = top + height
        item = _Placed(box, x, y, height, title_lines, description)
        placed.append(item)
        for child_item in children:
            start_x, start_y = x + BOX_WIDTH, y + height / 2
            end_x, end_y = child_item.x, child_item.y + child_item.height / 2
            bend = start_x + COLUMN_GAP / 2
            lines.append(
                f'<path d="M{_f(start_x)} {_f(start_y)} H{_f(bend)} V{_f(end_y)} H{_f(end_x)}" '
                f'fill="none" stroke="{CENTRE}" stroke-width="1.5"/>'
            )
        return bottom, item

    bottom, _aim = layout(aim, HEADER)
    width = len(COLUMN) * BOX_WIDTH + (len(COLUMN) - 1) * COLUMN_GAP + 2
    height = int(bottom + 4)
    parts = _open(width, height, title, desc, ("driver", aim.title, len(placed)))
    if not fit:
        parts[0] = parts[0].replace('width="100%"', f'width="{width}" height="{height}"', 1)
    for index, heading in enumerate(columns[: len(COLUMN)]):
        x = index * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH / 2
        parts.append(_text(x, 16, heading, anchor="middle", size=12, fill=MUTED))
    parts.extend(lines)
    for item in placed:
        box = item.box
        border = BORDER.get(box.kind, DATA)
        group = [
            f'<rect x="{_f(item.x + 1)}" y="{_f(item.y)}" width="{BOX_WIDTH - 2}" '
            f'height="{_f(item.height)}" rx="4" fill="#ffffff" stroke="{border}" '
            f'stroke-width="{3 if box.kind == "aim" else 2}"/>',
            _text(item.x + PAD, item.y + PAD + 9, box.kind_label, size=10, fill=border),
        ]
        y = item.y + PAD + 12 + 4
        for line in item.title:
            y += LINE
            group.append(_text(item.x + PAD, y - 3, line, size=12, extra='font-weight="bold"'))
        if item.description or box.details:
            y += 6
        for line in item.description:
            y += SMALL_LINE
            group.append(_text(item.x + PAD, y - 3, line, size=11, fill="#333333"))
        for line in box.details:
            y += SMALL_LINE
            group.append(
                _text(item.x + PAD, y - 3, _lines(line, SMALL_CHARS, 1)[0], size=10, fill=MUTED)
            )
        parts.append(f'<g data-kind="{escape(box.kind)}">' + "".join(group) + "</g>")
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------
# Time chart


@dataclass
class TimeSeries:
    label: str
    values: list[float | None]  # one per date


MARKERS = ["circle", "square", "triangle"]
SERIES_COLOURS = [DATA, TARGET, HIGHLIGHT]


def _marker(kind: str, x: float, y: float, colour: str, extra: str) -> str:
    if kind == "square":
        return (
            f'<rect x="{_f(x - 4)}" y="{_f(y - 4)}" width="8" height="8" fill="{colour}" {extra}/>'
        )
    if kind == "triangle":
        return (
            f'<path d="M{_f(x)} {_f(y - 5)} L{_f(x + 5)} {_f(y + 4)} L{_f(x - 5)} {_f(y + 4)} Z" '
            f'fill="{colour}" {extra}/>'
        )
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="{colour}" {extra}/>'


def time_chart(
    dates: Sequence[datetime.date],
    date_labels: Sequence[str],
    series: Sequence[TimeSeries],
    *,
    title: str,
    desc: str,
    scale: tuple[float, float] = (1, 5),
    threshold: float | None = None,
    threshold_label: str = "",
    empty_label: str = "",
) -> str:
    """Series of values against dates: the x axis is time (two dates half a year apart are
    half as far apart as two dates a year apart), the y axis the fixed ``scale``. Each
    series has its own colour and marker shape and is named in the legend; a horizontal
    ``threshold`` line carries ``threshold_label`` in full above it."""
    width, height = 640, 300
    left, right, top, bottom = 40, 20, 20, 250
    plot_width = width - left - right
    lo, hi = scale
    parts = _open(width, height, title, desc, ("time", tuple(dates), threshold))
    if not dates:
        parts.append(_text(width / 2, height / 2, empty_label, anchor="middle", fill=MUTED))
        parts.append("</svg>")
        return "".join(parts)
    first, last = min(dates), max(dates)
    span = (last - first).days or 1

    def x_of(day: datetime.date) -> float:
        if first == last:
            return left + plot_width / 2
        return left + 10 + (day - first).days / span * (plot_width - 20)

    def y_of(value: float) -> float:
        return bottom - (value - lo) / (hi - lo) * (bottom - top)

    step = 1 if hi - lo <= 6 else max(1, round((hi - lo) / 5))
    tick = lo
    while tick <= hi + 1e-9:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{_f(y)}" x2="{width - right}" y2="{_f(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 8, y + 4, number(tick, 0), anchor="end", size=11, fill=MUTED))
        tick += step
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    placed_labels: list[float] = []
    for day, label in zip(dates, date_labels, strict=True):
        x = x_of(day)
        parts.append(
            f'<line x1="{_f(x)}" y1="{bottom}" x2="{_f(x)}" y2="{bottom + 5}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
        if all(abs(x - other) >= 80 for other in placed_labels):
            parts.append(_text(x, bottom + 19, label, anchor="middle", size=11, fill="#333333"))
            placed_labels.append(x)
    for index, one in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        marker = MARKERS[index % len(MARKERS)]
        points = [
            (x_of(day), y_of(value), day)
            for day, value in zip(dates, one.values, strict=True)
            if value is not None
        ]
        if len(points) > 1:
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{_f(x)} {_f(y)}" for i, (x, y, _d) in enumerate(points)
            )
            parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, day in points:
            parts.append(
                _marker(
                    marker,
                    x,
                    y,
                    colour,
                    f'data-series="{index}" data-date="{day.isoformat()}"',
                )
            )
    if threshold is not None:
        y = y_of(threshold)
        parts.append(
            f'<line x1="{left}" y1="{_f(y)}" x2="{width - right}" y2="{_f(y)}" '
            f'stroke="{HIGHLIGHT}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        # A white band behind the label keeps it readable where a series crosses it.
        label_width = min(plot_width, 6.3 * len(threshold_label) + 8)
        parts.append(
            f'<rect x="{left + 1}" y="{_f(y - 17)}" width="{_f(label_width)}" height="14" '
            f'fill="#ffffff" fill-opacity="0.85"/>'
        )
        parts.append(_text(left + 4, y - 6, threshold_label, size=11, fill=HIGHLIGHT))
    legend_x = left
    for index, one in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(_marker(MARKERS[index % len(MARKERS)], legend_x + 5, 286, colour, ""))
        parts.append(_text(legend_x + 14, 290, one.label, size=11))
        legend_x += 14 + 7 * len(one.label) + 18
    parts.append("</svg>")
    return "".join(parts)
