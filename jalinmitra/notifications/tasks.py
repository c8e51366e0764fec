"""Background work of notifications: WhatsApp through the gateway (slow, retried), and the
periodic tick that reschedules itself, so daily work runs while `db_worker` runs, no cron."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from jalinmitra.notifications.choices import Channel, DeliveryStatus
from jalinmitra.notifications.models import Delivery
from jalinmitra.notifications.services import delivery_send_whatsapp, periodic_tick

TICK_PATH = "jalinmitra.notifications.tasks.periodic_task"


@task()
def send_whatsapp(ids: list[int]) -> None:
    for delivery in Delivery.objects.filter(
        pk__in=ids, channel=Channel.WHATSAPP, status=DeliveryStatus.PENDING
    ).select_related("notification"):
        delivery_send_whatsapp(delivery=delivery)


def tick_interval() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "PERIODIC_TICK_SECONDS", 600)))


def periodic_task_schedule(*, after: dt.timedelta | None = None) -> bool:
    """Queue the next tick unless one is already waiting; returns whether it queued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=TICK_PATH, status=TaskResultStatus.READY).exists():
        return False
    periodic_task.using(run_after=timezone.now() + (after or dt.timedelta())).enqueue()
    return True


@task()
def periodic_task() -> None:
    try:
        periodic_tick()
    finally:
        periodic_task_schedule(after=tick_interval())
