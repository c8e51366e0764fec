"""In-app matching benchmark: a need's page against 100,000 offers in the database.

    .venv/bin/python bench/bench_matching_app.py [--offers 100000] [--needs 50] [--db sqlite|postgres|both]

Builds a throw-away database (a temp SQLite file, or PostgreSQL database `jalinmitra_bench` on
127.0.0.1:5432), fills it with the same synthetic listings as bench_matching.py, and times:
the first index build, then the need page (`matching:need`, full HTML through Django's test
client) for each need, warm. Target: need page <= 150 ms. Prints a table; asserts nothing."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import django_setup, fill_offers, run_child  # noqa: E402


def run_one(db: str, n_offers: int, n_needs: int) -> dict:
    """Run in a child process so each database gets its own Django setup."""
    return run_child(__file__, db, "jalinmitra_bench", offers=n_offers, needs=n_needs)


def child() -> None:
    django_setup()
    from bench_matching import make_data
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from jalinmitra.accounts.models import User
    from jalinmitra.businesses.models import Business, Need, Offer
    from jalinmitra.matching import selectors

    setup_test_environment()
    n_offers, n_needs = int(os.environ["BENCH_OFFERS"]), int(os.environ["BENCH_NEEDS"])
    data = make_data(n_offers, n_needs)
    t0 = time.perf_counter()
    _businesses, offers = fill_offers(data["offers"], n_offers // 100)
    buyer = Business.objects.create(
        name="PT Pembeli",
        owner_name="Direktur",
        region_id="18.72.01.1001",
        size_class="besar",
        status="verified",
    )
    needs = [
        Need.objects.create(
            business=buyer,
            title=n["title"],
            description=n["description"],
            quantity=n["quantity"]["quantity"],
            unit="kg",
            period="month",
            required_certifications=n["requires"],
            delivery_region_id="18.72",
        )
        for n in data["needs"]
    ]
    load_s = time.perf_counter() - t0
    officer = User.objects.create(username="bench", role="petugas")
    client = Client()
    client.force_login(officer)

    t0 = time.perf_counter()
    selectors.offer_index()
    build_s = time.perf_counter() - t0
    times = []
    for need in needs:
        t0 = time.perf_counter()
        response = client.get(reverse("matching:need", args=[need.pk]))
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    # One offer changed: the next page re-indexes just that offer.
    Offer.objects.filter(pk=offers[0].pk).update(
        title="keripik pisang lumer baru", updated_at=timezone.now()
    )
    t0 = time.perf_counter()
    client.get(reverse("matching:need", args=[needs[0].pk]))
    after_change_ms = (time.perf_counter() - t0) * 1000
    times.sort()
    print(
        repr(
            {
                "load_s": round(load_s, 1),
                "build_s": round(build_s, 2),
                "p50": round(statistics.median(times), 1),
                "p95": round(times[int(0.95 * (len(times) - 1))], 1),
                "max": round(times[-1], 1),
                "after_change": round(after_change_ms, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=50)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    print(
        f"need page against {args.offers:,} offers in the database, {args.needs} needs (target p95 <= 150 ms)"
    )
    print(
        "| database | fill s | index build s | page p50 ms | page p95 ms | page max ms | after one change ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for db in dbs:
        r = run_one(db, args.offers, args.needs)
        print(
            f"| {db} | {r['load_s']} | {r['build_s']} | {r['p50']} | {r['p95']} | {r['max']} | {r['after_change']} |"
        )


if __name__ == "__main__":
    child() if os.environ.get("BENCH_CHILD") else main()
