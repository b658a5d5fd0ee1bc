from django import template

from bass.charts import format_number
from plans.models import format_dkk

register = template.Library()


@register.filter
def dkk(amount):
    """1234567 -> "1.234.567,00 kr."."""
    return format_dkk(amount)


@register.filter
def share(value):
    """0.375 -> "38 %"; nothing to share -> an en dash."""
    if value is None:
        return "–"
    return f"{format_number(round(100 * value))} %"
