from django import template

from bass.charts import format_number

register = template.Library()


@register.filter
def number(value):
    """A number in Danish format (decimal comma), an en dash for none."""
    return format_number(value)
