"""`{% agreement_panels agreement %}`: what higher apps add to an agreement's page
(agreements.hooks.agreement_detail_panels), in the order they registered."""

from django import template
from django.utils.safestring import mark_safe

from jalinmitra.agreements import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def agreement_panels(context, agreement) -> str:
    request = context.get("request")
    if request is None:
        return ""
    # Each hook returns HTML it rendered (and escaped) itself.
    return mark_safe("".join(fn(request, agreement) for fn in hooks.agreement_detail_panels))  # noqa: S308
