"""The confirmed value per agreement and month (models.EntryMonth), kept up to date on every
saved or deleted entry, so the dashboard sums a period's whole months from a few thousand rows
instead of the entries (see dashboard.breakdowns). Entries written past save() and delete()
(bulk_create: the benchmark, some tests) are counted after `rebuild()`."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from jalinmitra.agreements.models import Agreement
from jalinmitra.monitoring.choices import EntryKind, EntryStatus
from jalinmitra.monitoring.models import Entry, EntryMonth


def _rows(entries) -> list[EntryMonth]:
    sums = (
        entries.filter(status=EntryStatus.CONFIRMED)
        .values("agreement_id", month=TruncMonth("date"))
        .annotate(
            d=Sum("value", filter=Q(kind=EntryKind.DELIVERY), default=0),
            p=Sum("value", filter=Q(kind=EntryKind.PAYMENT), default=0),
        )
        .order_by()
    )
    return [
        EntryMonth(agreement_id=r["agreement_id"], month=r["month"], delivered=r["d"], paid=r["p"])
        for r in sums
    ]


def entry_changed(sender, instance: Entry, **kwargs) -> None:
    """An entry was saved or deleted: its agreement's months computed again, in the same
    transaction, the agreement locked so two writes on it take turns (four queries). Not for a
    raw save: rows loaded as stored bring their months with them."""
    if kwargs.get("raw"):
        return
    with transaction.atomic():
        list(Agreement.objects.select_for_update().filter(pk=instance.agreement_id).values("pk"))
        EntryMonth.objects.filter(agreement_id=instance.agreement_id).delete()
        EntryMonth.objects.bulk_create(
            _rows(Entry.objects.filter(agreement_id=instance.agreement_id))
        )


def rebuild() -> None:
    """Every agreement's months computed again from the entries."""
    with transaction.atomic():
        EntryMonth.objects.all().delete()
        EntryMonth.objects.bulk_create(_rows(Entry.objects.all()), batch_size=2000)
    if connection.vendor == "postgresql":  # the planner's statistics at once
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {EntryMonth._meta.db_table}")
