"""The province roll-up: read /api/v1/statistics of several JalinMitra instances at once and
add them up per city. A city that does not answer (down, slow, refused token, a body that is
not the statistics) is listed as missing, never counted as zero.

The instances: ``settings.PROVINCE_INSTANCES``, or the environment variable of that name as JSON:
``[{"name": "Kota Metro", "url": "https://jalinmitra.metrokota.go.id", "token": "jm_..."}]``."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings

FIGURES = [
    "registered",
    "verified",
    "transacting",
    "active_agreements",
    "delivered",
    "micro_total",
    "micro_active",
    "events",
    "meetings_held",
]
TIMEOUT = 10


@dataclass
class CityResult:
    name: str
    url: str
    figures: dict | None = None
    error: str = ""


@dataclass
class Rollup:
    year: int
    cities: list[CityResult] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    # A figure some city hides (fewer than three businesses) is a lower bound in the total.
    partial: set = field(default_factory=set)

    @property
    def missing(self) -> list[CityResult]:
        return [c for c in self.cities if c.figures is None]


def instances() -> list[dict]:
    configured = getattr(settings, "PROVINCE_INSTANCES", None)
    if configured is None:
        configured = json.loads(os.environ.get("PROVINCE_INSTANCES", "[]") or "[]")
    return list(configured)


def fetch_one(instance: dict, year: int, timeout: float = TIMEOUT) -> CityResult:
    url = instance["url"].rstrip("/") + f"/api/v1/statistics?year={year}"
    result = CityResult(name=instance.get("name") or instance["url"], url=instance["url"])
    request = urllib.request.Request(
        url,
        headers={
            "Authorization": f"Bearer {instance.get('token', '')}",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URLs)
            body = json.loads(response.read(2_000_000))
    except urllib.error.HTTPError as e:
        result.error = f"HTTP {e.code}"
        return result
    except (urllib.error.URLError, OSError, ValueError) as e:
        result.error = str(getattr(e, "reason", e))[:200] or e.__class__.__name__
        return result
    if (
        not isinstance(body, dict)
        or any(k not in body for k in FIGURES)
        or body.get("year") != year
    ):
        result.error = "bukan data statistik"
        return result
    result.figures = {k: body[k] for k in FIGURES}
    if body.get("city"):
        result.name = instance.get("name") or body["city"]
    return result


def rollup(*, year: int, configured: list[dict] | None = None, timeout: float = TIMEOUT) -> Rollup:
    configured = instances() if configured is None else configured
    out = Rollup(year=year)
    if configured:
        with ThreadPoolExecutor(max_workers=min(16, len(configured))) as pool:
            out.cities = list(pool.map(lambda i: fetch_one(i, year, timeout), configured))
    for key in FIGURES:
        total = 0
        for city in out.cities:
            if city.figures is None:
                continue
            value = city.figures.get(key)
            if value is None:
                out.partial.add(key)
            else:
                total += int(value)
        out.totals[key] = total
    return out
