"""Recompute the public statistics behind the open data files and the API (this year's and
last year's) into the cache; run daily by cron, next to `periodic`."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from jalinmitra.api.stats import statistics_for_year


class Command(BaseCommand):
    help = "Perbarui data terbuka (statistik program) di cache."

    def handle(self, *args, **options):
        year = timezone.localdate().year
        for y in (year - 1, year):
            statistics_for_year(y, fresh=True)
        self.stdout.write(f"data terbuka diperbarui: {year - 1}, {year}")
