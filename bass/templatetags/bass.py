from django import template
from django.utils.safestring import mark_safe
from js_asset import Media as JsAssetMedia

from bass import formatting
from bass.charts import for_print
from bass.text import render_html

register = template.Library()


@register.filter
def richtext(value):
    """Render stored rich text from its sanitised source (pages and PDFs alike)."""
    return render_html(value)


@register.filter
def print_chart(svg):
    """A line chart's SVG as the PDFs print it: its points in one path (bass.charts.for_print).
    The SVG is the project's own, made by bass.charts with every text escaped."""
    return mark_safe(for_print(str(svg)))  # noqa: S308 - our own escaped SVG


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


@register.filter
def number(value, decimals=None):
    """A number for the active language ("1.234,5" / "1,234.5"); an en dash for none."""
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def money(amount):
    """An amount in kroner for the active language ("310.000 kr." / "DKK 310,000")."""
    return formatting.money(amount)


@register.filter
def percent(share):
    """A share of one as whole percent ("38 %"); an en dash for none."""
    return formatting.percent(share)


@register.simple_tag(takes_context=True)
def form_media(context, media):
    """A form's media with the request's CSP nonce on its tags.

    The rich-text editor needs an import map, which browsers accept only inline; the nonce
    lets the Content-Security-Policy allow exactly that one script and no injected one.
    """
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None or not isinstance(media, JsAssetMedia):
        return media.render()
    return media.render(attrs={"nonce": str(nonce)})
