"""API benchmark: /api/v1/ list endpoints at 10,000 businesses on PostgreSQL, and the province
roll-up of 10 instances.

    .venv/bin/python bench/bench_api.py [--businesses 10000] [--rounds 30] [--db postgres|sqlite]

Builds a throw-away database (PostgreSQL `jalinmitra_bench_api` on 127.0.0.1:5432, user
postgres, or a temp SQLite file) with N verified businesses (one primary KBLI each), N offers
and N/2 needs, then times each list endpoint with a city token through Django's test client
(the whole middleware stack, token check, rate limit and use log included). Target: p95 <=
100 ms. Then the roll-up reads 10 local fake instances, each answering after 300 ms (one down):
it must take about one answer's time, not ten. Prints tables; asserts nothing."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "jalinmitra_bench_api"
PATHS = [
    "/api/v1/businesses",
    "/api/v1/businesses?ordering=-name&limit=50",
    "/api/v1/businesses?q=Usaha%20123&size_class=mikro",
    "/api/v1/businesses?offset=9000",
    "/api/v1/offers",
    "/api/v1/offers?kbli=10794&ordering=title",
    "/api/v1/needs",
    "/api/v1/agreements",
    "/api/v1/statistics",
]


def run_child(db: str, n: int, rounds: int) -> list[dict]:
    env = dict(os.environ, DEBUG="1", BENCH_CHILD="1", BENCH_N=str(n), BENCH_ROUNDS=str(rounds))
    env["CACHE_BACKEND"] = "django.core.cache.backends.locmem.LocMemCache"
    env["ALLOWED_HOSTS"] = "testserver"
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
    return json.loads(out.stdout.strip().splitlines()[-1])


def child() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from jalinmitra.accounts.services import user_create
    from jalinmitra.api.choices import READ_ALL, Institution
    from jalinmitra.api.services import token_create
    from jalinmitra.businesses.models import Business, BusinessKbli, Need, Offer
    from jalinmitra.core.models import KbliCode, Region

    n = int(os.environ["BENCH_N"])
    rounds = int(os.environ["BENCH_ROUNDS"])
    desa = list(
        Region.objects.filter(code__startswith="18.72.", level="desa").values_list(
            "code", flat=True
        )
    )
    kbli = (
        KbliCode.objects.filter(code="10794").first()
        or KbliCode.objects.filter(level="kelompok").first()
    )
    businesses = Business.objects.bulk_create(
        Business(
            name=f"Usaha {i}",
            owner_name=f"Pemilik {i}",
            owner_nik=f"18720145{i:08d}",
            region_id=desa[i % len(desa)],
            size_class="mikro" if i % 5 else "menengah",
            status="verified",
        )
        for i in range(n)
    )
    BusinessKbli.objects.bulk_create(
        BusinessKbli(business=b, kbli=kbli, is_primary=True) for b in businesses
    )
    Offer.objects.bulk_create(
        Offer(business=b, title=f"Produk {b.pk}", kbli=kbli) for b in businesses
    )
    Need.objects.bulk_create(
        Need(business=b, title=f"Kebutuhan {b.pk}", kbli=kbli) for b in businesses[::2]
    )
    with connection.cursor() as cursor:  # as autovacuum would after a bulk load
        cursor.execute("ANALYZE")
    officer = user_create(
        actor=None, username="bench", password="rahasia-bench-1", role="petugas", full_name="Bench"
    )
    _token, secret = token_create(
        actor=officer, name="bench", institution=Institution.CITY, user=officer,
        scopes=READ_ALL, rate_limit="1000000/60",
    )  # fmt: skip
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    rows = []
    for path in PATHS:
        assert client.get(path).status_code == 200, path  # warm
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        times.sort()
        rows.append(
            {
                "path": path,
                "p50": statistics.median(times),
                "p95": times[max(0, int(len(times) * 0.95) - 1)],
                "queries": len(ctx.captured_queries),
            }
        )
    rows += bench_bookkeeping(secret, rounds * 10)
    print(json.dumps(rows))


def bench_bookkeeping(secret: str, rounds: int) -> list[dict]:
    """What a request's use log costs alone: the former two writes (the use-log row, then the
    token's counter and last use) against today's one (the row; the token's summary at most
    once a minute)."""
    from django.db import connection
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from jalinmitra.api.models import ApiToken, ApiTokenUse
    from jalinmitra.api.selectors import token_from_secret
    from jalinmitra.api.services import token_use_record

    def former(token):
        ApiTokenUse.objects.create(token=token, method="GET", path="/api/v1/x", status=200)
        ApiToken.objects.filter(pk=token.pk).update(
            use_count=F("use_count") + 1, last_used_at=timezone.now()
        )

    def today(token):
        token_use_record(token=token, method="GET", path="/api/v1/x", status=200)

    rows = []
    for label, record in (("former: row + token update", former), ("today: row only", today)):
        times = []
        for _ in range(rounds):
            token = token_from_secret(secret)  # as each request reads it
            start = time.perf_counter()
            record(token)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            record(token_from_secret(secret))
        times.sort()
        rows.append(
            {
                "path": f"use log, {label}",
                "p50": statistics.median(times),
                "p95": times[max(0, int(len(times) * 0.95) - 1)],
                "queries": len(ctx.captured_queries),
            }
        )
    return rows


STATS = {
    "city": "Kota Contoh", "city_code": "00.00", "year": 2026, "registered": 120, "verified": 100,
    "transacting": 40, "active_agreements": 30, "delivered": 1_500_000_000, "micro_total": 90,
    "micro_active": 35, "events": 2, "meetings_held": 150,
}  # fmt: skip


class Fake(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        time.sleep(0.3)
        body = json.dumps({**STATS, "year": int(self.path.rsplit("=", 1)[1])}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def bench_rollup(instances: int = 10) -> tuple[float, int, int]:
    from jalinmitra.api.rollup import rollup

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Fake) for _ in range(instances - 1)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    configured = [
        {"name": f"Kota {i}", "url": f"http://127.0.0.1:{s.server_address[1]}", "token": "x"}
        for i, s in enumerate(servers)
    ]
    configured.append({"name": "Kota mati", "url": "http://127.0.0.1:9", "token": "x"})
    start = time.perf_counter()
    result = rollup(year=2026, configured=configured, timeout=5)
    took = time.perf_counter() - start
    for s in servers:
        s.shutdown()
    return took, len(result.cities) - len(result.missing), len(result.missing)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args()
    rows = run_child(args.db, args.businesses, args.rounds)
    print(f"API list endpoints, {args.businesses:,} businesses, {args.db}, {args.rounds} rounds")
    print(f"{'endpoint':55} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  target p95 <= 100")
    for r in rows:
        ok = "ok" if r["p95"] <= 100 else "SLOW"
        print(f"{r['path']:55} {r['p50']:8.1f} {r['p95']:8.1f} {r['queries']:8d}  {ok}")
    took, answered, missing = bench_rollup()
    print(f"\nroll-up of 10 instances (9 answer after 300 ms, 1 down): {took:.2f} s, "
          f"{answered} answered, {missing} missing")  # fmt: skip


if __name__ == "__main__":
    if os.environ.get("BENCH_CHILD"):
        child()
    else:
        main()
