from django import template

from jalinmitra.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def notifications_unread(user) -> int:
    return unread_count(user=user)
