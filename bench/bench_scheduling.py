"""Benchmark of the meeting scheduler against the first-come greedy.

    .venv/bin/python bench/bench_scheduling.py [--time-limit 30] [--only NAME]

Prints a table (Markdown). Instances are generated from fixed seeds, so every run
solves the same events; times depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jalinmitra.events.scheduling import (  # noqa: E402
    Buyer,
    Pair,
    Problem,
    Seller,
    first_come_schedule,
    objective_of,
    solve,
    validate_schedule,
)


def slot_labels(count: int, start: str = "09:00", minutes: int = 20) -> tuple[str, ...]:
    h, m = map(int, start.split(":"))
    t0 = h * 60 + m
    return tuple(
        f"{(t0 + k * minutes) // 60:02d}:{(t0 + k * minutes) % 60:02d}" for k in range(count)
    )


def generate(
    n_sellers: int,
    n_buyers: int,
    n_slots: int,
    *,
    windows: str,
    seed: int,
    pairs_per_seller: tuple[int, int] = (5, 15),
    tables: tuple[int, ...] = (1, 2, 2, 3),
    coverage_bonus: float = 0.5,
) -> Problem:
    """A temu usaha: each seller has scored pairs with a few buyers.

    ``windows``: "none" (everybody all day); "half-day" (half the sellers come only
    in the morning or only in the afternoon, one buyer in five arrives late or
    leaves early); "random" (60 % of sellers and 30 % of buyers present in a random
    window, and 5 % of a first-come schedule locked, as after a republish)."""
    rng = random.Random(seed)
    # Windows come from their own stream, so both variants share sellers, tables and scores.
    wrng = random.Random(seed + 1)
    slots = slot_labels(n_slots)
    half = n_slots // 2
    sellers = []
    for i in range(n_sellers):
        available = None
        if windows == "half-day" and wrng.random() < 0.5:
            available = slots[:half] if wrng.random() < 0.5 else slots[half:]
        elif windows == "random" and wrng.random() < 0.6:
            start = wrng.randrange(n_slots)
            available = slots[start : start + wrng.randint(3, n_slots)]
        max_meetings = rng.choice((None, None, 4, 6))
        sellers.append(Seller(f"m{i + 1}", available, max_meetings))
    buyers = []
    for j in range(n_buyers):
        available = None
        if windows == "half-day" and wrng.random() < 0.2:
            cut = n_slots // 4
            available = slots[cut:] if wrng.random() < 0.5 else slots[: n_slots - cut]
        elif windows == "random" and wrng.random() < 0.3:
            start = wrng.randrange(n_slots // 2)
            available = slots[start : start + wrng.randint(n_slots // 2, n_slots)]
        buyers.append(Buyer(f"b{j + 1}", rng.choice(tables), available, None))
    # Popular buyers attract more requests: weights follow a gentle power law.
    weights = [1.0 / (j + 1) ** 0.5 for j in range(n_buyers)]
    pairs = []
    lo, hi = pairs_per_seller
    for i in range(n_sellers):
        k = min(n_buyers, rng.randint(lo, hi))
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.add(rng.choices(range(n_buyers), weights)[0])
        for j in sorted(chosen):
            pairs.append(Pair(f"m{i + 1}", f"b{j + 1}", round(rng.random(), 3)))
    problem = Problem(slots, tuple(sellers), tuple(buyers), tuple(pairs), coverage_bonus)
    if windows == "random":
        locked = tuple(m for m in first_come_schedule(problem) if wrng.random() < 0.05)
        problem = Problem(
            slots, problem.sellers, problem.buyers, problem.pairs, coverage_bonus, locked
        )
    return problem


INSTANCES = [
    (
        "seed 100×6×16",
        dict(n_sellers=100, n_buyers=6, n_slots=16, pairs_per_seller=(2, 5), tables=(2,)),
    ),
    ("1000×60×20", dict(n_sellers=1000, n_buyers=60, n_slots=20)),
    ("5000×300×24", dict(n_sellers=5000, n_buyers=300, n_slots=24)),
]


def run(time_limit: float, only: str | None) -> None:
    print(f"time limit {time_limit:g} s; windows: none / half-day / random (+5 % locked)\n")
    print(
        "| instance | windows | solver | time s | objective | upper bound | ratio | "
        "sellers covered | meetings | status |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name, params in INSTANCES:
        if only and only not in name:
            continue
        for windows in ("none", "half-day", "random"):
            problem = generate(**params, windows=windows, seed=2024)
            t0 = time.perf_counter()
            sol = solve(problem, time_limit=time_limit)
            dt = time.perf_counter() - t0
            errors = validate_schedule(problem, sol.meetings)
            assert not errors, errors[:5]
            ub = sol.upper_bound
            n_sellers = len(problem.sellers)
            print(
                f"| {name} | {windows} | JalinMitra | {dt:.2f} | "
                f"{sol.objective:.3f} | {ub:.3f} | {sol.objective / ub:.4f} | "
                f"{sol.sellers_covered}/{n_sellers} (max {sol.max_sellers_coverable}) | "
                f"{len(sol.meetings)} | {sol.status} |",
                flush=True,
            )
            t0 = time.perf_counter()
            greedy = first_come_schedule(problem)
            dt = time.perf_counter() - t0
            assert not validate_schedule(problem, greedy)
            obj = objective_of(problem, greedy)
            covered = len({m.seller for m in greedy})
            print(
                f"| {name} | {windows} | first-come | {dt:.2f} | "
                f"{obj:.3f} | {ub:.3f} | {obj / ub:.4f} | {covered}/{n_sellers} | "
                f"{len(greedy)} | – |",
                flush=True,
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--only", help="run only instances whose name contains this")
    args = parser.parse_args()
    run(args.time_limit, args.only)
