"""Numbers, amounts and dates as the reader's language writes them.

Every page, PDF and chart formats through these functions; the separators and date
patterns come from Django's format files for the active language (``bass/formats/``):
Danish "1.234,5", "310.000 kr.", "15.01.2026"; English "1,234.5", "DKK 310,000",
"15/01/2026". Nothing here reads the database.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.utils import formats, numberformat, timezone
from django.utils.translation import gettext as _

DASH = "–"


def number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """``value`` with the active language's decimal and thousands separators.

    With ``decimals=None`` whole numbers print without decimals and other values with up
    to two (three below 1), trailing zeros removed. ``None`` and non-finite values print
    as an en dash.
    """
    text = _number_text(value, decimals)
    if text is None:
        return DASH
    places = len(text.partition(".")[2])
    return formats.number_format(
        Decimal(text), decimal_pos=places, use_l10n=True, force_grouping=True
    )


def number_formatter():
    """``number`` for many values in a row (a chart's thousands of points): the active
    language's separators are looked up once instead of three times a value. The same
    Django formatter writes the digits, so the text is ``number``'s."""
    decimal_sep = formats.get_format("DECIMAL_SEPARATOR", use_l10n=True)
    grouping = formats.get_format("NUMBER_GROUPING", use_l10n=True)
    thousand_sep = formats.get_format("THOUSAND_SEPARATOR", use_l10n=True)

    def format_number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
        text = _number_text(value, decimals)
        if text is None:
            return DASH
        whole, _point, fraction = text.partition(".")
        if isinstance(grouping, int) and len(whole.lstrip("-")) <= grouping:
            # Nothing to group (the common case of a chart's values): Django's formatter
            # would only swap the decimal point.
            return text.replace(".", decimal_sep)
        places = len(fraction)
        return numberformat.format(
            Decimal(text),
            decimal_sep,
            places,
            grouping,
            thousand_sep,
            force_grouping=True,
            use_l10n=True,
        )

    return format_number


def _number_text(value, decimals: int | None) -> str | None:
    """``value`` rounded as ``number`` prints it, with a decimal point (``None``: a dash)."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if decimals is None:
        places = 3 if abs(value) < 1 else 2
        text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:.{decimals}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # no "-0" for tiny negatives
    return text


def money(amount: float | int | Decimal | None) -> str:
    """An amount in Danish kroner: "310.000 kr." in Danish, "DKK 310,000" in English;
    øre only when there are any ("1.250,50 kr.")."""
    if amount is None:
        return DASH
    amount = Decimal(amount)
    decimals = 0 if amount == amount.to_integral_value() else 2
    return _("DKK %(amount)s") % {"amount": number(amount, decimals)}


def percent(share: float | None) -> str:
    """A share of one as whole percent: 0.375 -> "38 %"; ``None`` -> an en dash."""
    if share is None:
        return DASH
    return f"{number(round(100 * share))} %"


def date(value: datetime.date | None) -> str:
    """A date in the active language's short format ("15.01.2026"); a moment gives its
    local date."""
    if value is None:
        return DASH
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def datetime_(value: datetime.datetime | None) -> str:
    """A moment in local time, in the active language's short format ("15.01.2026 14:30")."""
    if value is None:
        return DASH
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")


def month(value: datetime.date) -> str:
    """The month's short name in the active language, lower case ("maj", "may")."""
    return formats.date_format(value, "b")
