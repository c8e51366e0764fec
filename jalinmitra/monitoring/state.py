"""Each agreement's health facts that do not depend on the day, kept per agreement
(models.AgreementState, models.UnpaidDelivery), so the health of all running agreements is read
from a few thousand rows instead of computed from the entries (the window functions over every
confirmed entry of selectors._summaries), on a new day as after a write.

What is kept: the sums, the last entry and the disputes; the deliveries paid late (how many, the
most days late, the due date of the REPEATED_LATE_COUNT-th); and every confirmed delivery not
(fully) paid with its due date and running total. Only that last part depends on the day (an
unpaid delivery is late from the day after its due date), and it is summed in SQL at read time
(`summaries`): the unpaid deliveries are the last ones (payments pay the oldest first) and their
due dates grow with their dates, so those overdue on a day are the first of them, and each one's
place among the late deliveries (`n`, after the ones paid late) does not change with the day.

Kept by the signals of every saved or deleted entry or agreement (`entry_changed`,
`agreement_changed`, connected in MonitoringConfig.ready), in the same transaction, the
agreement locked so two writes on it take turns; the agreement's months (monitoring/months.py)
under the same lock. Entries written past the signals (bulk_create: the benchmark, some tests)
are found at read time by their number (`sync`) and their agreements computed again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from jalinmitra.agreements.models import Agreement
from jalinmitra.monitoring import health as rules
from jalinmitra.monitoring.choices import EntryKind, EntryStatus
from jalinmitra.monitoring.models import AgreementState, Entry, UnpaidDelivery

# Passed as "today" to the late deliveries' SQL: every unpaid delivery comes back.
_NEVER = dt.date(9999, 1, 1)


def _compute(ids: list[int]) -> tuple[list[AgreementState], list[UnpaidDelivery]]:
    """The state of the agreements `ids` from their entries: two queries."""
    from jalinmitra.monitoring import selectors

    if not ids:
        return [], []
    confirmed = Q(status=EntryStatus.CONFIRMED)
    standing = ~Q(status=EntryStatus.SUPERSEDED)
    disputed = Q(status=EntryStatus.DISPUTED)
    rows = (
        Entry.objects.filter(agreement_id__in=ids)
        .order_by()
        .values("agreement_id")
        .annotate(
            realised=Sum("value", filter=confirmed & Q(kind=EntryKind.DELIVERY), default=0),
            paid=Sum("value", filter=confirmed & Q(kind=EntryKind.PAYMENT), default=0),
            last=Max("date", filter=standing),
            disputed_n=Count("id", filter=disputed),
            disputed_since=Min("date", filter=disputed),
            n=Count("id"),
        )
    )
    states = {
        r["agreement_id"]: AgreementState(
            agreement_id=r["agreement_id"],
            realised=int(r["realised"]),
            paid=int(r["paid"]),
            last_entry=r["last"],
            disputed=r["disputed_n"],
            disputed_since=r["disputed_since"],
            entries=r["n"],
        )
        for r in rows
    }
    scope_sql, params = selectors._scope([Agreement(pk=pk) for pk in ids])
    with connection.cursor() as cursor:
        cursor.execute(selectors._late_sql(selectors._LATE_SQL, scope_sql), [*params, _NEVER])
        late = cursor.fetchall()
    unpaid: list[UnpaidDelivery] = []
    unpaid_of: dict[int, int] = {}
    for agreement_id, date, value, cum, paid_on, term in late:  # ordered as the rules read them
        state = states[agreement_id]
        due = selectors._as_date(date) + dt.timedelta(days=term)
        if paid_on is not None:
            state.paid_late += 1
            days = (selectors._as_date(paid_on) - due).days
            state.paid_late_max_days = max(state.paid_late_max_days, days)
            if state.paid_late == rules.REPEATED_LATE_COUNT:
                state.paid_late_nth_due = due
            continue
        unpaid_of[agreement_id] = unpaid_of.get(agreement_id, 0) + 1
        n = state.paid_late + unpaid_of[agreement_id]
        unpaid.append(
            UnpaidDelivery(agreement_id=agreement_id, n=n, due=due, value=int(value), cum=int(cum))
        )
    return list(states.values()), unpaid


def _store(ids: list[int]) -> None:
    """The state of the agreements `ids` computed again (in the caller's transaction)."""
    AgreementState.objects.filter(agreement_id__in=ids).delete()
    UnpaidDelivery.objects.filter(agreement_id__in=ids).delete()
    states, unpaid = _compute(ids)
    AgreementState.objects.bulk_create(states, batch_size=2000)
    UnpaidDelivery.objects.bulk_create(unpaid, batch_size=5000)


def entry_changed(sender, instance: Entry, **kwargs) -> None:
    """An entry was saved or deleted: its agreement's state and months computed again, in the
    same transaction, the agreement locked so two writes on it take turns. Not for a raw save:
    rows loaded as stored bring their state with them."""
    from jalinmitra.monitoring import months

    if kwargs.get("raw"):
        return
    with transaction.atomic():
        list(Agreement.objects.select_for_update().filter(pk=instance.agreement_id).values("pk"))
        months.refresh(instance.agreement_id)
        _store([instance.agreement_id])


def agreement_changed(sender, instance: Agreement, **kwargs) -> None:
    """An agreement was saved (its payment term dates its deliveries' due dates) or deleted.
    An agreement with no entry (a new one: every save until it runs) has no state to keep."""
    if kwargs.get("raw") or kwargs.get("created"):
        return
    if not AgreementState.objects.filter(agreement_id=instance.pk).exists():
        return
    with transaction.atomic():
        _store([instance.pk])


def rebuild(ids: Iterable[int] | None = None) -> None:
    """The state of the agreements `ids` (all when None) computed again from the entries."""
    with transaction.atomic():
        if ids is None:
            AgreementState.objects.all().delete()
            UnpaidDelivery.objects.all().delete()
            all_ids = list(
                Entry.objects.order_by().values_list("agreement_id", flat=True).distinct()
            )
            for at in range(0, len(all_ids), 500):
                states, unpaid = _compute(all_ids[at : at + 500])
                AgreementState.objects.bulk_create(states, batch_size=2000)
                UnpaidDelivery.objects.bulk_create(unpaid, batch_size=5000)
        else:
            ids = sorted(set(ids))
            for at in range(0, len(ids), 500):
                _store(ids[at : at + 500])
    if connection.vendor == "postgresql" and ids is None:  # the planner's statistics at once
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {AgreementState._meta.db_table}")
            cursor.execute(f"ANALYZE {UnpaidDelivery._meta.db_table}")


def sync(*, after: int | None = None) -> None:
    """Entries written past the signals (bulk_create) counted: when the entries' number is not
    the one the states counted (one query), the agreements whose number differs are computed
    again (rare: a load with bulk_create, the first read after the migration).

    `after`: the newest entry id of an earlier check (the cached health's, selectors._State):
    an entry made past the signals since then has a higher id (bulk_create takes new ids), so
    only the agreements of the entries after it are counted, not all 200,000 entries (a scan of
    the whole table, 20-40 ms on the benchmark's data): one query, by the primary key's index
    when there is none."""
    entry_table, state_table = Entry._meta.db_table, AgreementState._meta.db_table
    if after is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.agreement_id FROM (SELECT agreement_id, COUNT(*) AS n "
                f"FROM {entry_table} WHERE agreement_id IN "
                f"(SELECT agreement_id FROM {entry_table} WHERE id > %s) GROUP BY agreement_id) c "
                f"LEFT JOIN {state_table} s ON s.agreement_id = c.agreement_id "
                "WHERE s.agreement_id IS NULL OR s.entries <> c.n",
                [after],
            )
            differ = [row[0] for row in cursor.fetchall()]
        if differ:
            rebuild(differ)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {entry_table}), (SELECT SUM(entries) FROM {state_table})"
        )
        entries, counted = cursor.fetchone()
    if int(entries or 0) == int(counted or 0):
        return
    found = dict(
        Entry.objects.order_by()
        .values("agreement_id")
        .annotate(n=Count("id"))
        .values_list("agreement_id", "n")
    )
    kept = dict(AgreementState.objects.values_list("agreement_id", "entries"))
    rebuild([pk for pk in found.keys() | kept.keys() if found.get(pk) != kept.get(pk)])


def _scope_sql(agreements) -> tuple[str, list]:
    if isinstance(agreements, QuerySet):
        sql, params = agreements.order_by().values("pk").query.sql_with_params()
        return f"IN ({sql})", list(params)
    ids = [a.pk for a in agreements] or [0]
    return f"IN ({', '.join(['%s'] * len(ids))})", ids


def summaries(
    agreements, *, today: dt.date, check: bool = True, checked_upto: int | None = None
) -> dict[int, rules.Summary]:
    """health.Summary (with its LateStats) of the agreements (a queryset: read as a subquery;
    or a list) from the kept state, on `today`: the check (`sync`) and two queries whatever the
    number of agreements or entries. The same as selectors._summaries(late_rows=False)
    (tested). `check=False`: the caller knows no entry was added since the last check;
    `checked_upto`: the newest entry id of the last check (only newer entries are counted)."""
    if check:
        sync(after=checked_upto)
    scope, params = _scope_sql(agreements)
    out: dict[int, rules.Summary] = {}
    state_table, unpaid_table = AgreementState._meta.db_table, UnpaidDelivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT agreement_id, realised, paid, last_entry, disputed, disputed_since, "
            "paid_late, paid_late_max_days, paid_late_nth_due "
            f"FROM {state_table} WHERE agreement_id {scope}",
            params,
        )
        states = cursor.fetchall()
        # The unpaid deliveries overdue today: the first of each agreement's unpaid ones.
        cursor.execute(
            "SELECT agreement_id, COUNT(*), MIN(due), MAX(cum), MIN(cum - value), "
            "MIN(CASE WHEN n = %s THEN due END) "
            f"FROM {unpaid_table} WHERE due < %s AND agreement_id {scope} GROUP BY agreement_id",
            [rules.REPEATED_LATE_COUNT, today, *params],
        )
        overdue = {row[0]: row[1:] for row in cursor.fetchall()}
    as_date = _as_date
    for pk, realised, paid, last, disputed, since, paid_late, late_max, nth_due in states:
        summary = rules.Summary(
            realised=int(realised),
            paid=int(paid),
            last_entry=as_date(last),
            disputed=disputed,
            disputed_since=as_date(since),
        )
        number, max_days, overdue_days, outstanding, overdue_since = paid_late, late_max, 0, 0, None
        repeated_since = as_date(nth_due)
        found = overdue.get(pk)
        if found is not None:
            count, first_due, last_cum, first_before, nth = found
            overdue_since = as_date(first_due)
            overdue_days = (today - (overdue_since or today)).days
            number += count
            max_days = max(max_days, overdue_days)
            outstanding = int(last_cum) - max(int(first_before), summary.paid)
            if repeated_since is None and nth is not None:
                repeated_since = as_date(nth)
        if number:
            summary.stats = rules.LateStats(
                number=number,
                max_days=max_days,
                overdue_days=overdue_days,
                outstanding=outstanding,
                overdue_since=overdue_since,
                repeated_since=repeated_since,
            )
        out[pk] = summary
    return out


def _as_date(value) -> dt.date | None:
    # SQLite hands dates back as text through a raw cursor; PostgreSQL as dates.
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
