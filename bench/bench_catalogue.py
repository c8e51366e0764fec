"""Public catalogue benchmark: the list and product pages at 10,000 products on PostgreSQL.

    .venv/bin/python bench/bench_catalogue.py [--offers 10000] [--rounds 30] [--db postgres|sqlite]

Builds a throw-away database (PostgreSQL database `jalinmitra_bench_cat` on 127.0.0.1:5432, or
a temp SQLite file), fills it with the synthetic listings of bench_matching.py (one photo and
three thumbnail rows per product, half with a halal certificate, 1,000 verified micro
businesses over the city's kelurahan), then times full pages through Django's test client,
anonymous, warm (the search index is built once first). Target: p95 <= 100 ms for the list
and the product page. Prints a table with the queries per page; asserts nothing."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import django_setup, fill_offers, run_child  # noqa: E402

DB_NAME = "jalinmitra_bench_cat"


def run_one(db: str, n_offers: int, rounds: int) -> list[dict]:
    return run_child(
        __file__,
        db,
        DB_NAME,
        offers=n_offers,
        rounds=rounds,
        media=tempfile.mkdtemp(),
    )


def fill(n_offers: int):
    from bench_matching import make_data
    from django.db import connection

    from jalinmitra.businesses.models import OfferPhoto
    from jalinmitra.catalogue.models import Thumbnail

    data = make_data(n_offers, 1)
    _businesses, offers = fill_offers(
        data["offers"], n_offers // 10, name="Usaha Mikro", whatsapp="+6281234567890"
    )
    photos = OfferPhoto.objects.bulk_create(
        (
            OfferPhoto(offer=o, image=f"offers/bench/{o.pk}.jpg", width=640, height=640)
            for o in offers
        ),
        batch_size=5000,
    )
    Thumbnail.objects.bulk_create(
        (
            Thumbnail(photo=p, width=w, height=w, image=f"offers/thumbs/photo-{p.pk}-{w}.webp")
            for p in photos
            for w in (160, 320, 640)
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":  # what autovacuum does a minute after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return offers


def child() -> None:
    # As in production: uploads under their own folder, one database connection kept per
    # worker (DEBUG's default of a new connection per request would be timed otherwise).
    os.environ["MEDIA_ROOT"] = os.environ["BENCH_MEDIA"]
    os.environ["DB_CONN_MAX_AGE"] = "60"
    django_setup()
    from django.db import connection, reset_queries
    from django.test import Client

    from jalinmitra.catalogue.views import product_path
    from jalinmitra.matching.selectors import offer_index

    n_offers, rounds = int(os.environ["BENCH_OFFERS"]), int(os.environ["BENCH_ROUNDS"])
    t0 = time.perf_counter()
    offers = fill(n_offers)
    fill_s = time.perf_counter() - t0
    print(f"filled in {fill_s:.1f} s", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    offer_index()
    build_s = time.perf_counter() - t0
    rng = random.Random(3)

    def touch() -> None:
        # A save, as every service makes one: it renews the kept public pages' token too
        # (core.pagecache), so the next page is worked out, not served from the page cache.
        offers[0].save(update_fields=["updated_at"])

    queries = ["keripik pisang", "kripik", "kopi bubuk", "sambal", "keripik pisnag", "madu"]
    scenarios = {
        "list, page 1": lambda i: "/katalog/",
        "list, page 20": lambda i: "/katalog/?hal=20",
        "list, cheapest first": lambda i: "/katalog/?urut=murah&hal=3",
        "list, halal + kecamatan": lambda i: "/katalog/?sertifikat=halal&kecamatan=18.72.01",
        "search (6 phrases)": lambda i: f"/katalog/?q={queries[i % len(queries)]}",
        "search + price band": lambda i: f"/katalog/?q={queries[i % len(queries)]}&harga=10-25",
        "product page": lambda i: product_path(rng.choice(offers)),
        # After any write the cached ids and counts are worked out again (not the target: the
        # first request after a change; every later one is a row above).
        "list after a write (cold)": lambda i: touch() or "/katalog/?sertifikat=halal",
        "search after a write (cold)": lambda i: touch() or f"/katalog/?q={queries[i % 6]}",
        # The floor on this machine at this moment: a page with no query and no template.
        "robots.txt (baseline)": lambda i: "/robots.txt",
    }
    print(f"index built in {build_s:.1f} s", file=sys.stderr, flush=True)
    # No setup_test_environment(): it instruments every template render and would time that.
    client = Client(HTTP_HOST="localhost")
    # Warm: templates, the lexicon, the stemmer's cache, and each page's cached ids and counts
    # (the cold rows measure a page whose cache a write has just made stale).
    for name, make in scenarios.items():
        for i in range(len(queries) if "search" in name else 1):
            if "cold" not in name:
                client.get(make(i))
    rows = []
    connection.force_debug_cursor = True
    for name, make in scenarios.items():
        print(f"{name} ...", file=sys.stderr, flush=True)
        times, counts, sizes, cpu = [], [], [], []
        for i in range(rounds):
            url = make(i)
            reset_queries()
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts.append(len(connection.queries))
            sizes.append(len(response.content))
        times.sort()
        rows.append(
            {
                "name": name,
                "p50": round(statistics.median(times), 1),
                "p95": round(times[int(0.95 * (len(times) - 1))], 1),
                "max": round(times[-1], 1),
                "cpu": round(statistics.median(cpu), 1),
                "queries": max(counts),
                "kb": round(statistics.median(sizes) / 1024, 1),
                "fill_s": round(fill_s, 1),
                "build_s": round(build_s, 2),
            }
        )
    print(repr(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    args = parser.parse_args()
    rows = run_one(args.db, args.offers, args.rounds)
    print(
        f"catalogue pages, {args.offers:,} products on {args.db}, {args.rounds} requests per row, "
        f"anonymous, warm (target p95 <= 100 ms); fill {rows[0]['fill_s']} s, "
        f"search index build {rows[0]['build_s']} s"
    )
    print(f"load average when done: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    # "app CPU": this process's own CPU time per request (Python and the driver), which the
    # machine's load does not stretch the way it stretches waiting (a busy shared machine).
    print("| page | p50 ms | p95 ms | max ms | app CPU p50 ms | queries | HTML KB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['name']} | {r['p50']} | {r['p95']} | {r['max']} | {r['cpu']} "
            f"| {r['queries']} | {r['kb']} |"
        )


if __name__ == "__main__":
    child() if os.environ.get("BENCH_CHILD") else main()
