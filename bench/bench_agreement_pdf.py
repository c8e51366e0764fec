"""Agreement PDF benchmark: how long one agreement takes to render (target < 1 s).

    .venv/bin/python bench/bench_agreement_pdf.py [--rounds 5]

Loads the demo (16 agreements in every state) into a throw-away SQLite database and renders
every agreement's PDF `--rounds` times with the real renderer (Typst, QR code, fonts
embedded). Prints a table; asserts nothing."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
        MEDIA_ROOT=f"{tmp}/media",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    from jalinmitra.agreements.models import Agreement
    from jalinmitra.agreements.pdf import agreement_pdf

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))
    agreements = list(Agreement.objects.select_related("small_party", "large_party"))
    agreement_pdf(agreements[0])  # first call loads Typst and its fonts
    times, sizes, pages = [], [], []
    import io

    from pypdf import PdfReader

    for _ in range(args.rounds):
        for agreement in agreements:
            start = time.perf_counter()
            data = agreement_pdf(agreement)
            times.append((time.perf_counter() - start) * 1000)
            sizes.append(len(data))
            pages.append(len(PdfReader(io.BytesIO(data)).pages))
    times.sort()
    batch_start = time.perf_counter()
    for agreement in agreements:
        agreement_pdf(agreement)
    batch_s = time.perf_counter() - batch_start
    print(f"{len(agreements)} demo agreements × {args.rounds} rounds (target: one agreement < 1 s)")
    print(
        "| renders | p50 ms | p95 ms | max ms | pages | size KB (median) | all 16 in sequence s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(times)} | {statistics.median(times):.0f} | {times[int(0.95 * (len(times) - 1))]:.0f} "
        f"| {times[-1]:.0f} | {min(pages)}–{max(pages)} | {statistics.median(sizes) / 1024:.0f} "
        f"| {batch_s:.2f} |"
    )


if __name__ == "__main__":
    main()
