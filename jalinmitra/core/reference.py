"""Reference data that almost every page reads and that hardly ever changes, kept per process
instead of queried per request: the city row the layout shows, the KBLI categories and the
city's kecamatan for filter forms, the names of the city's regions for matching reasons.

Freshness: a change made through this process clears the copies at once (a ``City``,
``Region`` or ``KbliCode`` saved or deleted, ``city_update``); other worker processes see it
within ``REFERENCE_TTL`` seconds. The region and KBLI tables are loaded by migrations and
commands, and edited only in the admin. Tests
start with empty copies (cleared whenever a setting changes, which pytest-django's settings
fixture does around every test)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save

from jalinmitra.core.choices import RegionLevel
from jalinmitra.core.models import City, KbliCode, Region

REFERENCE_TTL = 60.0

T = TypeVar("T")
_lock = threading.Lock()
_copies: dict[tuple, tuple[float, Any]] = {}


def _kept(key: tuple, load: Callable[[], T]) -> T:
    now = time.monotonic()
    hit = _copies.get(key)
    if hit is not None and now - hit[0] < REFERENCE_TTL:
        return hit[1]
    value = load()
    with _lock:
        _copies[key] = (now, value)
    return value


def reference_clear(**_kwargs: object) -> None:
    """Forget every copy (after a change of the city; a signal receiver, hence **kwargs)."""
    with _lock:
        _copies.clear()


def city_shown() -> City | None:
    """The city row for display (name, short name, logo, region): not for services that write
    or number documents, which read ``core.selectors.city_current``."""
    return _kept(("city",), lambda: City.objects.select_related("region").first())


def kbli_category_choices(*, version: str) -> list[tuple[str, str]]:
    """(code, "code title") of the KBLI categories (A, B, ...) of an edition, for filters."""
    return _kept(
        ("kbli_categories", version),
        lambda: [
            (code, f"{code} {title}")
            for code, title in KbliCode.objects.filter(version=version, level="kategori")
            .order_by("code")
            .values_list("code", "title")
        ],
    )


def kecamatan_choices() -> list[tuple[str, str]]:
    """(code, name) of the city's kecamatan, for filters; empty without a city."""

    def load() -> list[tuple[str, str]]:
        city = city_shown()
        if city is None:
            return []
        return list(
            Region.objects.filter(parent_id=city.region_id, level=RegionLevel.KECAMATAN)
            .order_by("code")
            .values_list("code", "name")
        )

    return _kept(("kecamatan",), load)


def region_names_of_city() -> dict[str, str]:
    """code -> name of every region within the city (matching reasons name the kelurahan)."""

    def load() -> dict[str, str]:
        city = city_shown()
        if city is None:
            return {}
        return dict(
            Region.objects.filter(code__startswith=city.region_id).values_list("code", "name")
        )

    return _kept(("region_names",), load)


for _model in (City, Region, KbliCode):
    _label = _model._meta.label_lower
    post_save.connect(reference_clear, sender=_model, dispatch_uid=f"jm_reference_{_label}_saved")
    post_delete.connect(
        reference_clear, sender=_model, dispatch_uid=f"jm_reference_{_label}_deleted"
    )
setting_changed.connect(reference_clear, dispatch_uid="jm_reference_setting_changed")
