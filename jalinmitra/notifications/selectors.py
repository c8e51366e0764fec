from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from jalinmitra.notifications.choices import Channel, DeliveryStatus
from jalinmitra.notifications.models import Delivery, Notification, PeriodicRun, Preference

if TYPE_CHECKING:
    from jalinmitra.core.actors import Actor


def unread_count(*, user: Actor) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def inbox(*, user: Actor) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def preference_of(*, user: Actor) -> Preference:
    return Preference.objects.filter(user_id=user.pk).first() or Preference(user_id=user.pk)


def whatsapp_to_send(*, event: str = "") -> QuerySet[Delivery]:
    """WhatsApp messages an officer sends from their own phone: click-to-chat, and those
    the gateway could not deliver."""
    rows = Delivery.objects.filter(
        channel=Channel.WHATSAPP, status__in=[DeliveryStatus.MANUAL, DeliveryStatus.FAILED]
    )
    if event:
        rows = rows.filter(notification__event=event)
    return rows.select_related("notification__recipient").order_by("notification__created_at")


def whatsapp_invalid() -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(channel=Channel.WHATSAPP, status=DeliveryStatus.INVALID)
        .select_related("notification__recipient")
        .order_by("notification__recipient_id", "-pk")
        .distinct()
    )


def periodic_runs(*, limit: int = 50) -> list[PeriodicRun]:
    return list(PeriodicRun.objects.all()[:limit])
