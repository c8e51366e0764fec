"""Import benchmark (issue 14 item 4): how long a business import holds SQLite's write lock, and
whether another process can write meanwhile.

    DEBUG=1 .venv/bin/python bench/bench_import.py [--rows 5000] [--skip-old]

For each way of writing, a child process builds a fresh temp SQLite file (migrated, with the
city's kelurahan and KBLI), then imports N valid business rows (kelurahan, KBLI, one certificate
each) through `imports.import_rows` while a thread with its own sqlite3 connection writes one
row into a table of its own every 50 ms, with the busy timeout of config/settings.py (20 s), as
the web process would. Printed per way:

- check: the first phase, reads only, outside any transaction;
- write: the write step (building the rows, then the transaction);
- lock held: from BEGIN IMMEDIATE to the commit, i.e. how long the write lock is held;
- other writes: how many succeeded during the import, how many were refused ("database is
  locked"), and the longest any of them waited.

"one-by-one" is the former way (one service call per row, all inside one transaction), kept here
only for the comparison; "bulk" is what the import does now (services.business_create_many).
Asserts nothing; about 1-2 minutes on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_setup, run_child  # noqa: E402

BUSY_TIMEOUT = 20  # config/settings.py's "timeout" for SQLite


def child() -> None:
    django_setup()
    import random
    import sqlite3

    from django.db import connection, transaction

    from jalinmitra.accounts.services import user_create
    from jalinmitra.businesses import imports, services
    from jalinmitra.core.identifiers import fake_nib, fake_nik
    from jalinmitra.core.models import KbliCode, Region

    n = int(os.environ["BENCH_ROWS"])
    way = os.environ["BENCH_WAY"]
    rng = random.Random(14)
    officer = user_create(actor=None, username="petugas", password=None, role="petugas")
    kelurahan = list(Region.objects.filter(level="desa").values_list("code", flat=True)[:50])
    kbli = list(KbliCode.objects.filter(level="kelompok").values_list("code", flat=True)[:50])
    rows = [
        (
            i + 1,
            {
                "nama_usaha": f"Usaha Bench {i}",
                "nib": fake_nib(rng),
                "nama_pemilik": f"Pemilik {i}",
                "nik_pemilik": fake_nik(rng),
                "alamat": f"Jl. Bench No. {i}",
                "kelurahan": kelurahan[i % len(kelurahan)],
                "no_whatsapp": "0812-3456-7890",
                "email": f"bench{i}@example.com",
                "kbli_utama": kbli[i % len(kbli)],
                "modal_usaha": "Rp50.000.000",
                "hasil_penjualan": 300000000,
                "sertifikat": f"halal:ID{i:010d}:2030-12-31",
                "persetujuan_privasi": "ya",
            },
        )
        for i in range(1, n + 1)
    ]

    path = connection.settings_dict["NAME"]
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE bench_elsewhere (at REAL)")

    if way == "one-by-one":

        def write(*, actor, drafts):
            with transaction.atomic():
                for d in drafts:
                    business = services.business_create(
                        actor=actor,
                        data=d.data,
                        kbli_primary=d.kbli_primary,
                        kbli_others=d.kbli_others,
                        privacy_consent=d.privacy_consent,
                        assisted=True,
                    )
                    for kind, number, expires in d.certifications:
                        services.certification_add(
                            actor=actor,
                            business=business,
                            kind=kind,
                            number=number,
                            expires_on=expires,
                        )

    else:
        write = services.business_create_many

    span: dict[str, float] = {}

    def see_begin(execute, sql, params, many, context):
        # The write lock is taken by BEGIN IMMEDIATE (settings) and let go by the commit.
        if sql.startswith("BEGIN") and "begin" not in span:
            span["begin"] = time.monotonic()
        elif "begin" in span and "watch" not in span and connection.in_atomic_block:
            span["watch"] = 1.0  # inside the transaction now: be told when it commits
            transaction.on_commit(lambda: span.setdefault("commit", time.monotonic()))
        return execute(sql, params, many, context)

    def timed(**kwargs):
        span["start"] = time.monotonic()
        try:
            with connection.execute_wrapper(see_begin):
                return write(**kwargs)
        finally:
            span["end"] = time.monotonic()

    imports._WRITERS["usaha"] = timed

    done = threading.Event()
    waits: list[float] = []
    refused: list[str] = []

    def other_writer() -> None:
        other = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        while not done.is_set():
            start = time.monotonic()
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("INSERT INTO bench_elsewhere VALUES (?)", (start,))
                other.execute("COMMIT")
                waits.append(time.monotonic() - start)
            except sqlite3.OperationalError as e:
                refused.append(str(e))
            time.sleep(0.05)
        other.close()

    thread = threading.Thread(target=other_writer)
    began = time.monotonic()
    thread.start()
    try:
        result = imports.import_rows(kind="usaha", rows=rows, actor=officer)
    finally:
        done.set()
        thread.join()
    assert result.ok, result.errors[:3]
    print(
        repr(
            {
                "way": way,
                "rows": n,
                "created": result.created,
                "check_s": span["start"] - began,
                "write_s": span["end"] - span["start"],
                "lock_s": span["commit"] - span["begin"],
                "ok": len(waits),
                "refused": len(refused),
                "longest_wait_s": max(waits, default=0.0),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--skip-old", action="store_true", help="only the bulk way")
    args = parser.parse_args()
    ways = ["bulk"] if args.skip_old else ["one-by-one", "bulk"]
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"SQLite, {args.rows} business rows, load average {load} at start")
    print(
        f"{'way':<12} {'check s':>8} {'write s':>8} {'lock held s':>12} {'other writes ok':>16} "
        f"{'refused':>8} {'longest wait ms':>16}"
    )
    for way in ways:
        r = run_child(__file__, "sqlite", "", rows=args.rows, way=way)
        print(
            f"{r['way']:<12} {r['check_s']:>8.1f} {r['write_s']:>8.2f} {r['lock_s']:>12.2f} {r['ok']:>16} "
            f"{r['refused']:>8} {r['longest_wait_s'] * 1000:>16.0f}"
        )


if __name__ == "__main__":
    if os.environ.get("BENCH_CHILD"):
        sys.path.insert(0, str(ROOT))
        child()
    else:
        main()
