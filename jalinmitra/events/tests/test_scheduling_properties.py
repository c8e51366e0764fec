"""Generated events: every schedule is valid, the bound is a bound, and on small
events the result matches brute force."""

from __future__ import annotations

import itertools
import math
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jalinmitra.events.scheduling import (
    Buyer,
    Meeting,
    Pair,
    Problem,
    Seller,
    first_come_schedule,
    objective_of,
    solve,
    solver,
    validate_schedule,
)

EPS = 1e-7
SCORES = st.sampled_from([0.0, 0.1, 0.25, 0.4, 0.5, 0.65, 0.8, 0.95, 1.0])


@st.composite
def problems(draw, max_sellers=4, max_buyers=3, max_slots=4, windows=True, locks=True, max_pairs=8):
    n_slots = draw(st.integers(1, max_slots))
    slots = tuple(f"{9 + k // 3:02d}:{(k % 3) * 20:02d}" for k in range(n_slots))

    def availability():
        if not windows or draw(st.booleans()):
            return None
        return tuple(s for s in slots if draw(st.booleans()))

    def cap():
        return draw(st.one_of(st.none(), st.integers(0, 3)))

    sellers = tuple(
        Seller(f"m{i}", availability(), cap()) for i in range(draw(st.integers(1, max_sellers)))
    )
    buyers = tuple(
        Buyer(f"b{j}", draw(st.integers(1, 2)), availability(), cap())
        for j in range(draw(st.integers(1, max_buyers)))
    )
    all_pairs = [(s.id, b.id) for s in sellers for b in buyers]
    chosen = draw(
        st.lists(
            st.sampled_from(all_pairs),
            unique=True,
            min_size=min(len(all_pairs), 3),
            max_size=max_pairs,
        )
    )
    pairs = tuple(
        Pair(s, b, draw(SCORES), draw(st.booleans()) and draw(st.booleans())) for s, b in chosen
    )
    bonus = draw(st.sampled_from([0.0, 0.3, 1.0]))
    problem = Problem(slots, sellers, buyers, pairs, bonus)
    if locks and pairs and draw(st.booleans()):
        # Any valid schedule yields valid locks: keep a few first-come meetings.
        possible = first_come_schedule(problem)
        kept = tuple(m for m in possible if draw(st.booleans()))
        problem = Problem(slots, sellers, buyers, pairs, bonus, kept)
    return problem


def _fits(problem: Problem, chosen: list[Pair]) -> bool:
    """Can these pairs (plus the locked meetings) all be seated?"""
    sellers = {s.id: s for s in problem.sellers}
    buyers = {b.id: b for b in problem.buyers}
    seller_busy = {(m.seller, m.slot) for m in problem.locked}
    table_busy = {(m.buyer, m.table, m.slot) for m in problem.locked}
    counts: dict[str, int] = {}
    for m in problem.locked:
        counts[m.seller] = counts.get(m.seller, 0) + 1
        counts["\0" + m.buyer] = counts.get("\0" + m.buyer, 0) + 1
    for p in chosen:
        counts[p.seller] = counts.get(p.seller, 0) + 1
        counts["\0" + p.buyer] = counts.get("\0" + p.buyer, 0) + 1
    for s in problem.sellers:
        if s.max_meetings is not None and counts.get(s.id, 0) > s.max_meetings:
            return False
    for b in problem.buyers:
        if b.max_meetings is not None and counts.get("\0" + b.id, 0) > b.max_meetings:
            return False

    def place(k: int) -> bool:
        if k == len(chosen):
            return True
        p = chosen[k]
        s, b = sellers[p.seller], buyers[p.buyer]
        for slot in problem.slots:
            if s.available is not None and slot not in s.available:
                continue
            if b.available is not None and slot not in b.available:
                continue
            if (s.id, slot) in seller_busy:
                continue
            # Tables of one buyer are interchangeable: the first free one will do.
            for table in range(1, b.tables + 1):
                if (b.id, table, slot) not in table_busy:
                    seller_busy.add((s.id, slot))
                    table_busy.add((b.id, table, slot))
                    ok = place(k + 1)
                    seller_busy.discard((s.id, slot))
                    table_busy.discard((b.id, table, slot))
                    if ok:
                        return True
                    break
        return False

    return place(0)


def brute_force(problem: Problem) -> list[tuple[int, float, int]]:
    """(required meetings, objective, sellers covered) of every feasible choice of pairs."""
    locked_pairs = {(m.seller, m.buyer) for m in problem.locked}
    free = [p for p in problem.pairs if (p.seller, p.buyer) not in locked_pairs]
    fixed = [p for p in problem.pairs if (p.seller, p.buyer) in locked_pairs]
    out = []
    for r in range(len(free) + 1):
        for combo in itertools.combinations(free, r):
            if not _fits(problem, list(combo)):
                continue
            ps = fixed + list(combo)
            covered = len({p.seller for p in ps})
            value = math.fsum(p.score for p in ps) + problem.coverage_bonus * covered
            out.append((sum(p.required for p in ps), value, covered))
    return out


def _check_solution(problem: Problem, time_limit: float = 5.0):
    sol = solve(problem, time_limit=time_limit)
    assert validate_schedule(problem, sol.meetings) == []
    assert math.isclose(sol.objective, objective_of(problem, sol.meetings), abs_tol=EPS)
    assert sol.objective <= sol.upper_bound + EPS
    assert sol.status in ("optimal", "feasible")
    if sol.status == "optimal":
        assert math.isclose(sol.objective, sol.upper_bound, rel_tol=1e-9, abs_tol=1e-9)
    assert sol.meetings == sorted(
        sol.meetings,
        key=lambda m: (
            problem.slots.index(m.slot),
            [b.id for b in problem.buyers].index(m.buyer),
            m.table,
        ),
    )
    assert sol.sellers_covered == len({m.seller for m in sol.meetings})
    assert sol.sellers_covered <= sol.max_sellers_coverable
    return sol


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_schedule_is_valid_and_bounded(problem):
    _check_solution(problem)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_matches_brute_force(problem):
    sol = _check_solution(problem)
    choices = brute_force(problem)
    required_met = sum(
        1
        for m in sol.meetings
        for p in problem.pairs
        if p.required and (p.seller, p.buyer) == (m.seller, m.buyer)
    )
    assert required_met == sol.required_met
    # The bound holds for every schedule meeting at least as many required pairs.
    best_comparable = max(v for r, v, _ in choices if r >= required_met)
    assert best_comparable <= sol.upper_bound + EPS
    assert max(c for _, _, c in choices) <= sol.max_sellers_coverable
    if sol.status == "optimal":
        best_r = max(r for r, _, _ in choices)
        best_v = max(v for r, v, _ in choices if r == best_r)
        assert required_met == best_r
        assert math.isclose(sol.objective, best_v, abs_tol=EPS)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(windows=False, locks=False))
def test_without_windows_the_result_is_proven_optimal(problem):
    sol = _check_solution(problem)
    assert sol.status == "optimal"
    choices = brute_force(problem)
    best_r = max(r for r, _, _ in choices)
    best_v = max(v for r, v, _ in choices if r == best_r)
    assert sol.required_met == best_r
    assert math.isclose(sol.objective, best_v, abs_tol=EPS)
    assert sol.max_sellers_coverable == max(c for _, _, c in choices)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_sellers=40, max_buyers=8, max_slots=8, max_pairs=120))
def test_bigger_events_stay_valid(problem):
    _check_solution(problem, time_limit=2.0)


def test_locked_meetings_are_kept_even_when_they_cost():
    slots = ("09:00", "09:20")
    problem = Problem(
        slots,
        (Seller("m1"), Seller("m2")),
        (Buyer("b1"),),
        (Pair("m1", "b1", 0.1), Pair("m2", "b1", 0.9)),
        0.0,
        locked=(Meeting("m1", "b1", "09:00", 1), Meeting("m2", "b1", "09:20", 1)),
    )
    sol = solve(problem)
    assert set(problem.locked) <= set(sol.meetings)
    assert sol.status == "optimal"


def test_required_pair_wins_over_better_scores():
    problem = Problem(
        ("09:00",),
        (Seller("m1"), Seller("m2")),
        (Buyer("b1"),),
        (Pair("m1", "b1", 0.9), Pair("m2", "b1", 0.1, required=True)),
        0.0,
    )
    sol = solve(problem)
    assert [(m.seller, m.buyer) for m in sol.meetings] == [("m2", "b1")]
    assert sol.status == "optimal"
    assert sol.required_met == sol.required_total == 1
    assert math.isclose(sol.objective, 0.1)


def test_coverage_bonus_spreads_meetings():
    problem = Problem(
        ("09:00", "09:20"),
        (Seller("m1"), Seller("m2")),
        (Buyer("b1"), Buyer("b2")),
        (
            Pair("m1", "b1", 0.9),
            Pair("m1", "b2", 0.9),
            Pair("m2", "b1", 0.5),
        ),
        0.5,
    )
    sol = solve(problem)
    assert sol.sellers_covered == 2
    assert math.isclose(sol.objective, 0.9 + 0.9 + 0.5 + 1.0)
    assert sol.status == "optimal"


def test_nothing_to_schedule():
    problem = Problem(("09:00",), (Seller("m1"),), (Buyer("b1"),), (), 0.5)
    sol = solve(problem)
    assert sol.meetings == [] and sol.objective == 0 and sol.status == "optimal"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_sellers=12, max_buyers=4, max_slots=6, max_pairs=30))
def test_fast_method_alone_is_valid_and_bounded(problem):
    # Without the exact CP-SAT pass the colouring, swaps and replacements must stand alone.
    with mock.patch.object(solver, "CPSAT_MAX_VARS", 0):
        sol = _check_solution(problem)
    choices = brute_force(problem) if len(problem.pairs) <= 8 else []
    if choices:
        best_comparable = max(v for r, v, _ in choices if r >= sol.required_met)
        assert best_comparable <= sol.upper_bound + EPS
