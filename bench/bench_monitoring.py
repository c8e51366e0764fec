"""Monitoring benchmark: the leaders' dashboard and the officers' worklist on PostgreSQL with
10,000 businesses, 2,000 agreements and 200,000 realisation entries (target: p95 <= 300 ms).

    .venv/bin/python bench/bench_monitoring.py [--scale 1.0] [--rounds 20] [--reuse] [--no-gc-freeze]

Builds the PostgreSQL database `jalinmitra_bench_monitoring` on 127.0.0.1:5432 (user postgres),
fills it with bulk_create (businesses with their KBLI and kelurahan, offers, needs, shortlists,
four temu usaha with meetings and outcomes, agreements in every running state, entries in every
status over 18 months), then times full pages through Django's test client as a signed-in
officer: the dashboard for this quarter, this year and the last twelve months, its XLSX, the
public statistics and the worklist, each warm (the health and the figures from the cache,
nothing written since) and cold (right after the caches' tokens are renewed, as after any
write: computed from the database). `--scale 0.1` builds a tenth of everything; `--reuse`
keeps the data of the last run (and builds it when the database does not exist);
BENCH_DB=<name> uses another database. Once every page was loaded, the process freezes what it
holds out of the cycle collector's sight, as a gunicorn worker does (`--no-gc-freeze`: not).
Prints a table with p50/p95/max and each page's number of queries (which must not grow with the
data); asserts nothing."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB = os.environ.get("BENCH_DB", "jalinmitra_bench_monitoring")
TARGET_MS = 300


def prepare_database(reuse: bool) -> bool:
    """A fresh database, or with --reuse the existing one if there is one. Returns whether the
    data is reused."""
    pg = ["-h", "127.0.0.1", "-U", "postgres"]
    if reuse:
        found = subprocess.run(
            ["psql", *pg, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{DB}'"],
            capture_output=True,
            text=True,
            check=True,
        )
        if found.stdout.strip() == "1":
            return True
        print(f"{DB} does not exist: building it")
    subprocess.run(["dropdb", *pg, "--if-exists", DB], check=True)
    subprocess.run(["createdb", *pg, DB], check=True)
    return False


def generate(scale: float) -> dict:
    """The data, with bulk_create. Returns the sizes."""
    import datetime as dt

    from django.utils import timezone

    from jalinmitra.accounts.models import User
    from jalinmitra.agreements.choices import Status
    from jalinmitra.agreements.models import Agreement
    from jalinmitra.businesses.models import Business, BusinessKbli, Need, Offer
    from jalinmitra.core.models import KbliCode, Region
    from jalinmitra.events.models import Event, Meeting, Outcome, Participant
    from jalinmitra.matching.models import Shortlist
    from jalinmitra.monitoring.models import Entry

    rnd = random.Random(20261130)
    n_business = int(10_000 * scale)
    n_agreements = int(2_000 * scale)
    n_entries = int(200_000 * scale)
    n_large = max(n_business // 10, 10)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()

    def at(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(9), tzinfo=tz)

    officer = User.objects.create_user("petugas_bench", password="x", role="petugas")
    desa = list(Region.objects.filter(code__startswith="18.72.", level="desa"))
    kbli = list(KbliCode.objects.filter(level="kelompok", version="2020")[:400])
    start_of_programme = today - dt.timedelta(days=540)

    businesses = []
    for i in range(n_business):
        large = i < n_large
        created = start_of_programme + dt.timedelta(days=rnd.randrange(0, 520))
        verified = rnd.random() < 0.8
        businesses.append(
            Business(
                name=f"{'PT Mitra' if large else 'Usaha'} Bench {i}",
                owner_name=f"Pemilik {i}",
                region=rnd.choice(desa),
                size_class=("menengah" if large else ("mikro" if rnd.random() < 0.85 else "kecil")),
                status="verified" if verified else "submitted",
                verified_at=at(created + dt.timedelta(days=3)) if verified else None,
            )
        )
    Business.objects.bulk_create(businesses, batch_size=2000)
    # created_at is auto_now_add: set the registration dates afterwards, in one statement each.
    for b in businesses:
        b.created_at = (
            at(b.verified_at.date() - dt.timedelta(days=3)) if b.verified_at else at(today)
        )
    Business.objects.bulk_update(businesses, ["created_at"], batch_size=2000)
    BusinessKbli.objects.bulk_create(
        [BusinessKbli(business=b, kbli=rnd.choice(kbli), is_primary=True) for b in businesses],
        batch_size=5000,
    )
    large, small = businesses[:n_large], businesses[n_large:]

    offers = Offer.objects.bulk_create(
        [Offer(business=b, title=f"Produk {b.pk}") for b in small[: len(small) // 2]],
        batch_size=5000,
    )
    needs = Need.objects.bulk_create(
        [Need(business=b, title=f"Kebutuhan {b.pk}") for b in large[: max(n_large // 2, 1)]],
        batch_size=5000,
    )
    pairs = {(rnd.randrange(len(needs)), rnd.randrange(len(offers))) for _ in range(len(offers))}
    Shortlist.objects.bulk_create(
        [Shortlist(need=needs[n], offer=offers[o]) for n, o in pairs], batch_size=5000
    )

    for e in range(4):
        day = today - dt.timedelta(days=90 * e + 20)
        event = Event.objects.create(name=f"Temu Usaha Bench {e}", date=day, venue="Aula")
        sellers = Participant.objects.bulk_create(
            [
                Participant(event=event, business=b, role="seller")
                for b in rnd.sample(small, min(150, len(small)))
            ]
        )
        buyers = Participant.objects.bulk_create(
            [Participant(event=event, business=b, role="buyer") for b in large[:10]]
        )
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(
                    event=event,
                    seller=s,
                    buyer=buyers[i % len(buyers)],
                    slot=f"s{i // len(buyers)}",
                    table=1,
                    status="held" if rnd.random() < 0.85 else "no_show",
                )
                for i, s in enumerate(sellers)
            ]
        )
        Outcome.objects.bulk_create(
            [
                Outcome(
                    meeting=m,
                    side="seller",
                    rating=rnd.randint(1, 5),
                    result=rnd.choice(
                        ["tidak_lanjut", "tindak_lanjut", "negosiasi", "sepakat_bermitra"]
                    ),
                )
                for m in meetings
                if m.status == "held"
            ]
        )

    agreements = []
    for i in range(n_agreements):
        start = start_of_programme + dt.timedelta(days=rnd.randrange(30, 480))
        end = start + dt.timedelta(days=365)
        roll = rnd.random()
        status = (
            Status.ACTIVE
            if roll < 0.85
            else (Status.COMPLETED if roll < 0.95 else Status.TERMINATED)
        )
        ended = None
        if status != Status.ACTIVE:
            ended = at(min(today, start + dt.timedelta(days=rnd.randrange(60, 300))))
        agreements.append(
            Agreement(
                small_party=small[i % len(small)],
                large_party=rnd.choice(large),
                pattern="perdagangan_umum",
                subject="Pasokan bench",
                start_date=start,
                end_date=end,
                payment_term_days=30,
                estimated_value=rnd.randrange(10, 500) * 1_000_000,
                status=status,
                signed_small_at=at(start),
                signed_large_at=at(start),
                activated_at=at(start),
                ended_at=ended,
                approved_by=officer,
                created_by=officer,
            )
        )
    Agreement.objects.bulk_create(agreements, batch_size=2000)

    statuses = ["confirmed"] * 88 + ["pending"] * 5 + ["disputed"] * 3 + ["superseded"] * 4
    batch: list[Entry] = []
    for i in range(n_entries):
        a = agreements[i % len(agreements)]
        last = min(a.end_date, today)
        span = max((last - a.start_date).days, 1)
        delivery = rnd.random() < 0.6
        batch.append(
            Entry(
                agreement=a,
                kind="delivery" if delivery else "payment",
                date=a.start_date + dt.timedelta(days=rnd.randrange(span)),
                value=rnd.randrange(1, 50) * 100_000,
                method="" if delivery else "transfer",
                party="small" if delivery else "large",
                recorded_by=officer,
                status=rnd.choice(statuses),
            )
        )
        if len(batch) == 10_000:
            Entry.objects.bulk_create(batch)
            batch = []
    Entry.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "businesses": Business.objects.count(),
        "agreements": Agreement.objects.count(),
        "entries": Entry.objects.count(),
    }


def login(client, user) -> None:
    """A signed-in session made by hand: force_login sends no request, which the login
    throttling's signal handler cannot record."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def renew_caches() -> None:
    """As after any write: the cached health and figures are no longer used (the next request
    computes them from the database, "cold")."""
    import uuid

    from django.core.cache import cache

    from jalinmitra.monitoring.dashboard import FIGURES_TOKEN_KEY
    from jalinmitra.monitoring.selectors import CACHE_TOKEN_KEY

    cache.set(CACHE_TOKEN_KEY, uuid.uuid4().hex, None)
    cache.set(FIGURES_TOKEN_KEY, uuid.uuid4().hex, None)


def write_one(pks: list[int], n: int) -> None:
    """As after a user's write: one confirmed entry of a running agreement saved again (its
    signals note the agreement and renew the figures' token), in its own transaction."""
    from jalinmitra.monitoring.models import Entry

    Entry.objects.get(pk=pks[n % len(pks)]).save(update_fields=["value"])


def time_record(rounds: int) -> tuple[list[float], int]:
    """Times of recording one delivery through the service (an officer on the micro partner's
    behalf, committed: its signals keep the months, the health state and the change rows), and
    the number of queries of one."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from jalinmitra.accounts.models import User
    from jalinmitra.agreements.models import Agreement
    from jalinmitra.monitoring import services

    officer = User.objects.get(username="petugas_bench")
    today = timezone.localdate()
    running = list(
        Agreement.objects.filter(
            status="active", start_date__lt=today - dt.timedelta(days=10), end_date__gte=today
        ).order_by("pk")[::97][: rounds + 1]
    )

    def record(agreement) -> None:
        services.entry_record(
            actor=officer,
            agreement=agreement,
            kind="delivery",
            data={
                "date": today - dt.timedelta(days=1),
                "quantity": "5",
                "unit": "kg",
                "value": 100_000,
            },
            party="small",
            by_officer=True,
        )

    with CaptureQueriesContext(connection) as ctx:
        record(running[0])
    times = []
    for agreement in running[1:]:
        start = time.perf_counter()
        record(agreement)
        times.append((time.perf_counter() - start) * 1000)
    return times, len(ctx)


def time_page(
    client, url: str, params: dict, rounds: int, *, mode: str = "warm", pks: list[int] = ()
) -> tuple[list[float], int, int]:
    """Times of `rounds` requests; mode "cold": each right after renew_caches(), "write":
    each right after write_one()."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def before(n: int) -> None:
        if mode == "cold":
            renew_caches()
        elif mode == "write":
            write_one(list(pks), n)

    response = client.get(url, params)  # warm Python, the session, the database's pages
    status = response.status_code
    times = []
    before(0)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, params)
    queries = len(ctx)
    for n in range(rounds):
        before(n + 1)
        start = time.perf_counter()
        client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
    return times, queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the data of the last run")
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="do not freeze the loaded app out of the cycle collector's sight (gunicorn does)",
    )
    args = parser.parse_args()
    args.reuse = prepare_database(args.reuse)
    os.environ.update(
        DEBUG="1",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from jalinmitra.accounts.models import User
    from jalinmitra.monitoring.dashboard import Period
    from jalinmitra.monitoring.models import Entry

    setup_test_environment()
    # Templates render as they do when served: without the test environment's copy of every
    # context kept on the response (which the cycle collector then walks again and again).
    from django.template import Template
    from django.test import utils as test_utils

    Template._render = test_utils._TestState.saved_data.template_render  # type: ignore[method-assign]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # also on reuse: apps may have gained tables since
    call_command("createcachetable")  # before the data: saving a model renews a cache token
    if args.reuse and Entry.objects.exists():
        from jalinmitra.agreements.models import Agreement
        from jalinmitra.businesses.models import Business

        sizes = {
            "businesses": Business.objects.count(),
            "agreements": Agreement.objects.count(),
            "entries": Entry.objects.count(),
        }
    else:
        from jalinmitra.monitoring import months, state

        sizes = generate(args.scale)
        # the entries were made with bulk_create, past the signals
        months.rebuild()
        state.rebuild()
    built = time.perf_counter() - started

    client = Client()
    login(client, User.objects.get(username="petugas_bench"))
    today = timezone.localdate()
    quarter, year = Period.quarter_of(today), Period.year(today.year)
    last12 = Period(today.replace(day=1).replace(year=today.year - 1), today)
    pages = [
        (
            "dashboard, this quarter",
            "/beranda-pimpinan/",
            {"dari": quarter.start, "sampai": quarter.end},
        ),
        ("dashboard, this year", "/beranda-pimpinan/", {"dari": year.start, "sampai": year.end}),
        (
            "dashboard, last 12 months",
            "/beranda-pimpinan/",
            {"dari": last12.start, "sampai": last12.end},
        ),
        (
            "dashboard XLSX, this year",
            "/beranda-pimpinan/unduh.xlsx",
            {"dari": year.start, "sampai": year.end},
        ),
        ("public statistics, this year", "/statistik/", {"tahun": today.year}),
    ]
    try:
        pages.append(("worklist (realisasi)", reverse("monitoring:worklist"), {}))
    except NoReverseMatch:
        pass
    for _name, url, params in pages:  # every page's code and templates loaded once
        client.get(url, params)
    if not args.no_gc_freeze:
        # As a gunicorn worker does once the app is loaded (deploy/gunicorn.conf.py,
        # post_worker_init): what is loaded so far is left out of every collection.
        import gc

        gc.collect()
        gc.freeze()
    rows = []
    load_before = os.getloadavg()[0]
    # Warm: the health and the figures from the cache (nothing written since the last
    # request); write: the first request after a user's write (one entry of a running
    # agreement saved); cold: everything computed from the database (as on the day's first
    # request, or after the caches' tokens are renewed).
    pks = list(
        Entry.objects.filter(agreement__status="active", status="confirmed")
        .order_by("pk")
        .values_list("pk", flat=True)[::997][:60]
    )
    for mode in ("warm", "write", "cold"):
        for name, url, params in pages:
            rounds = args.rounds if mode == "warm" else min(args.rounds, 10)
            times, queries, status = time_page(client, url, params, rounds, mode=mode, pks=pks)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            label = f"{name}, {mode} ({rounds}x)"
            rows.append((label, status, statistics.median(times), p95, times[-1], queries))
    record_times, record_queries = time_record(min(args.rounds, 10))
    record_times.sort()
    renew_caches()
    pdf_times, pdf_queries, pdf_status = time_page(
        client, "/beranda-pimpinan/laporan.pdf", {"dari": quarter.start, "sampai": quarter.end}, 3
    )
    pdf_times.sort()

    print(
        f"\nPostgreSQL {DB}: {sizes['businesses']:,} businesses, {sizes['agreements']:,} "
        f"agreements, {sizes['entries']:,} entries (scale {args.scale}); "
        f"data {'reused' if args.reuse else 'built'} in {built:.0f} s; rounds per page in (); "
        "warm: from the cache; write: after one entry saved; cold: all computed"
    )
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load_before:.1f} before the timing, "
        f"{os.getloadavg()[0]:.1f} after (other work on the machine slows every page)\n"
    )
    head = (
        f"{'page':<46} {'HTTP':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}  target"
    )
    print(head)
    print("-" * len(head))
    for name, status, p50, p95, worst, queries in rows:
        verdict = "ok" if p95 <= TARGET_MS else f"OVER {TARGET_MS}"
        print(
            f"{name:<46} {status:>4} {p50:>8.0f} {p95:>8.0f} {worst:>8.0f} {queries:>8}  {verdict}"
        )
    print(
        f"{'record one delivery (service, committed)':<46} {'-':>4} "
        f"{statistics.median(record_times):>8.0f} "
        f"{record_times[min(len(record_times) - 1, round(0.95 * (len(record_times) - 1)))]:>8.0f} "
        f"{record_times[-1]:>8.0f} {record_queries:>8}  (no target)"
    )
    print(
        f"{'quarterly report PDF (3x)':<46} {pdf_status:>4} {statistics.median(pdf_times):>8.0f} "
        f"{pdf_times[-1]:>8.0f} {pdf_times[-1]:>8.0f} {pdf_queries:>8}  (no target)"
    )


if __name__ == "__main__":
    main()
