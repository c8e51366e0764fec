"""The public programme statistics as plain data, for the API, the open data files and the
province roll-up. The figures are the /statistik/ page's own (monitoring.reports.public_stats:
no names, no figure from fewer than three businesses)."""

from __future__ import annotations

from dataclasses import asdict

from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

from jalinmitra.core.models import City
from jalinmitra.monitoring.dashboard import Period, dashboard_figures
from jalinmitra.monitoring.reports import public_stats

CACHE_SECONDS = 3600


def _rows(rows) -> list[dict]:
    return [
        {"label": str(r.label), "delivered": r.delivered, "businesses": r.businesses} for r in rows
    ]


def compute_statistics(year: int) -> dict:
    today = timezone.localdate()
    s = public_stats(dashboard_figures(Period.year(year), today=today, health=False))
    city = City.objects.first()
    data = {
        k: v for k, v in asdict(s).items() if k not in ("period", "months", "sectors", "kecamatan")
    }
    data.update(
        city=city.name if city else "",
        city_code=city.region_id if city else "",
        year=year,
        period_start=s.period.start,
        period_end=min(s.period.end, today),
        months=_rows(s.months),
        sectors=_rows(s.sectors),
        kecamatan=_rows(s.kecamatan),
    )
    return data


def statistics_for_year(year: int, *, fresh: bool = False) -> dict:
    """The figures of a year, from the cache (filled by `refresh_open_data`, or here on a miss:
    an hour at most behind the /statistik/ page)."""
    key = f"api:stats:{year}"
    try:
        data = None if fresh else cache.get(key)
    except DatabaseError:  # no cache table yet: compute, as the page does
        data = None
    if data is None:
        data = compute_statistics(year)
        try:
            cache.set(key, data, CACHE_SECONDS)
        except DatabaseError:
            pass
    return data
