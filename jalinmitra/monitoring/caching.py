"""Values kept in the cache with the stamp they were computed under (see selectors.health_stamp
and dashboard.figures_stamp): one cache row per kind of value, overwritten when the stamp
changes, so the cache holds the latest only (a value can be a megabyte) and an old one is never
used."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")


def stamped(key: str, stamp: str, compute: Callable[[], T], timeout: int) -> T:
    found = cache.get(key)
    if found is not None and found[0] == stamp:
        return found[1]
    value = compute()
    cache.set(key, (stamp, value), timeout)
    return value


def token(key: str) -> str:
    """The cache token under `key`, which writes renew; made now when it was never set or was
    evicted, so no value cached under an older token is reused."""
    found = cache.get(key)
    if found is None:
        cache.add(key, uuid.uuid4().hex, None)
        found = cache.get(key)
    return str(found)
