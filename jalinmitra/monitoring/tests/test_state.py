"""Each agreement's kept health state (monitoring/state.py) equals the health computed from the
entries (selectors._summaries, itself checked against the pure rules): after every kind of
write, and on the days after, when time alone makes a payment late."""

import datetime as dt
import random

import pytest

from jalinmitra.agreements.models import Agreement
from jalinmitra.monitoring import selectors, services, state
from jalinmitra.monitoring.models import AgreementState, Entry, UnpaidDelivery

from .conftest import today
from .test_health_sql import _generate
from .test_worklist import ago, deliver, pay

DAYS = (-40, 0, 1, 29, 30, 31, 45, 61, 400)


def _rows(agreement) -> tuple:
    kept = list(AgreementState.objects.filter(agreement_id=agreement.pk).values())
    unpaid = list(UnpaidDelivery.objects.filter(agreement_id=agreement.pk).order_by("n").values())
    return kept, [{k: v for k, v in u.items() if k != "id"} for u in unpaid]


def _assert_equal_to_a_full_recompute(agreement) -> None:
    kept = _rows(agreement)
    state.rebuild([agreement.pk])
    assert _rows(agreement) == kept
    for offset in DAYS:
        day = today() + dt.timedelta(days=offset)
        expected = selectors._summaries([agreement], today=day, late_rows=False).get(agreement.pk)
        found = state.summaries([agreement], today=day).get(agreement.pk)
        assert found == expected, (offset, found, expected)
        qs = Agreement.objects.filter(pk=agreement.pk)
        assert state.summaries(qs, today=day).get(agreement.pk) == expected


def test_the_state_follows_every_kind_of_write(active, alice, carol, officer):
    _assert_equal_to_a_full_recompute(active)  # no entry yet
    d1 = deliver(alice[0], active, ago(100), 300)
    _assert_equal_to_a_full_recompute(active)  # pending
    services.entry_confirm(actor=carol[0], entry=d1)
    assert AgreementState.objects.get(agreement_id=active.pk).realised == 300
    _assert_equal_to_a_full_recompute(active)  # confirmed, overdue, unpaid
    d2 = deliver(alice[0], active, ago(31), 200)
    services.entry_confirm(actor=carol[0], entry=d2)
    d3 = deliver(alice[0], active, ago(30), 100)  # due today: late tomorrow
    services.entry_confirm(actor=carol[0], entry=d3)
    assert UnpaidDelivery.objects.filter(agreement_id=active.pk).count() == 3
    _assert_equal_to_a_full_recompute(active)
    p = pay(carol[0], active, ago(20), 400)  # pays d1 late and half of d2
    services.entry_confirm(actor=alice[0], entry=p)
    kept = AgreementState.objects.get(agreement_id=active.pk)
    assert (kept.paid, kept.paid_late, kept.paid_late_max_days) == (400, 1, 50)
    _assert_equal_to_a_full_recompute(active)
    disputed = deliver(alice[0], active, ago(10), 999)
    services.entry_dispute(actor=carol[0], entry=disputed, reason="Tidak diterima")
    assert AgreementState.objects.get(agreement_id=active.pk).disputed == 1
    _assert_equal_to_a_full_recompute(active)
    services.entry_resolve(
        actor=officer, entry=disputed, outcome=services.RESOLVE_UPHOLD, notes="Ada nota"
    )
    _assert_equal_to_a_full_recompute(active)
    # A correction: once confirmed, the corrected delivery is superseded.
    fix = services.entry_record(
        actor=alice[0],
        agreement=active,
        kind="delivery",
        data={"date": ago(100), "quantity": "10", "unit": "kg", "value": 350},
        corrects=d1,
    )
    services.entry_confirm(actor=carol[0], entry=fix)
    assert Entry.objects.get(pk=d1.pk).status == "superseded"
    _assert_equal_to_a_full_recompute(active)
    # A deletion, and the agreement's payment term changed (its due dates move).
    Entry.objects.get(pk=p.pk).delete()
    _assert_equal_to_a_full_recompute(active)
    Agreement.objects.filter(pk=active.pk).update(payment_term_days=7)  # the row, then a save
    agreement = Agreement.objects.get(pk=active.pk)
    agreement.save()
    assert UnpaidDelivery.objects.filter(agreement_id=active.pk, due=ago(100) + dt.timedelta(7))
    _assert_equal_to_a_full_recompute(agreement)


def test_a_payment_becomes_late_on_day_31_with_no_write(active, alice, carol):
    d = deliver(alice[0], active, ago(30), 100)
    services.entry_confirm(actor=carol[0], entry=d)
    on_30 = state.summaries([active], today=today())[active.pk]
    assert on_30.stats is None and on_30.late_stats().number == 0
    on_31 = state.summaries([active], today=today() + dt.timedelta(days=1))[active.pk]
    stats = on_31.late_stats()
    assert (stats.number, stats.overdue_days, stats.outstanding) == (1, 1, 100)
    health = selectors.health_for_agreements([active], today=today() + dt.timedelta(days=1))
    assert "late" in health[active.pk].flag_codes
    assert "late" not in selectors.health_for_agreements([active])[active.pk].flag_codes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_entries_written_past_the_signals_are_counted_before_a_read(active, alice, carol, seed):
    """bulk_create (no signal): the read finds the entries' number changed and computes the
    agreement again; on generated data with ties and every status, for many days."""
    _generate(active, (alice[0], carol[0]), random.Random(seed), 60)
    assert not AgreementState.objects.filter(agreement_id=active.pk).exists()
    state.summaries([active], today=today())
    assert AgreementState.objects.get(agreement_id=active.pk).entries == 60
    _assert_equal_to_a_full_recompute(active)
    assert selectors._summaries([active], today=today())[active.pk].late, "no late to compare"


def test_an_entry_saved_writes_no_cache_and_still_renews_the_figures(active, alice, carol):
    """An entry's save keeps its agreement's state and months and notes the change; it writes
    nothing to the cache (the figures' stamp reads the newest HealthChange row instead)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jalinmitra.monitoring.dashboard import figures_stamp

    d = deliver(alice[0], active, ago(40), 300)
    before = figures_stamp()
    with CaptureQueriesContext(connection) as ctx:
        services.entry_confirm(actor=carol[0], entry=d)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "jalinmitra_cache" not in sql
    assert "monitoring_agreementstate" in sql and "monitoring_entrymonth" in sql
    assert figures_stamp() != before
    assert AgreementState.objects.get(agreement_id=active.pk).realised == 300
