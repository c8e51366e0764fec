"""The health of a partnership, computed from its realisation records: pure, no Django.

Every flag is a rule over plain facts (dates, amounts) with its threshold named below, and every
flag comes with a sentence that says why, so the status is never a black box. The statuses, worst
first: bermasalah (trouble) > tidak aktif (inactive) > perlu perhatian (attention) > berjalan baik.

Rules (thresholds below):
- A delivery is due `payment_term_days` after its date. Confirmed payments pay the deliveries
  oldest first. A delivery paid after its due date was paid late; one still unpaid after its
  due date is overdue (late by today - due). Due on day 30 is not late on day 30, late on day 31.
  Overdue at all: attention; overdue more than TROUBLE_LATE_DAYS: trouble.
- Late at least REPEATED_LATE_COUNT times (paid late or overdue): trouble, the signal the
  supervisor of partnerships (KPPU) asks about.
- A disputed entry waiting for an officer: attention.
- No entry (of any status) for `dormant_days` days (from the start when there is none): inactive.
- Realised (confirmed deliveries) under BEHIND_RATIO of the estimated value pro rata over the
  term elapsed: attention (not in the first GRACE_DAYS of the term).
- Ending within ENDING_SOON_DAYS without an extension or a follow-up agreement: attention.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

DORMANT_DAYS = 60  # default; settings.MONITORING_DORMANT_DAYS overrides it
TROUBLE_LATE_DAYS = 30  # overdue more than this many days: bermasalah
REPEATED_LATE_COUNT = 3  # late this many times: the KPPU signal
BEHIND_RATIO = 0.5  # realised under half of the pro-rata estimate: perlu perhatian
GRACE_DAYS = 30  # no "behind" flag in the first month of the term
ENDING_SOON_DAYS = 60  # ending within this many days without a follow-up: perlu perhatian

GOOD, ATTENTION, TROUBLE, INACTIVE = "good", "attention", "trouble", "inactive"
SEVERITY = {GOOD: 0, ATTENTION: 1, INACTIVE: 2, TROUBLE: 3}

# Flag codes (the worklist filters on them).
FLAG_LATE = "late"
FLAG_REPEATED_LATE = "repeated_late"
FLAG_DISPUTED = "disputed"
FLAG_DORMANT = "dormant"
FLAG_BEHIND = "behind"
FLAG_ENDING = "ending"

DELIVERY, PAYMENT = "delivery", "payment"
CONFIRMED, PENDING, DISPUTED = "confirmed", "pending", "disputed"


@dataclass(frozen=True)
class Terms:
    start: dt.date
    end: dt.date
    payment_term_days: int
    estimated_value: int
    has_follow_up: bool = False


class Fact(NamedTuple):
    """One realisation entry, reduced to what the rules read (a tuple: many are made at once)."""

    kind: str  # DELIVERY or PAYMENT
    date: dt.date
    value: int
    status: str
    seq: int = 0  # the order of entries of one date (the entry's id)


class Late(NamedTuple):
    """A delivery paid after its due date or unpaid past it (a tuple: there may be many)."""

    delivery_date: dt.date
    due: dt.date
    days: int  # days after the due date it was paid, or is still unpaid by today
    amount: int  # the delivery's value
    outstanding: int  # still unpaid (0 when paid late)


class LateStats(NamedTuple):
    """What the rules read from an agreement's late deliveries: computed from the list here
    (`late_stats`), or by the database for many agreements at once without the list."""

    number: int = 0  # late deliveries (paid late or overdue)
    max_days: int = 0  # the most days any of them was late
    overdue_days: int = 0  # the most days an unpaid one is overdue (0 when none)
    outstanding: int = 0  # unpaid value of the overdue ones
    overdue_since: dt.date | None = None  # the oldest overdue one's due date
    repeated_since: dt.date | None = None  # the due date of the REPEATED_LATE_COUNT-th late


def late_stats(late: list[Late]) -> LateStats:
    overdue = [x for x in late if x.outstanding > 0]
    return LateStats(
        number=len(late),
        max_days=max((x.days for x in late), default=0),
        overdue_days=max((x.days for x in overdue), default=0),
        outstanding=sum(x.outstanding for x in overdue),
        overdue_since=min((x.due for x in overdue), default=None),
        repeated_since=late[REPEATED_LATE_COUNT - 1].due
        if len(late) >= REPEATED_LATE_COUNT
        else None,
    )


@dataclass(frozen=True)
class Flag:
    code: str
    status: str
    reason: str
    since: dt.date  # since when it needs a person (the worklist's order)


@dataclass
class HealthResult:
    status: str
    reasons: list[str]
    late_days: int = 0  # the oldest overdue delivery's days late (0 when none is overdue)
    outstanding: int = 0  # unpaid value of the overdue deliveries
    realised: int = 0  # confirmed deliveries' value
    expected: int = 0  # the estimated value pro rata up to today
    flags: list[Flag] = field(default_factory=list)
    # every late delivery, oldest first (empty when the health of many agreements was computed
    # from the database's late statistics: `late_count` still counts them)
    late: list[Late] = field(default_factory=list)
    paid: int = 0
    last_entry: dt.date | None = None
    late_count: int = 0

    @property
    def flag_codes(self) -> set[str]:
        return {f.code for f in self.flags}


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _default_text(message: str) -> str:
    return message


def late_deliveries(terms: Terms, facts: Iterable[Fact], *, today: dt.date) -> list[Late]:
    """Deliveries paid after their due date or still unpaid past it. Confirmed payments pay
    the oldest confirmed deliveries first."""
    deliveries = sorted(
        (f for f in facts if f.kind == DELIVERY and f.status == CONFIRMED),
        key=lambda f: (f.date, f.seq),
    )
    payments = sorted(
        (f for f in facts if f.kind == PAYMENT and f.status == CONFIRMED),
        key=lambda f: (f.date, f.seq),
    )
    out: list[Late] = []
    pay_iter = iter(payments)
    left = 0  # what remains of the current payment
    pay_date: dt.date | None = None
    for d in deliveries:
        due = d.date + dt.timedelta(days=terms.payment_term_days)
        owed = d.value
        paid_on: dt.date | None = None
        while owed > 0:
            if left == 0:
                nxt = next(pay_iter, None)
                if nxt is None:
                    break
                left, pay_date = nxt.value, nxt.date
            used = min(left, owed)
            left -= used
            owed -= used
            paid_on = pay_date
        if owed == 0 and paid_on is not None:
            if paid_on > due:
                out.append(Late(d.date, due, (paid_on - due).days, d.value, 0))
        elif today > due:
            out.append(Late(d.date, due, (today - due).days, d.value, owed))
    return out


def expected_to_date(terms: Terms, *, today: dt.date) -> int:
    """The estimated value pro rata over the days of the term elapsed by today."""
    total = (terms.end - terms.start).days
    if total <= 0 or terms.estimated_value <= 0:
        return 0
    elapsed = min(max((today - terms.start).days, 0), total)
    return terms.estimated_value * elapsed // total


@dataclass
class Summary:
    """What the rules read from an agreement's entries: computed here from the facts
    (`summarize`), or by the database for many agreements at once (monitoring.selectors), and
    the two must agree (tested on generated data)."""

    realised: int = 0  # confirmed deliveries
    paid: int = 0  # confirmed payments
    last_entry: dt.date | None = None  # the latest entry of any status still standing
    disputed: int = 0  # disputed entries waiting
    disputed_since: dt.date | None = None  # the oldest disputed entry's date
    late: list[Late] = field(default_factory=list)
    # the late deliveries reduced to what the rules read, when the database computed them
    # without the list (None: computed here from `late`)
    stats: LateStats | None = None

    def late_stats(self) -> LateStats:
        return self.stats if self.stats is not None else late_stats(self.late)


def summarize(terms: Terms, facts: Iterable[Fact], *, today: dt.date) -> Summary:
    facts = list(facts)
    confirmed = [f for f in facts if f.status == CONFIRMED]
    return Summary(
        realised=sum(f.value for f in confirmed if f.kind == DELIVERY),
        paid=sum(f.value for f in confirmed if f.kind == PAYMENT),
        last_entry=max((f.date for f in facts), default=None),
        disputed=sum(1 for f in facts if f.status == DISPUTED),
        disputed_since=min((f.date for f in facts if f.status == DISPUTED), default=None),
        late=late_deliveries(terms, facts, today=today),
    )


def health(
    terms: Terms,
    facts: Iterable[Fact],
    *,
    today: dt.date,
    dormant_days: int = DORMANT_DAYS,
    gettext: Callable[[str], str] = _default_text,
) -> HealthResult:
    """The status of one running agreement and the reasons, in words. `gettext` translates the
    sentences (Django's, from the caller; here none, so this module imports no Django)."""
    return judge(
        terms,
        summarize(terms, facts, today=today),
        today=today,
        dormant_days=dormant_days,
        gettext=gettext,
    )


# A flag without its sentence: (code, status, since when it needs a person as a date ordinal,
# the figures its sentence says: see `sentence`). A plain tuple: thousands are kept in the cache,
# and named tuples take ten times as long to pickle and unpickle.
Finding = tuple[str, str, int, tuple]


class Assessment(NamedTuple):
    """What `judge` says of an agreement, without the sentences (`assess`)."""

    status: str
    findings: tuple[Finding, ...]
    late_days: int
    outstanding: int
    realised: int
    expected: int
    paid: int
    last_entry: dt.date | None
    late_count: int


def assess(
    terms: Terms, summary: Summary, *, today: dt.date, dormant_days: int = DORMANT_DAYS
) -> Assessment:
    """The flags and the status from an agreement's summary, each flag with the figures of its
    sentence but not the sentence: the health of thousands of agreements is kept this way, the
    sentences made for the ones read (`sentence`)."""
    findings: list[Finding] = []
    realised, paid = summary.realised, summary.paid
    stats = summary.late_stats()
    late_days, outstanding = stats.overdue_days, stats.outstanding
    term = terms.payment_term_days
    if stats.overdue_since is not None:
        findings.append(
            (
                FLAG_LATE,
                TROUBLE if late_days > TROUBLE_LATE_DAYS else ATTENTION,
                stats.overdue_since.toordinal() + 1,
                (late_days, term, outstanding),
            )
        )
    if stats.number >= REPEATED_LATE_COUNT and stats.repeated_since is not None:
        findings.append(
            (
                FLAG_REPEATED_LATE,
                TROUBLE,
                stats.repeated_since.toordinal() + 1,
                (stats.number, term, stats.max_days),
            )
        )

    if summary.disputed:
        findings.append(
            (
                FLAG_DISPUTED,
                ATTENTION,
                (summary.disputed_since or today).toordinal(),
                (summary.disputed,),
            )
        )

    last_entry = summary.last_entry
    quiet_since = last_entry or terms.start
    quiet = (today - quiet_since).days
    if quiet >= dormant_days and today >= terms.start:
        findings.append(
            (
                FLAG_DORMANT,
                INACTIVE,
                quiet_since.toordinal() + dormant_days,
                (quiet, last_entry is None),
            )
        )

    expected = expected_to_date(terms, today=today)
    if (
        expected > 0
        and (today - terms.start).days >= GRACE_DAYS
        and realised < expected * BEHIND_RATIO
    ):
        findings.append(
            (
                FLAG_BEHIND,
                ATTENTION,
                terms.start.toordinal() + GRACE_DAYS,
                (realised, realised * 100 // expected, expected, terms.estimated_value),
            )
        )

    days_left = (terms.end - today).days
    if 0 <= days_left <= ENDING_SOON_DAYS and not terms.has_follow_up:
        end = terms.end.toordinal()
        findings.append((FLAG_ENDING, ATTENTION, end - ENDING_SOON_DAYS, (days_left, end)))

    status = GOOD
    for f in findings:
        if SEVERITY[f[1]] > SEVERITY[status]:
            status = f[1]
    return Assessment(
        status,
        tuple(findings),
        late_days,
        outstanding,
        realised,
        expected,
        paid,
        last_entry,
        stats.number,
    )


def sentence(code: str, args: tuple, gettext: Callable[[str], str] = _default_text) -> str:
    """The sentence of a finding (`code`, with its figures `args`), or with `code` GOOD the one
    of an agreement going well (args: the value realised)."""
    _ = gettext  # named `_` so that makemessages finds the sentences
    if code == FLAG_LATE:
        days, term, amount = args
        return _(
            "Pembayaran terlambat %(days)s hari (tempo %(term)s hari); belum dibayar %(amount)s."
        ) % {"days": days, "term": term, "amount": rupiah(amount)}
    if code == FLAG_REPEATED_LATE:
        count, term, most = args
        return _(
            "Pembayaran terlambat berulang: %(count)s kali melewati tempo %(term)s hari "
            "(paling lama %(max)s hari)."
        ) % {"count": count, "term": term, "max": most}
    if code == FLAG_DISPUTED:
        return _("%(count)s catatan disanggah menunggu penyelesaian petugas.") % {"count": args[0]}
    if code == FLAG_DORMANT:
        quiet, never = args
        if never:
            text = _("Belum ada catatan realisasi sejak perjanjian mulai (%(days)s hari).")
        else:
            text = _("Tidak ada catatan realisasi selama %(days)s hari.")
        return text % {"days": quiet}
    if code == FLAG_BEHIND:
        realised, pct, expected, value = args
        return _(
            "Realisasi %(realised)s baru %(pct)s%% dari perkiraan %(expected)s sampai hari "
            "ini (nilai perjanjian %(value)s dibagi rata sepanjang jangka waktu)."
        ) % {
            "realised": rupiah(realised),
            "pct": pct,
            "expected": rupiah(expected),
            "value": rupiah(value),
        }
    if code == FLAG_ENDING:
        days_left, end = args
        return _(
            "Berakhir dalam %(days)s hari (%(end)s) tanpa perpanjangan atau perjanjian lanjutan."
        ) % {"days": days_left, "end": dt.date.fromordinal(end).strftime("%d-%m-%Y")}
    return _(
        "Berjalan baik: pembayaran sesuai tempo, tidak ada sanggahan, realisasi %(realised)s."
    ) % {"realised": rupiah(args[0])}


def result_of(
    found: Assessment,
    *,
    late: list[Late] | None = None,
    gettext: Callable[[str], str] = _default_text,
) -> HealthResult:
    """The HealthResult of an assessment, its sentences made with `gettext`."""
    flags = [
        Flag(code, status, sentence(code, args, gettext), dt.date.fromordinal(since))
        for code, status, since, args in found.findings
    ]
    reasons = [f.reason for f in flags] or [sentence(GOOD, (found.realised,), gettext)]
    return HealthResult(
        status=found.status,
        reasons=reasons,
        late_days=found.late_days,
        outstanding=found.outstanding,
        realised=found.realised,
        expected=found.expected,
        flags=flags,
        late=late if late is not None else [],
        paid=found.paid,
        last_entry=found.last_entry,
        late_count=found.late_count,
    )


def judge(
    terms: Terms,
    summary: Summary,
    *,
    today: dt.date,
    dormant_days: int = DORMANT_DAYS,
    gettext: Callable[[str], str] = _default_text,
) -> HealthResult:
    """The flags, the status and the reasons from an agreement's summary."""
    found = assess(terms, summary, today=today, dormant_days=dormant_days)
    return result_of(found, late=summary.late, gettext=gettext)
