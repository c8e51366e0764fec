from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format

from jalinmitra.core.dates import format_tanggal
from jalinmitra.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value):
    """1250000 -> Rp1.250.000"""
    if value in (None, ""):
        return "–"
    return format_rupiah(value)


@register.filter
def tanggal(value):
    """A date in Indonesian: 28 November 2026."""
    if not value:
        return "–"
    if hasattr(value, "astimezone"):
        value = timezone.localtime(value).date()
    if translation.get_language() == "en":
        return date_format(value, "j F Y")
    return format_tanggal(value)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
