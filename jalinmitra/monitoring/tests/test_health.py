"""The health rules (pure, no database): every flag at its boundaries."""

import datetime as dt

import pytest

from jalinmitra.monitoring import health as h
from jalinmitra.monitoring.health import Fact, Terms

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)  # 364 days


def terms(**over) -> Terms:
    data = {
        "start": START,
        "end": END,
        "payment_term_days": 30,
        "estimated_value": 0,  # no "behind" flag unless a test asks for it
        "has_follow_up": False,
    }
    data.update(over)
    return Terms(**data)


def delivery(date, value=1_000_000, status=h.CONFIRMED) -> Fact:
    return Fact(h.DELIVERY, date, value, status)


def payment(date, value=1_000_000, status=h.CONFIRMED) -> Fact:
    return Fact(h.PAYMENT, date, value, status)


D = dt.date(2026, 3, 1)  # a delivery; due 30 days later, on 31 March


def run(facts, today, dormant_days=h.DORMANT_DAYS, **over):
    return h.health(terms(**over), facts, today=today, dormant_days=dormant_days)


# --- late payment ------------------------------------------------------------------------


def test_a_payment_due_on_day_30_is_not_late_on_day_30():
    result = run([delivery(D)], D + dt.timedelta(days=30))
    assert h.FLAG_LATE not in result.flag_codes
    assert result.late_days == 0 and result.outstanding == 0


def test_unpaid_on_day_31_is_late_by_one_day_with_the_outstanding_amount():
    result = run([delivery(D, 2_500_000)], D + dt.timedelta(days=31))
    assert h.FLAG_LATE in result.flag_codes
    assert result.late_days == 1 and result.outstanding == 2_500_000
    assert result.status == h.ATTENTION
    assert "terlambat 1 hari" in " ".join(result.reasons)
    assert "Rp2.500.000" in " ".join(result.reasons)


def test_paid_on_the_due_date_is_on_time_and_paid_a_day_after_is_late():
    on_time = run([delivery(D), payment(D + dt.timedelta(days=30))], D + dt.timedelta(days=90))
    assert on_time.late == [] and on_time.status != h.TROUBLE
    late = run([delivery(D), payment(D + dt.timedelta(days=31))], D + dt.timedelta(days=90))
    assert [(x.days, x.outstanding) for x in late.late] == [(1, 0)]
    assert h.FLAG_LATE not in late.flag_codes  # paid: late once, nothing overdue now


def test_overdue_30_days_is_attention_and_31_is_trouble():
    due = D + dt.timedelta(days=30)
    at = due + dt.timedelta(days=h.TROUBLE_LATE_DAYS)
    assert run([delivery(D)], at, dormant_days=365).status == h.ATTENTION
    at = due + dt.timedelta(days=h.TROUBLE_LATE_DAYS + 1)
    assert run([delivery(D)], at, dormant_days=365).status == h.TROUBLE


def test_payments_pay_the_oldest_delivery_first_and_a_partial_payment_leaves_the_rest_due():
    d2 = D + dt.timedelta(days=10)
    facts = [
        delivery(D, 1_000_000),
        delivery(d2, 1_000_000),
        payment(D + dt.timedelta(days=5), 1_500_000),
    ]
    result = run(facts, d2 + dt.timedelta(days=31))
    assert [(x.delivery_date, x.outstanding) for x in result.late] == [(d2, 500_000)]
    assert result.outstanding == 500_000


def test_pending_and_disputed_entries_do_not_count_as_paid_or_delivered():
    facts = [delivery(D), payment(D + dt.timedelta(days=1), status=h.PENDING)]
    result = run(facts, D + dt.timedelta(days=31))
    assert result.outstanding == 1_000_000
    result = run([delivery(D, status=h.PENDING)], D + dt.timedelta(days=60))
    assert result.late == [] and result.realised == 0


# --- repeated late payments (the KPPU signal) --------------------------------------------


def _late_history(n: int) -> list[Fact]:
    facts = []
    for i in range(n):
        d = D + dt.timedelta(days=7 * i)
        facts += [delivery(d), payment(d + dt.timedelta(days=35))]
    return facts


def test_two_late_payments_are_not_yet_the_repeated_signal_three_are():
    today = D + dt.timedelta(days=80)
    two = run(_late_history(h.REPEATED_LATE_COUNT - 1), today)
    assert h.FLAG_REPEATED_LATE not in two.flag_codes and two.late_count == 2
    three = run(_late_history(h.REPEATED_LATE_COUNT), today)
    assert h.FLAG_REPEATED_LATE in three.flag_codes
    assert three.status == h.TROUBLE
    assert "3 kali" in " ".join(three.reasons)


# --- disputes ----------------------------------------------------------------------------


def test_a_disputed_entry_waiting_needs_attention():
    result = run([delivery(D, status=h.DISPUTED)], D + dt.timedelta(days=3))
    assert h.FLAG_DISPUTED in result.flag_codes and result.status == h.ATTENTION


# --- dormant -----------------------------------------------------------------------------


def test_no_entry_for_59_days_is_active_and_for_60_days_dormant():
    last = dt.date(2026, 5, 1)
    facts = [delivery(last), payment(last)]
    assert h.FLAG_DORMANT not in run(facts, last + dt.timedelta(days=59)).flag_codes
    result = run(facts, last + dt.timedelta(days=60))
    assert h.FLAG_DORMANT in result.flag_codes and result.status == h.INACTIVE
    assert "60 hari" in " ".join(result.reasons)


def test_dormant_counts_from_the_start_when_nothing_was_ever_recorded():
    assert h.FLAG_DORMANT not in run([], START + dt.timedelta(days=59)).flag_codes
    assert h.FLAG_DORMANT in run([], START + dt.timedelta(days=60)).flag_codes


def test_the_dormant_threshold_is_a_setting():
    result = h.health(terms(), [], today=START + dt.timedelta(days=30), dormant_days=30)
    assert h.FLAG_DORMANT in result.flag_codes


# --- realised against the estimate, pro rata --------------------------------------------


def test_expected_value_is_pro_rata_over_the_term():
    t = terms(estimated_value=364_000_000)
    assert h.expected_to_date(t, today=START) == 0
    assert h.expected_to_date(t, today=START + dt.timedelta(days=91)) == 91_000_000
    assert h.expected_to_date(t, today=END + dt.timedelta(days=10)) == 364_000_000


def test_realised_at_half_the_pro_rata_estimate_is_fine_below_it_is_behind():
    today = START + dt.timedelta(days=91)  # expected 91,000,000; half is 45,500,000
    half = [delivery(today, 45_500_000), payment(today, 45_500_000)]
    assert h.FLAG_BEHIND not in run(half, today, estimated_value=364_000_000).flag_codes
    under = [delivery(today, 45_499_999), payment(today, 45_499_999)]
    result = run(under, today, estimated_value=364_000_000)
    assert h.FLAG_BEHIND in result.flag_codes and result.status == h.ATTENTION
    assert result.expected == 91_000_000 and result.realised == 45_499_999


def test_no_behind_flag_in_the_first_month():
    today = START + dt.timedelta(days=h.GRACE_DAYS - 1)
    assert (
        h.FLAG_BEHIND not in run([delivery(today)], today, estimated_value=364_000_000).flag_codes
    )
    today = START + dt.timedelta(days=h.GRACE_DAYS)
    assert h.FLAG_BEHIND in run([delivery(today, 1)], today, estimated_value=364_000_000).flag_codes


# --- ending soon -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "flagged"), [(61, False), (60, True), (0, True), (-1, False)]
)
def test_ending_within_60_days_without_a_follow_up(days_left, flagged):
    today = END - dt.timedelta(days=days_left)
    facts = [delivery(today), payment(today)]
    assert (h.FLAG_ENDING in run(facts, today).flag_codes) is flagged


def test_an_extension_or_follow_up_clears_the_ending_flag():
    today = END - dt.timedelta(days=10)
    facts = [delivery(today), payment(today)]
    assert h.FLAG_ENDING not in run(facts, today, has_follow_up=True).flag_codes


# --- the status and its words ----------------------------------------------------------------


def test_going_well_says_so_in_words():
    today = D + dt.timedelta(days=20)
    result = run([delivery(D), payment(D + dt.timedelta(days=10))], today)
    assert result.status == h.GOOD and result.flags == []
    assert result.reasons and "Berjalan baik" in result.reasons[0]


def test_trouble_outranks_dormant_which_outranks_attention():
    # overdue 100 days and nothing recorded for 100+ days: both flags, trouble shown
    result = run([delivery(D)], D + dt.timedelta(days=130))
    assert {h.FLAG_LATE, h.FLAG_DORMANT} <= result.flag_codes
    assert result.status == h.TROUBLE
    assert len(result.reasons) == len(result.flags)


def test_the_sentences_go_through_the_given_gettext():
    def english(text):
        return text.replace("Pembayaran terlambat", "Payment late by")

    result = h.health(terms(), [delivery(D)], today=D + dt.timedelta(days=31), gettext=english)
    assert any(r.startswith("Payment late by 1 hari") for r in result.reasons)


def test_the_module_imports_no_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(h.__file__).read_text())
    names = [
        n.module if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, (ast.Import, ast.ImportFrom))
        for a in (n.names if isinstance(n, ast.Import) else [None])
    ]
    assert not [n for n in names if n and (n.startswith("django") or n.startswith("jalinmitra"))]
