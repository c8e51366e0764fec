"""The confirmed value per agreement and month (models.EntryMonth), kept up to date on every
saved or deleted entry, so the dashboard sums a period's whole months from a few thousand rows
instead of the entries (see dashboard.breakdowns). Entries written past save() and delete()
(bulk_create: the benchmark, some tests) are counted after `rebuild()`."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

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


def refresh(agreement_id: int) -> None:
    """One agreement's months computed again (three queries), by the signals of every saved or
    deleted entry (state.entry_changed), in the same transaction, with the agreement locked."""
    EntryMonth.objects.filter(agreement_id=agreement_id).delete()
    EntryMonth.objects.bulk_create(_rows(Entry.objects.filter(agreement_id=agreement_id)))


def rebuild() -> None:
    """Every agreement's months computed again from the entries."""
    with transaction.atomic():
        EntryMonth.objects.all().delete()
        EntryMonth.objects.bulk_create(_rows(Entry.objects.all()), batch_size=2000)
    if connection.vendor == "postgresql":  # the planner's statistics at once
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {EntryMonth._meta.db_table}")
