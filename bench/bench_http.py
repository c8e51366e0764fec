"""HTTP load, measured side by side (issue 14 item 8): gunicorn with 2 sync workers serving a
hello-world WSGI app and JalinMitra (DEBUG off, the production settings) on the same machine,
hit by 10 and 50 concurrent keep-alive clients. Prints req/s, p50/p95/p99 and errors per page,
and each page's ratio to hello-world.

    .venv/bin/python bench/bench_http.py --scale 10000 50000 --seconds 20   # the issue's run
    .venv/bin/python bench/bench_http.py                       # the plain demo in a temp SQLite
    .venv/bin/python bench/bench_http.py --seconds 5 --db /tmp/bench.sqlite3 --clients 10 50
    .venv/bin/python bench/bench_http.py --postgres postgres://postgres@127.0.0.1:5432 \
        --scale 10000 50000 --seconds 60                        # on PostgreSQL

--postgres runs on the PostgreSQL server at that address, in a database of its own named
jm_bench_http (never the URL's own database): dropped and built again on each run, or kept
and reused as it is with --reuse.

--scale grows the demo, once, in the new database (a temp file, --db when it does not exist
yet, or the new jm_bench_http): bulk copies of the demo's verified businesses (with their KBLI
links, a halal certificate on every other one) and of its offers, up to the given totals. A
kept --db (or a --reuse'd database) is migrated and reused as it is.

Pages: hello-world, the anonymous home, /v/<code>, the catalogue list, a product and a
business page (the anonymous ones are kept whole by core.pagecache after a first visit), and
the officer's business list and need page.

The load generator is Python threads with http.client on the same 2 cores as the server, so
absolute numbers are lower than from a separate machine (wrk); the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELLO_PORT, APP_PORT = 8771, 8772

HELLO_APP = """
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"Hello"]
"""

SESSION_SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from jalinmitra.accounts.models import User
from jalinmitra.agreements.models import Agreement
from jalinmitra.businesses.models import Need
user = User.objects.get(username="petugas")
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s["jm_seen"] = 10**12
s.create()
agreement = Agreement.objects.exclude(code="").order_by("pk").first()
need = Need.objects.order_by("pk").first()
from jalinmitra.catalogue.selectors import public_offers
from jalinmitra.catalogue.views import business_path, product_path
offer = public_offers().select_related("business").order_by("-pk").first()
print(
    s.session_key,
    agreement.code if agreement else "",
    need.pk if need else 0,
    product_path(offer) if offer else "/katalog/",
    business_path(offer.business) if offer else "/katalog/",
)
"""


SCALE_SCRIPT = """
import django, itertools, os
django.setup()
from django.db import transaction
from jalinmitra.businesses.models import Business, BusinessKbli, Certification, Offer
n_businesses, n_offers = int(os.environ["BENCH_BUSINESSES"]), int(os.environ["BENCH_OFFERS"])
demo = list(Business.objects.filter(status="verified").order_by("pk"))
offers = list(Offer.objects.filter(is_active=True).order_by("pk"))
kbli = {b.pk: [(k.kbli_id, k.is_primary) for k in b.kbli_links.all()] for b in demo}
with transaction.atomic():
    extra = Business.objects.bulk_create(
        (
            Business(
                name=f"{b.name} {i}",
                owner_name=b.owner_name,
                address=b.address,
                region_id=b.region_id,
                size_class=b.size_class,
                status="verified",
                verified_at=b.verified_at,
                description=b.description,
            )
            for i, b in zip(range(max(0, n_businesses - Business.objects.count())), itertools.cycle(demo))
        ),
        batch_size=2000,
    )
    BusinessKbli.objects.bulk_create(
        (
            BusinessKbli(business_id=b.pk, kbli_id=k, is_primary=p)
            for b, src in zip(extra, itertools.cycle(demo))
            for k, p in kbli[src.pk]
        ),
        batch_size=5000,
    )
    halal = Certification.objects.bulk_create(
        (Certification(business_id=b.pk, kind="halal", number=f"H{b.pk}") for b in extra[::2]),
        batch_size=5000,
    )
    made = Offer.objects.bulk_create(
        (
            Offer(
                business_id=extra[i % len(extra)].pk,
                title=f"{o.title} {i}",
                description=o.description,
                kbli_id=o.kbli_id,
                unit=o.unit,
                price_min=o.price_min,
                price_max=o.price_max,
                capacity_per_month=o.capacity_per_month,
            )
            for i, o in zip(range(max(0, n_offers - len(offers))), itertools.cycle(offers))
        ),
        batch_size=5000,
    )
    link = Offer.certifications.through
    by_business = {c.business_id: c.pk for c in halal}
    link.objects.bulk_create(
        (
            link(offer_id=o.pk, certification_id=by_business[o.business_id])
            for o in made
            if o.business_id in by_business
        ),
        batch_size=5000,
    )
print(Business.objects.count(), Offer.objects.filter(is_active=True).count())
"""


COUNT_SCRIPT = """
import django
django.setup()
from jalinmitra.businesses.models import Business, Offer
print(Business.objects.count(), Offer.objects.filter(is_active=True).count())
"""


def _env(db_url: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(64)),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": db_url,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "TWO_FACTOR_REQUIRED": "0",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESSLOG": "",
    }


def _manage(env: dict, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return out.stdout


BENCH_DATABASE = "jm_bench_http"


def _postgres(url: str, *, fresh: bool) -> str:
    """The DATABASE_URL of jm_bench_http on the server at `url` (whatever database the URL
    names is left alone); dropped and made again when `fresh`."""
    import psycopg

    server = re.sub(r"^(postgres(?:ql)?://[^/]*)(/[^?]*)?", r"\1", url)
    if fresh:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return f"{server}/{BENCH_DATABASE}"


def _postgres_exists(url: str) -> bool:
    import psycopg

    server = re.sub(r"^(postgres(?:ql)?://[^/]*)(/[^?]*)?", r"\1", url)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
        ).fetchone()
    return found is not None


def _vacuum_analyze(db_url: str) -> None:
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit(f"nothing listens on {port}")


def _gunicorn(app: str, port: int, env: dict, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            app,
        ],
        cwd=cwd,
        env={**env, "PYTHONPATH": f"{cwd}:{ROOT}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _load(port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.time() + seconds
    headers = {"Host": "127.0.0.1", "Accept-Encoding": "gzip"}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.time() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    begin = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - begin
    latencies.sort()

    def pct(p: float) -> float:
        return (
            1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0
        )

    return {
        "n": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="per page and client count")
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--db", type=Path, help="SQLite file (built with the demo if missing)")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help=f"PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432; the run uses its own "
        f"database {BENCH_DATABASE} there (built afresh unless --reuse)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help=f"with --postgres: keep {BENCH_DATABASE} as it is if it exists (migrated only)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help="gunicorn's max_requests (worker recycling; default: deploy/gunicorn.conf.py's)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        nargs=2,
        metavar=("BUSINESSES", "OFFERS"),
        help="grow the demo to this many businesses and active offers (bulk copies), e.g. 10000 50000",
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="WORD",
        help="only the pages whose name holds one of these words (hello-world always runs), "
        "e.g. --pages officer for a quick A/B of the logged-in pages",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="jm-bench-"))
    build = not (args.db and args.db.exists())
    if args.postgres:
        build = not (args.reuse and _postgres_exists(args.postgres))
        db_url = _postgres(args.postgres, fresh=build)
    else:
        db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{args.db or tmp / 'db.sqlite3'}"
    env = _env(db_url)
    env["MEDIA_ROOT"] = str(tmp / "media")
    if args.max_requests is not None:
        env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
    if build:
        print("building the demo database (migrate + demo)…", flush=True)
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "createcachetable")
        _manage(env, "demo", "--allow-without-debug")
        if args.scale:
            print(f"scaling to {args.scale[0]:,} businesses, {args.scale[1]:,} offers…", flush=True)
            scale_env = {
                **env,
                "BENCH_BUSINESSES": str(args.scale[0]),
                "BENCH_OFFERS": str(args.scale[1]),
            }
            counts = _manage(scale_env, "shell", "-c", SCALE_SCRIPT).strip().splitlines()[-1]
            print("  businesses, active offers:", counts, flush=True)
    else:
        _manage(env, "migrate", "--noinput", "-v0")  # a kept database follows the code
    if args.postgres:
        # A production server's autovacuum analyses bulk-loaded tables within minutes; on a
        # server with autovacuum off (this build machine's) the pages would be planned without
        # statistics and COUNT(*) would read the whole table instead of its visibility map.
        _vacuum_analyze(db_url)
    _manage(env, "collectstatic", "--noinput", "-v0")
    counts = (
        "businesses, active offers: "
        + _manage(env, "shell", "-c", COUNT_SCRIPT).strip().splitlines()[-1]
    )
    session, code, need, product, business = (
        _manage(env, "shell", "-c", SESSION_SCRIPT).strip().splitlines()[-1].split()
    )
    (tmp / "hello.py").write_text(HELLO_APP)

    servers = [
        _gunicorn("hello:app", HELLO_PORT, env, tmp),
        _gunicorn("config.wsgi", APP_PORT, env, ROOT),
    ]
    try:
        _wait_port(HELLO_PORT)
        _wait_port(APP_PORT)
        pages = [
            ("hello-world", HELLO_PORT, "/", ""),
            ("home (anonymous)", APP_PORT, "/", ""),
            (f"/v/{code} (anonymous)", APP_PORT, f"/v/{code}", ""),
            ("catalogue (anonymous)", APP_PORT, "/katalog/", ""),
            ("catalogue p. 2 (anonymous)", APP_PORT, "/katalog/?hal=2", ""),
            ("product (anonymous)", APP_PORT, product, ""),
            ("business (anonymous)", APP_PORT, business, ""),
            ("business list (officer)", APP_PORT, "/usaha/", session),
            (f"need {need} (officer)", APP_PORT, f"/cocok/kebutuhan/{need}/", session),
        ]
        if args.pages:
            pages = pages[:1] + [p for p in pages[1:] if any(w in p[0] for w in args.pages)]
        # Each worker builds the matching index when it starts (post_worker_init), seconds at
        # 50,000 offers: the port answers before that. Wait until two requests at once (one
        # per worker) come back fast, then warm every page.
        deadline = time.time() + 300
        while time.time() < deadline and _load(APP_PORT, "/", "", 2, 1.0)["p99"] > 500:
            pass
        for _name, port, path, cookie in pages[1:]:
            for _ in range(4):
                _load(port, path, cookie, 1, 0.01)
        print(
            f"\ngunicorn 2 sync workers, {args.seconds:g} s per cell, {db_url.split(':')[0]}, "
            f"{counts}, max_requests {env.get('GUNICORN_MAX_REQUESTS', 'as configured')}, "
            f"load average before {os.getloadavg()[0]:.2f}\n"
        )
        header = f"{'page':32} {'clients':>7} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
        print(header)
        print("-" * len(header))
        for clients in args.clients:
            hello_rps = None
            for name, port, path, cookie in pages:
                r = _load(port, path, cookie, clients, args.seconds)
                hello_rps = hello_rps or r["rps"]
                print(
                    f"{name:32} {clients:>7} {r['rps']:>8.1f} {r['rps'] / hello_rps:>6.3f} "
                    f"{r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} {r['errors']:>6}",
                    flush=True,
                )
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    finally:
        for server in servers:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)  # the temp database and media (not a --db file)


if __name__ == "__main__":
    main()
