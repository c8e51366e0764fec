"""The programme's figures for a chosen period: what the leaders' dashboard (Beranda Pimpinan),
its XLSX, the quarterly report and the public statistics show.

Every figure is aggregated in the database (``annotate``/``aggregate``, ``Sum``, ``Count``,
``TruncMonth``), so the number of queries stays the same however many businesses, agreements and
entries there are (a test keeps it so). Only CONFIRMED realisation entries count: a pending or
disputed entry is not yet a fact, and a corrected one is SUPERSEDED by its correction.

Realised value is the value of confirmed deliveries ("what our micro businesses sold"); confirmed
payments are shown next to it ("what they were paid").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.choices import SMALL_SIZES, SizeClass
from jalinmitra.businesses.models import Business, BusinessKbli, Offer
from jalinmitra.core import tokens
from jalinmitra.core.choices import KbliLevel
from jalinmitra.core.dates import BULAN
from jalinmitra.core.models import DEFAULT_KBLI_VERSION, AuditLog, KbliCode, Region
from jalinmitra.events.choices import MeetingStatus, OutcomeResult
from jalinmitra.events.choices import Role as EventRole
from jalinmitra.events.models import Event, Meeting, Outcome, Participant
from jalinmitra.matching.models import MeetingInvitation, Shortlist
from jalinmitra.monitoring.caching import stamped
from jalinmitra.monitoring.choices import EntryKind, EntryStatus
from jalinmitra.monitoring.models import Entry, EntryMonth, HealthChange

# The longest period one page or report covers: ten years of months is still a readable table.
MAX_PERIOD_DAYS = 3660
TOP_PARTNERSHIPS = 10
ROMAN_QUARTER = {1: "I", 2: "II", 3: "III", 4: "IV"}


# --- the period ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: dt.date
    end: dt.date

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = dt.date(year, 3 * quarter - 2, 1)
        return cls(first, _month_end(dt.date(year, 3 * quarter, 1)))

    @classmethod
    def quarter_of(cls, day: dt.date) -> Period:
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def quarter_number(self) -> int | None:
        """1-4 when the period is exactly one calendar quarter, else None."""
        q = (self.start.month - 1) // 3 + 1
        return q if Period.quarter(self.start.year, q) == self else None

    @property
    def label(self) -> str:
        q = self.quarter_number
        if q is not None:
            return f"Triwulan {ROMAN_QUARTER[q]} {self.start.year}"
        if self == Period.year(self.start.year):
            return f"Tahun {self.start.year}"
        return f"{_day(self.start)} – {_day(self.end)}"

    @property
    def key(self) -> str:
        """The period as URL parameters (for links to the downloads)."""
        return f"dari={self.start.isoformat()}&sampai={self.end.isoformat()}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start, day after end) in the city's time zone, for timestamps."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        stop = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, stop

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        out, day = [], self.start.replace(day=1)
        while day <= self.end:
            out.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return out


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _day(day: dt.date) -> str:
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def month_label(day: dt.date, short: bool = True) -> str:
    name = BULAN[day.month - 1]
    return f"{name[:3]} {day.year % 100:02d}" if short else f"{name} {day.year}"


def recent_quarters(today: dt.date, n: int = 6) -> list[Period]:
    """The current quarter and the n-1 before it, newest first (the quick links)."""
    out, day = [], today
    for _i in range(n):
        p = Period.quarter_of(day)
        out.append(p)
        day = p.start - dt.timedelta(days=1)
    return out


# --- the figures -----------------------------------------------------------------------------


@dataclass
class Stage:
    key: str
    label: str
    count: int
    rate: float | None  # share of the stage before, 0..1 (None for the first)


@dataclass
class Group:
    """One row of a breakdown (a month, a sector, a kecamatan)."""

    key: str
    label: str
    delivered: int = 0
    paid: int = 0
    businesses: int = 0  # distinct micro/small partners behind the figures


@dataclass
class TopRow:
    agreement: Agreement
    delivered: int
    paid: int
    health: object = None  # realisasi's HealthResult, when it can be computed


@dataclass
class EventRow:
    event: Event
    sellers: int = 0
    buyers: int = 0
    meetings_held: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # result -> meetings
    agreements: int = 0

    @property
    def agreed(self) -> int:
        return self.outcomes.get(OutcomeResult.SEPAKAT_BERMITRA, 0)


@dataclass
class Figures:
    period: Period
    funnel: list[Stage]
    months: list[Group]
    sectors: list[Group]
    kecamatan: list[Group]
    top: list[TopRow]
    events: list[EventRow]
    delivered: int
    paid: int
    transacting: int
    active_agreements: int
    micro_total: int
    micro_active: int
    attention: int | None = None  # active partnerships whose health is not "good"

    @property
    def micro_share(self) -> float | None:
        return self.micro_active / self.micro_total if self.micro_total else None


FUNNEL = [
    ("registered", _("Terdaftar")),
    ("verified", _("Terverifikasi")),
    ("matched", _("Dicocokkan")),
    ("met", _("Bertemu")),
    ("agreed", _("Sepakat (perjanjian)")),
    ("active", _("Kemitraan berjalan")),
    ("transacting", _("Bertransaksi")),
]


def counted_entries():
    """Entries that count (status CONFIRMED); the same rule as realisasi's selectors."""
    return Entry.objects.filter(status=EntryStatus.CONFIRMED)


def entries_in(period: Period):
    return counted_entries().filter(date__gte=period.start, date__lte=period.end)


def _active_during(period: Period, prefix: str = "") -> Q:
    """An agreement that ran on at least one day of the period: activated (at any time: an
    agreement is often activated after the first deliveries under its term), its term overlaps
    the period, and it was not ended (completed, terminated, amended) before the period began."""
    start, _stop = period.bounds()
    return Q(
        **{
            f"{prefix}activated_at__isnull": False,
            f"{prefix}start_date__lte": period.end,
            f"{prefix}end_date__gte": period.start,
        }
    ) & (Q(**{f"{prefix}ended_at__isnull": True}) | Q(**{f"{prefix}ended_at__gte": start}))


def funnel(period: Period) -> list[Stage]:
    """The funnel alone (see :func:`_funnel_rows`); the dashboard gets it from
    :func:`breakdowns`, in the same statement as the sales."""
    return stages_from(
        {r["stage"]: r["n"] for r in _funnel_rows(period, Q(pk__in=_transacting(period)))}
    )


def _transacting(period: Period):
    return entries_in(period).values("agreement__small_party_id")


def _funnel_rows(period: Period, transacting: Q):
    """Micro and small businesses registered by the end of the period, by the furthest stage
    each reached by then: verified, matched (shortlisted for a need or invited to meet), met
    (a meeting held at a temu usaha), agreed (an agreement signed by both), active (an
    agreement running during the period), transacting (a confirmed entry dated in the period).

    A business counts at every stage up to its furthest one (an agreement made without the
    matching pages still went through "matched"; a business registered from an old paper
    agreement after the period still sold in it), so the funnel only narrows.

    One query: each stage is an uncorrelated `pk IN (...)` (the database hashes each list
    once), the furthest stage a CASE, counted per stage with GROUP BY."""
    _start, stop = period.bounds()
    flags = {
        "registered": Q(created_at__lt=stop),
        "verified": Q(verified_at__lt=stop),
        "matched": Q(
            pk__in=Shortlist.objects.filter(created_at__lt=stop).values("offer__business_id")
        )
        | Q(
            pk__in=MeetingInvitation.objects.filter(created_at__lt=stop).values(
                "offer__business_id"
            )
        ),
        "met": Q(
            pk__in=Meeting.objects.filter(
                status=MeetingStatus.HELD, event__date__lte=period.end
            ).values("seller__business_id")
        ),
        "agreed": Q(
            pk__in=Agreement.objects.filter(
                signed_small_at__lt=stop, signed_large_at__lt=stop
            ).values("small_party_id")
        ),
        "active": Q(
            pk__in=Agreement.objects.filter(_active_during(period)).values("small_party_id")
        ),
        "transacting": transacting,
    }
    names = [key for key, _label in FUNNEL]
    furthest = Case(
        *[When(flags[key], then=Value(i)) for i, key in reversed(list(enumerate(names)))],
        default=Value(-1),
        output_field=IntegerField(),
    )
    return (
        Business.objects.filter(size_class__in=SMALL_SIZES)
        .annotate(stage=furthest)
        .values("stage")
        .annotate(n=Count("pk"))
        .order_by()
    )


def stages_from(at_stage: dict[int, int]) -> list[Stage]:
    """{furthest stage index: businesses} -> the funnel, each stage counting every business
    that reached it or a later one."""
    stages, previous = [], None
    for i, (key, label) in enumerate(FUNNEL):
        n = sum(count for stage, count in at_stage.items() if stage >= i)
        rate = (n / previous if previous else 0.0) if previous is not None else None
        stages.append(Stage(key, str(label), n, rate))
        previous = n
    return stages


def _sector_titles() -> dict[str, str]:
    return dict(
        KbliCode.objects.filter(version=DEFAULT_KBLI_VERSION, level=KbliLevel.KATEGORI).values_list(
            "code", "title"
        )
    )


@dataclass
class Breakdowns:
    months: list[Group]
    sectors: list[Group]
    kecamatan: list[Group]
    delivered: int
    paid: int
    transacting: int
    top: list[TopRow]
    funnel: list[Stage]


# The second level of :func:`breakdowns`: the first level (`per`, see _per_agreement_month) has
# one row per agreement and month, `pa` one per agreement (with its micro/small partner); each
# part below sums one of them by one dimension and counts the distinct micro/small partners (the
# months from `per`, the rest from the fewer rows of `pa`). Plain SQL that SQLite and PostgreSQL
# both run.
_BREAKDOWN_SQL = """
WITH per AS ({inner}),
pa AS (
  SELECT per.aid, a.small_party_id AS sp, SUM(per.d) AS d, SUM(per.p) AS p
    FROM per JOIN {agreement} a ON a.id = per.aid
   GROUP BY per.aid, a.small_party_id
)
SELECT 'month', CAST(per.month AS VARCHAR(10)), '', SUM(per.d), SUM(per.p),
       COUNT(DISTINCT a.small_party_id)
  FROM per JOIN {agreement} a ON a.id = per.aid
 GROUP BY per.month
UNION ALL
SELECT 'sector', c.category, '', SUM(pa.d), SUM(pa.p), COUNT(DISTINCT pa.sp)
  FROM pa
  LEFT JOIN {link} k ON k.business_id = pa.sp AND k.is_primary = %s
  LEFT JOIN {kbli} c ON c.id = k.kbli_id
 GROUP BY c.category
UNION ALL
SELECT 'kecamatan', kec.code, kec.name, SUM(pa.d), SUM(pa.p), COUNT(DISTINCT pa.sp)
  FROM pa
  JOIN {business} b ON b.id = pa.sp
  LEFT JOIN {region} r ON r.code = b.region_id
  LEFT JOIN {region} kec ON kec.code = r.parent_id
 GROUP BY kec.code, kec.name
UNION ALL
SELECT 'total', '', '', SUM(pa.d), SUM(pa.p), COUNT(DISTINCT pa.sp) FROM pa
UNION ALL
SELECT * FROM (
  SELECT 'top', CAST(pa.aid AS VARCHAR(20)), '', pa.d, pa.p, 0
    FROM pa ORDER BY pa.d DESC, pa.p DESC, pa.aid LIMIT %s
) top
UNION ALL
SELECT 'funnel', CAST(f.stage AS VARCHAR(4)), '', f.n, 0, 0 FROM ({funnel}) f
"""

# The funnel's "transacting" stage inside that statement: the partners of the agreements in
# `pa` (the period's value per agreement), so the period's entries are read once for everything.
_TRANSACTING_SQL = "SELECT pa.sp FROM pa"


class MonthStart(TruncMonth):
    """The first day of the month of a date. On PostgreSQL, DATE_TRUNC on the date as a plain
    timestamp: the default casts every date to a timestamp with time zone first, a time-zone
    lookup per entry (about an eighth of the dashboard's time on the benchmark data)."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"DATE_TRUNC('month', ({sql})::timestamp)::date", params


ONE_DAY = dt.timedelta(days=1)


def _whole_months(period: Period) -> tuple[dt.date, dt.date] | None:
    """The first days of the first and the last month wholly inside the period, or None."""
    first = period.start if period.start.day == 1 else _month_end(period.start) + ONE_DAY
    last_end = (
        period.end if period.end == _month_end(period.end) else period.end.replace(day=1) - ONE_DAY
    )
    if first > last_end:
        return None
    return first, last_end.replace(day=1)


def _per_agreement_month(period: Period) -> tuple[str, list]:
    """SQL for the period's confirmed value delivered and paid per agreement and month (aid,
    month, d, p), and its parameters: the whole months from EntryMonth (a few thousand rows,
    kept up to date with every entry: monitoring/months.py), the days of the months the period
    cuts (at its start and its end) from the entries themselves."""

    def summed(entries) -> tuple[str, list]:
        sql, params = (
            entries.values(aid=F("agreement_id"), month=MonthStart("date"))
            .annotate(
                d=Sum("value", filter=Q(kind=EntryKind.DELIVERY), default=0),
                p=Sum("value", filter=Q(kind=EntryKind.PAYMENT), default=0),
            )
            .order_by()
            .query.sql_with_params()
        )
        return sql, list(params)

    whole = _whole_months(period)
    if whole is None:
        return summed(entries_in(period))
    first, last = whole
    parts = [
        (
            "SELECT agreement_id AS aid, month, delivered AS d, paid AS p "
            f"FROM {EntryMonth._meta.db_table} WHERE month >= %s AND month <= %s",
            [first, last],
        )
    ]
    last_end = _month_end(last)
    if period.start < first:
        parts.append(summed(entries_in(Period(period.start, first - ONE_DAY))))
    if period.end > last_end:
        parts.append(summed(entries_in(Period(last_end + ONE_DAY, period.end))))
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) p{n}" for n, (part, _p) in enumerate(parts))
    return sql, [param for _part, params in parts for param in params]


def breakdowns(period: Period) -> Breakdowns:
    """Confirmed value delivered and paid in the period by month, by sector (the KBLI category
    A-U of the micro/small partner's main KBLI) and by kecamatan (of its kelurahan/desa), each
    with the number of distinct micro/small partners, and the totals. One query in two levels:
    the period's entries summed per agreement and month (a hash aggregate over the entries),
    then those few rows summed per dimension, so the distinct counts sort thousands of rows,
    not hundreds of thousands."""
    inner_sql, inner_params = _per_agreement_month(period)
    transacting = RawSQL(_TRANSACTING_SQL.format(agreement=Agreement._meta.db_table), [])
    funnel_sql, funnel_params = _funnel_rows(period, Q(pk__in=transacting)).query.sql_with_params()
    sql = _BREAKDOWN_SQL.format(
        inner=inner_sql,
        funnel=funnel_sql,
        agreement=Agreement._meta.db_table,
        business=Business._meta.db_table,
        link=BusinessKbli._meta.db_table,
        kbli=KbliCode._meta.db_table,
        region=Region._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, True, TOP_PARTNERSHIPS, *funnel_params])
        rows = cursor.fetchall()

    found: dict[str, list] = {
        "month": [],
        "sector": [],
        "kecamatan": [],
        "total": [],
        "top": [],
        "funnel": [],
    }
    for dim, key, name, delivered, paid, businesses in rows:
        found[dim].append((key, name, int(delivered or 0), int(paid or 0), int(businesses or 0)))

    by_month = {str(key)[:7]: r for key, *r in found["month"]}
    months = []
    for month in period.months():
        _name, delivered, paid, businesses = by_month.get(month.isoformat()[:7], ("", 0, 0, 0))
        months.append(
            Group(
                month.isoformat()[:7], month_label(month, short=False), delivered, paid, businesses
            )
        )

    def ordered(groups: list[Group]) -> list[Group]:
        return sorted(groups, key=lambda g: (-g.delivered, -g.paid, g.key))

    titles = _sector_titles() if found["sector"] else {}
    sectors = ordered(
        [
            Group(
                key or "",
                f"{key} {titles.get(key, '')}".strip() if key else str(_("Tanpa KBLI")),
                delivered,
                paid,
                businesses,
            )
            for key, _name, delivered, paid, businesses in found["sector"]
        ]
    )
    kecamatan = ordered(
        [
            Group(
                key or "",
                f"Kec. {name}" if name else str(_("Tanpa wilayah")),
                delivered,
                paid,
                businesses,
            )
            for key, name, delivered, paid, businesses in found["kecamatan"]
        ]
    )
    total = found["total"][0] if found["total"] else ("", "", 0, 0, 0)
    agreements = Agreement.objects.select_related("small_party", "large_party").in_bulk(
        [int(key) for key, *_rest in found["top"]]
    )
    top = [
        TopRow(agreements[int(key)], delivered, paid)
        for key, _name, delivered, paid, _n in found["top"]
    ]
    funnel_stages = stages_from({int(key): n for key, _name, n, _p, _b in found["funnel"]})
    return Breakdowns(months, sectors, kecamatan, total[2], total[3], total[4], top, funnel_stages)


def micro_reach(period: Period) -> tuple[int, int]:
    """(micro businesses verified by the end of the period, those of them with an agreement
    running during it). A micro business with a running agreement counts as verified (it was,
    to sign) even when it was entered in the registry later. One query."""
    _start, stop = period.bounds()
    running = Q(pk__in=Agreement.objects.filter(_active_during(period)).values("small_party_id"))
    counts = Business.objects.filter(size_class=SizeClass.MIKRO).aggregate(
        total=Count("pk", filter=Q(verified_at__lt=stop) | running),
        active=Count("pk", filter=running),
    )
    return counts["total"], counts["active"]


def events(period: Period) -> list[EventRow]:
    """Temu usaha held in the period: who came, meetings held, what the meetings agreed (a
    meeting counts once per result either side recorded), agreements that came out of them.
    Five queries, whatever the number of events."""
    found = list(
        Event.objects.filter(date__gte=period.start, date__lte=period.end).order_by("date")
    )
    rows = {e.pk: EventRow(e) for e in found}
    if not rows:
        return []
    for r in (
        Participant.objects.filter(event__in=rows)
        .values("event", "role")
        .annotate(n=Count("business", distinct=True))
    ):
        if r["role"] == EventRole.SELLER:
            rows[r["event"]].sellers = r["n"]
        else:
            rows[r["event"]].buyers = r["n"]
    for r in (
        Meeting.objects.filter(event__in=rows, status=MeetingStatus.HELD)
        .values("event")
        .annotate(n=Count("pk"))
    ):
        rows[r["event"]].meetings_held = r["n"]
    for r in (
        Outcome.objects.filter(meeting__event__in=rows)
        .values("meeting__event", "result")
        .annotate(n=Count("meeting", distinct=True))
    ):
        rows[r["meeting__event"]].outcomes[r["result"]] = r["n"]
    for r in (
        Agreement.objects.filter(origin_meeting__event__in=rows, signed_large_at__isnull=False)
        .filter(signed_small_at__isnull=False)
        .values("origin_meeting__event")
        .annotate(n=Count("pk"))
    ):
        rows[r["origin_meeting__event"]].agreements = r["n"]
    return list(rows.values())


def active_agreements(period: Period) -> int:
    return Agreement.objects.filter(_active_during(period)).count()


def attention_count(*, today: dt.date) -> int | None:
    """Running partnerships whose health is not "berjalan baik" today, from realisasi's cached
    health of the running agreements (`attention_needed`; None while that is not installed).

    The count is kept in the cache under realisasi's `health_stamp`, a key that changes with
    anything the health depends on (the day, every saved or deleted entry or agreement, the
    newest entry), and the dormant days, so a cached count is never stale. Three small queries
    when it is cached."""
    try:
        from jalinmitra.monitoring.selectors import (
            attention_needed,
            dormant_days,
            health_state,
            stamp_of,
        )
    except ImportError:
        return None

    state = health_state(today=today)  # read once, for the key and for the health

    def compute() -> int:
        return attention_needed(today=today, state=state)

    key = f"monitoring:attention:{dormant_days()}"
    return stamped(key, stamp_of(state), compute, 24 * 3600)


# --- the figures, cached ----------------------------------------------------------------------
#
# A period's figures are kept in the cache under a key that changes with anything they are
# read from, so cached figures are never stale: a token renewed after every save or delete of a
# model they read (`figure_models()`, connected in MonitoringConfig.ready) except entries and
# agreements, whose saves and deletes each write a HealthChange row anyway (its newest id is in
# the stamp: no cache write per save); for writes that bypass the models' signals, the newest
# audit row and the newest entry (every service writes an audit row). The count of partnerships needing attention has its own key (`attention_count`).

FIGURES_TOKEN_KEY = "monitoring:figures:token"
FIGURES_SECONDS = 24 * 3600


def figure_models() -> list:
    """The models the figures are read from (a need is not: a shortlist is read through its
    offer's business)."""
    return [
        Entry,
        Agreement,
        Business,
        BusinessKbli,
        Offer,
        Shortlist,
        MeetingInvitation,
        Event,
        Participant,
        Meeting,
        Outcome,
        Region,
        KbliCode,
    ]


def figures_changed(**kwargs) -> None:
    """A model the figures read was saved or deleted: once committed, cached figures are no
    longer used. Not for a raw save (rows loaded as stored: fixtures, a test database's
    serialized copy), which would write the cache once per row of thousands."""

    if kwargs.get("raw"):
        return
    read = _FIELDS_READ.get(kwargs["sender"]) if "sender" in kwargs else None
    fields = kwargs.get("update_fields")
    if read is not None and fields and not kwargs.get("created") and not read & set(fields):
        return  # a save of fields no figure reads (a business's consent, status, ...)

    tokens.renew(FIGURES_TOKEN_KEY)  # now, and again once committed


# The fields the figures read of models saved often (a save naming only other fields in
# `update_fields` renews nothing): a business's registration, verification, size, place and
# name (the top partnerships); an offer's business (matched through shortlists, invitations).
_FIELDS_READ: dict[type, set[str]] = {
    Business: {"created_at", "verified_at", "size_class", "region", "region_id", "name"},
    Offer: {"business", "business_id"},
}


def figures_stamp() -> str:
    """A key part that changes with anything the figures are read from (see above). Two small
    queries: the token, and the newest audit row and entry."""
    token = tokens.read(FIGURES_TOKEN_KEY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {AuditLog._meta.db_table}), "
            f"(SELECT MAX(id) FROM {Entry._meta.db_table}), "
            f"(SELECT MAX(id) FROM {HealthChange._meta.db_table})"
        )
        audit, entry, change = cursor.fetchone()
    stamp = f"{token}|{audit}|{entry}|{change}|{translation.get_language()}"
    return hashlib.sha256(stamp.encode()).hexdigest()[:32]


def dashboard_figures(
    period: Period, *, today: dt.date | None = None, health: bool = True
) -> Figures:
    """Everything the dashboard shows for `period`, from the cache when nothing changed;
    `health` adds the count of partnerships needing attention (the officers' page; not the
    public statistics)."""

    today = today or timezone.localdate()
    key = f"monitoring:figures:{period.start}:{period.end}"
    figures = stamped(key, figures_stamp(), lambda: compute_figures(period), FIGURES_SECONDS)
    if health:
        figures.attention = attention_count(today=today)
    return figures


def compute_figures(period: Period) -> Figures:
    """The figures of `period` (without the attention count), from the database."""
    parts = breakdowns(period)
    micro_total, micro_active = micro_reach(period)
    return Figures(
        period=period,
        funnel=parts.funnel,
        months=parts.months,
        sectors=parts.sectors,
        kecamatan=parts.kecamatan,
        top=parts.top,
        events=events(period),
        delivered=parts.delivered,
        paid=parts.paid,
        transacting=parts.transacting,
        active_agreements=active_agreements(period),
        micro_total=micro_total,
        micro_active=micro_active,
    )
