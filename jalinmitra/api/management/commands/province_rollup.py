"""Add up the programme statistics of the province's JalinMitra instances, per city:
``manage.py province_rollup --year 2026 [--csv out.csv]``. A city that does not answer is
listed as missing (exit code 1 when any is), never counted as zero."""

import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from jalinmitra.api.rollup import FIGURES, rollup


class Command(BaseCommand):
    help = "Rekap statistik program kemitraan beberapa kota (provinsi)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--csv", default=None, help="tulis tabel ke berkas CSV ini")
        parser.add_argument("--timeout", type=float, default=10)

    def handle(self, *args, year=None, csv=None, timeout=10, **options):
        year = year or timezone.localdate().year
        result = rollup(year=year, timeout=timeout)
        header = ["kota", *FIGURES]
        rows = []
        for city in result.cities:
            if city.figures is None:
                rows.append([city.name, *["TIDAK MENJAWAB"] + [""] * (len(FIGURES) - 1)])
            else:
                rows.append(
                    [
                        city.name,
                        *["-" if city.figures[k] is None else city.figures[k] for k in FIGURES],
                    ]
                )
        rows.append(
            [
                "JUMLAH",
                *[
                    f"≥{result.totals[k]}" if k in result.partial else result.totals[k]
                    for k in FIGURES
                ],
            ]
        )
        if csv:
            self._csv(csv, header, rows)
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
        for city in result.missing:
            self.stdout.write(f"TIDAK MENJAWAB: {city.name} ({city.url}): {city.error}")
        if result.missing:
            sys.exit(1)

    def _csv(self, path, header, rows):
        import csv as csvlib

        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csvlib.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
