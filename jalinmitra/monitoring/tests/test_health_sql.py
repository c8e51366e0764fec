"""The database computes the health of many agreements at once (selectors._summaries); the pure
rules in health.py are the specification. On generated data both must give the same summary."""

import dataclasses
import datetime as dt
import random

import pytest

from jalinmitra.agreements.models import Agreement
from jalinmitra.monitoring import health as rules
from jalinmitra.monitoring import selectors
from jalinmitra.monitoring.models import Entry

from .conftest import START_AGO, today

STATUSES = ["confirmed"] * 6 + ["pending", "disputed", "superseded"]


def _generate(agreement, users, rng: random.Random, n: int) -> None:
    small, large = users
    start = agreement.start_date
    rows = []
    for _ in range(n):
        kind = rng.choice(["delivery", "payment"])
        rows.append(
            Entry(
                agreement=agreement,
                kind=kind,
                date=start + dt.timedelta(days=rng.randrange(0, START_AGO)),
                # round amounts, so that running totals often meet exactly (ties)
                value=rng.choice([100, 200, 250, 300, 500]),
                party="small" if kind == "delivery" else "large",
                recorded_by=small if kind == "delivery" else large,
                status=rng.choice(STATUSES),
            )
        )
    Entry.objects.bulk_create(rows)


def _pure(agreement, day) -> rules.Summary:
    facts = [
        rules.Fact(e.kind, e.date, e.value, e.status, e.pk)
        for e in Entry.objects.filter(agreement=agreement).exclude(status="superseded")
    ]
    terms = rules.Terms(
        agreement.start_date, agreement.end_date, agreement.payment_term_days, 0, False
    )
    return rules.summarize(terms, facts, today=day)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_and_the_pure_rules_agree(active, alice, carol, seed):
    rng = random.Random(seed)
    _generate(active, (alice[0], carol[0]), rng, 60)
    for day in (today(), today() - dt.timedelta(days=40)):
        by_db = selectors._summaries(Agreement.objects.filter(pk=active.pk), today=day)[active.pk]
        assert by_db == _pure(active, day)
        assert selectors._summaries([active], today=day)[active.pk] == by_db
        # Many agreements: only the late statistics come back, the same as from the list.
        stats = selectors._summaries([active], today=day, late_rows=False)[active.pk]
        assert stats.late == [] and stats.stats is not None
        assert stats.late_stats() == _pure(active, day).late_stats()
        assert dataclasses.replace(stats, stats=None, late=by_db.late) == by_db
    assert by_db.late, "the generated data should have late deliveries to compare"


def test_a_payment_due_on_day_30_is_not_late_on_day_30_in_the_database_too(active, alice):
    d = today() - dt.timedelta(days=30)
    Entry.objects.create(
        agreement=active,
        kind="delivery",
        date=d,
        value=100,
        party="small",
        recorded_by=alice[0],
        status="confirmed",
    )
    assert selectors._summaries([active], today=today())[active.pk].late == []
    late = selectors._summaries([active], today=today() + dt.timedelta(days=1))[active.pk].late
    assert [(x.days, x.outstanding) for x in late] == [(1, 100)]
    stats = selectors._summaries([active], today=today(), late_rows=False)[active.pk]
    assert stats.late_stats() == rules.LateStats()
    stats = selectors._summaries([active], today=today() + dt.timedelta(days=1), late_rows=False)
    assert stats[active.pk].late_stats() == rules.LateStats(
        number=1, max_days=1, overdue_days=1, outstanding=100, overdue_since=d + dt.timedelta(30)
    )
