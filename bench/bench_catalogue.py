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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DB_NAME = "jalinmitra_bench_cat"


def run_one(db: str, n_offers: int, rounds: int) -> list[dict]:
    env = dict(os.environ, DEBUG="1", BENCH_CHILD="1", BENCH_OFFERS=str(n_offers))
    env["BENCH_ROUNDS"] = str(rounds)
    env["MEDIA_ROOT"] = tempfile.mkdtemp()
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    else:
        pg = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *pg, "--if-exists", DB_NAME], check=True)
        subprocess.run(["createdb", *pg, DB_NAME], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    out = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return eval(out.stdout.strip().splitlines()[-1])  # a list literal printed by child()


def fill(n_offers: int):
    from bench_matching import make_data

    from jalinmitra.businesses.models import Business, Certification, Offer, OfferPhoto
    from jalinmitra.catalogue.models import Thumbnail
    from jalinmitra.core.models import KbliCode, Region

    data = make_data(n_offers, 1)
    kelurahan = list(
        Region.objects.filter(code__startswith="18.72.", level="desa").values_list(
            "code", flat=True
        )
    )
    kbli = dict(KbliCode.objects.filter(version="2020", level="kelompok").values_list("code", "id"))
    businesses = Business.objects.bulk_create(
        Business(
            name=f"Usaha Mikro {i}",
            owner_name=f"Pemilik {i}",
            owner_nik=f"18720145069{i:05d}",
            whatsapp="+6281234567890",
            region_id=kelurahan[i % len(kelurahan)],
            size_class="mikro",
            status="verified",
        )
        for i in range(max(1, n_offers // 10))
    )
    halal = Certification.objects.bulk_create(
        Certification(business=b, kind="halal", number=f"H{b.pk}") for b in businesses
    )
    offers = Offer.objects.bulk_create(
        (
            Offer(
                business=businesses[i % len(businesses)],
                title=o["title"],
                description=o["description"],
                kbli_id=kbli.get(o["kbli"][0]),
                unit="kg",
                capacity_per_month=o["capacity"]["quantity"],
                price_min=o["price"]["min"],
                price_max=o["price"]["max"],
            )
            for i, o in enumerate(data["offers"])
        ),
        batch_size=5000,
    )
    link = Offer.certifications.through
    link.objects.bulk_create(
        (
            link(offer_id=o.pk, certification_id=halal[i % len(halal)].pk)
            for i, o in enumerate(offers)
            if i % 2 == 0
        ),
        batch_size=5000,
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
    return offers


def child() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from jalinmitra.catalogue.views import product_path
    from jalinmitra.matching.selectors import offer_index

    n_offers, rounds = int(os.environ["BENCH_OFFERS"]), int(os.environ["BENCH_ROUNDS"])
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    t0 = time.perf_counter()
    offers = fill(n_offers)
    fill_s = time.perf_counter() - t0
    print(f"filled in {fill_s:.1f} s", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    offer_index()
    build_s = time.perf_counter() - t0
    rng = random.Random(3)
    queries = ["keripik pisang", "kripik", "kopi bubuk", "sambal", "keripik pisnag", "madu"]
    scenarios = {
        "list, page 1": lambda i: "/katalog/",
        "list, page 20": lambda i: "/katalog/?hal=20",
        "list, cheapest first": lambda i: "/katalog/?urut=murah&hal=3",
        "list, halal + kecamatan": lambda i: "/katalog/?sertifikat=halal&kecamatan=18.72.01",
        "search (6 phrases)": lambda i: f"/katalog/?q={queries[i % len(queries)]}",
        "search + price band": lambda i: f"/katalog/?q={queries[i % len(queries)]}&harga=10-25",
        "product page": lambda i: product_path(rng.choice(offers)),
        # The floor on this machine at this moment: a page with no query and no template.
        "robots.txt (baseline)": lambda i: "/robots.txt",
    }
    print(f"index built in {build_s:.1f} s", file=sys.stderr, flush=True)
    # No setup_test_environment(): it instruments every template render and would time that.
    client = Client(HTTP_HOST="localhost")
    for make in scenarios.values():  # warm: templates, the lexicon, the stemmer's cache
        client.get(make(0))
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
