from django import template

register = template.Library()


@register.filter
def slot_end(event, slot: str) -> str:
    """The end time of a slot: {{ event|slot_end:m.slot }} -> "09:20"."""
    return event.slot_end_label(slot)
