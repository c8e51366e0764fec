from django import template

from jalinmitra.matching.reasons import reason_text

register = template.Library()


@register.filter
def match_reason(reason: str) -> str:
    """An engine reason in the reader's language (see matching.reasons)."""
    return reason_text(str(reason))
