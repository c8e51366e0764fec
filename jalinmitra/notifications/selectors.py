from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Model, Q, QuerySet

from jalinmitra.notifications.choices import Channel, DeliveryStatus
from jalinmitra.notifications.models import (
    Delivery,
    Message,
    MessageTemplate,
    Notification,
    PeriodicRun,
    Preference,
)

if TYPE_CHECKING:
    from jalinmitra.core.actors import Actor


def unread_count(*, user: Actor) -> int:
    """The badge in every signed-in page's menu: one plain query (the ORM's COUNT cost more
    to build than to run: ~0.3 ms a page)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    meta = Notification._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(meta.db_table)}"
            f" WHERE {quote(meta.get_field('recipient').column)} = %s"
            f" AND {quote(meta.get_field('read_at').column)} IS NULL",
            [user.pk],
        )
        return int(cursor.fetchone()[0])


def inbox(*, user: Actor) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def preference_of(*, user: Actor) -> Preference:
    return Preference.objects.filter(user_id=user.pk).first() or Preference(user_id=user.pk)


def targets_notified(*, event: str, model: type[Model], ids: Iterable[int]) -> set[int]:
    """Which of these objects (of `model`) already have a notification of `event`: what a
    periodic job has announced once is not announced again."""
    from django.contrib.contenttypes.models import ContentType

    return set(
        Notification.objects.filter(
            event=event,
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=list(ids),
        ).values_list("object_id", flat=True)
    )


def message_templates(*, language: str) -> dict[str, MessageTemplate]:
    """The admins' own texts in one language, by kind, in one query."""
    return {t.kind: t for t in MessageTemplate.objects.filter(language=language)}


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


def thread_messages(*, user: Actor, target) -> tuple[list, object]:
    """The messages of the object's thread (oldest first, each with `is_new` for this
    reader) and when the reader last read it. Reading writes nothing."""
    from django.contrib.contenttypes.models import ContentType

    from jalinmitra.notifications.models import Message, ThreadRead

    ct = ContentType.objects.get_for_model(target)
    messages = list(
        Message.objects.filter(thread__content_type=ct, thread__object_id=target.pk).select_related(
            "author"
        )
    )
    read = ThreadRead.objects.filter(
        thread__content_type=ct, thread__object_id=target.pk, user_id=user.pk
    ).first()
    last = read.read_at if read else None
    for m in messages:
        m.is_new = m.author_id != user.pk and (last is None or m.created_at > last)  # type: ignore[attr-defined]
    return messages, last


def guest_messages(*, target: Model | None = None, guest_key: str = "") -> QuerySet[Message]:
    """Messages written by guests without an account (enquirers through their private link),
    in the object's thread and/or by one keyed address; oldest first."""
    from django.contrib.contenttypes.models import ContentType

    rows = Message.objects.filter(by_guest=True)
    if target is not None:
        rows = rows.filter(
            thread__content_type=ContentType.objects.get_for_model(target),
            thread__object_id=target.pk,
        )
    if guest_key:
        rows = rows.filter(guest_key=guest_key)
    return rows


def messages_in_threads(*, targets: QuerySet) -> QuerySet[Message]:
    """Every message (by anyone, guests included) of the threads on these objects."""
    from django.contrib.contenttypes.models import ContentType

    return Message.objects.filter(
        thread__content_type=ContentType.objects.get_for_model(targets.model),
        thread__object_id__in=targets.values("pk"),
    )


def notifications_on(*, targets: QuerySet) -> QuerySet[Notification]:
    """The notifications whose object is one of `targets` (each message's "new message")."""
    from django.contrib.contenttypes.models import ContentType

    return Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(targets.model),
        object_id__in=targets.values("pk"),
    )


# --- what is held about a person (the privacy app's copy and erasure) -------------------


def notifications_for(*, user_ids: Iterable[int]) -> QuerySet[Notification]:
    """The notifications these people received (their inbox)."""
    return Notification.objects.filter(recipient_id__in=list(user_ids)).select_related(
        "recipient", "actor"
    )


def notifications_about(*, user_ids: Iterable[int]) -> QuerySet[Notification]:
    """Notifications these people received or caused (a message they wrote tells the other
    party their name and words)."""
    ids = list(user_ids)
    return Notification.objects.filter(Q(recipient_id__in=ids) | Q(actor_id__in=ids))


def deliveries_for(*, user_ids: Iterable[int], addresses: Iterable[str] = ()) -> QuerySet[Delivery]:
    """The deliveries of these people's notifications, and any delivery to one of
    `addresses` (an email address or a 62… number, e.g. a business's WhatsApp that its staff
    received on)."""
    q = Q(notification__recipient_id__in=list(user_ids))
    found = [a for a in addresses if a]
    if found:
        q |= Q(address__in=found)
    return Delivery.objects.filter(q).select_related("notification")


def preferences_of(*, user_ids: Iterable[int]) -> QuerySet[Preference]:
    return Preference.objects.filter(user_id__in=list(user_ids)).select_related("user")


def messages_by(*, user_ids: Iterable[int]) -> QuerySet[Message]:
    """Conversation messages these people wrote, with their threads."""
    return (
        Message.objects.filter(author_id__in=list(user_ids))
        .select_related("thread__content_type", "author")
        .order_by("created_at", "pk")
    )
