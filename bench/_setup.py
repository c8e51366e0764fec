"""The database set-up the in-app benchmarks share (bench_matching_app.py, bench_catalogue.py):
a throw-away database, a child process with its own Django set-up, and the synthetic listings
of bench_matching.py stored as verified micro businesses over the city's kelurahan, each with a
halal certificate that half of the offers carry."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG = ["-h", "127.0.0.1", "-U", "postgres"]


def database_url(db: str, name: str) -> str:
    """A fresh empty database: a temp SQLite file, or PostgreSQL database `name` dropped and
    created again on 127.0.0.1:5432."""
    if db == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    subprocess.run(["dropdb", *PG, "--if-exists", name], check=True, capture_output=True)
    subprocess.run(["createdb", *PG, name], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def run_child(script: str, db: str, name: str, **values: object) -> Any:
    """Run `script` again as a child (BENCH_CHILD=1) on a fresh database, with `values` as
    BENCH_<NAME> variables; returns the Python literal the child printed last."""
    env = dict(os.environ, DEBUG="1", BENCH_CHILD="1", DATABASE_URL=database_url(db, name))
    env.update({f"BENCH_{k.upper()}": str(v) for k, v in values.items()})
    out = subprocess.run([sys.executable, script], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return eval(out.stdout.strip().splitlines()[-1])


def django_setup() -> None:
    """In the child: Django set up on the database the parent made, migrated, with the cache
    table (the default cache is the database)."""
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def fill_offers(offers_data: list[dict], n_businesses: int, *, name: str = "Usaha", **fields):
    """Store `offers_data` (bench_matching.make_data's offers) spread over `n_businesses`
    verified micro businesses (extra Business `fields` for all). Returns (businesses, offers)."""
    from jalinmitra.businesses.models import Business, Certification, Offer
    from jalinmitra.core.models import KbliCode, Region

    kelurahan = list(
        Region.objects.filter(code__startswith="18.72.", level="desa").values_list(
            "code", flat=True
        )
    )
    kbli = dict(KbliCode.objects.filter(version="2020", level="kelompok").values_list("code", "id"))
    businesses = Business.objects.bulk_create(
        Business(
            name=f"{name} {i}",
            owner_name=f"Pemilik {i}",
            region_id=kelurahan[i % len(kelurahan)],
            size_class="mikro",
            status="verified",
            **fields,
        )
        for i in range(max(1, n_businesses))
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
            for i, o in enumerate(offers_data)
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
    return businesses, offers
