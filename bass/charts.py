"""Server-side SVG charts, shared by web pages and WeasyPrint PDFs.

Every function returns one self-contained ``<svg>`` string: a ``viewBox`` and
``width="100%"`` so it scales to its container, ``role="img"`` with
``<title>``/``<desc>`` for screen readers, presentation attributes only (no
CSS, scripts, external fonts or URLs, which WeasyPrint and strict CSPs both
dislike) and colours with at least 4.5:1 contrast on white. All caller text is
escaped. Visible labels are passed in by the caller so they can be translated;
this module never calls gettext. Numbers on the axes are
formatted for the active language (``bass.formatting``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence

from django.utils.html import escape

from bass.formatting import number, number_formatter

__all__ = ["line_chart", "nice_ticks", "note_letter", "radar_chart", "sparkline"]

# Contrast ratios on white in brackets (all >= 4.5:1, so also fine for text).
DATA = "#1f4e79"  # dark blue (8.7)
HIGHLIGHT = "#b00020"  # dark red (7.3); also drawn as a diamond, not colour alone
CENTRE = "#4d4d4d"  # dark grey (8.5)
LIMIT = "#8a4b00"  # brown-orange (6.8)
TARGET = "#1b6e20"  # green (6.4)
MUTED = "#666666"  # grey (5.7): previous values, axis text
GRID = "#d9d9d9"  # gridlines carry no information of their own
FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"'

Limit = float | Sequence[float | None] | None


# ---------------------------------------------------------------------------
# Ticks


def _nice(x: float, round_: bool) -> float:
    """Heckbert's nice number: 1, 2, 5 or 10 times a power of ten."""
    exp = math.floor(math.log10(x))
    f = x / 10**exp
    if round_:
        nf = 1 if f < 1.5 else 2 if f < 3 else 5 if f < 7 else 10
    else:
        nf = 1 if f <= 1 else 2 if f <= 2 else 5 if f <= 5 else 10
    return nf * 10**exp


def nice_ticks(lo: float, hi: float, max_ticks: int = 6) -> tuple[list[float], int]:
    """Tick values covering [lo, hi] at a 1/2/5 step, and the decimals they need."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    step = _nice(_nice(hi - lo, False) / max(max_ticks - 1, 1), True)
    start = math.floor(lo / step) * step
    stop = math.ceil(hi / step) * step
    count = round((stop - start) / step)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return [round(start + i * step, decimals + 2) for i in range(count + 1)], decimals


# ---------------------------------------------------------------------------
# SVG plumbing


def _f(v: float) -> str:
    """Coordinate formatting: short, locale-independent."""
    text = f"{v:.1f}"
    return text[:-2] if text[-1] == "0" else text  # "12.0" -> "12"


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    size: int = 12,
    fill: str = "#222222",
    extra: str = "",
) -> str:
    # dy-free vertical placement: WeasyPrint ignores dominant-baseline.
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{fill}"{" " + extra if extra else ""}>{escape(content)}</text>'
    )


def _open(width: int, height: int, title: str, desc: str, key: object) -> list[str]:
    """Opening tag plus <title>/<desc>. Ids are derived from the content so the
    output is deterministic yet two different charts on one page do not clash."""
    uid = (
        "c" + hashlib.sha1(repr((title, desc, key)).encode(), usedforsecurity=False).hexdigest()[:8]
    )
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" {FONT}>',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(desc)}</desc>',
    ]


def _truncate(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def _wrap(label: str, length: int) -> list[str]:
    """At most two lines, broken at a space; the rest is truncated."""
    if len(label) <= length or " " not in label:
        return [_truncate(label, length)]
    cut = label.rfind(" ", 0, length + 1)
    if cut <= 0:
        cut = label.find(" ")
    return [label[:cut], _truncate(label[cut + 1 :], length)]


def _per_point(value: Limit, n: int) -> list[float | None]:
    if value is None:
        return [None] * n
    if isinstance(value, int | float):
        return [float(value)] * n
    if len(value) != n:
        raise ValueError(f"per-point line has {len(value)} values for {n} points")
    return [None if v is None else float(v) for v in value]


def _varies(value: Limit) -> bool:
    """True for a per-point list (as opposed to one number or nothing)."""
    return value is not None and not isinstance(value, int | float)


def _sample(value: Limit, step: int) -> Limit:
    return value[::step] if _varies(value) else value


def _diamond(x: float, y: float, r: float) -> str:
    return f"M{_f(x)} {_f(y - r)}L{_f(x + r)} {_f(y)}L{_f(x)} {_f(y + r)}L{_f(x - r)} {_f(y)}Z"


# ---------------------------------------------------------------------------
# Line chart (run charts and control charts)


def line_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    desc: str,
    centre: Limit = None,
    lcl: Limit = None,
    ucl: Limit = None,
    target: float | None = None,
    highlight: Iterable[int] = (),
    y_label: str = "",
    centre_label: str = "Median",
    limit_label: str = "Kontrolgrænse",
    target_label: str = "Mål",
    empty_label: str = "Ingen data",
    annotations: Sequence[tuple[float, str]] = (),
    phases: Sequence[tuple[int, str]] = (),
    phases_label: str = "Faser",
    notes: Sequence[tuple[int, str]] = (),
) -> str:
    """Run chart or control chart.

    ``annotations`` are (x index, short label) pairs drawn as numbered dashed markers on the
    time axis, e.g. where PDSA cycles started; the labels go into the chart's description
    and a tooltip, so they are not only visual.

    ``centre``/``lcl``/``ucl`` take a number or a per-point list (P/U charts
    have limits that vary with the denominator; these are drawn as steps).
    ``None`` values leave a gap in the line. Highlighted points (outside the
    limits, part of a signalling run) are drawn as red diamonds.
    Reference lines are labelled directly at the right-hand end.

    ``phases`` are (index of the first point of a new phase, short label) pairs, e.g.
    where a change was introduced: a solid vertical divider before that point with the
    label above the plot. A per-point centre line or limit (each phase's own values) is
    broken at the dividers, and the phases are named in the description
    after ``phases_label``. Indexes outside 1 .. n - 1 divide nothing and are left out;
    labels at the same index share one divider.

    ``notes`` are (point index, text) pairs drawn as lettered circles (A, B, ...) just
    above their points, with the text as a tooltip; the caller prints the same letters
    and texts in the legend under the chart, so they read on paper too.

    The x-axis labels are never cut: they are thinned to every k-th point so that the
    longest label fits. A chart of more points than the plot is pixels wide draws no
    marker for the points outside a signal (they would pile up); the line shows them.
    """
    width, height = 720, 320
    n = len(points)
    by_index: dict[int, list[str]] = {}
    for i, label in phases:
        if 0 < i < n and label not in by_index.setdefault(int(i), []):
            by_index[int(i)].append(label)
    dividers = [(i, " / ".join(labels)) for i, labels in sorted(by_index.items())]
    left, right, top, bottom = 60, 140, 30 if dividers else 16, 44
    pw, ph = width - left - right, height - top - bottom
    values = [None if v is None else float(v) for _, v in points]
    if dividers:
        named = "; ".join(f"{label} ({points[i][0]})" for i, label in dividers)
        desc = f"{desc} {phases_label}: {named}." if desc else f"{phases_label}: {named}."
    breaks = {i for i, _ in dividers}
    # (label, per-point values, colour, dash, broken at phase dividers): per-point lines
    # carry each phase's own values; a single number is one line across the phases.
    lines = [
        (centre_label, _per_point(centre, n), CENTRE, "", _varies(centre)),
        (limit_label, _per_point(ucl, n), LIMIT, ' stroke-dasharray="6 4"', _varies(ucl)),
        (limit_label, _per_point(lcl, n), LIMIT, ' stroke-dasharray="6 4"', _varies(lcl)),
        (target_label, _per_point(target, n), TARGET, ' stroke-dasharray="2 3"', False),
    ]
    marked = set(highlight)

    # The ids only need to differ between charts on one page: title and description
    # already name the chart, so a sample of the points will do (repr of 6,000 points and
    # their limits cost 5 ms).
    step = max(1, n // 200)
    key: tuple = (n, points[::step], _sample(centre, step), _sample(lcl, step), _sample(ucl, step))
    key += (target,)
    if dividers:
        key += (dividers,)
    out = _open(width, height, title, desc, key)
    known = [v for v in values if v is not None]
    known += [v for _, vs, _, _, _ in lines for v in vs if v is not None]
    if not known:
        out.append(_text(left + pw / 2, top + ph / 2, empty_label, anchor="middle", fill=MUTED))
        out.append("</svg>")
        return "".join(out)

    ticks, decimals = nice_ticks(min(known), max(known))
    y_min, y_max = ticks[0], ticks[-1]

    def sx(i: float) -> float:
        return left + (pw / 2 if n == 1 else i * pw / (n - 1))

    def sy(v: float) -> float:
        return top + ph - (v - y_min) / (y_max - y_min) * ph

    # Axes and gridlines
    for t in ticks:
        y = sy(t)
        out.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{_f(y)}" y2="{_f(y)}" stroke="{GRID}"/>'
        )
        out.append(_text(left - 6, y + 4, number(t, decimals), anchor="end", fill=MUTED))
    out.append(f'<path d="M{left} {top}V{top + ph}H{left + pw}" fill="none" stroke="{MUTED}"/>')
    if y_label:
        out.append(
            _text(
                14,
                top + ph / 2,
                y_label,
                anchor="middle",
                fill=MUTED,
                extra=f'transform="rotate(-90 14 {_f(top + ph / 2)})"',
            )
        )
    # Thin the x labels so they never collide: room for the longest label (about 6.5 px a
    # character at 11 px DejaVu Sans) plus a gap; labels are printed whole.
    longest = max((len(label) for label, _ in points), default=1)
    room = max(40, int(longest * 6.5) + 12)
    every = max(1, math.ceil(n / max(1, (pw + room) // room)))
    for i, (label, _) in enumerate(points):
        if i % every == 0:
            out.append(
                f'<line x1="{_f(sx(i))}" x2="{_f(sx(i))}" y1="{top + ph}" '
                f'y2="{top + ph + 4}" stroke="{MUTED}"/>'
            )
            out.append(_text(sx(i), top + ph + 18, label, anchor="middle", size=11, fill=MUTED))

    # Reference lines: steps centred on each point, so per-point limits read right.
    half = pw / (2 * (n - 1)) if n > 1 else pw / 2
    labels: list[tuple[float, str, str]] = []
    for name, vs, colour, dash, phased in lines:
        d = []
        i = 0
        while i < n:
            v = vs[i]
            if v is None:
                i += 1
                continue
            # Points in a row with the same value make one horizontal stretch (a line of
            # 6,000 points of one centre is one segment, not 6,000 steps).
            j = i
            while j + 1 < n and vs[j + 1] == v and not (phased and j + 1 in breaks):
                j += 1
            x0, x1 = max(left, sx(i) - half), min(left + pw, sx(j) + half)
            joined = i > 0 and vs[i - 1] is not None and not (phased and i in breaks)
            d.append(f"{'V' if joined else 'M' + _f(x0) + ' '}{_f(sy(v))}H{_f(x1)}")
            i = j + 1
        if d:
            out.append(
                f'<path d="{"".join(d)}" fill="none" stroke="{colour}" stroke-width="1.5"{dash}/>'
            )
            last = next(v for v in reversed(vs) if v is not None)
            labels.append((sy(last), f"{name} {number(last)}", colour))
    # Nudge labels apart (sorted top to bottom, at least 13 px between them).
    labels.sort()
    for k in range(1, len(labels)):
        if labels[k][0] - labels[k - 1][0] < 13:
            labels[k] = (labels[k - 1][0] + 13, labels[k][1], labels[k][2])
    for y, label, colour in labels:
        out.append(_text(left + pw + 6, y + 4, _truncate(label, 22), size=11, fill=colour))

    # Phase dividers: a solid line halfway between the last point of one phase and the
    # first of the next, the phase's label just above the plot.
    for i, label in dividers:
        x = sx(i) - half
        out.append(
            f'<g class="phase" data-index="{i}"><title>{escape(label)}</title>'
            f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{top - 12}" y2="{top + ph}" stroke="{CENTRE}" '
            f'stroke-width="1.5"/>'
            f"{_text(x + 3, top - 4, _truncate(label, 18), size=10, fill=CENTRE)}</g>"
        )

    # Annotations: a dashed vertical line and a number above the plot per event.
    for mark, (x, label) in enumerate(annotations, 1):
        if not 0 <= x <= max(n - 1, 0):
            continue
        xx = _f(sx(x))
        out.append(
            f'<g class="annotation"><title>{escape(label)}</title>'
            f'<line x1="{xx}" x2="{xx}" y1="{top}" y2="{top + ph}" stroke="{MUTED}" '
            f'stroke-dasharray="3 3"/>'
            f"{_text(sx(x) + 3, top + 10, str(mark), size=10, fill=MUTED)}</g>"
        )

    # Data line, broken at None
    d, pen_down = [], False
    for i, v in enumerate(values):
        if v is None:
            pen_down = False
            continue
        d.append(f"{'L' if pen_down else 'M'}{_f(sx(i))} {_f(sy(v))}")
        pen_down = True
    out.append(
        f'<path d="{"".join(d)}" fill="none" stroke="{DATA}" stroke-width="2" '
        f'stroke-linejoin="round"/>'
    )
    # Notes: a lettered circle above the point (below it when the point is near the top).
    for k, (i, text) in enumerate(notes):
        if not 0 <= i < n or values[i] is None:
            continue
        letter = note_letter(k)
        y = sy(values[i]) - 16
        if y < top + 8:
            y = sy(values[i]) + 16
        out.append(
            f'<g class="note" data-index="{i}"><title>{escape(letter)}: {escape(text)}</title>'
            f'<circle cx="{_f(sx(i))}" cy="{_f(y)}" r="7" fill="#ffffff" stroke="{CENTRE}"/>'
            f"{_text(sx(i), y + 3.5, letter, anchor='middle', size=9, fill=CENTRE)}</g>"
        )
    # One marker per point with its value as a tooltip. The language's number format is
    # looked up once for all of them (6,000 points: a third of the chart's time). When
    # there are more points than pixels across the plot the markers would only pile up:
    # then the line carries the values (and the page's table each number), and only the
    # signal diamonds are drawn.
    fmt = number_formatter()
    dense = n > pw
    for i, ((label, _), v) in enumerate(zip(points, values, strict=True)):
        if v is None or (dense and i not in marked):
            continue
        tip = f"<title>{escape(label)}: {escape(fmt(v))}</title>"
        if i in marked:
            out.append(
                f'<path class="point highlight" data-index="{i}" '
                f'd="{_diamond(sx(i), sy(v), 6)}" fill="{HIGHLIGHT}">{tip}</path>'
            )
        else:
            out.append(
                f'<circle class="point" data-index="{i}" cx="{_f(sx(i))}" '
                f'cy="{_f(sy(v))}" r="3.5" fill="{DATA}">{tip}</circle>'
            )
    out.append("</svg>")
    return "".join(out)


_POINT = re.compile(
    r'<circle class="point" data-index="\d+" cx="([-\d.]+)" cy="([-\d.]+)" r="3\.5" '
    r'fill="(#[0-9a-fA-F]+)"><title>[^<]*</title></circle>'
)
_POINT_TIP = re.compile(r'(<path class="point highlight"[^>]*>)<title>[^<]*</title>')


def for_print(svg: str) -> str:
    """A line chart drawn for the screen, made cheap to print: its data points, a circle
    each with a tooltip, become one path of round dots of the same size and colour, drawn
    where the first point was; highlighted points keep their diamonds without tooltips.

    WeasyPrint draws every SVG element in Python: the 60 points of a chart cost more than
    all its text (measured in tests/bench/bench_guides.py). The chart's title and
    description, which a screen reader reads, stay.
    """
    points = _POINT.findall(svg)
    if not points:
        return _POINT_TIP.sub(r"\1", svg)
    colour = points[0][2]
    dots = "".join(f"M{x} {y}h0" for x, y, c in points if c == colour)
    path = (
        f'<path class="points" d="{dots}" fill="none" stroke="{colour}" stroke-width="7" '
        'stroke-linecap="round"/>'
    )
    first = True

    def replace(match: re.Match) -> str:
        nonlocal first
        if match.group(3) != colour:
            return match.group(0)
        if first:
            first = False
            return path
        return ""

    return _POINT_TIP.sub(r"\1", _POINT.sub(replace, svg))


def note_letter(k: int) -> str:
    """The letter of the k-th note on a chart: A ... Z, then AA, AB ..."""
    letters = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        letters = chr(65 + r) + letters
    return letters


# ---------------------------------------------------------------------------
# Sparkline (a small chart for a table row)


def sparkline(
    values: Sequence[float | None],
    *,
    title: str,
    desc: str,
    centre: float | None = None,
    lcl: float | None = None,
    ucl: float | None = None,
    highlight: Iterable[int] = (),
    width: int = 120,
    height: int = 36,
) -> str:
    """A small line with its centre line (and limits), signal points as red diamonds and
    the latest point as a dot; for tables of many measures. No axes or text: the row
    around it prints the numbers, ``title``/``desc`` say it to a screen reader."""
    out = _open(width, height, title, desc, (tuple(values), centre, lcl, ucl))
    known = [float(v) for v in values if v is not None]
    refs = [v for v in (centre, lcl, ucl) if v is not None]
    if not known:
        out.append("</svg>")
        return "".join(out)
    lo, hi = min(known + refs), max(known + refs)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    n, pad = len(values), 4

    def sx(i: int) -> float:
        return pad + (width - 2 * pad) * (0.5 if n == 1 else i / (n - 1))

    def sy(v: float) -> float:
        return height - pad - (v - lo) / (hi - lo) * (height - 2 * pad)

    for v, colour, dash in ((centre, CENTRE, ""), (lcl, LIMIT, ' stroke-dasharray="3 2"')):
        if v is not None:
            out.append(
                f'<line x1="{pad}" x2="{width - pad}" y1="{_f(sy(v))}" y2="{_f(sy(v))}" '
                f'stroke="{colour}"{dash}/>'
            )
    if ucl is not None:
        out.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{_f(sy(ucl))}" y2="{_f(sy(ucl))}" '
            f'stroke="{LIMIT}" stroke-dasharray="3 2"/>'
        )
    d, pen = [], False
    for i, v in enumerate(values):
        if v is None:
            pen = False
            continue
        d.append(f"{'L' if pen else 'M'}{_f(sx(i))} {_f(sy(float(v)))}")
        pen = True
    out.append(f'<path d="{"".join(d)}" fill="none" stroke="{DATA}" stroke-width="1.5"/>')
    for i in sorted(set(highlight)):
        if 0 <= i < n and values[i] is not None:
            out.append(
                f'<path class="highlight" d="{_diamond(sx(i), sy(float(values[i])), 3)}" '
                f'fill="{HIGHLIGHT}"/>'
            )
    last = max(i for i, v in enumerate(values) if v is not None)
    out.append(
        f'<circle cx="{_f(sx(last))}" cy="{_f(sy(float(values[last])))}" r="2.5" fill="{DATA}"/>'
    )
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------------------
# Radar (profile) chart


def radar_chart(
    axes: Sequence[str],
    current: Sequence[float | None],
    previous: Sequence[float | None] | None = None,
    *,
    title: str,
    desc: str,
    scale_max: float = 5,
    current_label: str,
    previous_label: str = "",
) -> str:
    """Profile over n >= 3 axes (a triangle for three), first axis at the top.

    The previous profile is drawn first (behind), grey and dashed, so a change
    reads without relying on colour. Each axis prints the current value and,
    in parentheses, the previous one. Missing values print as "–" and the
    polygon joins the remaining vertices. Values are clipped to [0, scale_max].
    """
    k = len(axes)
    if k < 3:
        raise ValueError("radar_chart needs at least three axes")
    if len(current) != k or (previous is not None and len(previous) != k):
        raise ValueError("radar_chart: one value per axis is required")
    if scale_max <= 0:
        raise ValueError("scale_max must be positive")

    width, radius, label_gap = 560, 120, 16
    cx, cy = width / 2, 60 + radius
    angles = [-math.pi / 2 + 2 * math.pi * i / k for i in range(k)]
    # Height follows the lowest label block, so a triangle gets no empty band.
    lowest = max(cy + (radius + label_gap) * math.sin(a) for a in angles)
    height = int(lowest + 3 * 15 + 48)
    out = _open(width, height, title, desc, (axes, current, previous, scale_max))

    def at(i: int, value: float) -> tuple[float, float]:
        r = radius * min(max(value, 0.0), scale_max) / scale_max
        return cx + r * math.cos(angles[i]), cy + r * math.sin(angles[i])

    if scale_max <= 10:
        rings = [float(t) for t in range(1, int(scale_max) + 1)]
    else:
        rings = [t for t in nice_ticks(0, scale_max)[0] if 0 < t <= scale_max]
    if scale_max not in rings:
        rings.append(float(scale_max))
    for ring in rings:
        pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in (at(i, ring) for i in range(k)))
        out.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}"/>')
    for i in range(k):
        x, y = at(i, scale_max)
        out.append(f'<line x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(x)}" y2="{_f(y)}" stroke="{GRID}"/>')
    for ring in rings:  # scale numbers just left of the first (top) axis
        x, y = at(0, ring)
        out.append(_text(x - 5, y + 4, number(ring), anchor="end", size=10, fill=MUTED))

    def polygon(values: Sequence[float | None], colour: str, style: str, cls: str) -> None:
        pts = [at(i, v) for i, v in enumerate(values) if v is not None]
        if not pts:
            return
        joined = " ".join(f"{_f(x)},{_f(y)}" for x, y in pts)
        out.append(f'<polygon class="{cls}" points="{joined}" stroke="{colour}" {style}/>')
        for x, y in pts:
            out.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3" fill="{colour}"/>')

    if previous is not None:
        polygon(
            previous, MUTED, 'fill="none" stroke-width="1.5" stroke-dasharray="5 4"', "previous"
        )
    polygon(current, DATA, f'fill="{DATA}" fill-opacity="0.2" stroke-width="2.5"', "current")

    # Axis name (wrapped to two lines) and value(s) just outside each tip.
    for i, name in enumerate(axes):
        cos, sin = math.cos(angles[i]), math.sin(angles[i])
        x = cx + (radius + label_gap) * cos
        y = cy + (radius + label_gap) * sin
        anchor = "middle" if abs(cos) < 0.3 else "start" if cos > 0 else "end"
        value_text = number(current[i], 1)
        if previous is not None:
            value_text += f" ({number(previous[i], 1)})"
        block = _wrap(name, 20)
        # Blocks above the centre grow upwards, below it downwards.
        first = y - 15 * len(block) if sin < -0.3 else y + 4 if abs(sin) <= 0.3 else y + 12
        for j, line in enumerate(block):
            out.append(_text(x, first + 15 * j, line, anchor=anchor, extra='font-weight="bold"'))
        out.append(_text(x, first + 15 * len(block), value_text, anchor=anchor, fill=DATA))

    # Legend
    ly = height - 20
    out.append(f'<line x1="40" x2="70" y1="{ly}" y2="{ly}" stroke="{DATA}" stroke-width="2.5"/>')
    out.append(_text(76, ly + 4, current_label))
    if previous is not None:
        out.append(
            f'<line x1="290" x2="320" y1="{ly}" y2="{ly}" stroke="{MUTED}" '
            f'stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        out.append(_text(326, ly + 4, previous_label))
    out.append("</svg>")
    return "".join(out)
