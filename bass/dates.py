"""The one range of dates the platform accepts from users.

A year 1 or 9999 is a typing slip, and dates far outside the programme's life break
timelines, charts and reports. Forms refuse dates outside the range (``bass.forms``);
drawings clamp rows that were stored before the limit existed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)


def validate_sane_date(value: datetime.date) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_range",
            params={
                "first": formats.date_format(DATE_MIN, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(DATE_MAX, "SHORT_DATE_FORMAT"),
            },
        )


def clamp_date(value: datetime.date) -> datetime.date:
    return min(max(value, DATE_MIN), DATE_MAX)


def add_today_argument(parser) -> None:
    """``--today YYYY-MM-DD`` for commands whose data is laid out around today (demo
    loaders); tests pass a fixed day so that they never depend on the calendar."""
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=None,
        help="lay the data out around this day (YYYY-MM-DD) instead of today",
    )
