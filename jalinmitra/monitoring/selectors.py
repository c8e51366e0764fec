"""Reads of the monitoring app: what counts as realised, the health of agreements (the rules are
in the pure health.py), who may see what, and the officer's worklist."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jalinmitra.agreements.choices import Party, Status
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.models import Business, BusinessKbli, Membership
from jalinmitra.core.choices import RegionLevel
from jalinmitra.core.models import KbliCode, Region
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION, city_current
from jalinmitra.monitoring import health as rules
from jalinmitra.monitoring.choices import EntryKind, EntryStatus, Health
from jalinmitra.monitoring.health import HealthResult
from jalinmitra.monitoring.models import Entry, GrowthReport, Intervention

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


def _follow_up_ids(agreements: list[Agreement]) -> set[int]:
    """Agreements extended or followed up: another agreement of the same two parties (an
    addendum or a new one, not ended in failure) running past this one's end. One query."""
    if not agreements:
        return set()
    small_ids = {a.small_party_id for a in agreements}
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
# ones come back: paid after the due date, or unpaid and past it. The same rule as
# health.late_deliveries, which is the specification (tests/test_health_sql.py compares them).
_LATE_SQL = """
WITH running AS (
    SELECT e.agreement_id, e.kind, e.date, e.value,
           SUM(e.value) OVER (PARTITION BY e.agreement_id, e.kind ORDER BY e.date, e.id
                              ROWS UNBOUNDED PRECEDING) AS cum
    FROM monitoring_entry e
    WHERE e.status = 'confirmed' AND {scope}
), matched AS (
    SELECT agreement_id, kind, date, value, cum,
           MIN(CASE WHEN kind = 'payment' THEN date END) OVER (
               PARTITION BY agreement_id ORDER BY cum DESC, kind DESC
               ROWS UNBOUNDED PRECEDING) AS paid_on
    FROM running
)
SELECT m.agreement_id, m.date, m.value, m.cum, m.paid_on, a.payment_term_days
FROM matched m JOIN agreements_agreement a ON a.id = m.agreement_id
WHERE m.kind = 'delivery'
  AND ((m.paid_on IS NULL AND {due} < %s) OR m.paid_on > {due})
ORDER BY m.agreement_id, m.date, m.cum
"""
_DUE = {
    "postgresql": "(m.date + a.payment_term_days)",
    "sqlite": "date(m.date, '+' || a.payment_term_days || ' days')",
}


def _summaries(agreements, *, today: dt.date) -> dict[int, rules.Summary]:
    """health.Summary for every agreement in two queries whatever their number (the sums and
    dates, then the late deliveries), so 200,000 entries never travel to Python."""
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

    due_sql = _DUE["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    with connection.cursor() as cursor:
        cursor.execute(_LATE_SQL.format(scope=scope_sql, due=due_sql), [*scope_params, today])
        late_rows = cursor.fetchall()
    for agreement_id, date, value, cum, paid_on, term in late_rows:
        date = _as_date(date)
        due = date + dt.timedelta(days=term)
        summary = summaries[agreement_id]
        if paid_on is not None:
            paid_on = _as_date(paid_on)
            summary.late.append(rules.Late(date, due, (paid_on - due).days, int(value), 0))
        else:
            owed = min(int(value), int(cum) - summary.paid)
            summary.late.append(rules.Late(date, due, (today - due).days, int(value), owed))
    return summaries


@contextlib.contextmanager
def _gc_paused():
    """Python's cycle collector paused while tens of thousands of acyclic rows (late deliveries,
    work items, model instances) are built: each collection otherwise walks them all again
    (about a third of the worklist's time on the benchmark data). Nothing here makes cycles;
    the collector is back on, as it was, at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def health_for_agreements(agreements, *, today: dt.date | None = None) -> dict[int, HealthResult]:
    with _gc_paused():
        return _health_for_agreements(agreements, today=today)


def _health_for_agreements(agreements, *, today: dt.date | None = None) -> dict[int, HealthResult]:
    """{agreement pk: HealthResult} for many agreements in a bounded number of queries whatever
    their number or their entries' (the agreements, the sums, the disputed dates when there
    are any, the late deliveries and their terms, the follow-ups)."""
    today = today or timezone.localdate()
    summaries = _summaries(agreements, today=today)
    agreements = list(agreements)
    followed = _follow_up_ids(agreements)
    days = dormant_days()
    return {
        a.pk: rules.judge(
            _terms(a, has_follow_up=a.pk in followed),
            summaries.get(a.pk) or rules.Summary(),
            today=today,
            dormant_days=days,
            gettext=_,
        )
        for a in agreements
    }


def agreement_health(agreement: Agreement, *, today: dt.date | None = None) -> HealthResult:
    return health_for_agreements([agreement], today=today)[agreement.pk]


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
    agreement: Agreement
    text: str
    url: str
    history: list | None = None  # the latest late deliveries, for the KPPU signal
    history_total: int = 0  # how many late deliveries in all
    interventions: list | None = None


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


def _worklist_agreements(params: dict) -> QuerySet[Agreement]:
    qs = Agreement.objects.filter(status__in=MONITORED).select_related(
        "small_party__region__parent", "large_party", "approved_by"
    )
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


def worklist(*, params: dict, today: dt.date | None = None) -> list[WorkItem]:
    with _gc_paused():
        return _worklist(params=params, today=today)


def _worklist(*, params: dict, today: dt.date | None = None) -> list[WorkItem]:
    """Everything about running partnerships that needs a person, oldest first: disputed
    entries, entries left unconfirmed, and each health flag. Filters: flag, kecamatan (of the
    small party), sector (KBLI kategori of its primary KBLI), officer (who approved the
    agreement). A bounded number of queries whatever the number of agreements."""
    today = today or timezone.localdate()
    qs = _worklist_agreements(params)
    agreements = list(qs)  # evaluated once; health_for_agreements reuses it
    by_pk = {a.pk: a for a in agreements}
    results = health_for_agreements(qs, today=today)
    names = dict(work_flags())
    # One reverse() each, the id put in per row (thousands of rows).
    agreement_url = reverse("monitoring:agreement", args=[0]).replace("/0/", "/{0}/")
    resolve_url = reverse("monitoring:entry_resolve", args=[0]).replace("/0/", "/{0}/")
    items: list[WorkItem] = []
    flag = params.get("flag") or ""

    # Entries needing a person: disputed ones, and pending ones left PENDING_STALE_DAYS or more.
    stale_before = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=PENDING_STALE_DAYS - 1), dt.time.min)
    )
    wanted = Q(pk__in=[])
    if flag in {"", "entry_disputed"}:
        wanted |= Q(status=EntryStatus.DISPUTED)
    if flag in {"", "entry_pending"}:
        wanted |= Q(status=EntryStatus.PENDING, created_at__lt=stale_before)
    kinds = {k: str(label) for k, label in EntryKind.choices}
    rows = (
        Entry.objects.filter(wanted, agreement_id__in=qs.order_by().values("pk"))
        .order_by("pk")
        .values_list(
            "pk",
            "agreement_id",
            "kind",
            "date",
            "value",
            "status",
            "dispute_reason",
            "decided_at",
            "created_at",
        )
    )
    for pk, agreement_id, kind, date, value, status, reason, decided_at, created_at in rows:
        disputed = status == EntryStatus.DISPUTED
        code = "entry_disputed" if disputed else "entry_pending"
        facts = {
            "kind": kinds[kind],
            "date": date.strftime("%d-%m-%Y"),
            "value": rules.rupiah(value),
        }
        if disputed:
            text = _("%(kind)s %(date)s senilai %(value)s disanggah: %(reason)s") % {
                **facts,
                "reason": reason,
            }
            url = resolve_url.format(pk)
        else:
            text = _("%(kind)s %(date)s senilai %(value)s belum dikonfirmasi pihak lain.") % facts
            url = agreement_url.format(agreement_id)
        since = timezone.localdate(decided_at or created_at)
        items.append(WorkItem(code, names[code], since, by_pk[agreement_id], text, url))

    interventions: dict[int, list[Intervention]] = defaultdict(list)
    kppu = [pk for pk, r in results.items() if rules.FLAG_REPEATED_LATE in r.flag_codes]
    if kppu:
        for i in Intervention.objects.filter(agreement_id__in=kppu).select_related("officer"):
            interventions[i.agreement_id].append(i)
    for pk, result in results.items():
        for f in result.flags:
            if f.code == rules.FLAG_DISPUTED:
                continue  # each disputed entry is its own row above
            if flag and flag != f.code:
                continue
            repeated = f.code == rules.FLAG_REPEATED_LATE
            items.append(
                WorkItem(
                    f.code,
                    names[f.code],
                    f.since,
                    by_pk[pk],
                    f.reason,
                    agreement_url.format(pk) + ("#pembinaan" if repeated else ""),
                    history=result.late[-HISTORY_SHOWN:] if repeated else None,
                    history_total=len(result.late),
                    interventions=interventions.get(pk, []) if repeated else None,
                )
            )
    items.sort(key=lambda i: (i.since, i.agreement.pk, i.flag))
    return items


def worklist_filter_choices() -> dict:
    User = get_user_model()
    officer_ids = (
        Agreement.objects.filter(status__in=MONITORED, approved_by__isnull=False)
        .values_list("approved_by_id", flat=True)
        .distinct()
    )
    return {
        "flags": work_flags(),
        "kecamatan": list(
            Region.objects.filter(level=RegionLevel.KECAMATAN, code__startswith=_city_prefix())
        ),
        "sectors": list(
            KbliCode.objects.filter(version=DEFAULT_KBLI_VERSION, level="kategori").order_by("code")
        ),
        "officers": list(User.objects.filter(pk__in=list(officer_ids)).order_by("full_name")),
    }


def _city_prefix() -> str:
    city = city_current()
    return city.region_id if city is not None else ""


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
