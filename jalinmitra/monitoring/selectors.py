"""Reads of the monitoring app: what counts as realised, the health of agreements (the rules are
in the pure health.py), who may see what, and the officer's worklist."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.agreements.choices import Party, Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.models import Business, BusinessKbli, Membership
from jalinmitra.core import reference, tokens
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION
from jalinmitra.monitoring import caching
from jalinmitra.monitoring import health as rules
from jalinmitra.monitoring.caching import stamped
from jalinmitra.monitoring.choices import EntryKind, EntryStatus, Health
from jalinmitra.monitoring.health import HealthResult
from jalinmitra.monitoring.models import Entry, GrowthReport, HealthChange, Intervention

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

# Agreements whose deliveries and payments are recorded and watched.
MONITORED = [Status.ACTIVE]
# A pending entry not confirmed in this many days goes to the worklist.
PENDING_STALE_DAYS = 14
# The worklist shows this many of a partner's latest late payments (the page stays light).
HISTORY_SHOWN = 10


def dormant_days() -> int:
    return int(getattr(settings, "MONITORING_DORMANT_DAYS", rules.DORMANT_DAYS))


def counted_entries() -> QuerySet[Entry]:
    """What counts as realised: confirmed entries (a confirmed correction supersedes the entry
    it corrects, which then no longer counts)."""
    return Entry.objects.filter(status=EntryStatus.CONFIRMED)


# --- who may see ------------------------------------------------------------------------


def member_business_ids(*, user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("business_id", flat=True))


def side_of(*, user: User, agreement: Agreement) -> str | None:
    """The party the user acts for on this agreement (small/large), None for neither or both."""
    ids = member_business_ids(user=user)
    small, large = agreement.small_party_id in ids, agreement.large_party_id in ids
    if small and not large:
        return Party.SMALL
    if large and not small:
        return Party.LARGE
    return None


def may_view(*, user: User, agreement: Agreement) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_officer:
        return True
    ids = member_business_ids(user=user)
    return agreement.small_party_id in ids or agreement.large_party_id in ids


def is_neutral_officer(*, user: User, agreement: Agreement) -> bool:
    """An officer who is a member of neither party (one who is may not act for the other)."""
    if not user.is_officer:
        return False
    ids = member_business_ids(user=user)
    return agreement.small_party_id not in ids and agreement.large_party_id not in ids


def agreement_for_monitoring(*, user: User, pk: int) -> Agreement:
    """An agreement the user may see the records of: officers any, members of either party
    their own; 404 for an unknown one, 403 for anyone else (a bank, an unrelated business)."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("small_party", "large_party"), pk=pk
    )
    if not may_view(user=user, agreement=agreement):
        raise PermissionDenied(
            _("Hanya pihak dalam perjanjian atau petugas yang dapat melihat ini.")
        )
    return agreement


def entry_for_user(*, user: User, pk: int) -> Entry:
    entry = get_object_or_404(
        Entry.objects.select_related(
            "agreement__small_party", "agreement__large_party", "recorded_by", "decided_by"
        ),
        pk=pk,
    )
    if not may_view(user=user, agreement=entry.agreement):
        raise PermissionDenied(
            _("Hanya pihak dalam perjanjian atau petugas yang dapat melihat ini.")
        )
    return entry


def entries_of(*, agreement: Agreement) -> QuerySet[Entry]:
    return agreement.entries.select_related("recorded_by", "decided_by", "corrects").order_by(
        "-date", "-id"
    )


def agreements_for_recording(*, user: User) -> QuerySet[Agreement]:
    """The running agreements the user may record on: a member's own, or every one for an
    officer."""
    qs = Agreement.objects.filter(status__in=MONITORED).select_related("small_party", "large_party")
    if user.is_officer:
        return qs.order_by("end_date", "pk")
    ids = member_business_ids(user=user)
    return qs.filter(Q(small_party_id__in=ids) | Q(large_party_id__in=ids)).order_by(
        "end_date", "pk"
    )


def waiting_for(*, user: User, agreement: Agreement) -> list[Entry]:
    """Entries the user's side must confirm or dispute (recorded on the other side)."""
    side = side_of(user=user, agreement=agreement)
    if side is None:
        return []
    return list(
        agreement.entries.filter(status=EntryStatus.PENDING)
        .exclude(party=side)
        .select_related("recorded_by")
        .order_by("date", "id")
    )


def waiting_counts(*, user: User, agreements: list[Agreement]) -> dict[int, int]:
    """{agreement pk: entries the user's side must answer}, in one query."""
    ids = member_business_ids(user=user)
    counts: dict[int, int] = defaultdict(int)
    if not ids:
        return counts
    sides = {}
    for a in agreements:
        small, large = a.small_party_id in ids, a.large_party_id in ids
        if small != large:
            sides[a.pk] = Party.SMALL if small else Party.LARGE
    rows = Entry.objects.filter(
        agreement_id__in=list(sides), status=EntryStatus.PENDING
    ).values_list("agreement_id", "party")
    for agreement_id, party in rows:
        if party != sides[agreement_id]:
            counts[agreement_id] += 1
    return counts


# --- health --------------------------------------------------------------------------------


def _terms(agreement: Agreement, *, has_follow_up: bool) -> rules.Terms:
    return rules.Terms(
        start=agreement.start_date,
        end=agreement.end_date,
        payment_term_days=agreement.payment_term_days,
        estimated_value=agreement.estimated_value,
        has_follow_up=has_follow_up,
    )


def _follow_up_ids(agreements: list[Agreement], *, scope: QuerySet | None = None) -> set[int]:
    """Agreements extended or followed up: another agreement of the same two parties (an
    addendum or a new one, not ended in failure) running past this one's end. One query;
    `scope`, a queryset of the same agreements, is read as a subquery, not a list of ids."""
    if not agreements:
        return set()
    small_ids = (
        scope.order_by().values("small_party_id")
        if scope is not None
        else {a.small_party_id for a in agreements}
    )
    others = Agreement.objects.filter(small_party_id__in=small_ids).exclude(
        status__in=[Status.TERMINATED, Status.AMENDED]
    )
    # Per pair, the two latest ends: enough to know whether another one runs past any of them.
    top: dict[tuple[int, int], list[tuple[dt.date, int]]] = {}
    for pk, small, large, end in others.values_list(
        "pk", "small_party_id", "large_party_id", "end_date"
    ):
        best = top.setdefault((small, large), [])
        best.append((end, pk))
        best.sort(reverse=True)
        del best[2:]
    followed = set()
    for a in agreements:
        for end, pk in top.get((a.small_party_id, a.large_party_id), []):
            if pk != a.pk:
                if end > a.end_date:
                    followed.add(a.pk)
                break
    return followed


def _as_date(value) -> dt.date:
    # SQLite hands dates back as text through a raw cursor; PostgreSQL as dates.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _scope(agreements) -> tuple[str, list]:
    """SQL restricting entries to the agreements, and its parameters: a subquery for a
    queryset (no parameter per agreement), the ids for a list."""
    if isinstance(agreements, QuerySet):
        sql, params = agreements.order_by().values("pk").query.sql_with_params()
        return f"e.agreement_id IN ({sql})", list(params)
    ids = [a.pk for a in agreements] or [0]
    return f"e.agreement_id IN ({', '.join(['%s'] * len(ids))})", ids


# The late deliveries, computed by the database: confirmed deliveries and payments each get
# their running total per agreement (by date, then id); a delivery is paid on the first payment
# whose running total reaches the delivery's (payments' running totals grow with their dates,
# so that is the earliest payment date at or after it in running-total order, read as a
# running minimum in descending order: a frame the database keeps incrementally). Only the late
# ones are kept: paid after the due date, or unpaid and past it. The same rule as
# health.late_deliveries, which is the specification (tests/test_health_sql.py compares them).
# The index entry_confirmed_running hands the confirmed entries over already in the order of
# the first window, so the database sorts only within each agreement for the second.
_LATE_CTE = """
WITH running AS (
    SELECT e.agreement_id, e.kind, e.date, e.value,
           SUM({value}) OVER (PARTITION BY e.agreement_id, e.kind ORDER BY e.date, e.id
                              ROWS UNBOUNDED PRECEDING) AS cum
    FROM monitoring_entry e
    WHERE e.status = 'confirmed' AND {scope}
), matched AS (
    SELECT agreement_id, kind, date, value, cum,
           MIN(CASE WHEN kind = 'payment' THEN date END) OVER (
               PARTITION BY agreement_id ORDER BY cum DESC, kind DESC
               ROWS UNBOUNDED PRECEDING) AS paid_on
    FROM running
), late AS (
    SELECT m.agreement_id, m.date, m.value, m.cum, m.paid_on, {due} AS due,
           a.payment_term_days AS term
    FROM matched m JOIN agreements_agreement a ON a.id = m.agreement_id
    WHERE m.kind = 'delivery'
      AND ((m.paid_on IS NULL AND {due} < %s) OR m.paid_on > {due})
)
"""
# Every late delivery (one agreement's page; the tests).
_LATE_SQL = (
    _LATE_CTE
    + "SELECT agreement_id, date, value, cum, paid_on, term FROM late "
    + "ORDER BY agreement_id, date, cum"
)
# What the rules read from them, per agreement (many agreements: no row per delivery comes
# back): how many, the most days late, the most days an unpaid one is overdue, the oldest
# overdue one's due date, the running totals that give the outstanding value (the unpaid ones
# are the last deliveries, so the overdue ones are one run of them: outstanding = the run's last
# running total - max(the running total before its first, all that was paid)), and the due date
# of the REPEATED_LATE_COUNT-th.
_LATE_STATS_SQL = (
    _LATE_CTE
    + """, numbered AS (
    SELECT late.*, {days} AS days,
           ROW_NUMBER() OVER (PARTITION BY agreement_id ORDER BY date, cum) AS n
    FROM late
)
SELECT agreement_id, COUNT(*), MAX(days),
       MAX(CASE WHEN paid_on IS NULL THEN days END),
       MIN(CASE WHEN paid_on IS NULL THEN due END),
       MAX(CASE WHEN paid_on IS NULL THEN cum END),
       MIN(CASE WHEN paid_on IS NULL THEN cum - value END),
       MIN(CASE WHEN n = %s THEN due END)
FROM numbered GROUP BY agreement_id
"""
)
# The latest late deliveries of each agreement (the worklist's history of the KPPU signal).
_LATE_LATEST_SQL = (
    _LATE_CTE
    + """, numbered AS (
    SELECT late.*, ROW_NUMBER() OVER (PARTITION BY agreement_id ORDER BY date DESC, cum DESC) AS back
    FROM late
)
SELECT agreement_id, date, value, cum, paid_on, term FROM numbered WHERE back <= %s
ORDER BY agreement_id, date, cum
"""
)
_DUE = {
    "postgresql": "(m.date + a.payment_term_days)",
    "sqlite": "date(m.date, '+' || a.payment_term_days || ' days')",
}
_DAYS = {
    "postgresql": "(COALESCE(paid_on, %s) - due)",
    "sqlite": "CAST(julianday(COALESCE(paid_on, %s)) - julianday(due) AS INTEGER)",
}
# PostgreSQL sums a bigint into a numeric, slow to add and to sort; a double holds every whole
# Rupiah sum below 2^53 (9 * 10^15) exactly.
_VALUE = {"postgresql": "CAST(e.value AS DOUBLE PRECISION)", "sqlite": "e.value"}


def _vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _late_sql(template: str, scope_sql: str) -> str:
    vendor = _vendor()
    return template.format(
        scope=scope_sql, due=_DUE[vendor], days=_DAYS[vendor], value=_VALUE[vendor]
    )


def _late_row(row, *, paid: int, today: dt.date) -> rules.Late:
    _agreement_id, date, value, cum, paid_on, term = row
    date = _as_date(date)
    due = date + dt.timedelta(days=term)
    if paid_on is not None:
        return rules.Late(date, due, (_as_date(paid_on) - due).days, int(value), 0)
    owed = min(int(value), int(cum) - paid)
    return rules.Late(date, due, (today - due).days, int(value), owed)


def _summaries(agreements, *, today: dt.date, late_rows: bool = True) -> dict[int, rules.Summary]:
    """health.Summary for every agreement in two queries whatever their number (the sums and
    dates, then the late deliveries), so 200,000 entries never travel to Python. With
    `late_rows=False` the database reduces the late deliveries to what the rules read
    (`health.LateStats`) and no row per delivery comes back."""
    scope_sql, scope_params = _scope(agreements)
    summaries: dict[int, rules.Summary] = defaultdict(rules.Summary)
    confirmed = Q(status=EntryStatus.CONFIRMED)
    disputed = Q(status=EntryStatus.DISPUTED)
    entries = Entry.objects.exclude(status=EntryStatus.SUPERSEDED)
    if isinstance(agreements, QuerySet):
        entries = entries.filter(agreement_id__in=agreements.order_by().values("pk"))
    else:
        entries = entries.filter(agreement_id__in=[a.pk for a in agreements])
    rows = (
        entries.order_by()
        .values("agreement_id")
        .annotate(
            realised=Sum("value", filter=confirmed & Q(kind=EntryKind.DELIVERY)),
            paid=Sum("value", filter=confirmed & Q(kind=EntryKind.PAYMENT)),
            last=Max("date"),
            disputed_n=Count("id", filter=disputed),
            disputed_since=Min("date", filter=disputed),
        )
    )
    for row in rows:
        summary = summaries[row["agreement_id"]]
        # int(): PostgreSQL sums a bigint column into a numeric
        summary.realised = int(row["realised"] or 0)
        summary.paid = int(row["paid"] or 0)
        summary.last_entry = row["last"]
        summary.disputed = row["disputed_n"]
        summary.disputed_since = row["disputed_since"]

    with connection.cursor() as cursor:
        if late_rows:
            cursor.execute(_late_sql(_LATE_SQL, scope_sql), [*scope_params, today])
            for row in cursor.fetchall():
                summary = summaries[row[0]]
                summary.late.append(_late_row(row, paid=summary.paid, today=today))
            return summaries
        cursor.execute(
            _late_sql(_LATE_STATS_SQL, scope_sql),
            [*scope_params, today, today, rules.REPEATED_LATE_COUNT],
        )
        stats_rows = cursor.fetchall()
    for pk, count, max_days, overdue_days, overdue_since, last_cum, first_before, nth in stats_rows:
        summary = summaries[pk]
        outstanding = 0
        if overdue_since is not None:
            outstanding = int(last_cum) - max(int(first_before), summary.paid)
        summary.stats = rules.LateStats(
            number=count,
            max_days=int(max_days),
            overdue_days=int(overdue_days or 0),
            outstanding=outstanding,
            overdue_since=_as_date(overdue_since) if overdue_since is not None else None,
            repeated_since=_as_date(nth) if nth is not None else None,
        )
    return summaries


def latest_late(
    agreements: list[Agreement], *, today: dt.date, paid: dict[int, int], n: int
) -> dict[int, list[rules.Late]]:
    """{agreement pk: its n latest late deliveries, oldest first}, in one query. `paid`: each
    agreement's confirmed payments (what the outstanding values are counted from)."""
    if not agreements:
        return {}
    scope_sql, scope_params = _scope(agreements)
    out: dict[int, list[rules.Late]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_late_sql(_LATE_LATEST_SQL, scope_sql), [*scope_params, today, n])
        for row in cursor.fetchall():
            out[row[0]].append(_late_row(row, paid=paid.get(row[0], 0), today=today))
    return out


# --- the health of many agreements, cached -----------------------------------------------
#
# The health of all running agreements is kept in the cache with what it was computed from,
# so a cached one is never stale, and after a write only the agreements written are
# recomputed:
# - the day (what is overdue, dormant, ending), the dormant days and the language of the
#   sentences: in the key, or checked; another day computes all of them;
# - a token (CACHE_TOKEN_KEY) that, when renewed, computes all of them again (nothing in the
#   app renews it now; the tests and the benchmark do, for the cold case);
# - the last HealthChange row read: every save or delete of an entry or an agreement writes
#   one (`changed`, connected in MonitoringConfig.ready; a deleted business's agreements are
#   deleted one by one, with the signal), at once and again once committed, so a reader that
#   read the last row before the write committed sees a newer row after it. The rows after the
#   cached one name the agreements to recompute: the entry's agreement, or the agreement and
#   the other running agreements of the same two parties (whose follow-up it may be);
# - the newest entry: entries made with bulk_create (the benchmark, some tests) bypass the
#   signals; their agreements are recomputed too.
# Nothing in the app writes entries or agreements past their save() and delete() (no
# QuerySet.update, no raw SQL): such a write would not be seen until the next day.

CACHE_TOKEN_KEY = "monitoring:health:token"
CACHE_SECONDS = 24 * 3600
# Fewer agreements than this are computed directly (one agreement's page, a member's list).
CACHED_FROM = 20
# More agreements changed than this since the cached health: all are computed again.
RECOMPUTE_AT_MOST = 200
# HealthChange rows older than this are removed (when everything is computed again).
CHANGES_KEPT_DAYS = 2


def changed(sender, instance, **kwargs) -> None:
    """An entry or an agreement was saved or deleted: note which agreement (one insert), now
    (this request, or a test in a transaction, sees it at once) and again once committed. A
    raw save (rows loaded as stored) changes no health."""
    from django.db import transaction

    if kwargs.get("raw"):
        return

    if isinstance(instance, Agreement):
        row = {
            "agreement_id": instance.pk,
            "small_party_id": instance.small_party_id,
            "large_party_id": instance.large_party_id,
        }
    else:
        row = {"agreement_id": instance.agreement_id}
    HealthChange.objects.create(**row)
    transaction.on_commit(lambda: HealthChange.objects.create(**row))


class _State(NamedTuple):
    """What the cached health was computed from (see above)."""

    day: dt.date
    token: str
    change: int
    entry: int


def _state(*, today: dt.date) -> _State:
    """Two small queries: the token, and the last change and entry."""
    token = tokens.read(CACHE_TOKEN_KEY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {HealthChange._meta.db_table}), "
            f"(SELECT MAX(id) FROM {Entry._meta.db_table})"
        )
        change, entry = cursor.fetchone()
    return _State(today, str(token), int(change or 0), int(entry or 0))


def health_stamp(*, today: dt.date) -> str:
    """A key part that changes with anything the health of the running agreements depends
    on (see above). Two small queries."""
    return _stamp(_state(today=today))


def health_state(*, today: dt.date) -> _State:
    """What the cached health is computed from (two small queries); `stamp_of` makes it a key
    part."""
    return _state(today=today)


def stamp_of(state: _State) -> str:
    return _stamp(state)


def _stamp(state: _State) -> str:
    text = f"{state.day.isoformat()}|{state.token}|{state.change}|{state.entry}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Compact(NamedTuple):
    """An agreement's health as the rules found it, without its sentences and its list of late
    deliveries (health.Assessment, the last entry as a date ordinal, 0 for none): what the
    cache keeps for thousands of agreements, small and fast to pickle; the sentences are made
    for the agreements read (`result`, `WorkList`)."""

    status: str
    findings: tuple[rules.Finding, ...]
    late_days: int
    outstanding: int
    realised: int
    expected: int
    paid: int
    last_entry: int
    late_count: int

    @classmethod
    def of(cls, a: rules.Assessment) -> Compact:
        last = a.last_entry
        return cls(
            a.status,
            a.findings,
            a.late_days,
            a.outstanding,
            a.realised,
            a.expected,
            a.paid,
            last.toordinal() if last is not None else 0,
            a.late_count,
        )

    def result(self, gettext=None) -> HealthResult:
        last = self.last_entry
        found = rules.Assessment(
            self.status,
            self.findings,
            self.late_days,
            self.outstanding,
            self.realised,
            self.expected,
            self.paid,
            dt.date.fromordinal(last) if last else None,
            self.late_count,
        )
        return rules.result_of(found, gettext=gettext or _gettext_memo())


class _Light(NamedTuple):
    """What the health reads of an agreement, as a tuple: thousands of model instances take a
    tenth of a second to make."""

    pk: int
    status: str
    start_date: dt.date
    end_date: dt.date
    payment_term_days: int
    estimated_value: int
    small_party_id: int
    large_party_id: int


def _light(agreements: QuerySet[Agreement]) -> list:
    return [
        _Light(*row)
        for row in agreements.values_list(
            "pk",
            "status",
            "start_date",
            "end_date",
            "payment_term_days",
            "estimated_value",
            "small_party_id",
            "large_party_id",
        )
    ]


def _running_compact(*, today: dt.date, state: _State | None = None) -> dict[int, Compact]:
    """The health of every running agreement, from the cache when nothing changed, with the
    agreements changed since computed again when few did (see above); otherwise computed, one
    agreements query and the three of `health_for_agreements`."""
    with caching.collector_paused():  # thousands of short-lived objects (caching.py)
        return _running_compact_of(today=today, state=state)


def _running_compact_of(*, today: dt.date, state: _State | None) -> dict[int, Compact]:
    key = f"monitoring:health:running:v3:{dormant_days()}"
    state = state or _state(today=today)
    found = _cached_health(key)
    if found is not None:
        old, health = found
        if old == state:
            return health
        if old.day == state.day and old.token == state.token:
            updated = _recompute_changed(health, old, state, today=today)
            if updated is not None:
                _cache_health(key, state, updated)
                return updated
    running = Agreement.objects.filter(status__in=MONITORED).only(*_HEALTH_FIELDS)
    # The entries past the signals were counted up to the cached health's newest entry.
    upto = found[0].entry if found is not None else None
    health = _health_of(
        _light(running),
        today=today,
        late_rows=False,
        scope=running,
        compact=True,
        checked_upto=upto,
    )
    _cache_health(key, state, health)
    kept_from = timezone.now() - dt.timedelta(days=CHANGES_KEPT_DAYS)
    HealthChange.objects.filter(created_at__lt=kept_from).delete()
    return health


def _cache_health(key: str, state: _State, health: dict[int, Compact]) -> None:
    # As plain tuples: named tuples take ten times as long to pickle and unpickle.
    caching.put(key, (tuple(state), {pk: tuple(c) for pk, c in health.items()}), CACHE_SECONDS)


def _cached_health(key: str) -> tuple[_State, dict[int, Compact]] | None:
    found = caching.get(key)
    if found is None:
        return None
    old, health = found
    make = Compact._make
    return _State._make(old), {pk: make(c) for pk, c in health.items()}


def _recompute_changed(
    health: dict[int, Compact], old: _State, state: _State, *, today: dt.date
) -> dict[int, Compact] | None:
    """`health` (computed under `old`) with the agreements changed up to `state` computed
    again; None when more than RECOMPUTE_AT_MOST changed (compute all). Two small queries and,
    when any of them runs, the four of `health_for_agreements` for those agreements."""
    bound = RECOMPUTE_AT_MOST + 1
    ids: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    if state.change > old.change:
        changes = (
            HealthChange.objects.filter(pk__gt=old.change, pk__lte=state.change)
            .values_list("agreement_id", "small_party_id", "large_party_id")
            .distinct()[:bound]
        )
        for pk, small, large in changes:
            ids.add(pk)
            if small is not None and large is not None:
                pairs.add((small, large))
    if state.entry > old.entry:  # entries made past the signals (bulk_create)
        ids.update(
            Entry.objects.filter(pk__gt=old.entry, pk__lte=state.entry)
            .order_by()
            .values_list("agreement_id", flat=True)
            .distinct()[:bound]
        )
    if len(ids) + len(pairs) > RECOMPUTE_AT_MOST:
        return None
    updated = dict(health)
    for pk in ids:
        updated.pop(pk, None)  # no longer running, or deleted, unless computed below
    if not ids:
        return updated
    wanted = Q(pk__in=sorted(ids))
    for small, large in sorted(pairs):
        wanted |= Q(small_party_id=small, large_party_id=large)
    scope = Agreement.objects.filter(wanted, status__in=MONITORED).only(*_HEALTH_FIELDS)
    # No entry added since the cached health: none past the signals either; else only the
    # entries added since are counted (state.sync).
    updated.update(
        _health_of(
            _light(scope),
            today=today,
            late_rows=False,
            scope=scope,
            check=state.entry > old.entry,
            checked_upto=old.entry,
            compact=True,
        )
    )
    return updated


def attention_needed(*, today: dt.date, state: _State | None = None) -> int:
    """How many running agreements' health is not "berjalan baik", from the cached health;
    `state`: `health_state()` of the same day, when the caller already read it."""
    found = _running_compact(today=today, state=state)
    return sum(1 for c in found.values() if c.status != Health.GOOD)


def running_health(*, today: dt.date | None = None) -> dict[int, HealthResult]:
    """{agreement pk: HealthResult} for every running agreement, cached (see above)."""
    found = _running_compact(today=today or timezone.localdate())
    gettext = _gettext_memo()
    return {pk: c.result(gettext) for pk, c in found.items()}


def _gettext_memo():
    """Django's gettext, remembered for one call: thousands of rows share a few sentences."""
    found: dict[str, str] = {}

    def gettext(message: str) -> str:
        text = found.get(message)
        if text is None:
            text = found[message] = _(message)
        return text

    return gettext


def health_for_agreements(
    agreements, *, today: dt.date | None = None, late_rows: bool = False
) -> dict[int, HealthResult]:
    """{agreement pk: HealthResult} for many agreements in a bounded number of queries whatever
    their number or their entries' (the agreements, the sums, the late statistics, the
    follow-ups; or, for CACHED_FROM running agreements or more, the cache's key and the
    summaries from the cache). The results carry `late_count`; the list of late deliveries
    (`late`) only with `late_rows=True`, computed directly."""
    today = today or timezone.localdate()
    agreements = list(agreements)
    if (
        not late_rows
        and len(agreements) >= CACHED_FROM
        and all(a.status in MONITORED for a in agreements)
    ):
        cached = _running_compact(today=today)
        missing = [a for a in agreements if a.pk not in cached]  # only if written past signals
        found = _health_of(missing, today=today, late_rows=False) if missing else {}
        gettext = _gettext_memo()
        return {
            a.pk: found[a.pk] if a.pk in found else cached[a.pk].result(gettext) for a in agreements
        }
    return _health_of(agreements, today=today, late_rows=late_rows)


def _health_of(
    agreements: list[Agreement],
    *,
    today: dt.date,
    late_rows: bool,
    scope: QuerySet | None = None,
    check: bool = True,
    checked_upto: int | None = None,
    compact: bool = False,
) -> dict:
    """The health of the agreements, as HealthResults, or with `compact=True` as Compacts
    (no sentence made: the running agreements' cached health); `scope`, a queryset of the same
    agreements, lets the database read them by a subquery instead of a list of thousands of
    ids."""
    from jalinmitra.monitoring import state

    agreements_or_scope = scope if scope is not None else agreements
    if late_rows:
        summaries = _summaries(agreements_or_scope, today=today, late_rows=True)
    else:  # from each agreement's kept state, not the entries (monitoring/state.py)
        summaries = state.summaries(
            agreements_or_scope, today=today, check=check, checked_upto=checked_upto
        )
    followed = _follow_up_ids(agreements, scope=scope)
    days = dormant_days()
    empty = rules.Summary()
    found = {
        a.pk: rules.assess(
            _terms(a, has_follow_up=a.pk in followed),
            summaries.get(a.pk) or empty,
            today=today,
            dormant_days=days,
        )
        for a in agreements
    }
    if compact:
        return {pk: Compact.of(f) for pk, f in found.items()}
    gettext = _gettext_memo()
    return {
        pk: rules.result_of(
            f, late=summaries[pk].late if pk in summaries else None, gettext=gettext
        )
        for pk, f in found.items()
    }


def agreement_health(agreement: Agreement, *, today: dt.date | None = None) -> HealthResult:
    """One agreement's health with every late delivery (its page)."""
    return health_for_agreements([agreement], today=today, late_rows=True)[agreement.pk]


def health_label(status: str) -> str:
    return str(Health(status).label)


def agreement_detail_panel(request, agreement: Agreement) -> str:
    """The health and the link to the records, on the agreement's page (agreements.hooks)."""
    if agreement.status not in MONITORED and not agreement.entries.exists():
        return ""
    result = agreement_health(agreement) if agreement.status in MONITORED else None
    return render_to_string(
        "monitoring/_agreement_panel.html",
        {
            "agreement": agreement,
            "health": result,
            "health_label": health_label(result.status) if result else "",
            "waiting": len(waiting_for(user=request.user, agreement=agreement)),
        },
        request=request,
    )


# --- the officer's worklist ---------------------------------------------------------------


@dataclass
class WorkItem:
    flag: str  # a health flag code, or "entry_disputed" / "entry_pending"
    label: str
    since: dt.date
    agreement_id: int
    text: str
    url: str
    # the agreement with its number and parties: filled in by worklist_details for the rows
    # shown (None until then)
    agreement: Agreement | None = None
    history: list | None = None  # the latest late deliveries, for the KPPU signal
    history_total: int = 0  # how many late deliveries in all
    interventions: list | None = None
    paid: int = 0  # the agreement's confirmed payments (for the history's outstanding values)


def work_flags() -> list[tuple[str, str]]:
    names = {
        "entry_disputed": _("Sanggahan menunggu"),
        "entry_pending": _("Belum dikonfirmasi"),
        rules.FLAG_REPEATED_LATE: _("Terlambat bayar berulang (KPPU)"),
        rules.FLAG_LATE: _("Pembayaran terlambat"),
        rules.FLAG_DORMANT: _("Tidak aktif"),
        rules.FLAG_BEHIND: _("Realisasi di bawah perkiraan"),
        rules.FLAG_ENDING: _("Segera berakhir"),
    }
    return list(names.items())


# What the health reads of an agreement (the worklist's rows get the rest for one page only).
_HEALTH_FIELDS = [
    "status",
    "start_date",
    "end_date",
    "payment_term_days",
    "estimated_value",
    "small_party",
    "large_party",
]


def _worklist_agreements(params: dict) -> QuerySet[Agreement]:
    qs = Agreement.objects.filter(status__in=MONITORED).only(*_HEALTH_FIELDS)
    if params.get("kecamatan"):
        qs = qs.filter(small_party__region__parent_id=params["kecamatan"])
    if params.get("sector"):
        qs = qs.filter(
            small_party_id__in=BusinessKbli.objects.filter(
                is_primary=True, kbli__category=params["sector"]
            ).values("business_id")
        )
    if params.get("officer"):
        try:
            qs = qs.filter(approved_by_id=int(params["officer"]))
        except (TypeError, ValueError):
            qs = qs.none()
    return qs


class WorkList:
    """The worklist's rows as a sequence that makes its WorkItems only for what is read (a
    page of a Paginator): thousands of plain tuples stay out of the cycle collector's way."""

    def __init__(self, rows: list[tuple]) -> None:
        self.rows = rows
        self.names = dict(work_flags())
        # One reverse() each, the id put in per row read.
        self.agreement_url = reverse("monitoring:agreement", args=[0]).replace("/0/", "/{0}/")
        self.resolve_url = reverse("monitoring:entry_resolve", args=[0]).replace("/0/", "/{0}/")
        self.gettext = _gettext_memo()

    def __len__(self) -> int:
        return len(self.rows)

    def _item(self, row: tuple) -> WorkItem:
        code, since, pk, facts, n, paid = row
        # the sentence and the link made for the rows read
        if code == "entry_disputed":
            url = self.resolve_url.format(facts[0])
            text = _entry_text(code, *facts[1:])
        elif code == "entry_pending":
            url = self.agreement_url.format(pk)
            text = _entry_text(code, *facts[1:])
        else:
            url = self.agreement_url.format(pk)
            if code == rules.FLAG_REPEATED_LATE:
                url += "#pembinaan"
            text = rules.sentence(code, facts, self.gettext)
        since = dt.date.fromordinal(since)
        return WorkItem(code, self.names[code], since, pk, text, url, history_total=n, paid=paid)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._item(r) for r in self.rows[index]]
        return self._item(self.rows[index])


def _entry_text(code: str, kind: str, day: int, value: int, reason: str) -> str:
    facts = {
        "kind": str(EntryKind(kind).label),
        "date": dt.date.fromordinal(day).strftime("%d-%m-%Y"),
        "value": rules.rupiah(value),
    }
    if code == "entry_disputed":
        return _("%(kind)s %(date)s senilai %(value)s disanggah: %(reason)s") % {
            **facts,
            "reason": reason,
        }
    return _("%(kind)s %(date)s senilai %(value)s belum dikonfirmasi pihak lain.") % facts


def worklist(*, params: dict, today: dt.date | None = None, history: bool = True) -> list[WorkItem]:
    """Everything about running partnerships that needs a person, oldest first: disputed
    entries, entries left unconfirmed, and each health flag. Filters: flag, kecamatan (of the
    small party), sector (KBLI kategori of its primary KBLI), officer (who approved the
    agreement). A bounded number of queries whatever the number of agreements. The rows of all
    running agreements are cached with their health (the same key: they are made of entries,
    agreements, the day and the language), the filters applied to them afresh. The history of
    late payments of the KPPU signal's rows and the agreements' names and parties come with
    them, or, with `history=False`, later through `worklist_details` for the rows shown (a
    page of them); until then `agreement` is None."""
    today = today or timezone.localdate()
    items = worklist_rows(params=params, today=today)[:]
    if history:
        worklist_details(items, today=today)
    return items


def worklist_rows(*, params: dict, today: dt.date | None = None) -> WorkList:
    """The worklist (see `worklist`) as a WorkList: its WorkItems are made for the rows read,
    without the agreements' names and the history (`worklist_details` adds them)."""

    today = today or timezone.localdate()
    state = _state(today=today)
    # v3: the sentences and links made for the rows read (a value cached by the code before is
    # never read as these)
    key = f"monitoring:worklist:v3:{dormant_days()}"
    rows = stamped(key, _stamp(state), lambda: _work_rows(today=today, state=state), CACHE_SECONDS)
    flag = params.get("flag") or ""
    if flag:
        rows = [r for r in rows if r[0] == flag]
    if params.get("kecamatan") or params.get("sector") or params.get("officer"):
        ids = set(_worklist_agreements(params).values_list("pk", flat=True))
        rows = [r for r in rows if r[2] in ids]
    return WorkList(rows)


def _work_rows(*, today: dt.date, state: _State) -> list[tuple]:
    """The worklist of every running agreement, unfiltered, oldest first, as plain tuples
    (flag, since, agreement pk, facts, late deliveries, paid): an entry's facts are (entry pk,
    kind, date, value, reason), a health flag's the figures of its sentence; the sentence and
    the link are made by WorkList for the rows read. The days (since, an entry's date) are kept
    as ordinals: thousands of date objects were most of the time to pickle the rows for the
    cache."""
    health = _running_compact(today=today, state=state)
    rows: list[tuple] = []

    # Entries needing a person: disputed ones, and pending ones left PENDING_STALE_DAYS or more.
    stale_before = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=PENDING_STALE_DAYS - 1), dt.time.min)
    )
    wanted = Q(status=EntryStatus.DISPUTED) | Q(
        status=EntryStatus.PENDING, created_at__lt=stale_before
    )
    tz = timezone.get_current_timezone()
    entries = (
        Entry.objects.filter(wanted, agreement__status__in=MONITORED)
        .order_by("pk")
        # the day it began to wait (the city's day), computed by the database
        .annotate(since=TruncDate(Coalesce("decided_at", "created_at"), tzinfo=tz))
        .values_list(
            "pk", "agreement_id", "kind", "date", "value", "status", "dispute_reason", "since"
        )
    )
    disputed = EntryStatus.DISPUTED
    for pk, agreement_id, kind, date, value, status, reason, since in entries:
        code = "entry_disputed" if status == disputed else "entry_pending"
        facts = (pk, kind, date.toordinal(), value, reason)
        rows.append((code, since.toordinal(), agreement_id, facts, 0, 0))

    skip = rules.FLAG_DISPUTED  # each disputed entry is its own row above
    for pk, result in health.items():
        for code, _status, since, args in result.findings:
            if code != skip:
                rows.append((code, since, pk, args, result.late_count, result.paid))
    rows.sort(key=lambda r: (r[1], r[2], r[0]))
    return rows


# What the worklist's rows read of an agreement (worklist_html.rows).
_WORKLIST_AGREEMENT_FIELDS = (
    "number",
    "code",
    "small_party__name",
    "small_party__region__parent__name",
    "large_party__name",
)


def worklist_details(items: list[WorkItem], *, today: dt.date | None = None) -> None:
    """Fill in the rows to show: each agreement with its number and parties, and on the KPPU
    signal's rows the latest HISTORY_SHOWN late payments and the visits and warnings so far.
    Three queries for any number of rows (one when there is no KPPU row)."""
    if not items:
        return
    today = today or timezone.localdate()
    # Only what the rows show (the number and the parties' names): the full rows of the
    # agreements, their parties and officers were most of a warm page's database time.
    full = (
        Agreement.objects.select_related("small_party__region__parent", "large_party")
        .only(*_WORKLIST_AGREEMENT_FIELDS)
        .in_bulk({i.agreement_id for i in items})
    )
    for item in items:
        item.agreement = full[item.agreement_id]
    kppu = [i for i in items if i.flag == rules.FLAG_REPEATED_LATE]
    if not kppu:
        return
    agreements = [full[pk] for pk in {i.agreement_id for i in kppu}]
    paid = {i.agreement_id: i.paid for i in kppu}
    latest = latest_late(agreements, today=today, paid=paid, n=HISTORY_SHOWN)
    interventions: dict[int, list[Intervention]] = defaultdict(list)
    for x in Intervention.objects.filter(agreement__in=agreements).select_related("officer"):
        interventions[x.agreement_id].append(x)
    for item in kppu:
        item.history = latest.get(item.agreement_id, [])
        item.interventions = interventions.get(item.agreement_id, [])


def worklist_filter_choices() -> dict:
    """The filter's choices as (value, label) pairs: the flags, the city's kecamatan, the KBLI
    categories (reference data, kept per process by core.reference), and the officers who
    approved running agreements (read: one query)."""
    User = get_user_model()
    # .order_by(): the agreements' default ordering would make DISTINCT a row per agreement.
    approvers = (
        Agreement.objects.filter(status__in=MONITORED, approved_by__isnull=False)
        .order_by()
        .values("approved_by_id")
        .distinct()
    )
    officers = User.objects.filter(pk__in=approvers).order_by("full_name")
    return {
        "flags": work_flags(),
        "kecamatan": reference.kecamatan_choices(),
        # "A Pertanian, Kehutanan dan Perikanan": the code and at most 40 letters of the title.
        "sectors": [
            (code, label[: len(code) + 41])
            for code, label in reference.kbli_category_choices(version=DEFAULT_KBLI_VERSION)
        ],
        "officers": [(str(u.pk), u.display_name) for u in officers],
    }


# --- growth of the micro partners ---------------------------------------------------------


def growth_reports_of(*, business: Business) -> list[GrowthReport]:
    return list(business.growth_reports.select_related("assisted_by", "created_by"))


def growth_baseline(*, business: Business) -> dict:
    """The registry's figures as the baseline: annual sales divided over four quarters."""
    annual = business.hasil_penjualan
    return {"omzet_quarter": annual // 4 if annual else None, "annual": annual}


def interventions_of(*, agreement: Agreement) -> list[Intervention]:
    return list(agreement.interventions.select_related("officer"))


def entry_totals(agreement: Agreement) -> dict[str, int]:
    totals: dict[str, int] = {EntryKind.DELIVERY.value: 0, EntryKind.PAYMENT.value: 0}
    for kind, value in counted_entries().filter(agreement=agreement).values_list("kind", "value"):
        totals[kind] += value
    return totals
