from django import template

from bass.text import render_html

register = template.Library()


@register.filter
def richtext(value):
    """Render stored rich text from its sanitised source (pages and PDFs alike)."""
    return render_html(value)


@register.filter
def history_url(obj):
    return obj.get_history_url()


@register.filter
def app_label(obj):
    return obj._meta.app_label


@register.filter
def model_name(obj):
    return obj._meta.model_name


@register.filter
def verbose_name(model):
    return model._meta.verbose_name
